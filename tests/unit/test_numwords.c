/* Tests for numwords: the table of numbers in tests/data/i18n/numbers-vi.tsv
 * (written by hand from the grammar rules), dates, amounts, queue numbers,
 * digit strings, list overflow, and that every clip ID has a line in
 * assets/audio/words.tsv (so the audio build makes a clip for it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "numwords.h"

static void expect_words(const numwords *w, const char *expected)
{
    char out[1024];
    assert_int_equal(numwords_join(w, out, sizeof out), 0);
    if (strcmp(out, expected) != 0)
        fail_msg("got \"%s\", expected \"%s\"", out, expected);
}

static void test_table(void **state)
{
    (void)state;
    FILE *f = fopen(KIOSK_SOURCE_DIR "/tests/data/i18n/numbers-vi.tsv", "r");
    assert_non_null(f);
    char line[512];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        uint64_t n = strtoull(line, NULL, 10);
        numwords w;
        numwords_clear(&w);
        assert_int_equal(numwords_number(&w, n), 0);
        char out[1024];
        assert_int_equal(numwords_join(&w, out, sizeof out), 0);
        if (strcmp(out, tab + 1) != 0)
            fail_msg("%s: got \"%s\", expected \"%s\"", line, out, tab + 1);
        rows++;
    }
    fclose(f);
    assert_true(rows >= 50);
}

static void test_dates_amounts(void **state)
{
    (void)state;
    numwords w;
    numwords_clear(&w);
    assert_int_equal(numwords_date(&w, 22, 11, 2026), 0);
    expect_words(&w, "ngày hai mươi hai tháng mười một năm hai nghìn không trăm hai mươi sáu");
    numwords_clear(&w);
    assert_int_equal(numwords_date(&w, 5, 4, 2025), 0);
    expect_words(&w, "ngày mồng năm tháng tư năm hai nghìn không trăm hai mươi lăm");
    numwords_clear(&w);
    assert_int_equal(numwords_date(&w, 31, 12, 1999), 0);
    expect_words(&w, "ngày ba mươi mốt tháng mười hai năm một nghìn chín trăm chín mươi chín");
    numwords_clear(&w);
    assert_int_equal(numwords_date(&w, 10, 1, 2000), 0);
    expect_words(&w, "ngày mồng mười tháng một năm hai nghìn");
    numwords_clear(&w);
    assert_int_equal(numwords_date(&w, 0, 1, 2000), -1);
    assert_int_equal(numwords_date(&w, 1, 13, 2000), -1);
    assert_int_equal(numwords_date(&w, 32, 1, 2000), -1);
    assert_int_equal(numwords_date(&w, 1, 1, 0), -1);
    assert_int_equal(w.count, 0);

    numwords_clear(&w);
    assert_int_equal(numwords_amount(&w, 50000), 0);
    expect_words(&w, "năm mươi nghìn đồng");
    numwords_clear(&w);
    assert_int_equal(numwords_amount(&w, 0), 0);
    expect_words(&w, "không đồng");
    numwords_clear(&w);
    assert_int_equal(numwords_amount(&w, 1250500), 0);
    expect_words(&w, "một triệu hai trăm năm mươi nghìn năm trăm đồng");

    numwords_clear(&w);
    assert_int_equal(numwords_queue(&w, 24), 0);
    expect_words(&w, "số hai mươi tư");
    numwords_clear(&w);
    assert_int_equal(numwords_digits(&w, "H-0415"), 0);
    expect_words(&w, "không bốn một năm");
    /* A prompt ID mixed in is joined as is. */
    numwords_clear(&w);
    numwords_push(&w, "queue_call");
    numwords_number(&w, 7);
    expect_words(&w, "queue_call bảy");
}

static void test_limits(void **state)
{
    (void)state;
    numwords w;
    numwords_clear(&w);
    /* The largest value: every unit, and no overflow of the list. */
    assert_int_equal(numwords_number(&w, UINT64_MAX), 0);
    expect_words(&w, "mười tám tỷ bốn trăm bốn mươi sáu triệu bảy trăm bốn mươi tư nghìn "
                     "không trăm bảy mươi ba tỷ bảy trăm linh chín triệu năm trăm năm mươi mốt "
                     "nghìn sáu trăm mười lăm");
    /* Overflow is reported, not written past the array. */
    numwords_clear(&w);
    int rc = 0;
    for (int i = 0; i < 10 && rc == 0; i++)
        rc = numwords_number(&w, UINT64_MAX);
    assert_int_equal(rc, -1);
    assert_int_equal(w.count, NUMWORDS_MAX);
    /* join: too small a buffer gives an empty string and -1. */
    numwords_clear(&w);
    numwords_number(&w, 21);
    char small[8];
    assert_int_equal(numwords_join(&w, small, sizeof small), -1);
    assert_string_equal(small, "");
    char exact[sizeof "hai mươi mốt"];
    assert_int_equal(numwords_join(&w, exact, sizeof exact), 0);
    assert_string_equal(exact, "hai mươi mốt");
    assert_int_equal(numwords_join(&w, exact, sizeof exact - 1), -1);
}

static void test_clip_list(void **state)
{
    (void)state;
    FILE *f = fopen(KIOSK_SOURCE_DIR "/assets/audio/words.tsv", "r");
    assert_non_null(f);
    char tsv[8192];
    size_t n = fread(tsv, 1, sizeof tsv - 1, f);
    tsv[n] = '\0';
    fclose(f);
    int count = 0;
    for (const char *const *id = numwords_all_ids(); *id; id++, count++) {
        const char *text = numwords_text(*id);
        assert_non_null(text);
        char want[128];
        snprintf(want, sizeof want, "\n%s\t%s\t", *id, text);
        if (!strstr(tsv, want))
            fail_msg("assets/audio/words.tsv lacks the line for %s (%s)", *id, text);
    }
    assert_int_equal(count, 25);
    assert_null(numwords_text("n_nope"));
    assert_null(numwords_text(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_dates_amounts),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_clip_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
