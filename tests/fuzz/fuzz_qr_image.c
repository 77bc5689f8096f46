/* fuzz_qr_image: the QR image pipeline on raw luma. The first two bytes pick
 * the frame size (8..135 each), the rest are pixels (zero-padded); every
 * step of one schedule cycle runs on it, then the raw bytes go through the
 * text decoder. Nothing may crash or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qr_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static qr_decoder *d;
    static qr_result r;
    if (!d)
        d = qr_decoder_new(NULL);
    if (size < 2 || !d)
        return 0;
    int w = 8 + data[0] % 128, h = 8 + data[1] % 128;
    size_t n = (size_t)w * (size_t)h;
    uint8_t *px = calloc(1, n);
    if (!px)
        return 0;
    memcpy(px, data + 2, size - 2 < n ? size - 2 : n);
    qr_decoder_reset(d);
    for (int f = 0; f < 8; f++)
        if (qr_decoder_frame(d, px, w, h, w, &r) == QR_DECODE_FOUND)
            break;
    free(px);
    char text[64];
    int latin1;
    qr_bytes_to_text(data, size, text, sizeof text, &latin1);
    return 0;
}
