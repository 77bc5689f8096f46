/* audio: SDL playback of prompts and word sequences. See audio.h.
 *
 * Design: a request is rendered once into one buffer in the device format
 * (clips converted with SDL_AudioCVT, leading and trailing silence trimmed,
 * a short gap between clips), then the SDL callback copies from it, applying
 * the volume gain at that moment, so a volume change is heard at once.
 * The gain is applied in integer Q15 to signed 16-bit samples: attenuation
 * only (the top step is 0 dB), so no clipping can occur. */
#include "audio.h"

#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "log.h"

#define GAP_MS 90          /* silence between the clips of a sequence */
#define TRIM_LEVEL 400     /* |sample| under this at the ends is silence */
#define TRIM_KEEP_MS 30    /* silence kept at each end of a trimmed clip */

struct audio {
    SDL_AudioDeviceID dev;
    bool sdl_audio_inited;
    bool silent;
    bool no_device;
    int rate, channels;
    char dir[PROMPTS_PATH_MAX];
    char log_path[PROMPTS_PATH_MAX];
    int step, default_step;
    int32_t gain_q15;     /* read by the callback under the device lock */
    int16_t *buf;         /* the request being played, device format */
    size_t frames, pos;   /* in samples (all channels) */
    audio_played history[AUDIO_HISTORY];
    int history_count;
};

const char *audio_strerror(audio_status st)
{
    switch (st) {
    case AUDIO_OK: return "ok";
    case AUDIO_ERR_DEVICE: return "no sound device: check the speaker cable and [audio] device in kiosk.conf (kioskctl audio devices lists the names)";
    case AUDIO_ERR_MISSING: return "a prompt has no audio file in any language: rebuild the assets (assets/audio/prompts.tsv)";
    case AUDIO_ERR_BAD_ID: return "bad prompt ID or language code";
    case AUDIO_ERR_FILE: return "a prompt file is not a readable WAV file: re-record it as 16-bit PCM WAV (docs/recording.md)";
    case AUDIO_ERR_MEMORY: return "out of memory";
    case AUDIO_ERR_ARG: return "bad argument";
    }
    return "unknown error";
}

double audio_step_db(int step)
{
    if (step < 0)
        step = 0;
    if (step > AUDIO_STEPS - 1)
        step = AUDIO_STEPS - 1;
    return (double)(AUDIO_STEP_DB * (step - (AUDIO_STEPS - 1)));
}

static int32_t step_gain_q15(int step)
{
    return (int32_t)lround(32768.0 * pow(10.0, audio_step_db(step) / 20.0));
}

void audio_options_from_config(audio_options *o, config *cfg, const char *dir_default)
{
    memset(o, 0, sizeof *o);
    o->dir = config_get(cfg, "audio", "dir", dir_default);
    o->device = config_get(cfg, "audio", "device", "");
    o->default_step = (int)config_get_int(cfg, "audio", "volume_step", AUDIO_DEFAULT_STEP, 0,
                                          AUDIO_STEPS - 1);
}

/* Mix len bytes: the callback, and audio_render for tests. */
static void mix(audio *a, uint8_t *stream, int len)
{
    memset(stream, 0, (size_t)len);
    if (!a->buf)
        return;
    int16_t *out = (int16_t *)(void *)stream;
    size_t want = (size_t)len / sizeof(int16_t);
    size_t left = a->frames - a->pos;
    size_t n = want < left ? want : left;
    int32_t g = a->gain_q15;
    const int16_t *in = a->buf + a->pos;
    for (size_t i = 0; i < n; i++)
        out[i] = (int16_t)(((int32_t)in[i] * g) / 32768);
    a->pos += n;
}

static void SDLCALL callback(void *user, Uint8 *stream, int len)
{
    mix(user, stream, len);
}

static void lock(audio *a)
{
    if (a->dev)
        SDL_LockAudioDevice(a->dev);
}

static void unlock(audio *a)
{
    if (a->dev)
        SDL_UnlockAudioDevice(a->dev);
}

