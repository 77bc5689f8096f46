/* Tests for the audio player: volume steps measured on the rendered samples
 * (range and step sizes in dB), reset after a visit, fallback reporting per
 * request, the history and $KIOSK_AUDIO_LOG, sequences with number words,
 * format conversion, and the SDL dummy driver (ctest sets
 * SDL_AUDIODRIVER=dummy). WAV files are written by the test itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <SDL.h>

#include "audio.h"
#include "i18n.h"
#include "log.h"
#include "test_audio_util.h"

static char root[256];
static char audio_dir[512];
static char log_path[600];

static int setup(void **state)
{
    (void)state;
    log_set_quiet(1);
    tu_make_tree(root, sizeof root);
    snprintf(audio_dir, sizeof audio_dir, "%s/audio", root);
    snprintf(log_path, sizeof log_path, "%s/played.log", root);
    char i18n_dir[512];
    snprintf(i18n_dir, sizeof i18n_dir, "%s/i18n", root);
    if (i18n_init(i18n_dir) != 0)
        return -1;
    tu_wav(root, "vi", "home", 22050, 1, 22050);   /* 1 s */
    tu_wav(root, "en", "home", 22050, 1, 11025);   /* 0.5 s */
    tu_wav(root, "hmn", "hello", 22050, 1, 2205);
    tu_wav(root, "vi", "ticket_number", 22050, 1, 4410);
    tu_wav(root, "vi", "n_hai", 22050, 1, 2205);
    tu_wav(root, "vi", "n_muoi_ngang", 22050, 1, 2205);
    tu_wav(root, "vi", "n_tu", 22050, 1, 2205);
    tu_wav(root, "vi", "n_so", 22050, 1, 2205);
    tu_wav(root, "vi", "stereo44", 44100, 2, 44100); /* 1 s, converted */
    char p[600];
    snprintf(p, sizeof p, "%s/audio/vi/padded.wav", root);
    tu_write_wav(p, 22050, 1, 2205, 10000, 22050); /* 0.1 s between 1 s of silence */
    tu_write_text(root, "audio/vi/broken.wav", "RIFF not really a wave file");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    i18n_shutdown();
    tu_remove_tree(root);
    return 0;
}

static audio *open_test(int step)
{
    audio_options o = { .dir = audio_dir, .default_step = step, .no_device = true };
    audio *a = NULL;
    assert_int_equal(audio_open(&o, &a), AUDIO_OK);
    assert_non_null(a);
    return a;
}

static double render_rms(audio *a, int samples)
{
    int16_t buf[4096];
    assert_true(samples <= 4096);
    audio_render(a, (uint8_t *)buf, samples * 2);
    double sum = 0;
    for (int i = 0; i < samples; i++)
        sum += (double)buf[i] * buf[i];
    return sqrt(sum / samples);
}

static void test_volume_steps(void **state)
{
    (void)state;
    audio *a = open_test(AUDIO_DEFAULT_STEP);
    /* Measure every step on the samples actually produced. */
    double level[AUDIO_STEPS];
    for (int s = 0; s < AUDIO_STEPS; s++) {
        audio_volume_set(a, s);
        assert_int_equal(audio_play_prompt(a, "vi", "home", NULL), AUDIO_OK);
        level[s] = 20 * log10(render_rms(a, 2000) / 10000.0);
        assert_true(fabs(level[s] - audio_step_db(s)) < 0.05);
    }
    double range = level[AUDIO_STEPS - 1] - level[0];
    assert_true(range >= 18.0 - 0.05);                   /* EN 301 549 8.2.1 */
    int has_12 = 0;
    for (int s = 1; s < AUDIO_STEPS; s++) {
        assert_true(level[s] > level[s - 1]);            /* strictly louder */
        has_12 |= level[s] - level[0] >= 12.0 - 0.05;
    }
    assert_true(has_12);
    assert_true(fabs(audio_step_db(AUDIO_STEPS - 1)) < 1e-9); /* top: no attenuation */
    /* A volume change is heard at once, mid-playback. */
    audio_volume_set(a, AUDIO_STEPS - 1);
    assert_int_equal(audio_play_prompt(a, "vi", "home", NULL), AUDIO_OK);
    double loud = render_rms(a, 1000);
    audio_volume_set(a, 0);
    double soft = render_rms(a, 1000);
    assert_true(fabs(20 * log10(soft / loud) + 18.0) < 0.05);
    /* Clamping. */
    audio_volume_set(a, 99);
    assert_int_equal(audio_volume_step(a), AUDIO_STEPS - 1);
    audio_volume_up(a);
    assert_int_equal(audio_volume_step(a), AUDIO_STEPS - 1);
    audio_volume_set(a, -3);
    assert_int_equal(audio_volume_step(a), 0);
    audio_volume_down(a);
    assert_int_equal(audio_volume_step(a), 0);
    audio_volume_up(a);
    assert_int_equal(audio_volume_step(a), 1);
    audio_close(a);
}

