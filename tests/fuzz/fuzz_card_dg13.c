/* fuzz_card_dg13: the generic DG13 walk into an identity. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "card_int.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    identity id;
    memset(&id, 0, sizeof id);
    dg13_parse(data, size, &id);
    /* every field must come out NUL-terminated valid UTF-8 */
    const char *f[] = { id.id_number, id.full_name, id.place_of_residence, id.date_of_expiry,
                        id.father_name, id.mother_name, id.spouse_name, id.old_id_number };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!text_utf8_valid(f[i], strlen(f[i])))
            __builtin_trap();
    identity_wipe(&id);
    return 0;
}
