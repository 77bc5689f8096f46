/* test_vietqr: the VietQR builder, parser and CRC against the published
 * NAPAS examples (every one of them, byte-exact), then the error paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "vietqr.h"

/* Published examples whose CRCs check out, with what each says. */
static const struct example {
    const char *payload;
    const char *bin, *account, *purpose;
    int dynamic, has_amount;
    unsigned long long amount;
} examples[] = {
    { "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN"
      "6304CBB4",
      "970423", "0099999999", "", 0, 0, 0 },
    { "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA5303704540540"
      "1235802VN62200816test text string6304D9C6",
      "970422", "0023457923442", "test text string", 1, 1, 40123 },
    { "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704540612"
      "00005802VN62170813ung ho lu lut6304C15C",
      "970415", "0011001932418", "ung ho lu lut", 1, 1, 120000 },
    { "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN"
      "6304AE9F",
      "970416", "257678859", "", 0, 0, 0 },
    { "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540510000"
      "5802VN62150811Chuyen tien630453E6",
      "970416", "257678859", "Chuyen tien", 1, 1, 10000 },
    /* The kiosk-style one: made-up account, 8,000 d, dossier code in the purpose. */
    { "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA53037045404800"
      "05802VN62250821LE PHI HS 260310-042063041D11",
      "970415", "113366668888", "LE PHI HS 260310-0420", 1, 1, 8000 },
};
#define N_EXAMPLES (sizeof examples / sizeof examples[0])

static void test_crc_check_value(void **state)
{
    (void)state;
    assert_int_equal(vietqr_crc16("123456789", 9), 0x29B1);
    assert_int_equal(vietqr_crc16("", 0), 0xFFFF);
}

static void test_crc_every_example(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXAMPLES; i++) {
        const char *s = examples[i].payload;
        size_t n = strlen(s);
        char hex[5];
        snprintf(hex, sizeof hex, "%04X", vietqr_crc16(s, n - 4));
        assert_memory_equal(hex, s + n - 4, 4);
    }
}

static void test_parse_every_example(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXAMPLES; i++) {
        const struct example *e = &examples[i];
        vietqr_payment p;
        assert_int_equal(vietqr_parse(e->payload, strlen(e->payload), &p), VIETQR_OK);
        assert_string_equal(p.bank_bin, e->bin);
        assert_string_equal(p.account, e->account);
        assert_string_equal(p.purpose, e->purpose);
        assert_int_equal(p.dynamic, e->dynamic);
        assert_int_equal(p.has_amount, e->has_amount);
        assert_int_equal(p.amount, e->amount);
        assert_false(p.to_card);
    }
}

/* Building from the fields must give back each published string exactly. */
static void test_build_every_example(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXAMPLES; i++) {
        const struct example *e = &examples[i];
        vietqr_payment p;
        memset(&p, 0, sizeof p);
        strcpy(p.bank_bin, e->bin);
        strcpy(p.account, e->account);
        strcpy(p.purpose, e->purpose);
        p.dynamic = e->dynamic;
        p.has_amount = e->has_amount;
        p.amount = e->amount;
        char out[VIETQR_PAYLOAD_MAX];
        assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_OK);
        assert_string_equal(out, e->payload);
    }
}

static void test_build_fee_kiosk_example(void **state)
{
    (void)state;
    vietqr_account a;
    memset(&a, 0, sizeof a);
    strcpy(a.bank_bin, "970415");
    strcpy(a.account, "113366668888");
    char out[VIETQR_PAYLOAD_MAX];
    assert_int_equal(vietqr_build_fee(&a, 8000, "260310-0420", out, sizeof out), VIETQR_OK);
    assert_string_equal(out, examples[5].payload);
}

static void test_build_space(void **state)
{
    (void)state;
    vietqr_payment p;
    memset(&p, 0, sizeof p);
    strcpy(p.bank_bin, "970415");
    strcpy(p.account, "113366668888");
    char out[VIETQR_PAYLOAD_MAX];
    size_t full;
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_OK);
    full = strlen(out);
    /* One byte short of the NUL fails cleanly; exactly enough works. */
    assert_int_equal(vietqr_build(&p, out, full), VIETQR_ERR_SPACE);
    assert_string_equal(out, "");
    assert_int_equal(vietqr_build(&p, out, full + 1), VIETQR_OK);
}