static void test_visit_reset(void **state)
{
    (void)state;
    audio *a = open_test(3);
    assert_int_equal(audio_volume_step(a), 3);
    audio_volume_set(a, 6);
    assert_int_equal(audio_play_prompt(a, "vi", "home", NULL), AUDIO_OK);
    assert_true(audio_is_playing(a));
    audio_visit_reset(a);
    assert_false(audio_is_playing(a));
    assert_int_equal(audio_volume_step(a), 3);
    assert_true(render_rms(a, 100) == 0.0);
    audio_close(a);
    /* Out-of-range default: the built-in default. */
    audio_options o = { .dir = audio_dir, .default_step = 42, .no_device = true };
    assert_int_equal(audio_open(&o, &a), AUDIO_OK);
    assert_int_equal(audio_volume_step(a), AUDIO_DEFAULT_STEP);
    audio_close(a);
}

static void test_fallback_reporting(void **state)
{
    (void)state;
    setenv("KIOSK_AUDIO_LOG", log_path, 1);
    remove(log_path);
    audio *a = open_test(AUDIO_DEFAULT_STEP);
    unsetenv("KIOSK_AUDIO_LOG");
    audio_played info;
    assert_int_equal(audio_play_prompt(a, "hmn", "hello", &info), AUDIO_OK);
    assert_string_equal(info.lang_used, "hmn");
    assert_false(info.fallback);
    assert_int_equal(audio_play_prompt(a, "hmn", "home", &info), AUDIO_OK);
    assert_string_equal(info.lang, "hmn");
    assert_string_equal(info.lang_used, "vi");
    assert_true(info.fallback);
    assert_int_equal(audio_play_prompt(a, "en", "home", &info), AUDIO_OK);
    assert_string_equal(info.lang_used, "en");
    assert_false(info.fallback);
    assert_true(fabs(audio_remaining(a) - 0.5) < 0.01);
    assert_int_equal(audio_play_prompt(a, "vi", "nothing", &info), AUDIO_ERR_MISSING);
    assert_int_equal(info.missing, 1);
    assert_int_equal(info.clips, 0);
    assert_false(audio_is_playing(a));
    assert_int_equal(audio_play_prompt(a, "vi", "../x", &info), AUDIO_ERR_BAD_ID);
    assert_int_equal(audio_play_prompt(a, "vi", "broken", &info), AUDIO_ERR_FILE);
    /* The visit's language when NULL. */
    assert_int_equal(i18n_set_language("hmn"), 0);
    assert_int_equal(audio_play_prompt(a, NULL, "home", &info), AUDIO_OK);
    assert_string_equal(info.lang, "hmn");
    assert_true(info.fallback);
    i18n_reset();

    assert_int_equal(audio_history_count(a), 7);
    const audio_played *h = audio_history_at(a, 1);
    assert_string_equal(h->id, "home");
    assert_string_equal(h->lang_used, "vi");
    assert_true(h->fallback);
    assert_null(audio_history_at(a, 7));
    audio_close(a);

    /* The log another process (a UI script) reads. */
    FILE *f = fopen(log_path, "r");
    assert_non_null(f);
    char line[256];
    int n = 0, saw = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        saw |= strcmp(line, "play id=home lang=hmn used=vi fallback=1 clips=1 missing=0\n") == 0;
    }
    fclose(f);
    assert_int_equal(n, 7);
    assert_true(saw);
}

