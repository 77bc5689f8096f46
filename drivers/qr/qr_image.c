/* qr_image: preprocessing steps for the QR pipeline. See qr_image.h.
 *
 * The adaptive threshold is Bradley and Roth's (2007) integral-image method:
 * constant cost per pixel whatever the window, and flat regions stay white
 * because a pixel must be a percentage below its neighbourhood mean, not just
 * below it, which keeps noise in blank areas from becoming speckle that zbar
 * would spend time on. */
#include "qr_image.h"

#include <stdlib.h>
#include <string.h>

void qr_image_crop(const uint8_t *src, int stride, int x, int y, int w, int h, uint8_t *dst)
{
    for (int j = 0; j < h; j++)
        memcpy(dst + (size_t)j * (size_t)w, src + (size_t)(y + j) * (size_t)stride + (size_t)x,
               (size_t)w);
}

void qr_image_half(const uint8_t *src, int w, int h, int stride, uint8_t *dst)
{
    int w2 = w / 2, h2 = h / 2;
    for (int j = 0; j < h2; j++) {
        const uint8_t *a = src + (size_t)(2 * j) * (size_t)stride;
        const uint8_t *b = a + stride;
        uint8_t *o = dst + (size_t)j * (size_t)w2;
        for (int i = 0; i < w2; i++)
            o[i] = (uint8_t)((a[2 * i] + a[2 * i + 1] + b[2 * i] + b[2 * i + 1] + 2) >> 2);
    }
}

void qr_image_zoom2(const uint8_t *src, int stride, int x, int y, int w, int h, uint8_t *dst)
{
    int W = 2 * w;
    for (int j = 0; j < h; j++) {
        const uint8_t *r0 = src + (size_t)(y + j) * (size_t)stride + (size_t)x;
        const uint8_t *r1 = (j + 1 < h) ? r0 + stride : r0;
        uint8_t *o0 = dst + (size_t)(2 * j) * (size_t)W;
        uint8_t *o1 = o0 + W;
        for (int i = 0; i < w; i++) {
            int n = (i + 1 < w) ? 1 : 0;
            int a = r0[i], b = r0[i + n], c = r1[i], d = r1[i + n];
            o0[2 * i] = (uint8_t)a;
            o0[2 * i + 1] = (uint8_t)((a + b + 1) >> 1);
            o1[2 * i] = (uint8_t)((a + c + 1) >> 1);
            o1[2 * i + 1] = (uint8_t)((a + b + c + d + 2) >> 2);
        }
    }
}

int qr_image_stretch(const uint8_t *src, int w, int h, int stride, uint8_t *dst)
{
    unsigned hist[256] = { 0 };
    unsigned n = 0;
    /* A sample of every 4th pixel of every 4th row is plenty for percentiles. */
    for (int j = 0; j < h; j += 4) {
        const uint8_t *r = src + (size_t)j * (size_t)stride;
        for (int i = 0; i < w; i += 4) {
            hist[r[i]]++;
            n++;
        }
    }
    unsigned lo_n = n / 100, hi_n = n - n / 100;
    int lo = 0, hi = 255;
    unsigned acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc > lo_n) {
            lo = v;
            break;
        }
    }
    acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc >= hi_n) {
            hi = v;
            break;
        }
    }
    uint8_t lut[256];
    int flat = hi - lo < 8;
    for (int v = 0; v < 256; v++) {
        if (flat)
            lut[v] = (uint8_t)v;
        else if (v <= lo)
            lut[v] = 0;
        else if (v >= hi)
            lut[v] = 255;
        else
            lut[v] = (uint8_t)((v - lo) * 255 / (hi - lo));
    }
    for (int j = 0; j < h; j++) {
        const uint8_t *r = src + (size_t)j * (size_t)stride;
        uint8_t *o = dst + (size_t)j * (size_t)w;
        for (int i = 0; i < w; i++)
            o[i] = lut[r[i]];
    }
    return flat ? -1 : 0;
}

