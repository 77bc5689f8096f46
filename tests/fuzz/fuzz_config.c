/* libFuzzer harness: the INI configuration parser (a technician's file from
 * the FAT partition is outside input). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static config c;
    char *text = fuzz_text(data, size);
    if (!text)
        return 0;
    config_init(&c);
    config_load_string(&c, text, "fuzz");
    config_get_int(&c, "kiosk", "dpi", 102, 50, 600);
    config_get_double(&c, "kiosk", "scale", 1, 0.5, 3);
    config_get_bool(&c, "kiosk", "demo", false);
    free(text);
    return 0;
}