audio_status audio_open(const audio_options *o, audio **out)
{
    *out = NULL;
    if (!o || !o->dir)
        return AUDIO_ERR_ARG;
    audio *a = calloc(1, sizeof *a);
    if (!a)
        return AUDIO_ERR_MEMORY;
    snprintf(a->dir, sizeof a->dir, "%s", o->dir);
    const char *lp = getenv("KIOSK_AUDIO_LOG");
    if (lp)
        snprintf(a->log_path, sizeof a->log_path, "%s", lp);
    a->default_step = (o->default_step >= 0 && o->default_step < AUDIO_STEPS) ? o->default_step
                                                                               : AUDIO_DEFAULT_STEP;
    a->step = a->default_step;
    a->gain_q15 = step_gain_q15(a->step);
    a->rate = 22050;
    a->channels = 1;
    a->no_device = o->no_device;
    *out = a;
    if (o->no_device) {
        a->silent = true;
        return AUDIO_OK;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        log_event("audio", "event=init_failed error=\"%s\"", SDL_GetError());
        a->silent = true;
        return AUDIO_ERR_DEVICE;
    }
    a->sdl_audio_inited = true;
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = 48000;
    want.format = AUDIO_S16SYS;
    want.channels = 2;
    want.samples = 1024;
    want.callback = callback;
    want.userdata = a;
    const char *dev = o->device && o->device[0] ? o->device : NULL;
    a->dev = SDL_OpenAudioDevice(dev, 0, &want, &have,
                                 SDL_AUDIO_ALLOW_FREQUENCY_CHANGE | SDL_AUDIO_ALLOW_CHANNELS_CHANGE);
    if (!a->dev && dev) {
        log_event("audio", "event=device_missing device=\"%s\" error=\"%s\" fallback=default", dev,
                  SDL_GetError());
        a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have,
                                     SDL_AUDIO_ALLOW_FREQUENCY_CHANGE |
                                         SDL_AUDIO_ALLOW_CHANNELS_CHANGE);
    }
    if (!a->dev) {
        log_event("audio", "event=open_failed error=\"%s\"", SDL_GetError());
        a->silent = true;
        return AUDIO_ERR_DEVICE;
    }
    a->rate = have.freq;
    a->channels = have.channels;
    SDL_PauseAudioDevice(a->dev, 0);
    log_event("audio", "event=open driver=%s rate=%d channels=%d step=%d", SDL_GetCurrentAudioDriver(),
              a->rate, a->channels, a->step);
    return AUDIO_OK;
}

void audio_close(audio *a)
{
    if (!a)
        return;
    if (a->dev)
        SDL_CloseAudioDevice(a->dev);
    if (a->sdl_audio_inited)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(a->buf);
    free(a);
}

/* Growing sample buffer for one request. */
typedef struct pcm {
    int16_t *s;
    size_t n, cap;
} pcm;

static int pcm_reserve(pcm *p, size_t more)
{
    if (p->n + more <= p->cap)
        return 0;
    size_t cap = p->cap ? p->cap : 65536;
    while (cap < p->n + more)
        cap *= 2;
    int16_t *ns = realloc(p->s, cap * sizeof *ns);
    if (!ns)
        return -1;
    p->s = ns;
    p->cap = cap;
    return 0;
}

static int pcm_silence(pcm *p, size_t samples)
{
    if (pcm_reserve(p, samples) != 0)
        return -1;
    memset(p->s + p->n, 0, samples * sizeof *p->s);
    p->n += samples;
    return 0;
}

