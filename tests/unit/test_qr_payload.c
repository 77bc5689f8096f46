/* test_qr_payload: the parsers of scanned QR texts (kiosk/core/qr_payload.c,
 * receipt_qr.c). Card texts are the made-up examples of the reference; the
 * ISO 7064 MOD 37-2 vectors are the ones published with independent
 * implementations (python-stdnum, and others). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "qr_payload.h"
#include "receipt_qr.h"

#define S(x) x, strlen(x)

static void test_mod37_2_vectors(void **state)
{
    (void)state;
    assert_int_equal(receipt_qr_mod37_2(S("G123489654321")), 'Y');
    assert_int_equal(receipt_qr_mod37_2(S("A999915000001")), 'M');
    assert_int_equal(receipt_qr_mod37_2(S("LMOSBYFCTRSSJCB3X6U9DUBLKNIH03FO6X963TGXYAHG")), '*');
    assert_int_equal(receipt_qr_mod37_2(S("G7N286AL39FFQNU6BH8SMJB5VGMBCB6WPGMWJK800VU7K")), 'P');
}

static void test_receipt_roundtrip(void **state)
{
    (void)state;
    char text[RECEIPT_QR_TEXT_MAX], code[RECEIPT_QR_CODE_MAX];
    assert_int_equal(receipt_qr_format("38.98.H29-210519-0013", text, sizeof text), 0);
    /* check over "3898H292105190013" */
    char want[64] = "HS1:38.98.H29-210519-0013:";
    size_t n = strlen(want);
    want[n] = receipt_qr_mod37_2(S("3898H292105190013"));
    want[n + 1] = 0;
    assert_string_equal(text, want);
    assert_int_equal(receipt_qr_parse(S(text), code, sizeof code), 0);
    assert_string_equal(code, "38.98.H29-210519-0013");
    /* lower case and a trailing newline from a keyboard-mode scanner */
    char lower[64];
    for (size_t i = 0; i <= strlen(text); i++)
        lower[i] = (char)((text[i] >= 'A' && text[i] <= 'Z') ? text[i] + 32 : text[i]);
    strcat(lower, "\r\n");
    assert_int_equal(receipt_qr_parse(S(lower), code, sizeof code), 0);
    assert_string_equal(code, "38.98.H29-210519-0013");
    assert_int_equal(receipt_qr_format("000.00.00.H55-240229-9999", text, sizeof text), 0);
    assert_int_equal(receipt_qr_parse(S(text), code, sizeof code), 0);
    assert_string_equal(code, "000.00.00.H55-240229-9999");
}

static void test_receipt_errors(void **state)
{
    (void)state;
    char text[RECEIPT_QR_TEXT_MAX], code[RECEIPT_QR_CODE_MAX];
    assert_int_equal(receipt_qr_format("38.98.H29-210230-0013", text, sizeof text),
                     RECEIPT_QR_ERR_DATE);
    assert_int_equal(receipt_qr_format("38.98.H29-230229-0013", text, sizeof text),
                     RECEIPT_QR_ERR_DATE);
    assert_int_equal(receipt_qr_format("38..98-210519-0013", text, sizeof text),
                     RECEIPT_QR_ERR_FORMAT);
    assert_int_equal(receipt_qr_format("38.98.H29-210519-13", text, sizeof text),
                     RECEIPT_QR_ERR_FORMAT);
    assert_int_equal(receipt_qr_format("-210519-0013", text, sizeof text), RECEIPT_QR_ERR_FORMAT);
    assert_int_equal(receipt_qr_format("38.98.H29-210519-0013", text, 10), RECEIPT_QR_ERR_SPACE);
    assert_int_equal(receipt_qr_parse(S("https://example.com"), code, sizeof code),
                     RECEIPT_QR_ERR_NOT_RECEIPT);
    assert_int_equal(receipt_qr_parse(S("HS2:38.98.H29-210519-0013:U"), code, sizeof code),
                     RECEIPT_QR_ERR_VERSION);
    /* every single-character substitution in the code is caught */
    assert_int_equal(receipt_qr_format("38.98.H29-210519-0013", text, sizeof text), 0);
    const char *alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    size_t len = strlen(text);
    int caught = 0, tried = 0;
    for (size_t i = 4; i < len - 2; i++) {
        if (text[i] == '.' || text[i] == '-')
            continue;
        for (const char *a = alnum; *a; a++) {
            if (*a == text[i])
                continue;
            char bad[64];
            memcpy(bad, text, len + 1);
            bad[i] = *a;
            int rc = receipt_qr_parse(bad, len, code, sizeof code);
            tried++;
            if (rc != 0)
                caught++;
            assert_string_equal(rc == 0 ? "accepted" : code, "");
        }
    }
    assert_int_equal(caught, tried);
    /* adjacent transposition */
    char swapped[64];
    memcpy(swapped, text, len + 1);
    char t = swapped[len - 3];
    swapped[len - 3] = swapped[len - 4];
    swapped[len - 4] = t; /* "13" -> "31" */
    assert_int_equal(receipt_qr_parse(swapped, len, code, sizeof code), RECEIPT_QR_ERR_CHECK);
    assert_int_equal(receipt_qr_parse(S("HS1:38.98.H29-210519-0013:"), code, sizeof code),
                     RECEIPT_QR_ERR_FORMAT);
    assert_int_equal(receipt_qr_parse("HS1:38.98.H29\0-210519-0013:U", 27, code, sizeof code),
                     RECEIPT_QR_ERR_FORMAT);
    assert_non_null(strstr(receipt_qr_strerror(RECEIPT_QR_ERR_NOT_RECEIPT), "phiếu hẹn"));
}

