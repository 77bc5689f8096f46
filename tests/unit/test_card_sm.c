/* Secure messaging against ICAO 9303-11 Appendix D.4 (3DES, reading EF.COM):
 * every protected command and response of the worked example, the MAC unit
 * checks, padding, SSC handling and rejection of altered responses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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

static void d4_session(sm_ctx *s)
{
    uint8_t kenc[16], kmac[16], ssc[8];
    hex("979EC13B1CBFE9DCD01AB0FED307EAE5", kenc);
    hex("F1CB1F1FB5ADF208806B89DC579DC1F8", kmac);
    hex("887022120C06C226", ssc);
    sm_init(s, SM_3DES, kenc, kmac, 16, ssc);
}

static void test_mac_unit_checks(void **st)
{
    (void)st;
    uint8_t k[16], in[128], mac[8];
    size_t n;
    hex("7962D9ECE03D1ACD4C76089DCE131543", k);
    n = hex("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2", in);
    n = crypto_pad(in, n, 8);
    assert_int_equal(n, 40);
    assert_int_equal(crypto_retail_mac(k, in, n, mac), 0);
    assert_hex(mac, 8, "5F1448EEA8AD90A7");
    n = hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F", in);
    n = crypto_pad(in, n, 8);
    assert_int_equal(crypto_retail_mac(k, in, n, mac), 0);
    assert_hex(mac, 8, "2F2D235D074D7449");
    hex("F1CB1F1FB5ADF208806B89DC579DC1F8", k);
    n = hex("887022120C06C2270CA4020C800000008709016375432908C044F6", in);
    n = crypto_pad(in, n, 8);
    assert_int_equal(crypto_retail_mac(k, in, n, mac), 0);
    assert_hex(mac, 8, "BF8B92D635FF24F8");
    n = hex("887022120C06C22899029000", in);
    n = crypto_pad(in, n, 8);
    assert_int_equal(crypto_retail_mac(k, in, n, mac), 0);
    assert_hex(mac, 8, "FA855A5D4C50A8ED");
}

static void test_d4_read_ef_com(void **st)
{
    (void)st;
    sm_ctx s;
    uint8_t out[300], data[300], rsp[300];
    size_t ol, dl, rl;
    uint16_t sw;
    d4_session(&s);

    static const uint8_t fid[] = { 0x01, 0x1E };
    apdu_cmd sel = { 0x00, 0xA4, 0x02, 0x0C, fid, 2, 0 };
    assert_int_equal(sm_wrap(&s, &sel, false, out, sizeof out, &ol), CARD_OK);
    assert_hex(out, ol, "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800");
    rl = hex("990290008E08FA855A5D4C50A8ED9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_OK);
    assert_int_equal(sw, 0x9000);
    assert_int_equal(dl, 0);

    apdu_cmd rb = { 0x00, 0xB0, 0x00, 0x00, NULL, 0, 4 };
    assert_int_equal(sm_wrap(&s, &rb, false, out, sizeof out, &ol), CARD_OK);
    assert_hex(out, ol, "0CB000000D9701048E08ED6705417E96BA5500");
    rl = hex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_OK);
    assert_hex(data, dl, "60145F01");

    apdu_cmd rb2 = { 0x00, 0xB0, 0x00, 0x04, NULL, 0, 0x12 };
    assert_int_equal(sm_wrap(&s, &rb2, false, out, sizeof out, &ol), CARD_OK);
    assert_hex(out, ol, "0CB000040D9701128E082EA28A70F3C7B53500");
    rl = hex("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_OK);
    assert_hex(data, dl, "04303130365F36063034303030305C026175");
    assert_hex(s.ssc, 8, "887022120C06C22C");
    sm_wipe(&s);
}

static void test_unwrap_rejects(void **st)
{
    (void)st;
    sm_ctx s;
    uint8_t out[300], data[300], rsp[300];
    size_t ol, dl, rl;
    uint16_t sw;
    static const uint8_t fid[] = { 0x01, 0x1E };
    apdu_cmd sel = { 0x00, 0xA4, 0x02, 0x0C, fid, 2, 0 };

    /* wrong MAC (one bit) */
    d4_session(&s);
    sm_wrap(&s, &sel, false, out, sizeof out, &ol);
    rl = hex("990290008E08FA855A5D4C50A8EC9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_E_SM);
    /* torn response: MAC cut short */
    d4_session(&s);
    sm_wrap(&s, &sel, false, out, sizeof out, &ol);
    rl = hex("990290008E08FA855A5D4C9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_E_SM);
    /* no MAC at all */
    d4_session(&s);
    sm_wrap(&s, &sel, false, out, sizeof out, &ol);
    rl = hex("6988", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_E_SM);
    /* right MAC but the SSC is off by one (replayed response) */
    d4_session(&s);
    rl = hex("990290008E08FA855A5D4C50A8ED9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_E_SM);
    /* altered ciphertext of a data response */
    d4_session(&s);
    apdu_cmd rb = { 0x00, 0xB0, 0x00, 0x00, NULL, 0, 4 };
    sm_wrap(&s, &sel, false, out, sizeof out, &ol);
    rl = hex("990290008E08FA855A5D4C50A8ED9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_OK);
    sm_wrap(&s, &rb, false, out, sizeof out, &ol);
    rl = hex("8709019FF0EC34F9922650990290008E08AD55CC17140B2DED9000", rsp);
    assert_int_equal(sm_unwrap(&s, rsp, rl, data, sizeof data, &dl, &sw), CARD_E_SM);
    sm_wipe(&s);
}

/* AES secure messaging round trip against an independent computation: the
 * IV is E(KSenc, SSC), the MAC is CMAC over the padded input. */
static void test_aes_wrap_layout(void **st)
{
    (void)st;
    sm_ctx s;
    uint8_t k1[16], k2[16], out[300], iv[16], ssc[16] = { 0 }, pt[16] = { 0x01, 0x1E, 0x80 },
                                                       ct[16], mac[16], macin[64];
    hex("F5F0E35C0D7161EE6724EE513A0D9A7F", k1);
    hex("FE251C7858B356B24514B3BD5F4297D1", k2);
    sm_init(&s, SM_AES, k1, k2, 16, NULL);
    static const uint8_t fid[] = { 0x01, 0x1E };
    apdu_cmd sel = { 0x00, 0xA4, 0x02, 0x0C, fid, 2, 0 };
    size_t ol;
    assert_int_equal(sm_wrap(&s, &sel, false, out, sizeof out, &ol), CARD_OK);
    ssc[15] = 1;
    assert_int_equal(crypto_aes_block(k1, 16, ssc, iv), 0);
    assert_int_equal(crypto_aes_cbc(true, k1, 16, iv, pt, 16, ct), 0);
    /* 0C A4 02 0C Lc 87 11 01 ct(16) 8E 08 mac 00 */
    assert_int_equal(ol, 5 + 19 + 10 + 1);
    assert_int_equal(out[4], 29);
    assert_memory_equal(out + 8, ct, 16);
    memcpy(macin, ssc, 16);
    static const uint8_t hdr[16] = { 0x0C, 0xA4, 0x02, 0x0C, 0x80 };
    memcpy(macin + 16, hdr, 16);
    memcpy(macin + 32, out + 5, 19);
    size_t ml = crypto_pad(macin, 51, 16);
    assert_int_equal(crypto_cmac(k2, 16, macin, ml, mac), 0);
    assert_memory_equal(out + 26, mac, 8);
    sm_wipe(&s);
}

static void test_extended_wrap(void **st)
{
    (void)st;
    sm_ctx s;
    uint8_t out[300];
    size_t ol;
    d4_session(&s);
    apdu_cmd rb = { 0x00, 0xB0, 0x01, 0x00, NULL, 0, 1000 };
    assert_int_equal(sm_wrap(&s, &rb, true, out, sizeof out, &ol), CARD_OK);
    /* 0C B0 01 00 | 00 00 0E | 97 02 03 E8 | 8E 08 .. | 00 00 */
    assert_int_equal(ol, 4 + 3 + 14 + 2);
    assert_int_equal(out[4], 0);
    assert_int_equal(out[6], 14);
    assert_int_equal(out[7], 0x97);
    assert_int_equal(out[8], 2);
    assert_int_equal(out[9], 0x03);
    assert_int_equal(out[10], 0xE8);
    sm_wipe(&s);
}

static void test_apdu_encode(void **st)
{
    (void)st;
    uint8_t b[300];
    apdu_cmd c1 = { 0x00, 0xB0, 0x9C, 0x00, NULL, 0, 256 };
    assert_int_equal(apdu_encode(&c1, false, b, sizeof b), 5);
    assert_int_equal(b[4], 0);
    apdu_cmd c2 = { 0x00, 0xB0, 0x00, 0x00, NULL, 0, 65536 };
    assert_int_equal(apdu_encode(&c2, false, b, sizeof b), 7);
    assert_int_equal(b[4] | b[5] | b[6], 0);
    static const uint8_t d[3] = { 1, 2, 3 };
    apdu_cmd c3 = { 0x00, 0x88, 0x00, 0x00, d, 3, 300 };
    assert_int_equal(apdu_encode(&c3, false, b, sizeof b), 4 + 3 + 3 + 2);
    assert_int_equal(b[10], 0x01);
    assert_int_equal(b[11], 0x2C);
    apdu_cmd c4 = { 0x00, 0xA4, 0x02, 0x0C, d, 3, 0 };
    assert_int_equal(apdu_encode(&c4, false, b, sizeof b), 8);
    assert_int_equal(apdu_encode(&c4, false, b, 7), 0);
}

/* The channel below SM: T=0 leftovers (61xx -> GET RESPONSE, 6Cxx -> resend
 * with the right Le), counters, a response larger than the caller's buffer. */
static void test_channel_t0(void **st)
{
    (void)st;
    static const card_mock_step steps[] = {
        { "00B09C0000", "3134 6110" },                      /* 2 bytes, 16 more waiting */
        { "00C0000010", "300d060804007f00070202020201 0101 9000" },
        { "00B0000010", "6C04" },                           /* wrong Le: use 4 */
        { "00B0000004", "01020304 9000" },
        { "00B0000000", "0102030405060708 9000" },          /* 8 bytes into a 4-byte buffer */
    };
    card_mock m;
    card_mock_script(&m, steps, 5);
    card_chan ch = { .tr = &m.tr };
    uint8_t d[64];
    size_t dl;
    uint16_t sw;
    apdu_cmd c1 = { 0x00, 0xB0, 0x9C, 0x00, NULL, 0, 256 };
    assert_int_equal(chan_send(&ch, &c1, false, d, sizeof d, &dl, &sw), CARD_OK);
    assert_int_equal(sw, 0x9000);
    assert_int_equal(dl, 18);
    assert_int_equal(d[0], 0x31);
    assert_int_equal(d[17], 0x01);
    apdu_cmd c2 = { 0x00, 0xB0, 0x00, 0x00, NULL, 0, 16 };
    assert_int_equal(chan_send(&ch, &c2, false, d, sizeof d, &dl, &sw), CARD_OK);
    assert_int_equal(dl, 4);
    assert_int_equal(d[3], 4);
    apdu_cmd c3 = { 0x00, 0xB0, 0x00, 0x00, NULL, 0, 256 };
    assert_int_equal(chan_send(&ch, &c3, false, d, 4, &dl, &sw), CARD_E_PROTOCOL);
    assert_string_equal(m.why, "");
    assert_int_equal(ch.apdus, 5);
    assert_int_equal(ch.bytes, 5 + 4 + 5 + 18 + 5 + 2 + 5 + 6 + 5 + 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mac_unit_checks),
        cmocka_unit_test(test_d4_read_ef_com),
        cmocka_unit_test(test_unwrap_rejects),
        cmocka_unit_test(test_aes_wrap_layout),
        cmocka_unit_test(test_extended_wrap),
        cmocka_unit_test(test_apdu_encode),
        cmocka_unit_test(test_channel_t0),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