static void test_sequence(void **state)
{
    (void)state;
    audio *a = open_test(AUDIO_DEFAULT_STEP);
    numwords w;
    numwords_clear(&w);
    numwords_queue(&w, 24); /* số hai mươi tư */
    audio_played info;
    assert_int_equal(audio_play_words(a, "vi", "ticket_number", &w, &info), AUDIO_OK);
    assert_int_equal(info.clips, 5);
    assert_false(info.fallback);
    assert_string_equal(info.id, "ticket_number");
    /* 0.2 s + 4 x 0.1 s of sound, and 4 gaps of 90 ms. */
    assert_true(fabs(audio_remaining(a) - (0.2 + 0.4 + 4 * 0.09)) < 0.01);
    /* English: the Vietnamese word clips are a reported fallback. */
    assert_int_equal(audio_play_words(a, "en", NULL, &w, &info), AUDIO_OK);
    assert_true(info.fallback);
    assert_string_equal(info.lang_used, "vi");
    /* A missing clip in the middle is skipped and counted. */
    const char *ids[] = { "n_hai", "n_nope", "n_tu" };
    assert_int_equal(audio_play_sequence(a, "vi", ids, 3, &info), AUDIO_ERR_MISSING);
    assert_int_equal(info.clips, 2);
    assert_int_equal(info.missing, 1);
    assert_int_equal(audio_play_sequence(a, "vi", ids, 0, &info), AUDIO_ERR_ARG);
    /* Silence at the ends is trimmed (30 ms kept on each side). */
    assert_int_equal(audio_play_prompt(a, "vi", "padded", &info), AUDIO_OK);
    assert_true(fabs(audio_remaining(a) - 0.16) < 0.005);
    /* 44.1 kHz stereo converted to the 22.05 kHz mono of the test player. */
    assert_int_equal(audio_play_prompt(a, "vi", "stereo44", &info), AUDIO_OK);
    assert_true(fabs(audio_remaining(a) - 1.0) < 0.01);
    assert_true(fabs(20 * log10(render_rms(a, 2000) / 10000.0) - audio_step_db(AUDIO_DEFAULT_STEP)) < 0.2);
    audio_stop(a);
    assert_false(audio_is_playing(a));
    audio_history_clear(a);
    assert_int_equal(audio_history_count(a), 0);
    audio_close(a);
}

static void test_dummy_device(void **state)
{
    (void)state;
    /* ctest sets SDL_AUDIODRIVER=dummy; make sure when run by hand too. */
    setenv("SDL_AUDIODRIVER", "dummy", 0);
    audio_options o = { .dir = audio_dir, .default_step = AUDIO_DEFAULT_STEP };
    audio *a = NULL;
    audio_status st = audio_open(&o, &a);
    assert_int_equal(st, AUDIO_OK);
    assert_false(audio_is_silent(a));
    assert_true(audio_rate(a) > 0 && audio_channels(a) > 0);
    audio_played info;
    assert_int_equal(audio_play_prompt(a, "vi", "home", &info), AUDIO_OK);
    assert_true(audio_is_playing(a));
    /* The dummy driver consumes in real time: the remainder goes down. */
    double before = audio_remaining(a);
    SDL_Delay(200);
    assert_true(audio_remaining(a) < before);
    audio_stop(a);
    assert_false(audio_is_playing(a));
    audio_close(a);
    /* A named device that does not exist falls back to the default. */
    o.device = "No Such Headphone Jack";
    assert_int_equal(audio_open(&o, &a), AUDIO_OK);
    audio_close(a);
}

static void test_config(void **state)
{
    (void)state;
    static config cfg;
    config_init(&cfg);
    assert_int_equal(config_load_string(&cfg, "[audio]\ndevice = Headphones\nvolume_step = 2\n",
                                        "test"), 0);
    audio_options o;
    audio_options_from_config(&o, &cfg, "/x/audio");
    assert_string_equal(o.device, "Headphones");
    assert_int_equal(o.default_step, 2);
    assert_string_equal(o.dir, "/x/audio");
    config_init(&cfg);
    audio_options_from_config(&o, &cfg, "/x/audio");
    assert_string_equal(o.device, "");
    assert_int_equal(o.default_step, AUDIO_DEFAULT_STEP);
    for (int s = AUDIO_OK; s <= AUDIO_ERR_ARG; s++)
        assert_true(strlen(audio_strerror((audio_status)s)) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_volume_steps),
        cmocka_unit_test(test_visit_reset),
        cmocka_unit_test(test_fallback_reporting),
        cmocka_unit_test(test_sequence),
        cmocka_unit_test(test_dummy_device),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
