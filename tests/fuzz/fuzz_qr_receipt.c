/* fuzz_qr_receipt: the receipt QR parser on arbitrary bytes; whatever parses
 * must format back to a text that parses to the same dossier code. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "receipt_qr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char code[RECEIPT_QR_CODE_MAX];
    int rc = receipt_qr_parse((const char *)data, size, code, sizeof code);
    if (rc == 0) {
        char text[RECEIPT_QR_TEXT_MAX], again[RECEIPT_QR_CODE_MAX];
        if (receipt_qr_format(code, text, sizeof text) != 0 ||
            receipt_qr_parse(text, strlen(text), again, sizeof again) != 0 ||
            strcmp(code, again) != 0)
            __builtin_trap();
    }
    (void)receipt_qr_strerror(rc);
    return 0;
}
