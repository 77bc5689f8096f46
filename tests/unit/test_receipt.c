/* test_receipt: receipt and ticket content: ID masking, fee text, the
 * tracking QR text and the VietQR code a receipt carries, wiping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "receipt.h"
#include "receipt_qr.h"
#include "vietqr.h"

static void test_mask_id(void **state)
{
    (void)state;
    char out[24];
    assert_int_equal(receipt_mask_id("001099012345", out, sizeof out), RECEIPT_OK);
    assert_string_equal(out, "********2345");
    assert_int_equal(receipt_mask_id("123456789", out, sizeof out), RECEIPT_OK);
    assert_string_equal(out, "*****6789");
    assert_int_equal(receipt_mask_id("1234", out, sizeof out), RECEIPT_OK);
    assert_string_equal(out, "****");     /* too short to show any of it */
    assert_int_equal(receipt_mask_id("", out, sizeof out), RECEIPT_OK);
    assert_string_equal(out, "");
    assert_int_equal(receipt_mask_id("001099012345", out, 12), RECEIPT_ERR_TOO_LONG);
    assert_string_equal(out, "");
}

static void test_fee_text(void **state)
{
    (void)state;
    char out[48];
    struct { unsigned long long v; const char *s; } cases[] = {
        { 0, "0 đ" }, { 999, "999 đ" }, { 1000, "1.000 đ" }, { 8000, "8.000 đ" },
        { 400000, "400.000 đ" }, { 1234567, "1.234.567 đ" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(receipt_format_fee(cases[i].v, out, sizeof out), RECEIPT_OK);
        assert_string_equal(out, cases[i].s);
    }
    assert_int_equal(receipt_format_fee(1234567, out, 6), RECEIPT_ERR_TOO_LONG);
}

static void test_time_text(void **state)
{
    (void)state;
    setenv("TZ", "ICT-7", 1);  /* POSIX form: needs no tzdata */
    tzset();
    char out[24];
    /* 2021-05-19 02:30:00 UTC is 09:30 in Vietnam (UTC+7, no DST). */
    assert_int_equal(receipt_format_time((time_t)1621391400, out, sizeof out), RECEIPT_OK);
    assert_string_equal(out, "09:30 19/05/2021");
}

static void test_dossier_and_fee(void **state)
{
    (void)state;
    receipt *r = calloc(1, sizeof *r);
    assert_int_equal(receipt_set_dossier(r, "38.98.H29-210519-0013"), RECEIPT_OK);
    /* The tracking text is the QR module's, and parses back to the code. */
    char code[RECEIPT_QR_CODE_MAX];
    assert_int_equal(receipt_qr_parse(r->tracking_qr, strlen(r->tracking_qr), code, sizeof code),
                     RECEIPT_QR_OK);
    assert_string_equal(code, "38.98.H29-210519-0013");
    assert_int_equal(receipt_set_dossier(r, "38.98.H29-210532-0013"), RECEIPT_ERR_DOSSIER);

    vietqr_account a;
    memset(&a, 0, sizeof a);
    strcpy(a.bank_bin, "970415");
    strcpy(a.account, "113366668888");
    strcpy(a.account_name, "Kho bạc");
    assert_int_equal(receipt_set_fee(r, 8000, &a), RECEIPT_OK);
    vietqr_payment p;
    assert_int_equal(vietqr_parse(r->vietqr, strlen(r->vietqr), &p), VIETQR_OK);
    assert_true(p.dynamic);
    assert_int_equal(p.amount, 8000);
    assert_string_equal(p.purpose, "HS 38.98.H29-210519-0013");
    assert_string_equal(r->payee, "Kho bạc, VietinBank 113366668888");

    assert_int_equal(receipt_set_fee(r, 0, &a), RECEIPT_OK);      /* free: no code */
    assert_string_equal(r->vietqr, "");
    assert_int_equal(receipt_set_fee(r, 5000, NULL), RECEIPT_OK); /* no account: no code */
    assert_string_equal(r->vietqr, "");
    strcpy(a.bank_bin, "97041");
    assert_int_equal(receipt_set_fee(r, 5000, &a), RECEIPT_ERR_PAYMENT);
    free(r);
}

static void test_applicant_and_wipe(void **state)
{
    (void)state;
    receipt *r = calloc(1, sizeof *r);
    assert_int_equal(receipt_set_applicant(r, "Nguyễn Văn An", "001099012345"), RECEIPT_OK);
    assert_string_equal(r->applicant_name, "Nguyễn Văn An");
    assert_string_equal(r->applicant_id_masked, "********2345");
    /* The full number is nowhere in the struct. */
    assert_null(memmem(r, sizeof *r, "0010990", 7));
    for (int i = 0; i < RECEIPT_MAX_DOCS; i++)
        assert_int_equal(receipt_add_doc(r, "Tờ khai", "1 bản chính"), RECEIPT_OK);
    assert_int_equal(receipt_add_doc(r, "Tờ khai", "1 bản chính"), RECEIPT_ERR_FULL);
    receipt_wipe(r);
    static const receipt zero;
    assert_memory_equal(r, &zero, sizeof zero);
    free(r);
}

static void test_demo(void **state)
{
    (void)state;
    receipt *r = calloc(1, sizeof *r);
    assert_int_equal(receipt_fill_demo(r, NULL), RECEIPT_OK);
    assert_true(r->fee_vnd > 0);
    assert_int_equal(vietqr_parse(r->vietqr, strlen(r->vietqr), NULL), VIETQR_OK);
    assert_true(strncmp(r->tracking_qr, RECEIPT_QR_PREFIX, strlen(RECEIPT_QR_PREFIX)) == 0);
    assert_string_equal(r->applicant_id_masked, "********2345");
    free(r);
    ticket t;
    ticket_fill_demo(&t);
    assert_true(t.number[0] != '\0');
    assert_string_equal(ticket_priority_label(t.priority), "Người cao tuổi");
    assert_string_equal(ticket_priority_label(TICKET_PRIORITY_NONE), "");
    assert_non_null(receipt_strerror(RECEIPT_ERR_PAYMENT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_id),
        cmocka_unit_test(test_fee_text),
        cmocka_unit_test(test_time_text),
        cmocka_unit_test(test_dossier_and_fee),
        cmocka_unit_test(test_applicant_and_wipe),
        cmocka_unit_test(test_demo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
