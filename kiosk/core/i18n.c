/* i18n: placeholder until compiled PO catalogs land (issue 8): every message
 * shows in Vietnamese, its ID. To be replaced by the MO loader. */
#include "i18n.h"

#include <string.h>

static char g_lang[16] = "vi";


int i18n_init(const char *dir)
{
    (void)dir;
    return 0;
}

void i18n_shutdown(void) {}

int i18n_set_language(const char *code)
{
    if (strlen(code) >= sizeof g_lang)
        return -1;
    strcpy(g_lang, code);
    return 0;
}

const char *i18n_language(void)
{
    return g_lang;
}

const char *i18n_get(const char *msgid)
{
    return msgid;
}

const char *i18n_nget(const char *msgid, const char *msgid_plural, unsigned long n)
{
    return i18n_get(n == 1 ? msgid : msgid_plural);
}
