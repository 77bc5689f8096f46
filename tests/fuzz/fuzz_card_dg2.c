/* fuzz_card_dg2: locating the face image in DG2 (19794-5 walk + signature scan). */
#include <stddef.h>
#include <stdint.h>

#include "card_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *img;
    size_t il;
    bool jpeg;
    if (dg2_find_image(data, size, &img, &il, &jpeg) == CARD_OK) {
        if (img < data || img + il > data + size || il == 0)
            __builtin_trap();
    }
    return 0;
}
