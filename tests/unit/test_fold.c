/* test_fold: Vietnamese folding, Telex repair and edit distance.
 *
 * The per-letter vectors in tests/data/catalog/fold_vectors.tsv come from
 * Python's unicodedata (an independent implementation of the decomposition);
 * the rest are hand-made cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fold.h"
#include "text.h"

static void check_fold(const char *in, const char *want)
{
    char out[256];
    fold_str(in, out, sizeof out);
    if (strcmp(out, want))
        fail_msg("fold(\"%s\") = \"%s\", want \"%s\"", in, out, want);
}

static void test_fold_phrases(void **state)
{
    (void)state;
    check_fold("Đăng ký KHAI SINH", "dang ky khai sinh");
    check_fold("  Hộ tịch,   Chứng thực!  ", "ho tich chung thuc");
    check_fold("Đăng ký, quản lý cư trú", "dang ky quan ly cu tru");
    check_fold("ĐƯỜNG Ưu ơi Ở", "duong uu oi o");
    check_fold("thẻ căn cước 14 tuổi", "the can cuoc 14 tuoi");
    check_fold("", "");
    check_fold("...", "");
    /* Decomposed input (a keyboard that sends base + combining marks). */
    check_fold("Đa\xcc\x80ng ky\xcc\x81", "dang ky");
    check_fold("o\xcc\x9b\xcc\x80", "o");           /* o + horn + grave = ờ */
    /* Other scripts stay as they are (lower-cased). */
    check_fold("ខ្មែរ", "ខ្មែរ");
}

static void test_fold_vectors(void **state)
{
    (void)state;
    FILE *fp = fopen(KIOSK_SOURCE_DIR "/tests/data/catalog/fold_vectors.tsv", "r");
    assert_non_null(fp);
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        unsigned cp;
        char want[8];
        if (sscanf(line, "%x\t%7s", &cp, want) != 2)
            continue;
        uint32_t got = fold_codepoint(cp);
        if (got != (uint32_t)want[0] || want[1])
            fail_msg("U+%04X folds to U+%04X, want '%s'", cp, got, want);
        n++;
    }
    fclose(fp);
    assert_true(n >= 300);   /* Latin-1, Extended-A/B and every Vietnamese letter */
    /* The letters Vietnamese needs, spot-checked by hand too. */
    assert_int_equal(fold_codepoint(0x0111), 'd');      /* đ */
    assert_int_equal(fold_codepoint(0x0110), 'd');      /* Đ */
    assert_int_equal(fold_codepoint(0x1EAD), 'a');      /* ậ */
    assert_int_equal(fold_codepoint(0x1EF9), 'y');      /* ỹ */
    assert_int_equal(fold_codepoint(0x01B0), 'u');      /* ư */
    assert_int_equal(fold_codepoint(0x0301), 0);        /* combining acute */
    assert_int_equal(fold_codepoint(','), ' ');
}

static void test_fold_invalid_and_truncation(void **state)
{
    (void)state;
    char out[16];
    fold_text("ab\xff\xfe" "cd", 6, out, sizeof out);
    assert_string_equal(out, "abcd");
    /* A small buffer never splits a character and is always terminated. */
    char small[6];
    size_t n = fold_str("ខ្មែរ", small, sizeof small);
    assert_true(n < sizeof small);
    assert_true(text_utf8_valid(small, strlen(small)));
    char one[1];
    assert_int_equal(fold_str("abc", one, sizeof one), 0);
    assert_string_equal(one, "");
}

static void test_tokens(void **state)
{
    (void)state;
    fold_token t[4];
    int n = fold_tokens("dang ky  khai sinh luu dong", t, 4);
    assert_int_equal(n, 4);
    assert_int_equal(t[0].len, 4);
    assert_memory_equal(t[3].start, "sinh", 4);
    assert_int_equal(fold_tokens("", t, 4), 0);
}

static void check_telex(const char *in, const char *want, int changed)
{
    char out[64];
    int c = fold_telex(in, strlen(in), out, sizeof out);
    if (strcmp(out, want) || c != changed)
        fail_msg("telex(\"%s\") = \"%s\" (%d), want \"%s\" (%d)", in, out, c, want, changed);
}

static void test_telex(void **state)
{
    (void)state;
    check_telex("ddawng", "dang", 1);      /* đăng */
    check_telex("kys", "ky", 1);           /* ký */
    check_telex("sinhf", "sinh", 1);       /* sinh + huyền left over */
    check_telex("truwowngf", "truong", 1); /* trường */
    check_telex("hoon", "hon", 1);         /* hôn */
    check_telex("chuwngs", "chung", 1);    /* chứng */
    check_telex("thuwcj", "thuc", 1);      /* thực */
    check_telex("tw", "tu", 1);            /* tư typed t-w */
    check_telex("tru", "tru", 0);          /* tr is a consonant cluster */
    check_telex("sinh", "sinh", 0);        /* s at the start is a consonant */
    check_telex("xa", "xa", 0);
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(fold_distance("thuong", 6, "thuong", 6, 1), 0);
    assert_int_equal(fold_distance("thuogn", 6, "thuong", 6, 1), 1);   /* transposition */
    assert_int_equal(fold_distance("thuongg", 7, "thuong", 6, 1), 1);  /* insertion */
    assert_int_equal(fold_distance("thung", 5, "thuong", 6, 1), 1);    /* deletion */
    assert_int_equal(fold_distance("chunk", 5, "chung", 5, 1), 1);     /* substitution */
    assert_int_equal(fold_distance("kitten", 6, "sitting", 7, 3), 3);
    assert_int_equal(fold_distance("kitten", 6, "sitting", 7, 1), 2);  /* capped at max + 1 */
    assert_int_equal(fold_distance("abc", 3, "abcdef", 6, 1), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_phrases),
        cmocka_unit_test(test_fold_vectors),
        cmocka_unit_test(test_fold_invalid_and_truncation),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_telex),
        cmocka_unit_test(test_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
