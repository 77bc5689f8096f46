/* i18n: the messages people read, in the language of the visit.
 *
 * Message IDs are the Vietnamese source strings, wrapped in _() so xgettext
 * finds them: the kiosk is Vietnamese first, and a message missing from any
 * catalog falls back to readable Vietnamese, never to an identifier.
 * The language can change at any moment of a visit without a restart. Lookup
 * falls back per message along a chain: the visit's language, then its
 * fallback (a minority language may name another), then the Vietnamese ID. Languages are listed in assets/i18n/languages.ini.
 *
 * Catalogs are compiled MO files (<code>.mo) in share/kiosk/i18n (build or install tree),
 * read by our own bounds-checked parser (i18n_mo.h), never by setlocale():
 * switching is a pointer change, with no process-wide locale involved.
 * Threads: i18n_init/i18n_shutdown/i18n_set_language belong to the UI
 * thread; returned strings stay valid until i18n_shutdown. */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <stdbool.h>

/* Load compiled catalogs from dir (share/kiosk/i18n of the build or install tree). Returns 0 or -1. */
int i18n_init(const char *dir);
void i18n_shutdown(void);

/* Switch the visit's language ("vi", "en", "hmn", "km", "tdd"/"blt", "rad", "tyz"...).
 * Returns 0, or -1 if unknown (the language stays as it was). */
int i18n_set_language(const char *code);
const char *i18n_language(void);

/* The translation of msgid in the current language (with fallback). */
const char *i18n_get(const char *msgid);
/* Plural form: n selects between singular and plural per the language's rules. */
const char *i18n_nget(const char *msgid, const char *msgid_plural, unsigned long n);

#define _(s) i18n_get(s)
#define N_(s) (s)

/* ---- Additions (issue 8): metadata, context, per-language lookups. ---- */

/* One line of languages.ini. Strings are owned by the i18n module. */
typedef struct i18n_lang_info {
    const char *code;      /* BCP 47 / ISO 639-3: "vi", "en", "hmn", "km", "blt", "rad", "tyz" */
    const char *name;      /* in its own script: "Tiếng Việt", "ភាសាខ្មែរ" */
    const char *name_vi;   /* in Vietnamese: "Tiếng Khmer" */
    const char *script;    /* ISO 15924 tag for shaping: "Latn", "Khmr", "Tavt", "Cham" */
    const char *font;      /* font family hint: "Noto Sans Khmer" */
    const char *fallback;  /* next language for a missing message ("" = Vietnamese) */
    const char *speech;    /* language of the audio prompts if not its own ("" = own) */
    const char *letters;   /* extra keyboard letters, space-separated ("ĕ ĭ ŏ ŭ ƀ č ñ ◌̆") */
    bool draft;            /* translation is a draft, needs review by a native speaker */
    bool has_catalog;      /* a <code>.mo was loaded */
} i18n_lang_info;

/* The default language of a new visit ("vi" unless languages.ini says otherwise). */
#define I18N_DEFAULT_LANGUAGE "vi"

/* Languages in the order of languages.ini (for the language-choice screen).
 * Without i18n_init, one entry: Vietnamese. */
int i18n_language_count(void);
const i18n_lang_info *i18n_language_at(int index);
const i18n_lang_info *i18n_language_find(const char *code);
/* The current language's metadata (never NULL). */
const i18n_lang_info *i18n_current(void);

/* Back to the default language at the end of a visit. */
void i18n_reset(void);

/* Lookup in a given language (NULL = current), with the same fallback chain. */
const char *i18n_get_in(const char *lang, const char *msgid);
/* Text written in the code in both Vietnamese and English (catalog values such
 * as fees and durations, which other programs use without catalogs): vi for
 * "vi" or NULL, en for "en", else the Vietnamese's translation in lang (the
 * msgid is vi; scripts/po-update.sh extracts it). */
const char *i18n_vi_en(const char *lang, const char *vi, const char *en);
/* The same with a context for the translation (forms: "form"); an empty en
 * gives the Vietnamese. */
const char *i18n_pvi_en(const char *lang, const char *context, const char *vi, const char *en);
/* A message with a context (gettext msgctxt), e.g. catalog texts keyed by
 * procedure code and field: i18n_pget("1.001612/name", "Đăng ký khai sinh"). */
const char *i18n_pget(const char *context, const char *msgid);
const char *i18n_pget_in(const char *lang, const char *context, const char *msgid);
/* True if lang (NULL = current) itself translates msgid, without fallback.
 * For Vietnamese, always true. Lets a screen mark untranslated text. */
bool i18n_has(const char *lang, const char *msgid);

/* Marks a string with a context for xgettext (--keyword=NC_:1c,2). */
#define NC_(c, s) (s)

#endif
