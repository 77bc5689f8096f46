/* Access keys from the card's QR text, a typed ID and MRZ data. The expiry
 * candidates follow the renewal ages of the two laws (Luật CCCD 2014: 25, 40,
 * 60; Luật Căn cước 2023 from 2024-07-01: 14, 25, 40, 60), with the
 * neighbouring candidates for the uncertain boundary day and 29 February.
 * Expected lists are worked out by hand from the rule text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "transport_mock.h"

static void expect(const char *qr, const char *can, const char *doc, const char *dob,
                   const char *const *exp, int n)
{
    card_keys k;
    assert_int_equal(card_keys_from_qr(qr, &k), CARD_OK);
    assert_string_equal(k.can, can);
    assert_string_equal(k.doc_number, doc);
    assert_string_equal(k.date_of_birth, dob);
    for (int i = 0; i < n && i < k.n_expiry; i++) {
        if (strcmp(k.expiry[i], exp[i]))
            fail_msg("candidate %d: got %s want %s", i, k.expiry[i], exp[i]);
    }
    assert_int_equal(k.n_expiry, n);
    card_keys_wipe(&k);
}

static void test_reference_examples(void **st)
{
    (void)st;
    /* age 22 at issue (2014 law): 25 -> 2024; next milestone 40 = the MRZ's 390201 */
    const char *e1[] = { "240201", "390201", "991231" };
    expect("001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, Hà Nội|10072021",
           "012345", "099012345", "990201", e1, 3);
    /* the same with "Nữ" decomposed (u + combining horn + combining tilde) */
    card_keys kd;
    assert_int_equal(card_keys_from_qr("079160000123||Trần Thị Bình|15051960|Nu\xCC\x9B\xCC\x83|x|20092021", &kd),
                     CARD_OK);
    assert_string_equal(kd.can, "000123");
    /* 61 at issue: no expiry */
    const char *e2[] = { "991231" };
    expect("079160000123||Trần Thị Bình|15051960|Nữ|12 Đường Mẫu, Phường Thử, TP. Hồ Chí Minh|20092021",
           "000123", "160000123", "600515", e2, 1);
    /* 2024 card with 4 extra fields: age 25 (2024 law) -> 40 */
    const char *e3[] = { "390201", "590201", "991231" };
    expect("001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, Hà Nội|04102024||||",
           "012345", "099012345", "990201", e3, 3);
}

static void test_boundaries(void **st)
{
    (void)st;
    /* exactly 23 on the issue day: strict rule says 40, the other reading 25 */
    const char *b1[] = { "400310", "250310", "600310", "991231" };
    expect("001200012345||A|10032000|Nam|x|10032023", "012345", "200012345", "000310", b1, 4);
    /* 2024 law, age 12: strict -> 25, boundary -> 14 */
    const char *b2[] = { "370601", "260601", "520601", "991231" };
    expect("001212012345||A|01062012|Nữ|x|01082024", "012345", "212012345", "120601", b2, 4);
    /* same child issued in May 2024 at 11 (old law): 25 first, the new law's 14 later */
    const char *b3[] = { "370601", "520601", "260601", "991231" };
    expect("001212012345||A|01062012|Nữ|x|31052024", "012345", "212012345", "120601", b3, 4);
    /* the day before the new law vs the day it took effect */
    card_keys k1, k2;
    assert_int_equal(card_keys_from_qr("001212012345||A|01062012|Nữ|x|30062024", &k1), CARD_OK);
    assert_int_equal(card_keys_from_qr("001212012345||A|01062012|Nữ|x|01072024", &k2), CARD_OK);
    assert_string_equal(k1.expiry[0], "370601");
    assert_string_equal(k2.expiry[1], "260601");
    /* born 29 February: 2025 is not a leap year -> 28/02 and 01/03 */
    const char *b4[] = { "250228", "250301", "400229", "991231" };
    expect("001200012345||A|29022000|Nam|x|01032021", "012345", "200012345", "000229", b4, 4);
    /* 58 at issue (2 years before 60): no expiry; the other boundary reading: 60 */
    const char *b5[] = { "991231", "250101" };
    expect("001065012345||A|01011965|Nam|x|01062023", "012345", "065012345", "650101", b5, 2);
    /* 38 at issue: within 2 years of 40 -> 60 */
    card_keys k;
    assert_int_equal(card_keys_from_qr("001086012345||A|01011986|Nam|x|01062024", &k), CARD_OK);
    assert_string_equal(k.expiry[0], "460101");
}

static void test_bad_qr(void **st)
{
    (void)st;
    card_keys k;
    const char *bad[] = {
        "001099012345|012345678|Nguyễn Văn An|01021999|Nam|addr",             /* 6 fields */
        "00109901234|012345678|Nguyễn Văn An|01021999|Nam|addr|10072021",     /* 11 digits */
        "001099012345|012345678|Nguyễn Văn An|1021999|Nam|addr|10072021",     /* 7-digit date */
        "001099012345|012345678|Nguyễn Văn An|01021999|M|addr|10072021",      /* sex */
        "001099012345|012345678|Nguyễn Văn An|01021999|Nam|addr|1007202A",    /* date */
        "001099012345|012345678|Nguyễn Văn An|32131999|Nam|addr|10072021",    /* day/month */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(card_keys_from_qr(bad[i], &k), CARD_E_ARG);
        assert_int_equal(k.n_expiry, 0);
        assert_string_equal(k.can, "");
    }
    assert_int_equal(card_keys_from_qr(NULL, &k), CARD_E_ARG);
}

static void test_id_and_mrz(void **st)
{
    (void)st;
    card_keys k;
    assert_int_equal(card_keys_from_id("001099012345", &k), CARD_OK);
    assert_string_equal(k.can, "012345");
    assert_string_equal(k.doc_number, "");
    assert_int_equal(card_keys_from_id("123456", &k), CARD_OK);
    assert_string_equal(k.can, "123456");
    assert_int_equal(card_keys_from_id("12345", &k), CARD_E_ARG);
    assert_int_equal(card_keys_from_id("00109901234x", &k), CARD_E_ARG);
    assert_int_equal(card_keys_from_mrz("099012345", "990201", "390201", &k), CARD_OK);
    assert_string_equal(k.doc_number, "099012345");
    assert_int_equal(k.n_expiry, 1);
    assert_string_equal(k.expiry[0], "390201");
    assert_int_equal(card_keys_from_mrz("0990 2345", "990201", "390201", &k), CARD_E_ARG);
    assert_int_equal(card_keys_from_mrz("099012345", "9902", "390201", &k), CARD_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_examples),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_bad_qr),
        cmocka_unit_test(test_id_and_mrz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
