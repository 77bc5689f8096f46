/* raster: a 1-bit page image, the common currency of the printer driver.
 *
 * Rows are packed 8 dots to a byte, most significant bit first, 1 = black
 * (the ESC/POS GS v 0 convention), so a band of rows goes to the printer as
 * it is. The width is fixed at creation (384 dots for 58 mm paper, 576 for
 * 80 mm) and rounded up to whole bytes; the height grows as a layout appends.
 * The raster owns its bits; raster_free() releases them. */
#ifndef KIOSK_PRINTER_RASTER_H
#define KIOSK_PRINTER_RASTER_H

#include <stddef.h>
#include <stdint.h>

typedef struct raster {
    int width;              /* dots per row (multiple of 8) */
    int height;             /* rows in use */
    int stride;             /* bytes per row = width / 8 */
    int capacity;           /* rows allocated */
    unsigned char *bits;
} raster;

/* Start an empty raster width dots wide (rounded up to a multiple of 8).
 * Returns 0, or -1 for a width outside 8..4096 or out of memory. */
int raster_init(raster *r, int width);
void raster_free(raster *r);

/* Make the raster at least height rows tall (new rows white). Returns 0 or -1. */
int raster_ensure_height(raster *r, int height);

/* Set one dot black; out-of-range coordinates are ignored. */
void raster_set(raster *r, int x, int y);
int raster_get(const raster *r, int x, int y);

/* Fill a rectangle black (clipped). Grows the height when needed; returns 0 or -1. */
int raster_fill(raster *r, int x, int y, int w, int h);

/* Number of black dots (tests). */
long raster_count_black(const raster *r);

/* RGBA8888 copy for a screen (black dots dark grey on white): out holds
 * width*height*4 bytes. */
void raster_to_rgba(const raster *r, uint8_t *out);

#endif
