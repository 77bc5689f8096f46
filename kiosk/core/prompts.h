/* prompts: which audio file speaks a prompt in a language, with fallback.
 *
 * Prompts are files <dir>/<lang>/<id>.wav (share/kiosk/audio). For a
 * requested language the chain is: the language itself, then its speech
 * fallback from languages.ini (i18n_lang_info.speech), then Vietnamese. The
 * answer says which language was actually used and whether that is a
 * fallback, so the screen can say "spoken in Vietnamese" and a test can
 * assert "played the H'Mông prompt or the marked fallback".
 * IDs and language codes are checked ([a-z0-9_-], at most 47 bytes): they
 * name files, and a script or config file may supply them.
 * No SDL here: drivers/audio plays what this module finds. */
#ifndef KIOSK_PROMPTS_H
#define KIOSK_PROMPTS_H

#include <stdbool.h>
#include <stddef.h>

#define PROMPTS_ID_MAX 48
#define PROMPTS_PATH_MAX 1024

typedef struct prompt_file {
    char path[PROMPTS_PATH_MAX];
    char lang_used[16];   /* language of the file found ("" if none) */
    bool fallback;        /* lang_used is not the requested language */
} prompt_file;

typedef enum prompts_status {
    PROMPTS_OK = 0,
    PROMPTS_ERR_BAD_ID,    /* the ID or language code has characters we refuse */
    PROMPTS_ERR_MISSING,   /* no file in any language of the chain */
} prompts_status;

const char *prompts_strerror(prompts_status st);

/* Find the file for id in lang (NULL = the visit's language, i18n_language()). */
prompts_status prompts_resolve(const char *dir, const char *lang, const char *id,
                               prompt_file *out);

/* The prompt ID of a procedure's spoken summary (built from the catalog):
 * "1.001193" -> "proc_1_001193". Returns 0, or -1 if the code is not digits
 * and dots or out is too small. */
int prompts_procedure_id(const char *code, char *out, size_t size);

/* True if s is a valid prompt ID or language code. */
bool prompts_valid_id(const char *s);

/* The message a screen shows (translate with _()) when speech falls back to
 * Vietnamese; its spoken form is the prompt "speech_fallback". */
#define PROMPTS_FALLBACK_NOTICE "Chưa có lời đọc bằng ngôn ngữ này. Máy đọc bằng tiếng Việt."

#endif
