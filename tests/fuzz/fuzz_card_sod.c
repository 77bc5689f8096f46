/* fuzz_card_sod: EF.SOD parsing and passive authentication (no trust store,
 * so no file access) on arbitrary bytes. Nothing may come out "verified". */
#include <stddef.h>
#include <stdint.h>

#include "card_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sod_info si;
    int mdg;
    (void)sod_parse(data, size, &si);
    sod_input in[1] = { { 1, data, size > 16 ? 16 : size } };
    if (sod_verify(data, size, NULL, in, 1, &mdg, 0) == CARD_VERIFY_VERIFIED)
        __builtin_trap();
    return 0;
}
