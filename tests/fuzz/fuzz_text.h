/* fuzz_text: the fuzzer's bytes as a NUL-terminated string, for the harnesses
 * of text parsers. A heap copy of exactly size + 1 bytes, so AddressSanitizer
 * catches a read past the end. NULL when out of memory; free() it. */
#ifndef KIOSK_FUZZ_TEXT_H
#define KIOSK_FUZZ_TEXT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif
