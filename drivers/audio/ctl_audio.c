/* ctl_audio: `kioskctl audio`, the technician's speaker check.
 *
 *   kioskctl audio devices                   list SDL playback device names
 *                                            (for [audio] device in kiosk.conf)
 *   kioskctl audio play LANG ID [--assets DIR] [--device NAME] [--step N]
 *   kioskctl audio number N  [--lang vi|en] [--assets DIR] [--device NAME] [--step N]
 *   kioskctl audio volume                    print the volume steps in dB
 * play and number wait until the sound has finished. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "i18n.h"

int ctl_audio(int argc, char **argv);

static void usage(FILE *f)
{
    fprintf(f, "usage: kioskctl audio devices\n"
               "       kioskctl audio play LANG PROMPT_ID [--assets DIR] [--device NAME] [--step 0-6]\n"
               "       kioskctl audio number N [--lang vi|en] [--assets DIR] [--device NAME] [--step 0-6]\n"
               "       kioskctl audio volume\n"
               "LANG: vi, en, hmn, km, blt, rad, tyz. DIR: the assets folder (default\n"
               "/usr/share/kiosk). Prompt IDs are listed in assets/audio/prompts.tsv.\n");
}

static int devices(void)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "kioskctl audio: no audio driver: %s\n", SDL_GetError());
        return 1;
    }
    printf("driver: %s\n", SDL_GetCurrentAudioDriver());
    int n = SDL_GetNumAudioDevices(0);
    for (int i = 0; i < n; i++)
        printf("device %d: %s\n", i, SDL_GetAudioDeviceName(i, 0));
    if (n <= 0)
        printf("no named devices (the default device may still work)\n");
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return 0;
}

int ctl_audio(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "devices"))
        return devices();
    if (!strcmp(argv[1], "volume")) {
        for (int s = 0; s < AUDIO_STEPS; s++)
            printf("step %d: %+.0f dB%s\n", s, audio_step_db(s),
                   s == AUDIO_DEFAULT_STEP ? " (default)" : "");
        return 0;
    }
    const char *assets = "/usr/share/kiosk", *device = NULL, *lang = "vi";
    int step = AUDIO_DEFAULT_STEP;
    const char *pos[3] = { 0 };
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--assets") && i + 1 < argc)
            assets = argv[++i];
        else if (!strcmp(argv[i], "--device") && i + 1 < argc)
            device = argv[++i];
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strcmp(argv[i], "--step") && i + 1 < argc)
            step = atoi(argv[++i]);
        else if (npos < 3)
            pos[npos++] = argv[i];
    }
    char dir[1024], i18n_dir[1024];
    snprintf(dir, sizeof dir, "%s/audio", assets);
    snprintf(i18n_dir, sizeof i18n_dir, "%s/i18n", assets);
    i18n_init(i18n_dir);
    audio_options o = { .dir = dir, .device = device, .default_step = step };
    audio *a = NULL;
    audio_status st = audio_open(&o, &a);
    if (!a) {
        fprintf(stderr, "kioskctl audio: %s\n", audio_strerror(st));
        return 1;
    }
    if (st != AUDIO_OK)
        fprintf(stderr, "kioskctl audio: %s\n", audio_strerror(st));
    audio_played info;
    if (!strcmp(pos[0], "play") && npos == 3) {
        st = audio_play_prompt(a, pos[1], pos[2], &info);
    } else if (!strcmp(pos[0], "number") && npos == 2) {
        numwords w;
        numwords_clear(&w);
        numwords_queue_for(&w, lang, strtoull(pos[1], NULL, 10));
        char text[512];
        numwords_join(&w, text, sizeof text);
        printf("words: %s\n", text);
        st = audio_play_words(a, lang, "ticket_number", &w, &info);
    } else {
        usage(stderr);
        audio_close(a);
        i18n_shutdown();
        return 2;
    }
    printf("played id=%s lang=%s used=%s fallback=%d clips=%d missing=%d: %s\n", info.id,
           info.lang, info.lang_used, info.fallback, info.clips, info.missing, audio_strerror(st));
    while (audio_is_playing(a))
        SDL_Delay(50);
    audio_close(a);
    i18n_shutdown();
    return st == AUDIO_OK ? 0 : 1;
}