/* Load a WAV, convert to (S16, channels, rate), trim, append. */
static audio_status load_clip(audio *a, const char *path, pcm *p)
{
    SDL_AudioSpec spec;
    Uint8 *wav = NULL;
    Uint32 wav_len = 0;
    if (!SDL_LoadWAV(path, &spec, &wav, &wav_len)) {
        log_event("audio", "event=wav_error error=\"%s\"", SDL_GetError());
        return AUDIO_ERR_FILE;
    }
    SDL_AudioCVT cvt;
    int rc = SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS,
                               (Uint8)a->channels, a->rate);
    /* A prompt is seconds long: refuse over 16 MiB, and keep len * len_mult
     * (SDL works in int) far from overflow. */
    if (rc < 0 || wav_len > 16u * 1024 * 1024 || cvt.len_mult > 64) {
        SDL_FreeWAV(wav);
        return AUDIO_ERR_FILE;
    }
    cvt.len = (int)wav_len;
    cvt.buf = SDL_malloc((size_t)wav_len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1));
    if (!cvt.buf) {
        SDL_FreeWAV(wav);
        return AUDIO_ERR_MEMORY;
    }
    memcpy(cvt.buf, wav, wav_len);
    SDL_FreeWAV(wav);
    int out_len = (int)wav_len;
    if (rc == 1) {
        if (SDL_ConvertAudio(&cvt) != 0) {
            SDL_free(cvt.buf);
            return AUDIO_ERR_FILE;
        }
        out_len = cvt.len_cvt;
    }
    const int16_t *s = (const int16_t *)(void *)cvt.buf;
    size_t frames = (size_t)out_len / sizeof(int16_t) / (size_t)a->channels;
    /* Trim silence at both ends, frame-aligned, keeping a little. */
    size_t first = 0, last = frames;
    while (first < frames) {
        int loud = 0;
        for (int c = 0; c < a->channels; c++)
            loud |= abs(s[first * (size_t)a->channels + (size_t)c]) >= TRIM_LEVEL;
        if (loud)
            break;
        first++;
    }
    while (last > first) {
        int loud = 0;
        for (int c = 0; c < a->channels; c++)
            loud |= abs(s[(last - 1) * (size_t)a->channels + (size_t)c]) >= TRIM_LEVEL;
        if (loud)
            break;
        last--;
    }
    size_t keep = (size_t)a->rate * TRIM_KEEP_MS / 1000;
    first = first > keep ? first - keep : 0;
    last = last + keep < frames ? last + keep : frames;
    size_t samples = (last - first) * (size_t)a->channels;
    audio_status st = AUDIO_OK;
    if (pcm_reserve(p, samples) != 0) {
        st = AUDIO_ERR_MEMORY;
    } else {
        memcpy(p->s + p->n, s + first * (size_t)a->channels, samples * sizeof *s);
        p->n += samples;
    }
    SDL_free(cvt.buf);
    return st;
}

static void record(audio *a, const audio_played *info)
{
    if (a->history_count == AUDIO_HISTORY) {
        memmove(&a->history[0], &a->history[1], sizeof a->history[0] * (AUDIO_HISTORY - 1));
        a->history_count--;
    }
    a->history[a->history_count++] = *info;
    log_event("audio", "event=play id=%s lang=%s used=%s fallback=%d clips=%d missing=%d", info->id,
              info->lang, info->lang_used, info->fallback, info->clips, info->missing);
    if (a->log_path[0]) {
        FILE *f = fopen(a->log_path, "a");
        if (f) {
            fprintf(f, "play id=%s lang=%s used=%s fallback=%d clips=%d missing=%d\n", info->id,
                    info->lang, info->lang_used[0] ? info->lang_used : "-", info->fallback,
                    info->clips, info->missing);
            fclose(f);
        }
    }
}

