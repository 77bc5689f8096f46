/* BAC against ICAO 9303-11 Appendix D.1-D.3 and the made-up Vietnamese MRZ of
 * the reference: key derivation, the whole mutual authentication replayed
 * through the mock transport (fixed RND.IFD and K.IFD), session keys, SSC;
 * then D.4 read through the LDS reader (SELECT + 4-byte header + rest). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "transport_mock.h"

static size_t hex(const char *s, uint8_t *out)
{
    int n = card_hex(s, out, 1024);
    assert_true(n >= 0);
    return (size_t)n;
}

static void assert_hex(const uint8_t *b, size_t n, const char *want)
{
    uint8_t w[1024];
    size_t wl = hex(want, w);
    assert_int_equal(n, wl);
    assert_memory_equal(b, w, n);
}

static void test_d1_keys(void **st)
{
    (void)st;
    char info[64];
    uint8_t md[20], kenc[16], kmac[16];
    assert_int_equal(mrz_info("L898902C", "690806", "940623", info, sizeof info), CARD_OK);
    assert_string_equal(info, "L898902C<369080619406236");
    EVP_Digest(info, strlen(info), md, NULL, EVP_sha1(), NULL);
    assert_hex(md, 20, "239AB9CB282DAF66231DC5A4DF6BFBAEDF477565");
    assert_int_equal(bac_keys(info, kenc, kmac), CARD_OK);
    assert_hex(kenc, 16, "AB94FDECF2674FDFB9B391F85D7F76F2");
    assert_hex(kmac, 16, "7962D9ECE03D1ACD4C76089DCE131543");
}

static void test_vn_kseed(void **st)
{
    (void)st;
    static const struct { const char *doc, *dob, *exp, *info, *kseed; } v[] = {
        { "099012345", "990201", "390201", "099012345999020153902013", "C1E23819A23A38DE7EC62C10E7D8B3D6" },
        { "160000123", "600515", "991231", "160000123160051559912315", "5C10B3C5A4031316834743CD32FC7998" },
    };
    for (size_t i = 0; i < 2; i++) {
        char info[64];
        uint8_t md[20];
        assert_int_equal(mrz_info(v[i].doc, v[i].dob, v[i].exp, info, sizeof info), CARD_OK);
        assert_string_equal(info, v[i].info);
        EVP_Digest(info, strlen(info), md, NULL, EVP_sha1(), NULL);
        assert_hex(md, 16, v[i].kseed);
    }
}

static const card_mock_step d3[] = {
    { "0084000008", "46 08 F9 19 88 70 22 12 9000" },
    { "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728",
      "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000" },
    /* D.4 through the LDS reader */
    { "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800", "990290008E08FA855A5D4C50A8ED9000" },
    { "0CB000000D9701048E08ED6705417E96BA5500", "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000" },
    { "0CB000040D9701128E082EA28A70F3C7B53500",
      "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000" },
};

static void test_d3_mutual_auth_and_d4(void **st)
{
    (void)st;
    card_mock m;
    card_mock_script(&m, d3, 5);
    card_session s;
    card_options o;
    card_options_init(&o);
    memset(&s, 0, sizeof s);
    s.ch.tr = &m.tr;
    s.opts = &o;
    s.max_short = 223;
    s.overread = -1;    /* the appendix reads a 4-byte header first */
    uint8_t rnd[24];
    hex("781723860C06C226 0B795240CB7049B01C19B33E32804F0B", rnd);
    assert_int_equal(bac_authenticate(&s.ch, "L898902C<369080619406236", &s.sm, rnd), CARD_OK);
    assert_false(m.failed);
    assert_hex(s.sm.kenc, 16, "979EC13B1CBFE9DCD01AB0FED307EAE5");
    assert_hex(s.sm.kmac, 16, "F1CB1F1FB5ADF208806B89DC579DC1F8");
    assert_hex(s.sm.ssc, 8, "887022120C06C226");
    s.ch.sm = &s.sm;
    uint8_t *f;
    size_t fl;
    assert_int_equal(lds_read_file(&s, 0x011E, false, &f, &fl), CARD_OK);
    assert_string_equal(m.why, "");
    assert_hex(f, fl, "60145F0104303130365F36063034303030305C026175");
    assert_int_equal(m.pos, 5);
    assert_int_equal(s.ch.apdus, 5);
    free(f);
}

static void test_wrong_key(void **st)
{
    (void)st;
    static const card_mock_step steps[] = {
        { "0084000008", "4608F919887022129000" },
        { NULL, "6300" },
    };
    card_mock m;
    card_mock_script(&m, steps, 2);
    card_chan ch = { .tr = &m.tr };
    sm_ctx sm;
    uint8_t rnd[24] = { 0 };
    assert_int_equal(bac_authenticate(&ch, "L898902C<369080619406236", &sm, rnd),
                     CARD_E_ACCESS_DENIED);
    /* a chip that answers with a cryptogram for other nonces is rejected */
    static const card_mock_step bad[] = {
        { "0084000008", "4608F919887022129000" },
        { NULL, "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000" },
    };
    card_mock_script(&m, bad, 2);
    ch.tr = &m.tr;
    assert_int_equal(bac_authenticate(&ch, "L898902C<369080619406236", &sm, rnd), CARD_E_PROTOCOL);
}

static void test_des_parity_and_kdf(void **st)
{
    (void)st;
    uint8_t seed[16], k[16];
    hex("0036D272F5C350ACAC50C3F572D23600", seed);
    assert_int_equal(crypto_kdf(seed, 16, 1, true, 16, k), 0);
    assert_hex(k, 16, "979EC13B1CBFE9DCD01AB0FED307EAE5");
    for (int i = 0; i < 16; i++)
        assert_int_equal(__builtin_popcount(k[i]) & 1, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_d1_keys),
        cmocka_unit_test(test_vn_kseed),
        cmocka_unit_test(test_d3_mutual_auth_and_d4),
        cmocka_unit_test(test_wrong_key),
        cmocka_unit_test(test_des_parity_and_kdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
