/* raster: 1-bit page image. See raster.h. Rows grow geometrically so that a
 * layout appending line after line costs amortised constant time. */
#include "raster.h"

#include <stdlib.h>
#include <string.h>

int raster_init(raster *r, int width)
{
    memset(r, 0, sizeof *r);
    if (width < 8 || width > 4096)
        return -1;
    r->stride = (width + 7) / 8;
    r->width = r->stride * 8;
    return 0;
}

void raster_free(raster *r)
{
    free(r->bits);
    memset(r, 0, sizeof *r);
}

int raster_ensure_height(raster *r, int height)
{
    if (height < 0 || height > 1000000)
        return -1;
    if (height > r->capacity) {
        int cap = r->capacity ? r->capacity : 256;
        while (cap < height)
            cap *= 2;
        unsigned char *b = realloc(r->bits, (size_t)cap * (size_t)r->stride);
        if (!b)
            return -1;
        memset(b + (size_t)r->capacity * (size_t)r->stride, 0,
               (size_t)(cap - r->capacity) * (size_t)r->stride);
        r->bits = b;
        r->capacity = cap;
    }
    if (height > r->height)
        r->height = height;
    return 0;
}

void raster_set(raster *r, int x, int y)
{
    if (x < 0 || y < 0 || x >= r->width || y >= r->height)
        return;
    r->bits[(size_t)y * (size_t)r->stride + (size_t)(x >> 3)] |= (unsigned char)(0x80u >> (x & 7));
}

int raster_get(const raster *r, int x, int y)
{
    if (x < 0 || y < 0 || x >= r->width || y >= r->height)
        return 0;
    return (r->bits[(size_t)y * (size_t)r->stride + (size_t)(x >> 3)] >> (7 - (x & 7))) & 1;
}

int raster_fill(raster *r, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0)
        return 0;
    if (raster_ensure_height(r, y + h) != 0)
        return -1;
    for (int yy = y < 0 ? 0 : y; yy < y + h; yy++)
        for (int xx = x < 0 ? 0 : x; xx < x + w && xx < r->width; xx++)
            raster_set(r, xx, yy);
    return 0;
}

long raster_count_black(const raster *r)
{
    long n = 0;
    for (size_t i = 0; i < (size_t)r->height * (size_t)r->stride; i++)
        n += __builtin_popcount(r->bits[i]);
    return n;
}

void raster_to_rgba(const raster *r, uint8_t *out)
{
    for (int y = 0; y < r->height; y++)
        for (int x = 0; x < r->width; x++) {
            uint8_t v = raster_get(r, x, y) ? 0x20 : 0xFF;
            uint8_t *p = out + ((size_t)y * (size_t)r->width + (size_t)x) * 4;
            p[0] = p[1] = p[2] = v;
            p[3] = 0xFF;
        }
}
