/* Helpers for the audio and prompt tests: a temporary assets tree with a
 * languages.ini and WAV files written here (16-bit PCM, RIFF layout from the
 * Microsoft WAVE spec), so the tests need neither espeak-ng nor a sound card. */
#ifndef KIOSK_TEST_AUDIO_UTIL_H
#define KIOSK_TEST_AUDIO_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void tu_put16(FILE *f, uint16_t v)
{
    fputc(v & 0xff, f);
    fputc(v >> 8, f);
}

static void tu_put32(FILE *f, uint32_t v)
{
    tu_put16(f, (uint16_t)(v & 0xffff));
    tu_put16(f, (uint16_t)(v >> 16));
}

/* frames frames of a constant level (or silence at the ends if pad > 0). */
static int tu_write_wav(const char *path, int rate, int channels, int frames, int16_t level,
                        int pad)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    uint32_t total = (uint32_t)(frames + 2 * pad);
    uint32_t data = total * (uint32_t)channels * 2;
    fwrite("RIFF", 1, 4, f);
    tu_put32(f, 36 + data);
    fwrite("WAVEfmt ", 1, 8, f);
    tu_put32(f, 16);
    tu_put16(f, 1);
    tu_put16(f, (uint16_t)channels);
    tu_put32(f, (uint32_t)rate);
    tu_put32(f, (uint32_t)(rate * channels * 2));
    tu_put16(f, (uint16_t)(channels * 2));
    tu_put16(f, 16);
    fwrite("data", 1, 4, f);
    tu_put32(f, data);
    for (uint32_t i = 0; i < total; i++)
        for (int c = 0; c < channels; c++)
            tu_put16(f, (uint16_t)((int)i < pad || (int)i >= pad + frames ? 0 : level));
    fclose(f);
    return 0;
}

static void tu_mkdir(const char *root, const char *sub)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", root, sub);
    mkdir(p, 0755);
}

static void tu_write_text(const char *root, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", root, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void tu_wav(const char *root, const char *lang, const char *id, int rate, int channels,
                   int frames)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/audio/%s/%s.wav", root, lang, id);
    tu_write_wav(p, rate, channels, frames, 10000, 0);
}

/* A tree: <root>/i18n/languages.ini, <root>/audio/{vi,en,hmn,km}/. */
static void tu_make_tree(char *root, size_t size)
{
    snprintf(root, size, "/tmp/kiosk-audio-test-XXXXXX");
    if (!mkdtemp(root))
        abort();
    tu_mkdir(root, "i18n");
    tu_mkdir(root, "audio");
    tu_mkdir(root, "audio/vi");
    tu_mkdir(root, "audio/en");
    tu_mkdir(root, "audio/hmn");
    tu_mkdir(root, "audio/km");
    tu_mkdir(root, "audio/yy");
    tu_write_text(root, "i18n/languages.ini",
                  "[vi]\nname = Tiếng Việt\n[en]\nname = English\n"
                  "[hmn]\nname = Lus Hmoob\nspeech = vi\ndraft = true\n"
                  "[km]\nname = Khmer\nspeech = vi\n"
                  "[xx]\nname = Via yy\nspeech = yy\n"
                  "[yy]\nname = Back to xx\nspeech = xx\n");
}

static void tu_remove_tree(const char *root)
{
    char cmd[1200];
    if (strncmp(root, "/tmp/kiosk-audio-test-", 22) != 0)
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
}

#endif
