/* PACE ECDH Generic Mapping against ICAO 9303-11 Appendix G.1
 * (brainpoolP256r1, AES-128): PACEInfo parsing, K_pi for the MRZ and CAN
 * passwords, and the whole exchange replayed byte for byte through the mock
 * transport with the appendix's private keys; the chip's token is checked and
 * the session keys must come out as printed. Also the Vietnamese EF.CardAccess
 * of the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
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

static void test_pace_info(void **st)
{
    (void)st;
    uint8_t b[256];
    pace_info pi;
    size_t n = hex("31143012060A04007F0007020204020202010202010D", b);
    assert_int_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
    assert_int_equal(pi.param_id, 13);
    assert_int_equal(pi.alg, SM_AES);
    assert_int_equal(pi.klen, 16);
    assert_int_equal(pace_curve_nid(pi.param_id), NID_brainpoolP256r1);
    assert_hex(pi.oid, pi.oid_len, "04007F00070202040202");
    /* the Vietnamese card's EF.CardAccess: TA, CA and PACE entries */
    n = hex("3134300d060804007f0007020202020101300f060a04007f000702020302020201013012060a04007f0007020204020202010202010d", b);
    assert_int_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
    assert_int_equal(pi.param_id, 13);
    assert_int_equal(pi.klen, 16);
    /* AES-256 on secp384r1 */
    n = hex("31143012060A04007F0007020204020402010202010F", b);
    assert_int_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
    assert_int_equal(pi.klen, 32);
    assert_int_equal(pace_curve_nid(pi.param_id), NID_secp384r1);
    /* integrated mapping only: not supported */
    n = hex("31143012060A04007F0007020204040202010202010D", b);
    assert_int_equal(pace_parse_card_access(b, n, &pi), CARD_E_UNSUPPORTED);
    /* no PACE at all (only TA) */
    n = hex("310f300d060804007f00070202020201 01", b);
    assert_int_not_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
    /* truncated */
    n = hex("31143012060A04007F000702020402020201", b);
    assert_int_not_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
}

static void test_kpi(void **st)
{
    (void)st;
    uint8_t b[64], k[32];
    pace_info pi;
    size_t n = hex("31143012060A04007F0007020204020202010202010D", b);
    assert_int_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
    char info[64];
    assert_int_equal(mrz_info("T22000129", "640812", "101031", info, sizeof info), CARD_OK);
    assert_string_equal(info, "T22000129364081251010318");
    assert_int_equal(pace_kpi(&pi, info, false, k), CARD_OK);
    assert_hex(k, 16, "89DED1B26624EC1E634C1989302849DD");
    assert_int_equal(pace_kpi(&pi, "012345", true, k), CARD_OK);
    assert_hex(k, 16, "5E5CD537047973C8F8BFDEA168324EC0");
    assert_int_equal(pace_kpi(&pi, "123456", true, k), CARD_OK);
    assert_hex(k, 16, "591468CDA83D65219CCCB8560233600F");
}

static const card_mock_step g1[] = {
    { "0022C1A412800A04007F0007020204020283010184010D", "9000" },
    { "10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000" },
    { "10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00",
      "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000" },
    { "10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200",
      "7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000" },
    { "008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C089000" },
};

static void run_g1(const char *last_rsp, card_err want)
{
    card_mock_step steps[5];
    memcpy(steps, g1, sizeof steps);
    if (last_rsp)
        steps[4].rsp = last_rsp;
    uint8_t b[64], sk1[32], sk2[32];
    pace_info pi;
    size_t n = hex("31143012060A04007F0007020204020202010202010D", b);
    assert_int_equal(pace_parse_card_access(b, n, &pi), CARD_OK);
    hex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99", sk1);
    hex("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595", sk2);
    card_mock m;
    card_mock_script(&m, steps, 5);
    card_chan ch = { .tr = &m.tr };
    sm_ctx sm;
    memset(&sm, 0, sizeof sm);
    card_err rc = pace_authenticate(&ch, &pi, "T22000129364081251010318", false, &sm, sk1, 32, sk2, 32);
    assert_string_equal(m.why, "");
    assert_int_equal(rc, want);
    assert_int_equal(m.pos, 5);
    if (want == CARD_OK) {
        assert_int_equal(sm.alg, SM_AES);
        assert_hex(sm.kenc, 16, "F5F0E35C0D7161EE6724EE513A0D9A7F");
        assert_hex(sm.kmac, 16, "FE251C7858B356B24514B3BD5F4297D1");
        static const uint8_t zero[16];
        assert_memory_equal(sm.ssc, zero, 16);
    }
}

