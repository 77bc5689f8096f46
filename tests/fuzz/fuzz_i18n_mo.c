/* libFuzzer harness for the MO catalog reader (kiosk/core/i18n_mo.c): any
 * bytes are parsed; when accepted, every entry is looked up again, every
 * plural form walked and the plural rule evaluated, so a bad offset or an
 * unterminated string shows up under ASan. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "i18n_mo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    i18n_mo *mo = NULL;
    if (i18n_mo_parse(data, size, &mo) != I18N_MO_OK)
        return 0;
    for (uint32_t i = 0; i < mo->count; i++) {
        const i18n_mo_entry *e = i18n_mo_find(mo, mo->entries[i].key);
        if (e != &mo->entries[i])
            __builtin_trap();
        for (unsigned long f = 0; f < 20 && i18n_mo_form(e, f); f++)
            (void)strlen(i18n_mo_form(e, f));
    }
    for (unsigned long n = 0; n < 30; n++)
        if (i18n_plural_select(&mo->plural, n) >= mo->plural.nplurals)
            __builtin_trap();
    i18n_mo_free(mo);
    return 0;
}