void qr_image_adaptive(const uint8_t *src, int w, int h, int stride, uint8_t *dst,
                       uint32_t *integral, int r, int pct, int invert)
{
    size_t iw = (size_t)w + 1;
    memset(integral, 0, iw * sizeof *integral);
    for (int j = 0; j < h; j++) {
        const uint8_t *row = src + (size_t)j * (size_t)stride;
        uint32_t *prev = integral + (size_t)j * iw;
        uint32_t *cur = prev + iw;
        uint32_t sum = 0;
        cur[0] = 0;
        for (int i = 0; i < w; i++) {
            sum += row[i];
            cur[i + 1] = prev[i + 1] + sum;
        }
    }
    if (r < 1)
        r = 1;
    if (r > 200)
        r = 200; /* keeps v * area * 100 within 32 bits: 255 * 401^2 * 100 < 2^32 */
    /* dark when v * area * 100 < sum * (100 - pct) */
    uint32_t keep = (uint32_t)(100 - pct);
    uint8_t dark = invert ? 255 : 0, light = invert ? 0 : 255;
    for (int j = 0; j < h; j++) {
        int y0 = j - r < 0 ? 0 : j - r;
        int y1 = j + r + 1 > h ? h : j + r + 1;
        const uint32_t *top = integral + (size_t)y0 * iw;
        const uint32_t *bot = integral + (size_t)y1 * iw;
        const uint8_t *row = src + (size_t)j * (size_t)stride;
        uint8_t *o = dst + (size_t)j * (size_t)w;
        uint32_t rows = (uint32_t)(y1 - y0);
        /* Borders (window clipped) pixel by pixel, the interior in a tight loop
         * with a constant area and sums that stay below 2^32 (w*h*255 for
         * frames up to 4096x4096 fits). */
        int left = r < w ? r : w, right = w - r - 1 > left ? w - r - 1 : left;
        for (int i = 0; i < w; i++) {
            if (i == left && right > left) {
                uint32_t area100 = (uint32_t)(2 * r + 1) * rows * 100u;
                for (; i < right; i++) {
                    uint32_t sum = bot[i + r + 1] - bot[i - r] - top[i + r + 1] + top[i - r];
                    o[i] = (uint64_t)row[i] * area100 < (uint64_t)sum * keep ? dark : light;
                }
                if (i >= w)
                    break;
            }
            int x0 = i - r < 0 ? 0 : i - r;
            int x1 = i + r + 1 > w ? w : i + r + 1;
            uint32_t area = (uint32_t)(x1 - x0) * rows;
            uint32_t sum = bot[x1] - bot[x0] - top[x1] + top[x0];
            o[i] = (uint64_t)row[i] * area * 100u < (uint64_t)sum * keep ? dark : light;
        }
    }
}

void qr_image_invert(const uint8_t *src, int w, int h, int stride, uint8_t *dst)
{
    for (int j = 0; j < h; j++) {
        const uint8_t *r = src + (size_t)j * (size_t)stride;
        uint8_t *o = dst + (size_t)j * (size_t)w;
        for (int i = 0; i < w; i++)
            o[i] = (uint8_t)(255 - r[i]);
    }
}

void qr_image_thumb(const uint8_t *src, int w, int h, int stride,
                    uint8_t thumb[QR_THUMB_W * QR_THUMB_H])
{
    for (int ty = 0; ty < QR_THUMB_H; ty++) {
        for (int tx = 0; tx < QR_THUMB_W; tx++) {
            int x0 = tx * w / QR_THUMB_W, x1 = (tx + 1) * w / QR_THUMB_W;
            int y0 = ty * h / QR_THUMB_H, y1 = (ty + 1) * h / QR_THUMB_H;
            unsigned sum = 0, n = 0;
            for (int y = y0; y < y1; y += 4)
                for (int x = x0; x < x1; x += 4) {
                    sum += src[(size_t)y * (size_t)stride + (size_t)x];
                    n++;
                }
            thumb[ty * QR_THUMB_W + tx] = (uint8_t)(n ? sum / n : 0);
        }
    }
}

int qr_image_thumb_diff(const uint8_t *a, const uint8_t *b)
{
    int sum = 0;
    for (int i = 0; i < QR_THUMB_W * QR_THUMB_H; i++)
        sum += abs((int)a[i] - (int)b[i]);
    return sum / (QR_THUMB_W * QR_THUMB_H);
}
