/* fuzz_card_dg1: DG1 / MRZ parsing and the identity fill. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "card_int.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mrz_fields m;
    identity id;
    memset(&id, 0, sizeof id);
    if (dg1_parse(data, size, &m) == CARD_OK)
        dg1_fill_identity(&m, &id);
    if (mrz_parse((const char *)data, size, &m) == CARD_OK)
        dg1_fill_identity(&m, &id);
    identity_wipe(&id);
    return 0;
}
