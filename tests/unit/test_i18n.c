/* Tests for i18n: fallback chain, language switching, plural forms, contexts,
 * and the languages list. The catalogs are compiled from tests/data/i18n/ PO files
 * by GNU msgfmt at build time (an independent implementation of the MO
 * writer), into KIOSK_BINARY_DIR/tests/data/i18n. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "form.h"
#include "i18n.h"
#include "i18n_plural.h"
#include "log.h"

#define TEST_MO_DIR KIOSK_BINARY_DIR "/tests/data/i18n"
#define ASSET_MO_DIR KIOSK_ASSETS_OUT "/i18n"

static int setup(void **state)
{
    (void)state;
    log_set_quiet(1);
    return i18n_init(TEST_MO_DIR);
}

static int teardown(void **state)
{
    (void)state;
    i18n_shutdown();
    return 0;
}

static void test_before_init(void **state)
{
    (void)state;
    i18n_shutdown();
    assert_string_equal(i18n_language(), "vi");
    assert_string_equal(_("Tiếp tục"), "Tiếp tục");
    assert_int_equal(i18n_set_language("en"), -1);
    assert_int_equal(i18n_set_language("vi"), 0);
    assert_int_equal(i18n_language_count(), 1);
    assert_string_equal(i18n_language_at(0)->code, "vi");
    assert_string_equal(i18n_nget("một", "nhiều", 1), "một");
    assert_string_equal(i18n_nget("một", "nhiều", 3), "nhiều");
    /* A bad line in languages.ini is skipped, the rest is kept. */
    {
        char dir[] = "/tmp/kiosk-i18n-test-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char p[64];
        snprintf(p, sizeof p, "%s/languages.ini", dir);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs("[vi]\nname = Tiếng Việt\nthis line is wrong\n[en]\nname = English\n"
              "[../en]\nname = Escapes the folder\n[a b]\nname = Space\n", f);
        fclose(f);
        assert_int_equal(i18n_init(dir), 0);
        assert_int_equal(i18n_language_count(), 2);
        assert_int_equal(i18n_set_language("en"), 0);
        assert_false(i18n_language_find("en")->has_catalog);
        assert_string_equal(_("Quay lại"), "Quay lại");
        i18n_shutdown();
        remove(p);
        rmdir(dir);
    }
    /* A missing directory is an error and leaves Vietnamese working. */
    assert_int_equal(i18n_init(TEST_MO_DIR "/no-such-dir"), -1);
    assert_string_equal(_("Quay lại"), "Quay lại");
    assert_int_equal(i18n_init(TEST_MO_DIR), 0);
}

static void test_languages_list(void **state)
{
    (void)state;
    assert_int_equal(i18n_language_count(), 7);
    const char *order[] = { "vi", "en", "xx", "pl", "c1", "c2", "nomo" };
    for (int i = 0; i < 7; i++)
        assert_string_equal(i18n_language_at(i)->code, order[i]);
    assert_null(i18n_language_at(7));
    assert_null(i18n_language_at(-1));
    const i18n_lang_info *xx = i18n_language_find("xx");
    assert_non_null(xx);
    assert_string_equal(xx->name, "Xx Lang");
    assert_string_equal(xx->name_vi, "Tiếng Xx");
    assert_string_equal(xx->script, "Khmr");
    assert_string_equal(xx->font, "Noto Sans Khmer");
    assert_string_equal(xx->fallback, "en");
    assert_string_equal(xx->speech, "vi");
    assert_true(xx->draft);
    assert_true(xx->has_catalog);
    const i18n_lang_info *en = i18n_language_find("en");
    assert_false(en->draft);
    assert_string_equal(en->script, "Latn");
    assert_false(i18n_language_find("nomo")->has_catalog);
    assert_null(i18n_language_find("zz"));
    /* name_vi defaults to name, script to Latn. */
    assert_string_equal(i18n_language_find("c1")->name_vi, "Cycle one");
    assert_string_equal(i18n_language_find("c1")->script, "Latn");
}

static void test_switching(void **state)
{
    (void)state;
    assert_string_equal(i18n_language(), "vi");
    assert_string_equal(_("Tiếp tục"), "Tiếp tục");
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(_("Tiếp tục"), "Continue");
    /* Unknown code: refused, language unchanged. */
    assert_int_equal(i18n_set_language("zz"), -1);
    assert_int_equal(i18n_set_language(NULL), -1);
    assert_int_equal(i18n_set_language(""), -1);
    assert_string_equal(i18n_language(), "en");
    assert_int_equal(i18n_set_language("xx"), 0);
    assert_string_equal(_("Tiếp tục"), "Xx-continue");
    assert_string_equal(i18n_current()->code, "xx");
    /* End of visit: back to Vietnamese. */
    i18n_reset();
    assert_string_equal(i18n_language(), "vi");
    assert_string_equal(_("Tiếp tục"), "Tiếp tục");
}

