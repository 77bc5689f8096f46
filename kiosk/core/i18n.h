/* i18n: the messages people read, in the language of the visit.
 *
 * Message IDs are the Vietnamese source strings, wrapped in _() so xgettext
 * finds them: the kiosk is Vietnamese first, and a message missing from any
 * catalog falls back to readable Vietnamese, never to an identifier.
 * The language can change at any moment of a visit without a restart. Lookup
 * falls back per message along a chain: the visit's language, then its
 * fallback (a minority language may name another), then the Vietnamese ID. Languages are listed in assets/i18n/languages.ini. */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <stdbool.h>

/* Load compiled catalogs from dir (the build's assets/i18n). Returns 0 or -1. */
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

#endif
