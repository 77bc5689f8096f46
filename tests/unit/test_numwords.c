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

static int check_table(const char *path, int (*speak)(numwords *, uint64_t))
{
    FILE *f = fopen(path, "r");
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
        assert_int_equal(speak(&w, n), 0);
        char out[1024];
        assert_int_equal(numwords_join(&w, out, sizeof out), 0);
        if (strcmp(out, tab + 1) != 0)
            fail_msg("%s: got \"%s\", expected \"%s\"", line, out, tab + 1);
        rows++;
    }
    fclose(f);
    return rows;
}

static void test_table(void **state)
{
    (void)state;
    assert_true(check_table(KIOSK_SOURCE_DIR "/tests/data/i18n/numbers-vi.tsv", numwords_number) >= 50);
}

static void test_english(void **state)
{
    (void)state;
    assert_true(check_table(KIOSK_SOURCE_DIR "/tests/data/i18n/numbers-en.tsv", numwords_en_number) >= 25);
    numwords w;
    numwords_clear(&w);
    assert_int_equal(numwords_date_for(&w, "en", 22, 11, 2026), 0);
    expect_words(&w, "twenty two November two thousand and twenty six");
    numwords_clear(&w);
    assert_int_equal(numwords_date_for(&w, "en", 0, 11, 2026), -1);
    assert_int_equal(numwords_amount_for(&w, "en", 50000), 0);
    expect_words(&w, "fifty thousand dong");
    numwords_clear(&w);
    assert_int_equal(numwords_queue_for(&w, "en", 24), 0);
    expect_words(&w, "number twenty four");
    numwords_clear(&w);
    assert_int_equal(numwords_digits_for(&w, "en", "907"), 0);
    expect_words(&w, "nine zero seven");
    /* Any other language: Vietnamese words. */
    numwords_clear(&w);
    assert_int_equal(numwords_queue_for(&w, "hmn", 24), 0);
    expect_words(&w, "số hai mươi tư");
    numwords_clear(&w);
    assert_int_equal(numwords_number_for(&w, NULL, 15), 0);
    expect_words(&w, "mười lăm");
    numwords_clear(&w);
    assert_int_equal(numwords_amount_for(&w, "km", 5), 0);
    assert_int_equal(numwords_date_for(&w, "vi", 1, 1, 2000), 0);
    assert_int_equal(numwords_digits_for(&w, "vi", "1"), 0);
    expect_words(&w, "năm đồng ngày mồng một tháng một năm hai nghìn một");
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

static void check_clip_list(const char *path, const char *const *ids, int expected)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char tsv[8192];
    size_t n = fread(tsv, 1, sizeof tsv - 1, f);
    tsv[n] = '\0';
    fclose(f);
    int count = 0;
    for (const char *const *id = ids; *id; id++, count++) {
        const char *text = numwords_text(*id);
        assert_non_null(text);
        char want[128];
        snprintf(want, sizeof want, "\n%s\t%s\t", *id, text);
        if (!strstr(tsv, want))
            fail_msg("%s lacks the line for %s (%s)", path, *id, text);
    }
    assert_int_equal(count, expected);
}

static void test_clip_list(void **state)
{
    (void)state;
    check_clip_list(KIOSK_SOURCE_DIR "/assets/audio/words.tsv", numwords_all_ids(), 51);
    check_clip_list(KIOSK_SOURCE_DIR "/assets/audio/words-en.tsv", numwords_en_all_ids(), 76);
    assert_null(numwords_text("n_nope"));
    assert_null(numwords_text(NULL));
}

/* Queue numbers as printed by kioskd ("HT-007", priority "HT-U008"): the
 * letters by their Vietnamese names (as taught in school: hát, tê, u), the
 * digits as one number. Expected words written by hand. */
static void test_tickets(void **state)
{
    (void)state;
    static const struct {
        const char *number, *vi, *en;
    } cases[] = {
        { "HT-007", "số hát tê bảy", "number H T seven" },
        { "HT-U008", "số hát tê u tám", "number H T U eight" },
        { "CT-021", "số xê tê hai mươi mốt", "number C T twenty one" },
        { "DD-105", "số dê dê một trăm linh năm", "number D D one hundred and five" },
        { "KH-015", "số ca hát mười lăm", "number K H fifteen" },
        { "A12B3", "số a mười hai bê ba", "number A twelve B three" },
        { "cr-1000", "số xê e rờ một nghìn", "number C R one thousand" },
        { "42", "số bốn mươi hai", "number forty two" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        numwords w;
        numwords_clear(&w);
        assert_int_equal(numwords_ticket_for(&w, "vi", cases[i].number), 0);
        expect_words(&w, cases[i].vi);
        numwords_clear(&w);
        assert_int_equal(numwords_ticket_for(&w, "hmn", cases[i].number), 0); /* Vietnamese clips */
        expect_words(&w, cases[i].vi);
        numwords_clear(&w);
        assert_int_equal(numwords_ticket_for(&w, "en", cases[i].number), 0);
        expect_words(&w, cases[i].en);
    }
    numwords w;
    numwords_clear(&w);
    assert_int_equal(numwords_ticket(&w, "-"), -1);
    numwords_clear(&w);
    assert_int_equal(numwords_ticket(&w, NULL), -1);
    numwords_clear(&w);
    assert_int_equal(numwords_ticket(&w, "99999999999999999999999"), -1); /* over uint64 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_tickets),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_dates_amounts),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_clip_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
