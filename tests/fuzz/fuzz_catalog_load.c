/* fuzz_catalog_load: one procedure record (or form) as arbitrary bytes.
 * The parser must refuse bad input with a message, never crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "form.h"
#include "log.h"

static catalog_procedure proc;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    log_set_quiet(1);
    catalog_error err;
    const char *json = (const char *)data;
    if (catalog_parse_procedure(json, size, "fuzz.json", "en", &proc, &err) != 0 &&
        strlen(err.msg) == 0)
        abort();                        /* a refusal always says why */
    form *f = form_parse(json, size, "fuzz.json", &err);
    if (f) {
        form_answers *a = form_answers_new(f);
        char msg[256];
        for (int i = form_next(f, a, -1); i >= 0; i = form_next(f, a, i))
            form_set_answer(f, a, i, "01/02/2020", "vi", msg, sizeof msg);
        char *s = form_answers_json(f, a);
        free(s);
        form_answers_free(a);
        form_free(f);
    }
    return 0;
}
