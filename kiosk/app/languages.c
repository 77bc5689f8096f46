/* languages: the languages the attract screen offers, from the build's
 * assets/i18n/languages.ini through the i18n module: each named in its own
 * script with its Vietnamese name below; drafts (not yet reviewed by a
 * native speaker) are marked. Without the i18n data, Vietnamese and English. */
#include "app.h"
#include "i18n.h"

#define MAX_LANGS 16

static const app_language builtin[] = {
    { "vi", "Tiếng Việt", "Tiếng Việt", false },
    { "en", "English", "Tiếng Anh", false },
};

int app_languages(const app_language **list)
{
    static app_language langs[MAX_LANGS];
    int n = i18n_language_count();
    if (n < 2) {
        *list = builtin;
        return 2;
    }
    if (n > MAX_LANGS)
        n = MAX_LANGS;
    for (int i = 0; i < n; i++) {
        const i18n_lang_info *l = i18n_language_at(i);
        langs[i] = (app_language){ l->code, l->name, l->name_vi, l->draft };
    }
    *list = langs;
    return n;
}