static void test_g1_exchange(void **st)
{
    (void)st;
    run_g1(NULL, CARD_OK);
}

static void test_g1_bad_token(void **st)
{
    (void)st;
    /* the chip's token altered: not the chip that knows the password */
    run_g1("7C0A86083ABB9674BCE93C099000", CARD_E_PROTOCOL);
    /* wrong password: chip refuses at GA#4 */
    run_g1("6300", CARD_E_ACCESS_DENIED);
    run_g1("63C2", CARD_E_ACCESS_DENIED);
}

static void test_random_keys_differ(void **st)
{
    (void)st;
    /* without fixed keys, the first command after GA#1 must differ from the
     * appendix (fresh ephemeral key): the mock stops there. */
    uint8_t b[64];
    pace_info pi;
    size_t n = hex("31143012060A04007F0007020204020202010202010D", b);
    pace_parse_card_access(b, n, &pi);
    card_mock m;
    card_mock_script(&m, g1, 5);
    card_chan ch = { .tr = &m.tr };
    sm_ctx sm;
    assert_int_equal(pace_authenticate(&ch, &pi, "T22000129364081251010318", false, &sm, NULL, 0, NULL, 0),
                     CARD_E_TRANSPORT);
    assert_true(m.failed);
    assert_int_equal(m.pos, 3);
}

/* The intermediate values of G.1: nonce s, shared point H, mapped generator G~. */
static void test_g1_intermediates(void **st)
{
    (void)st;
    uint8_t kpi[16], z[16], sv[16], b[200];
    hex("89DED1B26624EC1E634C1989302849DD", kpi);
    hex("95A3A016522EE98D01E76CB6B98B42C3", z);
    assert_int_equal(crypto_aes_cbc(false, kpi, 16, NULL, z, 16, sv), 0);
    assert_hex(sv, 16, "3F00C4D39D153F2B2A214A078D899B22");
    EC_GROUP *g = EC_GROUP_new_by_curve_name(pace_curve_nid(13));
    BN_CTX *bn = BN_CTX_new();
    EC_POINT *pic = EC_POINT_new(g), *h = EC_POINT_new(g), *gt = EC_POINT_new(g);
    size_t n = hex("04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54", b);
    assert_int_equal(EC_POINT_oct2point(g, pic, b, n, bn), 1);
    n = hex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99", b);
    BIGNUM *sk = BN_bin2bn(b, (int)n, NULL), *s = BN_bin2bn(sv, 16, NULL);
    assert_int_equal(EC_POINT_mul(g, h, NULL, pic, sk, bn), 1);
    n = EC_POINT_point2oct(g, h, POINT_CONVERSION_UNCOMPRESSED, b, sizeof b, bn);
    assert_hex(b, n, "0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181");
    assert_int_equal(EC_POINT_mul(g, gt, s, h, BN_value_one(), bn), 1);
    n = EC_POINT_point2oct(g, gt, POINT_CONVERSION_UNCOMPRESSED, b, sizeof b, bn);
    assert_hex(b, n, "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522");
    BN_free(sk);
    BN_free(s);
    EC_POINT_free(pic);
    EC_POINT_free(h);
    EC_POINT_free(gt);
    BN_CTX_free(bn);
    EC_GROUP_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pace_info),
        cmocka_unit_test(test_kpi),
        cmocka_unit_test(test_g1_intermediates),
        cmocka_unit_test(test_g1_exchange),
        cmocka_unit_test(test_g1_bad_token),
        cmocka_unit_test(test_random_keys_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