static void test_build_rejects(void **state)
{
    (void)state;
    vietqr_payment p;
    char out[VIETQR_PAYLOAD_MAX];
    memset(&p, 0, sizeof p);
    strcpy(p.bank_bin, "97041");
    strcpy(p.account, "1");
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_ERR_BIN);
    strcpy(p.bank_bin, "970415");
    strcpy(p.account, "12-34");
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_ERR_ACCOUNT);
    strcpy(p.account, "1234");
    p.dynamic = true;  /* dynamic without an amount */
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_ERR_AMOUNT);
    p.has_amount = true;
    p.amount = VIETQR_AMOUNT_MAX + 1;
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_ERR_AMOUNT);
    p.amount = VIETQR_AMOUNT_MAX;
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_OK);
    strcpy(p.purpose, "L\xc3\xaa");  /* "Lê": not ASCII */
    assert_int_equal(vietqr_build(&p, out, sizeof out), VIETQR_ERR_PURPOSE);
}

/* Re-seal a payload with a good CRC so that a test reaches the field checks. */
static void reseal(char *s)
{
    size_t n = strlen(s);
    char hex[5];
    snprintf(hex, sizeof hex, "%04X", vietqr_crc16(s, n - 4));
    memcpy(s + n - 4, hex, 4);
}

static int parse_str(const char *s)
{
    return vietqr_parse(s, strlen(s), NULL);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    char s[300];
    const char *good = examples[1].payload;

    /* Any single changed character breaks the CRC. */
    for (size_t i = 0; i < strlen(good) - 4; i++) {
        strcpy(s, good);
        s[i] = s[i] == '7' ? '8' : '7';
        assert_int_not_equal(parse_str(s), VIETQR_OK);
    }
    strcpy(s, good);
    s[strlen(s) - 1] = 'c';  /* lower-case hex is not the format */
    assert_int_equal(parse_str(s), VIETQR_ERR_CRC);
    assert_int_equal(vietqr_parse(good, strlen(good) - 1, NULL), VIETQR_ERR_CRC);
    assert_int_equal(vietqr_parse(good, 0, NULL), VIETQR_ERR_CRC);
    assert_int_equal(vietqr_parse(NULL, 0, NULL), VIETQR_ERR_ARG);

    /* Field checks, each with a valid CRC. */
    struct { const char *body; int err; } cases[] = {
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_OK },
        { "000202010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_ERR_FORMAT },
        { "010211000201" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_ERR_FORMAT },
        { "000201010213" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_ERR_FORMAT },
        { "000201010211" "38540010A00000072801240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_ERR_MERCHANT },
        { "000201010211" "5303704" "5802VN" "63040000", VIETQR_ERR_MERCHANT },
        { "000201010211" "38540010A00000072701240006970A23011000999999990208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_ERR_BIN },
        { "000201010211" "38540010A00000072701240006970423011000999999-90208QRIBFTTA"
          "5303704" "5802VN" "63040000", VIETQR_ERR_ACCOUNT },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTB"
          "5303704" "5802VN" "63040000", VIETQR_ERR_SERVICE },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303840" "5802VN" "63040000", VIETQR_ERR_CURRENCY },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "540512.50" "5802VN" "63040000", VIETQR_ERR_AMOUNT },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "541412345678901234" "5802VN" "63040000", VIETQR_ERR_AMOUNT },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802US" "63040000", VIETQR_ERR_COUNTRY },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "62300826abcdefghijklmnopqrstuvwxyz" "63040000",
          VIETQR_ERR_PURPOSE },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5303704" "5802VN" "63040000", VIETQR_ERR_DUPLICATE },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "5303704" "5802VN" "5999" "63040000", VIETQR_ERR_SYNTAX },
        { "000201010211" "38540010A00000072701240006970423011000999999990208QRIBFTTA"
          "63040000" "5303704" "5802VN" "63040000", VIETQR_ERR_CRC },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strcpy(s, cases[i].body);
        reseal(s);
        if (parse_str(s) != cases[i].err)
            fail_msg("case %zu: got %d want %d", i, parse_str(s), cases[i].err);
    }
    /* A control character anywhere is a syntax error, whatever the CRC says. */
    strcpy(s, good);
    s[60] = '\n';
    reseal(s);
    assert_int_equal(parse_str(s), VIETQR_ERR_SYNTAX);
}

