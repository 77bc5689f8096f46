/* decode: turn an ESC/POS byte stream (the commands escpos.h knows) back into
 * the pages the paper would show, and save a page as PNG.
 *
 * The driver's own reading, for `kioskctl print --png`: GS v 0 bands (modes
 * 0..3: double width/height), ESC J / ESC d / LF feeds (a line is 30 dots),
 * and each cut ends a page. Status queries are skipped. The tests use an
 * independent decoder (tests/tools/escpos2png.py) as well. */
#ifndef KIOSK_PRINTER_DECODE_H
#define KIOSK_PRINTER_DECODE_H

#include <stddef.h>

#include "raster.h"

#define DECODE_LINE_DOTS 30
#define DECODE_MAX_PAGES 16
#define DECODE_MAX_ROWS 40000     /* 5 m of paper: a longer page is cut off */

typedef struct decode_result {
    raster pages[DECODE_MAX_PAGES];
    int npages;
    int unknown_bytes;      /* bytes that were no command we know */
    int truncated;          /* the stream ended inside a command, or a page was too long */
} decode_result;

/* width: paper width in dots (pages are this wide; wider bands are clipped).
 * Returns 0, or -1 on a bad width or out of memory. Free with decode_free(). */
int decode_escpos(const unsigned char *data, size_t len, int width, decode_result *out);
void decode_free(decode_result *d);

/* Write r as an 8-bit grey PNG (black dots black). Returns 0 or -1. */
int decode_save_png(const raster *r, const char *path);

#endif
