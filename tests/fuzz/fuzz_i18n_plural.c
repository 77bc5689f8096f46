/* libFuzzer harness for the Plural-Forms evaluator (kiosk/core/i18n_plural.c):
 * the input is a header value from a catalog; parse it, then evaluate for a
 * few n. Must never crash, recurse without bound or divide by zero. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "i18n_plural.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size);
    if (!s)
        return 0;
    i18n_plural p;
    (void)i18n_plural_from_header(&p, s);
    for (unsigned long n = 0; n < 8; n++)
        if (i18n_plural_select(&p, n) >= p.nplurals)
            __builtin_trap();
    unsigned long r;
    (void)i18n_plural_eval(s, 3, &r);
    free(s);
    return 0;
}
