/* qr_rectify: straighten a QR code seen at a strong tilt (see qr_rectify.c).
 * Input: a binary image (dark pixels equal `dark`, 0 or 255), w x h, contiguous. Output: the
 * code resampled upright, 3 pixels per module, 4-module quiet zone, into out
 * (out_cap bytes), side x side. Nothing is found for version 1 codes (zbar
 * reads those tilted) or without three finder patterns. Reads only inside
 * the image. */
#ifndef KIOSK_QR_RECTIFY_H
#define KIOSK_QR_RECTIFY_H

#include <stddef.h>
#include <stdint.h>

#define QR_RECTIFY_AP 2

/* What qr_rectify_find learnt: finder centres (top-left, top-right,
 * bottom-left), the code's size in modules, candidate alignment patterns. */
typedef struct qr_rectify_plan {
    double fx[3], fy[3];
    int dim;
    double apx[QR_RECTIFY_AP], apy[QR_RECTIFY_AP];
    int aps[QR_RECTIFY_AP];     /* distance from the estimate, pixels */
    int nap;
} qr_rectify_plan;

/* Returns the number of alignment-pattern candidates (0: nothing to try). */
int qr_rectify_find(const uint8_t *bin, int w, int h, uint8_t dark, qr_rectify_plan *plan);

/* Resample the code with candidate k. Returns 1, or 0 when it cannot. */
int qr_rectify_sample(const uint8_t *bin, int w, int h, uint8_t dark, const qr_rectify_plan *plan,
                      int k, uint8_t *out, size_t out_cap, int *out_side);

#endif
