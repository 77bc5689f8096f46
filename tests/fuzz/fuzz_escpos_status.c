/* fuzz_escpos_status: printer status replies (bytes from a device we do not
 * control) through the reply parser, and the status-to-message mapping. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escpos.h"
#include "printer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    escpos_status st;
    memset(&st, 0, sizeof st);
    int n = escpos_status_parse_replies(buf, size, &st);
    if (n > (int)(size / 2))
        abort();
    /* A blocking status must map to an error with a message, and back. */
    int e = printer_status_error(&st);
    if (escpos_status_blocks(&st) != (e != PRINTER_OK) && !st.auto_recoverable)
        abort();
    const char *m = printer_status_message(&st);
    if (e != PRINTER_OK && (!m || !m[0]))
        abort();
    for (size_t i = 0; i < size; i++) {
        escpos_status one;
        memset(&one, 0, sizeof one);
        (void)escpos_status_parse((escpos_query)(1 + i % 4), buf[i], &one);
        (void)escpos_status_parse(ESCPOS_Q_GS_PAPER, buf[i], &one);
    }
    free(buf);
    return 0;
}
