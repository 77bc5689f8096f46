/* fuzz_qr_procedure: the procedure QR parser (our scheme, portal links) on
 * arbitrary bytes. A parsed code must always be a valid d.dddddd code. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "qr_payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char code[QR_PROCEDURE_CODE_MAX], loc[QR_PROCEDURE_CODE_MAX];
    int rc = qr_procedure_parse((const char *)data, size, code, sizeof code, loc, sizeof loc);
    if (rc == 0 && !qr_procedure_code_valid(code, strlen(code)))
        __builtin_trap();
    if (rc == 0) {
        char text[32], again[QR_PROCEDURE_CODE_MAX];
        if (qr_procedure_format(code, text, sizeof text) != 0 ||
            qr_procedure_parse(text, strlen(text), again, sizeof again, NULL, 0) != 0 ||
            strcmp(code, again) != 0)
            __builtin_trap();
    }
    (void)qr_payload_strerror(rc);
    return 0;
}