static void test_fallback_chain(void **state)
{
    (void)state;
    assert_int_equal(i18n_set_language("xx"), 0);
    assert_string_equal(_("Tiếp tục"), "Xx-continue");      /* own catalog */
    assert_string_equal(_("Quay lại"), "Back");              /* from en */
    assert_string_equal(_("Chỉ có tiếng Anh"), "English only");
    assert_string_equal(_("Không có ở đâu"), "Không có ở đâu"); /* Vietnamese ID */
    assert_string_equal(_("Chưa dịch"), "Chưa dịch");        /* empty msgstr */
    assert_string_equal(_("Bản dịch mờ"), "Bản dịch mờ");    /* fuzzy not compiled */
    assert_string_equal(_(""), "");
    /* A listed language without a catalog falls back along its chain. */
    assert_int_equal(i18n_set_language("nomo"), 0);
    assert_string_equal(_("Quay lại"), "Back");
    /* A cycle c1 -> c2 -> c1 ends at the Vietnamese ID. */
    assert_int_equal(i18n_set_language("c1"), 0);
    assert_string_equal(_("Tiếp tục"), "C1-continue");
    assert_string_equal(_("Quay lại"), "C2-back");
    assert_string_equal(_("Chỉ có tiếng Anh"), "Chỉ có tiếng Anh");
    /* Explicit language, independent of the current one. */
    assert_string_equal(i18n_get_in("en", "Quay lại"), "Back");
    assert_string_equal(i18n_get_in("vi", "Quay lại"), "Quay lại");
    assert_string_equal(i18n_get_in("zz", "Quay lại"), "Quay lại");
    /* i18n_has: own catalog only. */
    assert_true(i18n_has("xx", "Tiếp tục"));
    assert_false(i18n_has("xx", "Quay lại"));
    assert_true(i18n_has("vi", "Bất cứ gì"));
    assert_false(i18n_has("en", "Chưa dịch"));
    i18n_reset();
}

static void test_context(void **state)
{
    (void)state;
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(i18n_pget("1.001612/name", "Đăng ký khai sinh"), "Birth registration");
    /* The same msgid without its context, or with another, is not translated. */
    assert_string_equal(_("Đăng ký khai sinh"), "Đăng ký khai sinh");
    assert_string_equal(i18n_pget("1.000000/name", "Đăng ký khai sinh"), "Đăng ký khai sinh");
    /* A changed Vietnamese text is not matched by an old translation. */
    assert_string_equal(i18n_pget("1.001612/name", "Đăng ký khai sinh mới"),
                        "Đăng ký khai sinh mới");
    assert_string_equal(i18n_pget_in("xx", "1.001612/name", "Đăng ký khai sinh"),
                        "Birth registration");
    assert_string_equal(i18n_pget_in("vi", "1.001612/name", "Đăng ký khai sinh"),
                        "Đăng ký khai sinh");
    /* A long context goes through the heap path. */
    char ctx[700];
    memset(ctx, 'c', sizeof ctx - 1);
    ctx[sizeof ctx - 1] = '\0';
    assert_string_equal(i18n_pget(ctx, "Tiếp tục"), "Tiếp tục");
    i18n_reset();
}

static void test_plural_catalogs(void **state)
{
    (void)state;
    const char *s = "%lu hồ sơ", *p = "%lu hồ sơ (nhiều)";
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(i18n_nget(s, p, 1), "%lu application");
    assert_string_equal(i18n_nget(s, p, 0), "%lu applications");
    assert_string_equal(i18n_nget(s, p, 2), "%lu applications");
    assert_int_equal(i18n_set_language("xx"), 0);
    assert_string_equal(i18n_nget(s, p, 1), "%lu xx-files");
    assert_string_equal(i18n_nget(s, p, 7), "%lu xx-files");
    /* Polish: the three forms, values from the CLDR plural rules. */
    assert_int_equal(i18n_set_language("pl"), 0);
    static const struct { unsigned long n; const char *form; } pl[] = {
        { 1, "%lu plik" },    { 2, "%lu pliki" },   { 4, "%lu pliki" },   { 5, "%lu plików" },
        { 0, "%lu plików" },  { 12, "%lu plików" }, { 14, "%lu plików" }, { 22, "%lu pliki" },
        { 104, "%lu pliki" }, { 112, "%lu plików" }, { 1001, "%lu plików" }, { 1022, "%lu pliki" },
    };
    for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++)
        assert_string_equal(i18n_nget(s, p, pl[i].n), pl[i].form);
    /* Vietnamese: the source pair. */
    i18n_reset();
    assert_string_equal(i18n_nget(s, p, 1), s);
    assert_string_equal(i18n_nget(s, p, 2), p);
    /* Untranslated in the chain: gettext's rule on the source pair. */
    assert_int_equal(i18n_set_language("c1"), 0);
    assert_string_equal(i18n_nget(s, p, 1), s);
    assert_string_equal(i18n_nget(s, p, 3), p);
    i18n_reset();
}

