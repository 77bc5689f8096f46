/* render: receipts and queue tickets laid out on a 1-bit raster.
 *
 * Text is drawn with SDL2_ttf (HarfBuzz shaping, Noto Sans from
 * fonts-noto-core) word by word, with monochrome hinting, and thresholded to
 * 1 bit; no SDL video subsystem is used, only TTF on memory surfaces. QR codes
 * come from qrgen (libqrencode) and barcodes from code128. A layout is a
 * column: paragraphs (runs of bold and regular words, wrapped greedily),
 * rules, codes. Sizes are in dots (203 dpi, 8 dots per mm).
 * The fonts object owns its TTF_Font handles; close it with render_fonts_close(). */
#ifndef KIOSK_PRINTER_RENDER_H
#define KIOSK_PRINTER_RENDER_H

#include "raster.h"
#include "receipt.h"

#define RENDER_FONT_REGULAR "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#define RENDER_FONT_BOLD "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"

typedef struct render_fonts render_fonts;

/* Returns 0 (PRINTER_OK) or PRINTER_ERR_FONT. */
int render_fonts_open(const char *regular_path, const char *bold_path, render_fonts **out);
void render_fonts_close(render_fonts *f);

/* Lay out into out (initialised here, width dots wide). Returns PRINTER_OK or
 * a negative printer_err; out is freed on error. */
int render_receipt(render_fonts *f, const receipt *r, int width, raster *out);
int render_ticket(render_fonts *f, const ticket *t, int width, raster *out);

/* Pieces, for tests: a QR (quiet zone included) at module dots per module,
 * and a CODE128 at module dots per module, height dots tall, both centred on
 * row y. Return the height used, or a negative printer_err. */
int render_qr(raster *r, int y, const char *text, int ecc, int module);
int render_code128(raster *r, int y, const char *text, int module, int height);

#endif
