/* MRZ: check digits (ICAO 9303-11 D.1 values), the Vietnamese TD1 examples
 * of the reference, the ICAO TD3 specimen, DG1 wrapping and the identity
 * fields DG1 fills when DG13 is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "transport_mock.h"

static void test_check_digits(void **st)
{
    (void)st;
    assert_int_equal(mrz_check_digit("L898902C<", 9), 3);
    assert_int_equal(mrz_check_digit("690806", 6), 1);
    assert_int_equal(mrz_check_digit("940623", 6), 6);
    assert_int_equal(mrz_check_digit("D23145890734", 12), 9);
    assert_int_equal(mrz_check_digit("099012345", 9), 9);
    assert_int_equal(mrz_check_digit("abc", 3), -1);
    char info[64];
    assert_int_equal(mrz_info("l898902c", "690806", "940623", info, sizeof info), CARD_OK);
    assert_string_equal(info, "L898902C<369080619406236");
    assert_int_equal(mrz_info("L898902C", "69080", "940623", info, sizeof info), CARD_E_ARG);
    assert_int_equal(mrz_info("L89-902C", "690806", "940623", info, sizeof info), CARD_E_ARG);
}

static const char vn1[] = "IDVNM0990123459001099012345<<0"
                          "9902015M3902013VNM<<<<<<<<<<<2"
                          "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<";
static const char vn2[] = "IDVNM1600001231079160000123<<1\n"
                          "6005155F9912315VNM<<<<<<<<<<<0\n"
                          "TRAN<<THI<BINH<<<<<<<<<<<<<<<<";

static void test_td1_vn(void **st)
{
    (void)st;
    mrz_fields m;
    assert_int_equal(mrz_parse(vn1, strlen(vn1), &m), CARD_OK);
    assert_int_equal(m.format, 1);
    assert_true(m.checks_ok);
    assert_string_equal(m.doc_type, "ID");
    assert_string_equal(m.issuing_state, "VNM");
    assert_string_equal(m.doc_number, "099012345");
    assert_string_equal(m.dob, "990201");
    assert_string_equal(m.expiry, "390201");
    assert_int_equal(m.sex, 'M');
    assert_memory_equal(m.optional1, "001099012345", 12);
    identity id;
    memset(&id, 0, sizeof id);
    dg1_fill_identity(&m, &id);
    assert_string_equal(id.id_number, "001099012345");
    assert_string_equal(id.full_name, "NGUYEN VAN AN");
    assert_string_equal(id.date_of_birth, "1999-02-01");
    assert_string_equal(id.date_of_expiry, "2039-02-01");
    assert_string_equal(id.sex, "Nam");
    assert_string_equal(id.document_type, "ID");
    assert_string_equal(id.document_number, "099012345");
    assert_string_equal(id.issuing_state, "VNM");

    assert_int_equal(mrz_parse(vn2, strlen(vn2), &m), CARD_OK);
    assert_true(m.checks_ok);
    assert_string_equal(m.expiry, "991231");
    memset(&id, 0, sizeof id);
    dg1_fill_identity(&m, &id);
    assert_string_equal(id.date_of_birth, "1960-05-15");
    assert_string_equal(id.date_of_expiry, "");    /* 991231: no expiry */
    assert_string_equal(id.sex, "Nữ");

    /* one changed character breaks a check digit */
    char bad[sizeof vn1];
    memcpy(bad, vn1, sizeof vn1);
    bad[31] = '8';
    assert_int_equal(mrz_parse(bad, strlen(bad), &m), CARD_OK);
    assert_false(m.checks_ok);
    assert_int_equal(mrz_parse(vn1, 89, &m), CARD_E_FORMAT);
}

static void test_td3_specimen(void **st)
{
    (void)st;
    static const char td3[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
                              "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    mrz_fields m;
    assert_int_equal(mrz_parse(td3, strlen(td3), &m), CARD_OK);
    assert_int_equal(m.format, 3);
    assert_true(m.checks_ok);
    assert_string_equal(m.doc_number, "L898902C3");
    assert_string_equal(m.dob, "740812");
    assert_string_equal(m.expiry, "120415");
    assert_string_equal(m.nationality, "UTO");
    /* DG1 = 61 5B 5F1F 58 <88 chars> */
    uint8_t dg1[120];
    size_t n = tlv_put(dg1 + 2, sizeof dg1 - 2, 0x5F1F, (const uint8_t *)td3, 88);
    dg1[0] = 0x61;
    dg1[1] = (uint8_t)n;
    assert_int_equal(dg1_parse(dg1, n + 2, &m), CARD_OK);
    assert_string_equal(m.names, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
    dg1[0] = 0x60;
    assert_int_equal(dg1_parse(dg1, n + 2, &m), CARD_E_FORMAT);
}

static void test_td1_icao_long_docnum(void **st)
{
    (void)st;
    /* ICAO 9303-5 TD1 specimen with a 12-character document number */
    static const char td1[] = "I<UTOD23145890<7349<<<<<<<<<<<"
                              "3407127M9507122UTO<<<<<<<<<<<2"
                              "STEVENSON<<PETER<JOHN<<<<<<<<<";
    mrz_fields m;
    assert_int_equal(mrz_parse(td1, strlen(td1), &m), CARD_OK);
    assert_string_equal(m.doc_number, "D23145890734");
    assert_true(m.checks_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_digits),
        cmocka_unit_test(test_td1_vn),
        cmocka_unit_test(test_td3_specimen),
        cmocka_unit_test(test_td1_icao_long_docnum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
