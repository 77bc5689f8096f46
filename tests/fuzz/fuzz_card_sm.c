/* fuzz_card_sm: secure-messaging response unwrap (3DES session of ICAO 9303
 * D.4, or AES with the G.1 keys, chosen by the first byte). */
#include <stddef.h>
#include <stdint.h>

#include "card_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t kenc[16] = { 0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC,
                                      0xD0, 0x1A, 0xB0, 0xFE, 0xD3, 0x07, 0xEA, 0xE5 };
    static const uint8_t kmac[16] = { 0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD, 0xF2, 0x08,
                                      0x80, 0x6B, 0x89, 0xDC, 0x57, 0x9D, 0xC1, 0xF8 };
    static const uint8_t ssc[8] = { 0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x27 };
    static uint8_t out[APDU_RSP_MAX];
    if (size < 1)
        return 0;
    sm_ctx s;
    if (data[0] & 1)
        sm_init(&s, SM_AES, kenc, kmac, 16, NULL);
    else
        sm_init(&s, SM_3DES, kenc, kmac, 16, ssc);
    size_t dl;
    uint16_t sw;
    card_err rc = sm_unwrap(&s, data + 1, size - 1, out, sizeof out, &dl, &sw);
    if (rc == CARD_OK && dl > sizeof out)
        __builtin_trap();
    sm_wipe(&s);
    return 0;
}
