/* languages: the languages the attract screen offers, each named in its own
 * script with its Vietnamese name below. Drafts are translations not yet
 * reviewed by a native speaker; the picker marks them. */
#include "app.h"

static const app_language languages[] = {
    { "vi", "Tiếng Việt", "Tiếng Việt", false },
    { "en", "English", "Tiếng Anh", false },
    { "hmn", "Lus Hmoob", "Tiếng H'Mông", true },
    { "km", "ភាសាខ្មែរ", "Tiếng Khmer", true },
    { "blt", "ꪁꪾꪣ ꪼꪕ", "Tiếng Thái", true },
    { "rad", "Klei Êđê", "Tiếng Ê Đê", true },
    { "tyz", "Tiếng Tày", "Tiếng Tày", true },
};

int app_languages(const app_language **list)
{
    *list = languages;
    return (int)(sizeof languages / sizeof languages[0]);
}
