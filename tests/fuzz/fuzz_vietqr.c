/* fuzz_vietqr: the VietQR parser on arbitrary bytes (a scanned payment code
 * is outside input). Whatever parses must build back to a payload that parses
 * to the same fields (when it is in the form we build). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "vietqr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vietqr_payment p, q;
    /* Exact-size copy so ASan catches any read past the end. */
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    int rc = vietqr_parse(buf, size, &p);
    if (rc == VIETQR_OK) {
        char out[VIETQR_PAYLOAD_MAX];
        int b = vietqr_build(&p, out, sizeof out);
        if (b == VIETQR_OK) {
            if (vietqr_parse(out, strlen(out), &q) != VIETQR_OK || memcmp(&p, &q, sizeof p) != 0)
                abort();
        }
    }
    (void)vietqr_strerror(rc);
    /* The ASCII folding of 62/08 on the same bytes as text. */
    char *s = fuzz_text(data, size);
    if (s) {
        char folded[64];
        int n = vietqr_fold_ascii(s, folded, sizeof folded);
        if (n >= 0) {
            for (int i = 0; i < n; i++)
                if ((unsigned char)folded[i] < 0x20 || (unsigned char)folded[i] > 0x7E)
                    abort();
            char purpose[VIETQR_PURPOSE_MAX + 1];
            if (vietqr_purpose_for_dossier(s, purpose, sizeof purpose) == VIETQR_OK &&
                strlen(purpose) > VIETQR_PURPOSE_MAX)
                abort();
        }
        free(s);
    }
    free(buf);
    return 0;
}
