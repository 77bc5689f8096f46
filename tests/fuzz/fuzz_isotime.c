/* libFuzzer harness: ISO 8601 dates and times from the upstream's status
 * answers (through kioskd), formatted for the screen. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "isotime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (!text)
        return 0;
    char out[64];
    isotime_format(text, out, sizeof out);
    char tiny[4];
    isotime_format(text, tiny, sizeof tiny);
    free(text);
    return 0;
}