static const char *card1 =
    "001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, Hà Nội|10072021";
static const char *card2 =
    "079160000123||Trần Thị Bình|15051960|Nữ|12 Đường Mẫu, Phường Thử, TP. Hồ Chí Minh|20092021";
static const char *card3 =
    "001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, Hà Nội|04102024||||";

static void test_card_examples(void **state)
{
    (void)state;
    identity id;
    assert_int_equal(qr_card_parse(S(card1), &id), 0);
    assert_int_equal(id.assurance, IDENTITY_QR);
    assert_string_equal(id.id_number, "001099012345");
    assert_string_equal(id.old_id_number, "012345678");
    assert_string_equal(id.full_name, "Nguyễn Văn An");
    assert_string_equal(id.date_of_birth, "1999-02-01");
    assert_string_equal(id.sex, "Nam");
    assert_string_equal(id.place_of_residence, "Số 1 Phố Giả, Phường Mẫu, Hà Nội");
    assert_string_equal(id.date_of_issue, "2021-07-10");
    /* age 22 at issue, old law: milestone 25 */
    assert_string_equal(id.date_of_expiry, "2024-02-01");
    identity_wipe(&id);

    assert_int_equal(qr_card_parse(S(card2), &id), 0);
    assert_string_equal(id.old_id_number, "");
    assert_string_equal(id.sex, "Nữ");
    assert_string_equal(id.date_of_birth, "1960-05-15");
    /* age 61 at issue: no expiry (the reference MRZ says 991231) */
    assert_string_equal(id.date_of_expiry, "Không thời hạn");
    identity_wipe(&id);

    assert_int_equal(qr_card_parse(S(card3), &id), 0);
    assert_string_equal(id.date_of_issue, "2024-10-04");
    /* age 25 at issue, new law: milestones 14,25,40,60 -> 40 */
    assert_string_equal(id.date_of_expiry, "2039-02-01");
    identity_wipe(&id);
}

static void test_card_nfc(void **state)
{
    (void)state;
    /* "Nguyễn Văn An" with e + circumflex (U+0302) + tilde (U+0303), sex as u + horn + tilde */
    identity id;
    const char *ok =
        "001099012345||Nguye\xcc\x82\xcc\x83n V\xc4\x83n An|01021999|Nu\xcc\x9b\xcc\x83|x|10072021";
    assert_int_equal(qr_card_parse(S(ok), &id), 0);
    assert_string_equal(id.full_name, "Nguyễn Văn An");
    assert_string_equal(id.sex, "Nữ");
    identity_wipe(&id);
}

