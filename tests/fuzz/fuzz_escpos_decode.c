/* fuzz_escpos_decode: the command walker and the driver's ESC/POS decoder
 * (used by the simulated printer and `kioskctl print --png`) on arbitrary
 * streams: no read past the end, bounded memory, consistent page sizes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "escpos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    size_t pos = 0;
    while (pos < size) {
        escpos_cmd_info ci;
        escpos_cmd c = escpos_next_command(buf + pos, size - pos, &ci);
        if (c == ESCPOS_CMD_INCOMPLETE)
            break;
        if (ci.len == 0 || ci.len > size - pos)
            abort();
        pos += ci.len;
    }
    decode_result d;
    if (decode_escpos(buf, size, 384, &d) == 0) {
        for (int i = 0; i < d.npages; i++)
            if (d.pages[i].width != 384 || d.pages[i].height < 0)
                abort();
        decode_free(&d);
    }
    free(buf);
    return 0;
}
