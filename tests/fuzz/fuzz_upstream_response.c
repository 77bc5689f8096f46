/* fuzz_upstream_response: parsers of the upstream's answers (submit, status,
 * Retry-After). */
#include "upstream.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char official[64], due[40], err[200];
    upstream_parse_submit((const char *)data, size, official, due, err, sizeof err);
    up_status st;
    upstream_parse_status((const char *)data, size, &st, err, sizeof err);
    if (size < 200) {
        char v[201];
        memcpy(v, data, size);
        v[size] = '\0';
        upstream_parse_retry_after(v, 1700000000);
    }
    return 0;
}