static void test_card_errors(void **state)
{
    (void)state;
    identity id;
    struct { const char *t; int want; } cases[] = {
        { "", QR_PAYLOAD_ERR_EMPTY },
        { "HS1:38.98.H29-210519-0013:U", QR_PAYLOAD_ERR_NOT_CARD },
        { "a|b|c", QR_PAYLOAD_ERR_NOT_CARD },
        { "001099012345|012345678|Nguyễn Văn An|01021999|Nam|Hà Nội", QR_PAYLOAD_ERR_FIELDS },
        { "00109901234|012345678|An|01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_ID },
        { "00109901234X|012345678|An|01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_ID },
        { "001099012345|01234567|An|01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_OLD_ID },
        { "001099012345|012345678||01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_NAME },
        { "001099012345|012345678|An|29021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_BIRTH_DATE },
        { "001099012345|012345678|An|1021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_BIRTH_DATE },
        { "001099012345|012345678|An|01021999|Nu|Hà Nội|10072021", QR_PAYLOAD_ERR_SEX },
        { "001099012345|012345678|An|01021999|Nam|Hà Nội|31062021", QR_PAYLOAD_ERR_ISSUE_DATE },
        { "001099012345|012345678|An|01021999|Nam|Hà Nội|01011990", QR_PAYLOAD_ERR_ISSUE_DATE },
        { "001099012345|012345678|A\xff|01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_ENCODING },
        { "001099012345|012345678|A\xc3\xa|01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_ENCODING },
        { "001099012345|012345678|A\x01|01021999|Nam|Hà Nội|10072021", QR_PAYLOAD_ERR_ENCODING },
        { "001099012345|012345678|An|01021999|Nam|Hà Nội|10072021|||||||||||||||||||",
          QR_PAYLOAD_ERR_FIELDS },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&id, 0x55, sizeof id);
        int rc = qr_card_parse(cases[i].t, strlen(cases[i].t), &id);
        if (rc != cases[i].want)
            fail_msg("case %zu: got %d want %d", i, rc, cases[i].want);
        assert_string_equal(id.id_number, "");
        assert_int_equal(id.assurance, IDENTITY_NONE);
        assert_true(strlen(qr_payload_strerror(rc)) > 10);
    }
    assert_non_null(strstr(qr_payload_strerror(QR_PAYLOAD_ERR_NOT_CARD),
                           "Mã QR này không phải mã trên thẻ căn cước"));
    /* NUL inside */
    assert_int_equal(qr_card_parse("001099012345|\0|An|01021999|Nam|x|10072021", 42, &id),
                     QR_PAYLOAD_ERR_ENCODING);
    /* huge */
    size_t big = QR_PAYLOAD_MAX + 10;
    char *h = malloc(big);
    memset(h, 'A', big);
    assert_int_equal(qr_card_parse(h, big, &id), QR_PAYLOAD_ERR_TOO_LONG);
    /* a name too long for the identity */
    char *t = malloc(600);
    strcpy(t, "001099012345||");
    for (int i = 0; i < 200; i++)
        strcat(t, "A");
    strcat(t, "|01021999|Nam|x|10072021");
    assert_int_equal(qr_card_parse(S(t), &id), QR_PAYLOAD_ERR_TOO_LONG);
    /* a long address is cut at a character boundary, never refused */
    strcpy(t, "001099012345||An|01021999|Nam|");
    for (int i = 0; i < 150; i++)
        strcat(t, "Đ");
    strcat(t, "|10072021");
    assert_int_equal(qr_card_parse(S(t), &id), 0);
    assert_int_equal(strlen(id.place_of_residence), 254);
    identity_wipe(&id);
    free(t);
    free(h);
    assert_int_equal(qr_card_parse(NULL, 0, &id), QR_PAYLOAD_ERR_ARG);
    assert_int_equal(qr_card_parse("x", 1, NULL), QR_PAYLOAD_ERR_ARG);
}

static void test_expiry(void **state)
{
    (void)state;
    char e[11];
    assert_int_equal(qr_card_expiry("2010-03-05", "2024-08-01", e), 0);
    assert_string_equal(e, "2035-03-05"); /* age 14: next milestone 25 (14 reached) */
    assert_int_equal(qr_card_expiry("2013-03-05", "2024-08-01", e), 0);
    assert_string_equal(e, "2027-03-05"); /* age 11 under the new law -> 14 */
    assert_int_equal(qr_card_expiry("2012-03-05", "2024-08-01", e), 0);
    assert_string_equal(e, "2037-03-05"); /* age 12: within 2 years of 14 -> 25 */
    assert_int_equal(qr_card_expiry("2012-03-05", "2024-06-30", e), 0);
    assert_string_equal(e, "2037-03-05"); /* old law: 25 */
    assert_int_equal(qr_card_expiry("1986-01-01", "2024-01-01", e), 0);
    assert_string_equal(e, "2046-01-01"); /* age 38 = 40-2: runs to 60 */
    assert_int_equal(qr_card_expiry("1966-01-01", "2024-01-01", e), 0);
    assert_string_equal(e, ""); /* age 58: never */
    assert_int_equal(qr_card_expiry("2024-01-01", "2023-01-01", e), -1);
}

static void test_procedure(void **state)
{
    (void)state;
    char code[QR_PROCEDURE_CODE_MAX], loc[QR_PROCEDURE_CODE_MAX], text[32];
    assert_int_equal(qr_procedure_format("1.001193", text, sizeof text), 0);
    char want[32];
    strcpy(want, "TTHC1:1.001193:");
    size_t n = strlen(want);
    want[n] = receipt_qr_mod37_2(S("1001193"));
    want[n + 1] = 0;
    assert_string_equal(text, want);
    assert_int_equal(qr_procedure_parse(S(text), code, sizeof code, loc, sizeof loc), 0);
    assert_string_equal(code, "1.001193");
    assert_string_equal(loc, "");
    assert_int_equal(qr_payload_classify(S(text)), QR_KIND_PROCEDURE);
    text[strlen(text) - 1] = text[strlen(text) - 1] == 'A' ? 'B' : 'A';
    assert_int_equal(qr_procedure_parse(S(text), code, sizeof code, NULL, 0),
                     QR_PAYLOAD_ERR_CHECK);

    const char *url = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
                      "?ma_thu_tuc=1.001193";
    assert_int_equal(qr_procedure_parse(S(url), code, sizeof code, loc, sizeof loc), 0);
    assert_string_equal(code, "1.001193");
    assert_int_equal(qr_payload_classify(S(url)), QR_KIND_PROCEDURE);
    const char *url2 = "https://dichvucong.hanoi.gov.vn:443/x?foo=1&ma_thu_tuc=2%2E000815.000.00.00.H55#top";
    assert_int_equal(qr_procedure_parse(S(url2), code, sizeof code, loc, sizeof loc), 0);
    assert_string_equal(code, "2.000815");
    assert_string_equal(loc, "2.000815.000.00.00.H55");
    assert_int_equal(qr_procedure_parse(S("1.004222"), code, sizeof code, NULL, 0), 0);
    assert_string_equal(code, "1.004222");

    struct { const char *t; int want; } cases[] = {
        { "https://dichvucong.gov.vn.evil.example/?ma_thu_tuc=1.001193", QR_PAYLOAD_ERR_NOT_PROCEDURE },
        { "https://dichvucong.gov.vn@evil.example/?ma_thu_tuc=1.001193", QR_PAYLOAD_ERR_NOT_PROCEDURE },
        { "https://evil.example/?ma_thu_tuc=1.001193", QR_PAYLOAD_ERR_NOT_PROCEDURE },
        { "https://dichvucong.gov.vn/p/home/x.html", QR_PAYLOAD_ERR_NOT_PROCEDURE },
        { "https://dichvucong.gov.vn/x?ma_thu_tuc=12345", QR_PAYLOAD_ERR_PROCEDURE_CODE },
        { "https://dichvucong.gov.vn/x?ma_thu_tuc=1.00119%", QR_PAYLOAD_ERR_PROCEDURE_CODE },
        { "https://dichvucong.gov.vn/x?ma_thu_tuc=1.001193..H5", QR_PAYLOAD_ERR_PROCEDURE_CODE },
        { "TTHC2:1.001193:X", QR_PAYLOAD_ERR_VERSION },
        { "TTHC1:1.00119:X", QR_PAYLOAD_ERR_PROCEDURE_CODE },
        { "Xin chào", QR_PAYLOAD_ERR_NOT_PROCEDURE },
        { "\xc0\x80", QR_PAYLOAD_ERR_ENCODING },
        { "   ", QR_PAYLOAD_ERR_EMPTY },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = qr_procedure_parse(cases[i].t, strlen(cases[i].t), code, sizeof code, loc, sizeof loc);
        if (rc != cases[i].want)
            fail_msg("case %zu: got %d want %d", i, rc, cases[i].want);
        assert_string_equal(code, "");
    }
}

static void test_classify(void **state)
{
    (void)state;
    assert_int_equal(qr_payload_classify(S(card1)), QR_KIND_CARD);
    assert_int_equal(qr_payload_classify(S("HS1:38.98.H29-210519-0013:U")), QR_KIND_RECEIPT);
    assert_int_equal(qr_payload_classify(S("https://example.com/")), QR_KIND_UNKNOWN);
    assert_int_equal(qr_payload_classify(S("hello")), QR_KIND_UNKNOWN);
    assert_int_equal(qr_payload_classify(NULL, 0), QR_KIND_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mod37_2_vectors), cmocka_unit_test(test_receipt_roundtrip),
        cmocka_unit_test(test_receipt_errors),  cmocka_unit_test(test_card_examples),
        cmocka_unit_test(test_card_nfc),        cmocka_unit_test(test_card_errors),
        cmocka_unit_test(test_expiry),          cmocka_unit_test(test_procedure),
        cmocka_unit_test(test_classify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
