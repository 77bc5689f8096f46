/* qr_image: the image steps of the QR pipeline, on 8-bit luma buffers.
 *
 * Every function writes a contiguous (stride = width) destination the caller
 * owns and sized as documented; sources may have any stride. They are plain
 * loops over bytes, written for the compiler to vectorise: the whole point is
 * that a frame costs less than zbar's own default scan. */
#ifndef KIOSK_QR_IMAGE_H
#define KIOSK_QR_IMAGE_H

#include <stdint.h>

/* Copy a w x h window at (x, y) of src into dst (w*h bytes). */
void qr_image_crop(const uint8_t *src, int stride, int x, int y, int w, int h, uint8_t *dst);

/* 2x2 box downscale of w x h into dst ((w/2)*(h/2) bytes). */
void qr_image_half(const uint8_t *src, int w, int h, int stride, uint8_t *dst);

/* Bilinear 2x upscale of the w x h window at (x, y) into dst (2w*2h bytes). */
void qr_image_zoom2(const uint8_t *src, int stride, int x, int y, int w, int h, uint8_t *dst);

/* Linear contrast stretch: the 1st and 99th percentiles (of a sample) go to 0
 * and 255. dst is w*h bytes; may equal a contiguous src. Returns 0, or -1 when
 * the frame is flat (nothing to stretch; dst is then a plain copy). */
int qr_image_stretch(const uint8_t *src, int w, int h, int stride, uint8_t *dst);

/* Local threshold (Bradley-Roth on an integral image): a pixel is dark when it
 * is more than pct percent below the mean of the (2r+1)^2 window around it.
 * integral must hold (w+1)*(h+1) uint32_t. Output 0 (dark) / 255; inverted
 * when invert is set. r is clamped to the image. */
void qr_image_adaptive(const uint8_t *src, int w, int h, int stride, uint8_t *dst,
                       uint32_t *integral, int r, int pct, int invert);

/* dst = 255 - src (w*h bytes). */
void qr_image_invert(const uint8_t *src, int w, int h, int stride, uint8_t *dst);

/* A coarse 16x12 thumbnail (sampled means) for scene-change detection. */
#define QR_THUMB_W 16
#define QR_THUMB_H 12
void qr_image_thumb(const uint8_t *src, int w, int h, int stride,
                    uint8_t thumb[QR_THUMB_W * QR_THUMB_H]);
/* Mean absolute difference of two thumbnails (0..255). */
int qr_image_thumb_diff(const uint8_t *a, const uint8_t *b);

#endif