audio_status audio_play_sequence(audio *a, const char *lang, const char *const *ids, int n,
                                 audio_played *info)
{
    audio_played rec;
    memset(&rec, 0, sizeof rec);
    if (!a || !ids || n <= 0 || n > AUDIO_SEQ_MAX)
        return AUDIO_ERR_ARG;
    if (!lang)
        lang = i18n_language();
    snprintf(rec.lang, sizeof rec.lang, "%s", lang);
    snprintf(rec.id, sizeof rec.id, "%s", prompts_valid_id(ids[0]) ? ids[0] : "?");
    pcm p = { 0 };
    audio_status st = AUDIO_OK;
    size_t gap = (size_t)a->rate * GAP_MS / 1000 * (size_t)a->channels;
    for (int i = 0; i < n && st != AUDIO_ERR_MEMORY; i++) {
        prompt_file pf;
        prompts_status ps = prompts_resolve(a->dir, lang, ids[i], &pf);
        if (ps == PROMPTS_ERR_BAD_ID) {
            st = AUDIO_ERR_BAD_ID;
            rec.missing++;
            continue;
        }
        if (ps != PROMPTS_OK) {
            if (st == AUDIO_OK)
                st = AUDIO_ERR_MISSING;
            rec.missing++;
            rec.fallback = true;
            continue;
        }
        if (p.n > 0 && pcm_silence(&p, gap) != 0) {
            st = AUDIO_ERR_MEMORY;
            break;
        }
        audio_status cs = load_clip(a, pf.path, &p);
        if (cs != AUDIO_OK) {
            if (st == AUDIO_OK || cs == AUDIO_ERR_MEMORY)
                st = cs;
            rec.missing++;
            continue;
        }
        if (rec.clips == 0)
            snprintf(rec.lang_used, sizeof rec.lang_used, "%s", pf.lang_used);
        rec.fallback |= pf.fallback;
        rec.clips++;
    }
    /* A silent player (no device) only records: nothing would drain it. */
    if (a->silent && !a->no_device) {
        free(p.s);
        p.s = NULL;
        p.n = 0;
    }
    /* Replace what is playing. */
    lock(a);
    free(a->buf);
    a->buf = p.s;
    a->frames = p.n;
    a->pos = 0;
    unlock(a);
    record(a, &rec);
    if (info)
        *info = rec;
    return st;
}

audio_status audio_play_prompt(audio *a, const char *lang, const char *id, audio_played *info)
{
    const char *ids[1] = { id };
    return audio_play_sequence(a, lang, ids, 1, info);
}

audio_status audio_play_words(audio *a, const char *lang, const char *prompt_id,
                              const numwords *w, audio_played *info)
{
    if (!w)
        return AUDIO_ERR_ARG;
    const char *ids[NUMWORDS_MAX + 1];
    int n = 0;
    if (prompt_id)
        ids[n++] = prompt_id;
    for (int i = 0; i < w->count && n < NUMWORDS_MAX + 1; i++)
        ids[n++] = w->ids[i];
    return audio_play_sequence(a, lang, ids, n, info);
}

void audio_stop(audio *a)
{
    if (!a)
        return;
    lock(a);
    free(a->buf);
    a->buf = NULL;
    a->frames = a->pos = 0;
    unlock(a);
}

bool audio_is_playing(audio *a)
{
    return audio_remaining(a) > 0;
}

double audio_remaining(audio *a)
{
    if (!a)
        return 0;
    lock(a);
    size_t left = a->frames - a->pos;
    unlock(a);
    return (double)left / (double)a->channels / (double)a->rate;
}

int audio_volume_step(const audio *a)
{
    return a->step;
}

void audio_volume_set(audio *a, int step)
{
    if (step < 0)
        step = 0;
    if (step > AUDIO_STEPS - 1)
        step = AUDIO_STEPS - 1;
    lock(a);
    a->step = step;
    a->gain_q15 = step_gain_q15(step);
    unlock(a);
}

void audio_volume_up(audio *a)
{
    audio_volume_set(a, a->step + 1);
}

void audio_volume_down(audio *a)
{
    audio_volume_set(a, a->step - 1);
}

void audio_visit_reset(audio *a)
{
    if (!a)
        return;
    audio_stop(a);
    audio_volume_set(a, a->default_step);
}

int audio_history_count(const audio *a)
{
    return a->history_count;
}

const audio_played *audio_history_at(const audio *a, int index)
{
    if (index < 0 || index >= a->history_count)
        return NULL;
    return &a->history[index];
}

void audio_history_clear(audio *a)
{
    a->history_count = 0;
}

bool audio_is_silent(const audio *a)
{
    return a->silent;
}

void audio_render(audio *a, uint8_t *stream, int len)
{
    lock(a);
    mix(a, stream, len);
    unlock(a);
}

int audio_rate(const audio *a)
{
    return a->rate;
}

int audio_channels(const audio *a)
{
    return a->channels;
}
