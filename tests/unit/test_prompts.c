/* Tests for prompts_resolve: the speech fallback chain (own language, its
 * speech language, Vietnamese), fallback reporting, refusal of IDs that
 * could escape the folder, cycles in languages.ini, empty files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "i18n.h"
#include "log.h"
#include "prompts.h"
#include "test_audio_util.h"

static char root[256];
static char audio_dir[512];

static int setup(void **state)
{
    (void)state;
    log_set_quiet(1);
    tu_make_tree(root, sizeof root);
    snprintf(audio_dir, sizeof audio_dir, "%s/audio", root);
    char i18n_dir[512];
    snprintf(i18n_dir, sizeof i18n_dir, "%s/i18n", root);
    if (i18n_init(i18n_dir) != 0)
        return -1;
    tu_wav(root, "vi", "home", 22050, 1, 100);
    tu_wav(root, "en", "home", 22050, 1, 100);
    tu_wav(root, "hmn", "hello", 22050, 1, 100);
    tu_wav(root, "vi", "hello", 22050, 1, 100);
    tu_wav(root, "yy", "only_yy", 22050, 1, 100);
    tu_write_text(root, "audio/km/empty.wav", "");
    tu_wav(root, "vi", "empty", 22050, 1, 100);
    tu_mkdir(root, "audio/km/dir.wav");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    i18n_shutdown();
    tu_remove_tree(root);
    return 0;
}

static void test_own_language(void **state)
{
    (void)state;
    prompt_file pf;
    assert_int_equal(prompts_resolve(audio_dir, "en", "home", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "en");
    assert_false(pf.fallback);
    assert_non_null(strstr(pf.path, "/audio/en/home.wav"));
    assert_int_equal(prompts_resolve(audio_dir, "hmn", "hello", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "hmn");
    assert_false(pf.fallback);
}

static void test_fallback(void **state)
{
    (void)state;
    prompt_file pf;
    /* H'Mông has no "home" recording: Vietnamese, marked. */
    assert_int_equal(prompts_resolve(audio_dir, "hmn", "home", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "vi");
    assert_true(pf.fallback);
    /* English has no speech fallback in the list: still Vietnamese at the end. */
    assert_int_equal(prompts_resolve(audio_dir, "en", "hello", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "vi");
    assert_true(pf.fallback);
    /* An empty file and a directory do not count as recordings. */
    assert_int_equal(prompts_resolve(audio_dir, "km", "empty", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "vi");
    assert_int_equal(prompts_resolve(audio_dir, "km", "dir", &pf), PROMPTS_ERR_MISSING);
    /* xx -> yy -> xx (a cycle) -> vi. */
    assert_int_equal(prompts_resolve(audio_dir, "xx", "only_yy", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "yy");
    assert_true(pf.fallback);
    assert_int_equal(prompts_resolve(audio_dir, "xx", "home", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "vi");
    /* Unknown language code: still Vietnamese. */
    assert_int_equal(prompts_resolve(audio_dir, "zz", "home", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "vi");
    assert_true(pf.fallback);
    /* Nowhere. */
    assert_int_equal(prompts_resolve(audio_dir, "vi", "nothing", &pf), PROMPTS_ERR_MISSING);
    assert_string_equal(pf.path, "");
    assert_string_equal(pf.lang_used, "");
    /* NULL language: the visit's. */
    assert_int_equal(i18n_set_language("hmn"), 0);
    assert_int_equal(prompts_resolve(audio_dir, NULL, "hello", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "hmn");
    i18n_reset();
    assert_int_equal(prompts_resolve(audio_dir, NULL, "hello", &pf), PROMPTS_OK);
    assert_string_equal(pf.lang_used, "vi");
    assert_false(pf.fallback);
}

static void test_bad_ids(void **state)
{
    (void)state;
    prompt_file pf;
    const char *bad[] = { "../vi/home", "home.wav", "Home", "", "a/b", "h me", "hôme",
                          "0123456789012345678901234567890123456789012345678" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(prompts_resolve(audio_dir, "vi", bad[i], &pf), PROMPTS_ERR_BAD_ID);
    assert_int_equal(prompts_resolve(audio_dir, "../vi", "home", &pf), PROMPTS_ERR_BAD_ID);
    assert_int_equal(prompts_resolve(audio_dir, "vi", NULL, &pf), PROMPTS_ERR_BAD_ID);
    assert_true(prompts_valid_id("n_muoi_ngang"));
    assert_true(prompts_valid_id("vi-vn"));
    assert_true(strlen(prompts_strerror(PROMPTS_ERR_MISSING)) > 0);
}

static void test_procedure_id(void **state)
{
    (void)state;
    char id[PROMPTS_ID_MAX];
    assert_int_equal(prompts_procedure_id("1.001193", id, sizeof id), 0);
    assert_string_equal(id, "proc_1_001193");
    assert_true(prompts_valid_id(id));
    assert_int_equal(prompts_procedure_id("1.00/../x", id, sizeof id), -1);
    assert_int_equal(prompts_procedure_id("", id, sizeof id), -1);
    assert_int_equal(prompts_procedure_id(NULL, id, sizeof id), -1);
    char small[13];
    assert_int_equal(prompts_procedure_id("1.001193", small, sizeof small), -1);
    char exact[14];
    assert_int_equal(prompts_procedure_id("1.001193", exact, sizeof exact), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_language),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_bad_ids),
        cmocka_unit_test(test_procedure_id),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
