/* test_search: the query table (tests/data/catalog/queries.tsv) against the
 * compiled catalog, typing letter by letter, and the ranking rules on a small
 * hand-made index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "search.h"

static catalog *cat;
static search_index *ix;

static int setup(void **state)
{
    (void)state;
    catalog_error err = { { 0 } };
    cat = catalog_open(CATALOG_DB, &err);
    if (!cat)
        fail_msg("%s", err.msg);
    ix = search_open(cat, &err);
    if (!ix)
        fail_msg("%s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    search_close(ix);
    catalog_close(cat);
    return 0;
}

static void test_query_table(void **state)
{
    (void)state;
    FILE *fp = fopen(KIOSK_SOURCE_DIR "/tests/data/catalog/queries.tsv", "r");
    assert_non_null(fp);
    char line[512];
    int n = 0, failed = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *want = tab + 1;
        search_result r[5];
        int k = search_query(ix, line, r, 5);
        n++;
        if (k == 0 || strcmp(r[0].code, want)) {
            char ex[256];
            search_explain(ix, line, ex, sizeof ex);
            print_error("query \"%s\" (%s): first %s, want %s\n", line, ex, k ? r[0].code : "none",
                        want);
            failed++;
        }
    }
    fclose(fp);
    assert_true(n >= 40);
    assert_int_equal(failed, 0);
}

/* The posting-list scorer agrees with the plain scan, result for result, on every
 * keystroke of every query of the table. */
static void test_postings_match_scan(void **state)
{
    (void)state;
    FILE *fp = fopen(KIOSK_SOURCE_DIR "/tests/data/catalog/queries.tsv", "r");
    assert_non_null(fp);
    char line[512], prefix[512];
    int compared = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\t\r\n")] = '\0';
        for (size_t i = 1; i <= strlen(line); i++) {
            memcpy(prefix, line, i);
            prefix[i] = '\0';
            search_result a[20], b[20];
            search_set_reference_scan(ix, 0);
            int na = search_query(ix, prefix, a, 20);
            search_set_reference_scan(ix, 1);
            int nb = search_query(ix, prefix, b, 20);
            search_set_reference_scan(ix, 0);
            if (na != nb)
                fail_msg("\"%s\": %d results by postings, %d by scan", prefix, na, nb);
            for (int k = 0; k < na; k++)
                if (strcmp(a[k].code, b[k].code) || a[k].score != b[k].score || a[k].tier != b[k].tier)
                    fail_msg("\"%s\" #%d: %s/%ld by postings, %s/%ld by scan", prefix, k, a[k].code,
                             a[k].score, b[k].code, b[k].score);
            compared++;
        }
    }
    fclose(fp);
    assert_true(compared > 500);
}

static void test_typing_letter_by_letter(void **state)
{
    (void)state;
    const char *full = "dang ky khai sinh";
    char prefix[64];
    search_result r[10];
    for (size_t i = 1; i <= strlen(full); i++) {
        memcpy(prefix, full, i);
        prefix[i] = '\0';
        int k = search_query(ix, prefix, r, 10);
        if (k == 0)
            fail_msg("no result while typing \"%s\"", prefix);
    }
    assert_string_equal(r[0].code, "1.001193");
    assert_int_equal(r[0].tier, SEARCH_TIER_NAME);
}

static void test_codes_and_links(void **state)
{
    (void)state;
    search_result r[10];
    assert_int_equal(search_query(ix, "1.004873", r, 10), 1);
    assert_int_equal(r[0].tier, SEARCH_TIER_CODE);
    assert_int_equal(search_query(ix, "9.999999", r, 10), 0);
    assert_int_equal(search_query(ix, "x?ma_thu_tuc=2.000884&lang=vi", r, 10), 1);
    assert_string_equal(r[0].code, "2.000884");
    int k = search_query(ix, "2.0008", r, 10);
    assert_true(k >= 3);
    for (int i = 0; i < k; i++)
        assert_memory_equal(r[i].code, "2.0008", 6);
    assert_int_equal(search_query(ix, "", r, 10), 0);
    assert_int_equal(search_query(ix, "   ", r, 10), 0);
    assert_int_equal(search_query(ix, "zzzzqqq", r, 10), 0);
}

