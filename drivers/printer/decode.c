/* decode: ESC/POS stream back to pages. See decode.h. */
#include "decode.h"

#include <SDL.h>
#include <SDL_image.h>
#include <string.h>

#include "escpos.h"

static raster *page_start(decode_result *d, int width)
{
    if (d->npages >= DECODE_MAX_PAGES)
        return &d->pages[DECODE_MAX_PAGES - 1];   /* keep appending to the last */
    raster *r = &d->pages[d->npages];
    if (raster_init(r, width) != 0)
        return NULL;
    d->npages++;
    return r;
}

int decode_escpos(const unsigned char *data, size_t len, int width, decode_result *d)
{
    memset(d, 0, sizeof *d);
    if (width < 8 || width > 4096)
        return -1;
    raster *page = NULL;
    size_t pos = 0;
    while (pos < len) {
        escpos_cmd_info ci;
        escpos_cmd c = escpos_next_command(data + pos, len - pos, &ci);
        if (c == ESCPOS_CMD_INCOMPLETE) {
            d->truncated = 1;
            break;
        }
        if (c == ESCPOS_CMD_UNKNOWN) {
            d->unknown_bytes++;
            pos++;
            continue;
        }
        if (c == ESCPOS_CMD_CUT) {
            if (page && ci.arg > 0 && page->height + ci.arg <= DECODE_MAX_ROWS &&
                raster_ensure_height(page, page->height + ci.arg) != 0)
                goto fail;
            page = NULL;
            pos += ci.len;
            continue;
        }
        if (c == ESCPOS_CMD_STATUS || c == ESCPOS_CMD_INIT) {
            pos += ci.len;
            continue;
        }
        if (!page && !(page = page_start(d, width)))
            goto fail;
        int feed = 0;
        if (c == ESCPOS_CMD_FEED_DOTS)
            feed = ci.arg;
        else if (c == ESCPOS_CMD_FEED_LINES)
            feed = ci.arg * DECODE_LINE_DOTS;
        else if (c == ESCPOS_CMD_LF)
            feed = DECODE_LINE_DOTS;
        int grow = feed;
        if (c == ESCPOS_CMD_RASTER)
            grow = ci.raster_rows * ((ci.raster_mode & 2) ? 2 : 1);
        if (page->height + grow > DECODE_MAX_ROWS) {
            d->truncated = 1;
            break;
        }
        if (feed && raster_ensure_height(page, page->height + feed) != 0)
            goto fail;
        if (c == ESCPOS_CMD_RASTER) {
            int sx = (ci.raster_mode & 1) ? 2 : 1, sy = (ci.raster_mode & 2) ? 2 : 1;
            int y0 = page->height;
            if (raster_ensure_height(page, y0 + ci.raster_rows * sy) != 0)
                goto fail;
            for (int y = 0; y < ci.raster_rows; y++) {
                const unsigned char *row = ci.raster_data + (size_t)y * (size_t)ci.raster_xbytes;
                if (sx == 1 && sy == 1) {   /* the common case: copy the row, clipped */
                    int n = ci.raster_xbytes < page->stride ? ci.raster_xbytes : page->stride;
                    memcpy(page->bits + (size_t)(y0 + y) * (size_t)page->stride, row, (size_t)n);
                    continue;
                }
                for (int bx = 0; bx < ci.raster_xbytes && bx * 8 * sx < page->width; bx++) {
                    if (!row[bx])
                        continue;
                    for (int bit = 0; bit < 8; bit++)
                        if ((row[bx] >> (7 - bit)) & 1)
                            for (int dy = 0; dy < sy; dy++)
                                for (int dx = 0; dx < sx; dx++)
                                    raster_set(page, (bx * 8 + bit) * sx + dx, y0 + y * sy + dy);
                }
            }
        }
        pos += ci.len;
    }
    return 0;
fail:
    decode_free(d);
    return -1;
}

void decode_free(decode_result *d)
{
    for (int i = 0; i < d->npages; i++)
        raster_free(&d->pages[i]);
    memset(d, 0, sizeof *d);
}

int decode_save_png(const raster *r, const char *path)
{
    if (r->height <= 0)
        return -1;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, r->width, r->height, 32,
                                                    SDL_PIXELFORMAT_ABGR8888);
    if (!s)
        return -1;
    SDL_LockSurface(s);
    for (int y = 0; y < r->height; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < r->width; x++)
            row[x] = raster_get(r, x, y) ? 0xFF000000u : 0xFFFFFFFFu;
    }
    SDL_UnlockSurface(s);
    int rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc == 0 ? 0 : -1;
}
