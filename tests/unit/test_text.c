/* Unit tests for core/text: UTF-8 validation against the RFC 3629 /
 * Markus Kuhn stress cases, and NFC against Unicode's own examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text.h"

static void test_valid(void **state)
{
    (void)state;
    static const char *const good[] = { "", "abc", "Nguyễn Văn An", "ភាសាខ្មែរ", "\xF0\x9F\x98\x80",
                                        "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(text_utf8_valid(good[i], strlen(good[i])));
    static const char *const bad[] = {
        "\x80",             /* lone continuation */
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong, 3 bytes */
        "\xED\xA0\x80",     /* surrogate D800 */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF8\x88\x80\x80\x80",
        "\xE1\xBB",         /* truncated */
        "\xFE",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(text_utf8_valid(bad[i], strlen(bad[i])));
}

static void test_decode_encode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(text_utf8_decode("\xE1\xBB\x85", 3, &cp), 3);
    assert_int_equal(cp, 0x1EC5); /* ễ */
    char buf[4];
    assert_int_equal(text_utf8_encode(0x1EC5, buf), 3);
    assert_memory_equal(buf, "\xE1\xBB\x85", 3);
    assert_int_equal(text_utf8_encode(0xD800, buf), 0);
    assert_int_equal(text_utf8_encode(0x110000, buf), 0);
    assert_int_equal(text_utf8_length("Việt"), 4);
}

static void test_nfc(void **state)
{
    (void)state;
    char out[64];
    /* "ễ" decomposed: e + U+0302 circumflex + U+0303 tilde -> U+1EC5. */
    assert_int_equal(text_to_nfc("e\xCC\x82\xCC\x83", 5, out, sizeof out), 0);
    assert_string_equal(out, "\xE1\xBB\x85");
    /* Order of marks matters: e + tilde + circumflex is not ễ (canonical order keeps both). */
    assert_int_equal(text_to_nfc("e\xCC\x83\xCC\x82", 5, out, sizeof out), 0);
    assert_string_equal(out, "\xE1\xBA\xBD\xCC\x82");
    /* Ê Đê ê̆ has no precomposed form: ê + U+0306 stays two code points. */
    assert_int_equal(text_to_nfc("e\xCC\x82\xCC\x86", 5, out, sizeof out), 0);
    assert_string_equal(out, "\xC3\xAA\xCC\x86");
    /* Invalid input and too small a buffer are errors, not truncation. */
    assert_int_equal(text_to_nfc("\xC0\xAF", 2, out, sizeof out), -1);
    assert_int_equal(text_to_nfc("Nguyễn Văn An", strlen("Nguyễn Văn An"), out, 5), -1);
}

static void test_copy_pop(void **state)
{
    (void)state;
    char out[6];
    assert_false(text_copy(out, sizeof out, "Việt Nam")); /* V i ệ(3) t = 6 bytes: no room */
    assert_string_equal(out, "Việ");
    char s[16] = "Việ";
    text_pop_codepoint(s);
    assert_string_equal(s, "Vi");
    text_pop_codepoint(s);
    text_pop_codepoint(s);
    text_pop_codepoint(s);
    assert_string_equal(s, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_decode_encode),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_copy_pop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