static void test_explain(void **state)
{
    (void)state;
    char ex[128];
    search_explain(ix, "ddawng kys", ex, sizeof ex);
    assert_string_equal(ex, "dang* ky*");
    search_explain(ix, "lam so ho khau", ex, sizeof ex);
    assert_string_equal(ex, "[lam] dang ky thuong tru");
}

/* Ranking rules on a tiny index where the answer is known by construction. */
static void test_tiers(void **state)
{
    (void)state;
    search_index *t = search_new();
    assert_non_null(t);
    search_result none[2];
    assert_int_equal(search_query(t, "dang ky", none, 2), 0);     /* empty index */
    assert_int_equal(search_query(t, "1.001193", none, 2), 0);
    assert_int_equal(search_add(t, "1.000003", "Cấp giấy khác", "tóm tắt", "", "Ngựa vằn", 0), 0);
    assert_int_equal(search_add(t, "1.000002", "Cấp giấy", "nói về ngựa vằn", "", "Khác", 0), 0);
    assert_int_equal(search_add(t, "1.000001", "Đăng ký ngựa vằn", "tóm tắt", "", "Khác", 0), 0);
    assert_int_equal(search_add(t, "1.000004", "Đăng ký ngựa vằn lưu động ở xa", "", "", "Khác", 0), 0);
    assert_int_equal(search_add(t, "bad", "x", "", "", "", 0), -1);
    search_result r[10];
    int k = search_query(t, "ngua van", r, 10);
    assert_int_equal(k, 4);
    assert_string_equal(r[0].code, "1.000001");   /* name, fewest extra words */
    assert_string_equal(r[1].code, "1.000004");   /* name */
    assert_string_equal(r[2].code, "1.000002");   /* summary */
    assert_string_equal(r[3].code, "1.000003");   /* field */
    assert_int_equal(r[0].tier, SEARCH_TIER_NAME);
    assert_int_equal(r[2].tier, SEARCH_TIER_SUMMARY);
    assert_int_equal(r[3].tier, SEARCH_TIER_FIELD);
    /* A typo is forgiven only in words of 5 letters or more. */
    assert_int_equal(search_add(t, "1.000005", "Thường trú sinh", "", "", "", 0), 0);
    assert_true(search_query(t, "thuogn", r, 10) >= 1);
    assert_string_equal(r[0].code, "1.000005");
    assert_int_equal(search_query(t, "snih", r, 10), 0);
    /* The weight orders within a tier, never across tiers. */
    assert_int_equal(search_add(t, "1.000006", "Mèo", "", "", "", 0), 0);
    assert_int_equal(search_add(t, "1.000007", "Mèo", "", "", "", 9), 0);
    assert_int_equal(search_add(t, "1.000008", "Khác", "mèo", "", "", 9), 0);
    k = search_query(t, "meo", r, 10);
    assert_int_equal(k, 3);
    assert_string_equal(r[0].code, "1.000007");
    assert_string_equal(r[1].code, "1.000006");
    assert_string_equal(r[2].code, "1.000008");
    /* A synonym rewrites the phrase; a stopword is optional. */
    assert_int_equal(search_add_synonym(t, "sổ hộ khẩu", "thường trú"), 0);
    assert_int_equal(search_add_stopword(t, "làm"), 0);
    k = search_query(t, "lam so ho khau", r, 10);
    assert_true(k >= 1);
    assert_string_equal(r[0].code, "1.000005");
    /* The reference scan ranks the tiny index the same way. */
    search_set_reference_scan(t, 1);
    k = search_query(t, "ngua van", r, 10);
    assert_int_equal(k, 4);
    assert_string_equal(r[0].code, "1.000001");
    assert_string_equal(r[3].code, "1.000003");
    search_set_reference_scan(t, 0);
    /* max bounds the results and keeps the best. */
    k = search_query(t, "ngua van", r, 1);
    assert_int_equal(k, 1);
    assert_string_equal(r[0].code, "1.000001");
    search_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_table),
        cmocka_unit_test(test_postings_match_scan),
        cmocka_unit_test(test_typing_letter_by_letter),
        cmocka_unit_test(test_codes_and_links),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_tiers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
