/* Unit tests for core/vnkey: tone placement as Vietnamese spelling puts it,
 * and Telex / VNI typing of common words (expected spellings from the
 * dictionary, not from our output). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "vnkey.h"

static void telex(const char *keys, const char *expected)
{
    char buf[128] = "";
    for (const char *k = keys; *k; k++)
        assert_true(vn_telex_feed(buf, sizeof buf, *k));
    assert_string_equal(buf, expected);
}

static void vni(const char *keys, const char *expected)
{
    char buf[128] = "";
    for (const char *k = keys; *k; k++)
        assert_true(vn_vni_feed(buf, sizeof buf, *k));
    assert_string_equal(buf, expected);
}

static void test_telex_words(void **state)
{
    (void)state;
    telex("Vieejt Nam", "Việt Nam");
    telex("nguoiwf", "người");
    telex("ddawng kys khai sinh", "đăng ký khai sinh");
    telex("Nguyeenx Vawn An", "Nguyễn Văn An");
    telex("hoaf", "hòa");           /* old style: tone on the first vowel of an open pair */
    telex("toans", "toán");         /* closed syllable: tone on the last vowel */
    telex("quas", "quá");           /* qu is a consonant */
    telex("giaf", "già");           /* gi is a consonant */
    telex("khuyeens", "khuyến");    /* ê takes the tone */
    telex("ngoaif", "ngoài");       /* three vowels: the middle one */
    telex("chuwngs thuwcj", "chứng thực");
    telex("thur tucj", "thủ tục");
    telex("hooj tichj", "hộ tịch");
    telex("cuw trus", "cư trú");
    telex("ass", "as");             /* a tone key twice types the letter */
    telex("tieengs", "tiếng");
    telex("w", "ư");
}

static void test_vni_words(void **state)
{
    (void)state;
    vni("Vie65t Nam", "Việt Nam");
    vni("ngu7o72i", "người");
    vni("d9a8ng ky1", "đăng ký");
    vni("Nguye64n", "Nguyễn");
}

static void test_simple_mode(void **state)
{
    (void)state;
    char buf[64] = "Nguyên";
    assert_true(vn_apply_tone(buf, sizeof buf, VN_TONE_TILDE));
    assert_string_equal(buf, "Nguyễn");
    /* Changing the tone replaces it. */
    assert_true(vn_apply_tone(buf, sizeof buf, VN_TONE_ACUTE));
    assert_string_equal(buf, "Nguyến");
    assert_true(vn_apply_tone(buf, sizeof buf, VN_TONE_NONE));
    assert_string_equal(buf, "Nguyên");
    /* Only the last syllable is touched. */
    char two[64] = "Trần Thi";
    assert_true(vn_apply_tone(two, sizeof two, VN_TONE_DOT));
    assert_string_equal(two, "Trần Thị");
    /* No vowel: nothing to do. */
    char none[8] = "nh";
    assert_false(vn_apply_tone(none, sizeof none, VN_TONE_ACUTE));
    /* Marks keep the tone. */
    char m[16] = "tá";
    assert_true(vn_apply_mark(m, sizeof m, VN_MARK_BREVE));
    assert_string_equal(m, "tắ");
}

static void test_decompose(void **state)
{
    (void)state;
    unsigned base;
    vn_tone tone;
    assert_true(vn_decompose(0x1EC5, &base, &tone)); /* ễ */
    assert_int_equal(base, 0xEA);
    assert_int_equal(tone, VN_TONE_TILDE);
    assert_true(vn_decompose(0x1EE8, &base, &tone)); /* Ứ */
    assert_int_equal(base, 0x1AF);
    assert_int_equal(tone, VN_TONE_ACUTE);
    assert_false(vn_decompose('b', &base, &tone));
}

static void test_full_buffer(void **state)
{
    (void)state;
    char buf[3] = "ab";
    assert_false(vn_telex_feed(buf, sizeof buf, 'c'));
    assert_string_equal(buf, "ab");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_telex_words),  cmocka_unit_test(test_vni_words),
        cmocka_unit_test(test_simple_mode),  cmocka_unit_test(test_decompose),
        cmocka_unit_test(test_full_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