static void test_fold_and_purpose(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(vietqr_fold_ascii("L\xe1\xbb\x87 ph\xc3\xad h\xe1\xbb\x93 s\xc6\xa1 "
                                       "\xc4\x90\xc4\x83ng k\xc3\xbd \xc4\x91\xe1\xbb\xa3t",
                                       out, sizeof out), 24);
    assert_string_equal(out, "Le phi ho so Dang ky dot");  /* "Lệ phí hồ sơ Đăng ký đợt" */
    assert_int_equal(vietqr_fold_ascii("a\tb", out, sizeof out), 3);
    assert_string_equal(out, "a b");
    assert_int_equal(vietqr_fold_ascii("abcdef", out, 4), 3);
    assert_string_equal(out, "abc");
    assert_int_equal(vietqr_fold_ascii("\xc3\x28", out, sizeof out), -1);

    assert_int_equal(vietqr_purpose_for_dossier("260310-0420", out, sizeof out), VIETQR_OK);
    assert_string_equal(out, "LE PHI HS 260310-0420");
    assert_int_equal(vietqr_purpose_for_dossier("38.98.H29-210519-0013", out, sizeof out),
                     VIETQR_OK);
    assert_string_equal(out, "HS 38.98.H29-210519-0013");
    assert_int_equal(vietqr_purpose_for_dossier("000.00.00.H55-210519-0013", out, sizeof out),
                     VIETQR_OK);
    assert_string_equal(out, "000.00.00.H55-210519-0013");
    assert_int_equal(vietqr_purpose_for_dossier("1000.00.00.H55-210519-0013", out, sizeof out),
                     VIETQR_OK);
    assert_string_equal(out, "000.00.00.H55-210519-0013");
    assert_true(strlen(out) <= VIETQR_PURPOSE_MAX);
}

static void test_account_from_config(void **state)
{
    (void)state;
    static config c;
    vietqr_account a;
    config_init(&c);
    assert_int_equal(vietqr_account_from_config(&c, &a), VIETQR_ERR_CONFIG);
    assert_int_equal(config_load_string(&c,
        "[payment]\nbank_bin = 970415\naccount = 113366668888\n"
        "account_name = Kho b\xe1\xba\xa1" "c Nh\xc3\xa0 n\xc6\xb0\xe1\xbb\x9b" "c\n", "t"), 0);
    assert_int_equal(vietqr_account_from_config(&c, &a), VIETQR_OK);
    assert_string_equal(a.bank_bin, "970415");
    assert_string_equal(a.account, "113366668888");
    assert_false(a.to_card);
    config_set(&c, "payment", "bank_bin", "9704150");
    assert_int_equal(vietqr_account_from_config(&c, &a), VIETQR_ERR_CONFIG);
    config_set(&c, "payment", "bank_bin", "970436");
    config_set(&c, "payment", "service", "card");
    assert_int_equal(vietqr_account_from_config(&c, &a), VIETQR_OK);
    assert_true(a.to_card);
    char out[VIETQR_PAYLOAD_MAX];
    vietqr_payment p;
    assert_int_equal(vietqr_build_fee(&a, 50000, "38.98.H29-210519-0013", out, sizeof out),
                     VIETQR_OK);
    assert_int_equal(vietqr_parse(out, strlen(out), &p), VIETQR_OK);
    assert_true(p.to_card);
    assert_string_equal(p.bank_bin, "970436");
    assert_int_equal(p.amount, 50000);
    assert_string_equal(p.purpose, "HS 38.98.H29-210519-0013");
}

static void test_strerror(void **state)
{
    (void)state;
    for (int e = VIETQR_OK; e >= VIETQR_ERR_CONFIG; e--)
        assert_non_null(strstr(vietqr_strerror(e), "."));
    assert_string_equal(vietqr_strerror(42), "Lỗi VietQR không xác định.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc_check_value),
        cmocka_unit_test(test_crc_every_example),
        cmocka_unit_test(test_parse_every_example),
        cmocka_unit_test(test_build_every_example),
        cmocka_unit_test(test_build_fee_kiosk_example),
        cmocka_unit_test(test_build_space),
        cmocka_unit_test(test_build_rejects),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_fold_and_purpose),
        cmocka_unit_test(test_account_from_config),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