/* Reference implementations in C of the rules, compared with the evaluator. */
static unsigned long rule_ru(unsigned long n)
{
    if (n % 10 == 1 && n % 100 != 11)
        return 0;
    if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20))
        return 1;
    return 2;
}

static unsigned long rule_ar(unsigned long n)
{
    if (n == 0) return 0;
    if (n == 1) return 1;
    if (n == 2) return 2;
    if (n % 100 >= 3 && n % 100 <= 10) return 3;
    if (n % 100 >= 11) return 4;
    return 5;
}

static void test_plural_eval(void **state)
{
    (void)state;
    const char *ru = "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2";
    const char *ar = "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5";
    for (unsigned long n = 0; n < 1200; n++) {
        unsigned long r;
        assert_int_equal(i18n_plural_eval(ru, n, &r), 0);
        assert_int_equal(r, rule_ru(n));
        assert_int_equal(i18n_plural_eval(ar, n, &r), 0);
        assert_int_equal(r, rule_ar(n));
        assert_int_equal(i18n_plural_eval("(n != 1)", n, &r), 0);
        assert_int_equal(r, n != 1);
        assert_int_equal(i18n_plural_eval("0", n, &r), 0);
        assert_int_equal(r, 0);
    }
    unsigned long r;
    /* Precedence and operators. */
    assert_int_equal(i18n_plural_eval("1 + 2 * 3", 0, &r), 0);
    assert_int_equal(r, 7);
    assert_int_equal(i18n_plural_eval("(1 + 2) * 3", 0, &r), 0);
    assert_int_equal(r, 9);
    assert_int_equal(i18n_plural_eval("!n", 0, &r), 0);
    assert_int_equal(r, 1);
    assert_int_equal(i18n_plural_eval("!!n", 5, &r), 0);
    assert_int_equal(r, 1);
    assert_int_equal(i18n_plural_eval("n - 1 - 1", 5, &r), 0);
    assert_int_equal(r, 3);
    assert_int_equal(i18n_plural_eval("n / 2 % 3", 10, &r), 0);
    assert_int_equal(r, 2);
    assert_int_equal(i18n_plural_eval("n <= 1 ? n >= 1 : 2", 1, &r), 0);
    assert_int_equal(r, 1);
    assert_int_equal(i18n_plural_eval("1 ? 0 ? 5 : 6 : 7", 0, &r), 0);
    assert_int_equal(r, 6);
    /* Errors: syntax, division by zero, nesting, overflow, stray input. */
    const char *bad[] = { "", "n = 1", "n ?", "n ? 1", "(n", "n)", "n +", "x", "n / 0",
                          "n % (n - n)", "1 2", "99999999999999999999999999", "n; x",
                          "n || ", "&& n", "n ! 1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(i18n_plural_eval(bad[i], 3, &r), -1);
    char deep[4096];
    memset(deep, '(', 2000);
    deep[2000] = 'n';
    memset(deep + 2001, ')', 2000);
    deep[4001] = '\0';
    assert_int_equal(i18n_plural_eval(deep, 1, &r), -1);
    memset(deep, '!', 3000);
    deep[3000] = 'n';
    deep[3001] = '\0';
    assert_int_equal(i18n_plural_eval(deep, 1, &r), -1);

    /* Header parsing. */
    i18n_plural p;
    assert_int_equal(i18n_plural_parse(&p, " nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"), 0);
    assert_int_equal(p.nplurals, 3);
    assert_int_equal(i18n_plural_select(&p, 22), 1);
    assert_int_equal(i18n_plural_parse(&p, "nplurals=1; plural=0;"), 0);
    assert_int_equal(i18n_plural_select(&p, 5), 0);
    /* Result out of range is clamped to form 0. */
    assert_int_equal(i18n_plural_parse(&p, "nplurals=2; plural=n;"), 0);
    assert_int_equal(i18n_plural_select(&p, 1), 1);
    assert_int_equal(i18n_plural_select(&p, 7), 0);
    assert_int_equal(i18n_plural_parse(&p, "nplurals=INTEGER; plural=EXPRESSION;"), -1);
    assert_int_equal(p.nplurals, 2); /* default restored */
    assert_int_equal(i18n_plural_parse(&p, "nplurals=0; plural=0;"), -1);
    assert_int_equal(i18n_plural_parse(&p, "nplurals=99; plural=0;"), -1);
    assert_int_equal(i18n_plural_parse(&p, "nplurals=2;"), -1);
    assert_int_equal(i18n_plural_from_header(&p, "Language: en\nContent-Type: text/plain\n"), 0);
    assert_int_equal(p.nplurals, 2);
    assert_int_equal(i18n_plural_from_header(&p, "Plural-Forms: nplurals=4; plural=n%4;\nX: y\n"), 0);
    assert_int_equal(p.nplurals, 4);
    assert_int_equal(i18n_plural_select(&p, 7), 3);
}

/* The shipped catalogs: every language listed, with a usable script tag,
 * minority languages marked draft with Vietnamese speech, English complete
 * for the foundation screens. */
static void test_shipped_catalogs(void **state)
{
    (void)state;
    assert_int_equal(i18n_init(ASSET_MO_DIR), 0);
    const char *need[] = { "vi", "en", "hmn", "km", "blt", "rad", "tyz" };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const i18n_lang_info *l = i18n_language_find(need[i]);
        assert_non_null(l);
        assert_true(strlen(l->name) > 0 && strlen(l->name_vi) > 0);
        assert_true(strcmp(l->script, "Latn") == 0 || strcmp(l->script, "Khmr") == 0 ||
                    strcmp(l->script, "Tavt") == 0 || strcmp(l->script, "Cham") == 0);
        bool minority = i >= 2;
        assert_int_equal(l->draft, minority);
        if (minority)
            assert_string_equal(l->speech, "vi");
        if (strcmp(need[i], "vi") != 0)
            assert_true(l->has_catalog);
    }
    assert_string_equal(i18n_language_find("km")->script, "Khmr");
    assert_string_equal(i18n_language_find("blt")->script, "Tavt");
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(_("Quay lại"), "Back");
    assert_string_equal(_("Gọi cán bộ"), "Call staff");
    assert_int_equal(i18n_set_language("km"), 0);
    assert_string_equal(_("Ngôn ngữ"), "ភាសា");
    /* Procedure texts from catalog-km.po, compiled into the same km.mo. */
    assert_string_equal(i18n_pget("field/dat_dai", "Đất đai"), "ដីធ្លី");
    assert_string_equal(_("Đất đai"), "ដីធ្លី"); /* the screen's own message */
    assert_string_equal(i18n_pget_in("en", "field/dat_dai", "Đất đai"), "Đất đai");
    /* Tày translates the citizen's screens; a technician screen's message,
     * left untranslated on purpose, reads in Vietnamese. */
    assert_int_equal(i18n_set_language("tyz"), 0);
    assert_true(i18n_has("tyz", "Lấy số thứ tự"));
    assert_string_not_equal(_("Lấy số thứ tự"), "Lấy số thứ tự");
    assert_false(i18n_has("tyz", "Chế độ kỹ thuật"));
    assert_string_equal(_("Chế độ kỹ thuật"), "Chế độ kỹ thuật");
    /* Form texts: English from the form's JSON, Vietnamese as written, other
     * languages from catalog-<lang>.po (context "form"), else Vietnamese. */
    const char *too_long = "Câu trả lời quá dài.";
    assert_string_equal(form_text("en", too_long, "The answer is too long."),
                        "The answer is too long.");
    assert_string_equal(form_text("en", too_long, ""), too_long);
    assert_string_equal(form_text("vi", too_long, "The answer is too long."), too_long);
    assert_string_not_equal(form_text("blt", too_long, "x"), too_long);
    assert_string_not_equal(form_text("hmn", too_long, "x"), too_long);
    assert_string_equal(form_text("blt", "Không có trong danh mục.", "x"), "Không có trong danh mục.");
    i18n_shutdown();
    assert_int_equal(i18n_init(TEST_MO_DIR), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_init),
        cmocka_unit_test(test_languages_list),
        cmocka_unit_test(test_switching),
        cmocka_unit_test(test_fallback_chain),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_plural_catalogs),
        cmocka_unit_test(test_plural_eval),
        cmocka_unit_test(test_shipped_catalogs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
