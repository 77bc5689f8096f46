/* fuzz_qr_card: the ID card QR parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "qr_payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    identity id;
    int rc = qr_card_parse((const char *)data, size, &id);
    if (rc == 0 && (strlen(id.id_number) != 12 || id.assurance != IDENTITY_QR))
        __builtin_trap();
    (void)qr_payload_strerror(rc);
    (void)qr_payload_classify((const char *)data, size);
    identity_wipe(&id);
    return 0;
}
