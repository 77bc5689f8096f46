/* audio: spoken prompts and number words through SDL audio.
 *
 * One player per kiosk. A play request is a prompt ID, or a sequence of IDs
 * (a prompt followed by number-word clips: "ticket_number" n_so n_hai ...);
 * each ID is found through prompts_resolve (the language, its speech
 * fallback, Vietnamese), the WAV files are loaded with SDL_LoadWAV, converted
 * to the device format and joined; a new request replaces the one playing.
 *
 * Volume: AUDIO_STEPS steps of AUDIO_STEP_DB dB, the top step at 0 dB: a
 * range of 18 dB, the step 4 at 12 dB above the lowest (EN 301 549 8.2.1).
 * audio_visit_reset() stops playback and returns to the default step
 * (Section 508 402.3.2): call it when a visit ends.
 *
 * Tests: every request is recorded (ID, requested language, language used,
 * fallback flag) in a history the caller can read, and appended to the file
 * named by $KIOSK_AUDIO_LOG if set, one line per request:
 *   play id=home lang=hmn used=vi fallback=1 clips=1 missing=0
 * so a scripted UI test in another process can assert what was spoken.
 * Works under SDL_AUDIODRIVER=dummy or disk; with no device at all the
 * player is silent but keeps the history (audio_open says so).
 * Threads: call from one thread (the UI's); the SDL callback thread only
 * reads the buffer under the device lock. */
#ifndef KIOSK_AUDIO_H
#define KIOSK_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "numwords.h"
#include "prompts.h"

#define AUDIO_STEPS 7
#define AUDIO_STEP_DB 3
#define AUDIO_DEFAULT_STEP 4
#define AUDIO_HISTORY 64
#define AUDIO_SEQ_MAX 128

typedef enum audio_status {
    AUDIO_OK = 0,
    AUDIO_ERR_DEVICE,     /* no sound device: the player is silent */
    AUDIO_ERR_MISSING,    /* a prompt has no file in any language */
    AUDIO_ERR_BAD_ID,     /* a prompt ID or language code was refused */
    AUDIO_ERR_FILE,       /* a WAV file could not be read or converted */
    AUDIO_ERR_MEMORY,
    AUDIO_ERR_ARG,
} audio_status;

/* A message a technician can act on. */
const char *audio_strerror(audio_status st);

typedef struct audio_options {
    const char *dir;      /* prompts: <dir>/<lang>/<id>.wav (build: assets/audio) */
    const char *device;   /* SDL playback device name; NULL or "" = the default */
    int default_step;     /* 0..AUDIO_STEPS-1, AUDIO_DEFAULT_STEP if out of range */
    bool no_device;       /* tests: open no device; audio_render() pulls samples */
} audio_options;

/* Fill from the [audio] section of the kiosk's configuration:
 *   device = <SDL device name, e.g. the headphone jack>   (default: system default)
 *   volume_step = 0..6                                   (default 4, i.e. -6 dB)
 *   dir = <prompt directory>                             (default: dir_default)
 * The strings point into cfg. */
void audio_options_from_config(audio_options *o, config *cfg, const char *dir_default);

/* What one request played: for the screen (say "spoken in Vietnamese") and tests. */
typedef struct audio_played {
    char id[PROMPTS_ID_MAX];       /* the first ID of the request */
    char lang[16];                      /* requested language */
    char lang_used[16];                 /* language of the first clip played */
    bool fallback;                      /* any clip came from another language */
    int clips;                          /* clips played */
    int missing;                        /* IDs with no file at all (skipped) */
} audio_played;

typedef struct audio audio;

/* Open the player. On AUDIO_ERR_DEVICE, *out is still a usable, silent player.
 * Other errors leave *out NULL. */
audio_status audio_open(const audio_options *o, audio **out);
void audio_close(audio *a);

/* Play a prompt in lang (NULL = the visit's language). info may be NULL. */
audio_status audio_play_prompt(audio *a, const char *lang, const char *id, audio_played *info);
/* Play several IDs as one utterance (prompts and "n_" word clips mixed). */
audio_status audio_play_sequence(audio *a, const char *lang, const char *const *ids, int n,
                                 audio_played *info);
/* Play a prompt followed by words (a number, amount, date): e.g.
 * "ticket_number" then numwords_queue(). The words are Vietnamese clips:
 * in another language they are reported as a fallback unless recorded. */
audio_status audio_play_words(audio *a, const char *lang, const char *prompt_id,
                              const numwords *w, audio_played *info);

void audio_stop(audio *a);
bool audio_is_playing(audio *a);
/* Seconds of sound still to play (0 when idle). */
double audio_remaining(audio *a);

/* Volume in steps 0..AUDIO_STEPS-1; set clamps. */
int audio_volume_step(const audio *a);
void audio_volume_set(audio *a, int step);
void audio_volume_up(audio *a);
void audio_volume_down(audio *a);
/* Gain of a step in dB (0 at the top, -18 at the bottom). */
double audio_step_db(int step);

/* End of a visit: stop, volume back to the default step. */
void audio_visit_reset(audio *a);

/* The requests so far (oldest first, at most AUDIO_HISTORY kept). */
int audio_history_count(const audio *a);
const audio_played *audio_history_at(const audio *a, int index);
void audio_history_clear(audio *a);

/* Is the player silent (no device)? */
bool audio_is_silent(const audio *a);

/* Tests (no_device): mix the next len bytes of the device format (signed
 * 16-bit, native order, audio_channels() channels at audio_rate() Hz). */
void audio_render(audio *a, uint8_t *stream, int len);
int audio_rate(const audio *a);
int audio_channels(const audio *a);

#endif
