/* qr_decode: find and decode a QR code in camera frames (8-bit luma).
 *
 * zbar does the finding and the Reed-Solomon decoding, restricted to QR and
 * set to binary mode (ZBAR_CFG_BINARY) so we get the raw bytes and do the text
 * decoding ourselves: UTF-8 when the bytes are valid UTF-8 (with or without an
 * ECI 26 header), else ISO-8859-1 (the QR default charset), flagged.
 * Around zbar sits our own pipeline for hard cases: a region of interest,
 * scaling, contrast normalisation, local (adaptive) thresholding, inverted
 * codes. Each frame runs a few attempts within a budget: a cheap attempt on
 * every frame, heavier ones on later frames of the same scene (the decoder
 * notices a new scene by itself, or the caller says so with qr_decoder_reset).
 * Per frame at 640x480 it costs no more than zbar with its default settings.
 *
 * Ownership: the decoder owns its scratch buffers; results are copied into the
 * caller's qr_result. The frame is only read. Not thread-safe per decoder. */
#ifndef KIOSK_QR_DECODE_H
#define KIOSK_QR_DECODE_H

#include <stddef.h>
#include <stdint.h>

#define QR_RESULT_MAX 4096   /* bytes of text; a version 40 code holds at most 2953 bytes */

typedef enum qr_decode_err {
    QR_DECODE_FOUND = 1,         /* a code was decoded */
    QR_DECODE_NONE = 0,          /* nothing this frame: keep showing the code */
    QR_DECODE_ERR_ARG = -1,      /* bad frame (size, stride, NULL) */
    QR_DECODE_ERR_MEMORY = -2,   /* out of memory */
    QR_DECODE_ERR_ZBAR = -3      /* zbar failed to start */
} qr_decode_err;

/* Which pipeline step decoded the code (for benchmarks and logs). */
typedef enum qr_attempt {
    QR_ATTEMPT_RAW = 0,      /* the frame as it is */
    QR_ATTEMPT_HALF,         /* downscaled by 2 (noise, blur, big codes) */
    QR_ATTEMPT_STRETCH,      /* contrast normalised */
    QR_ATTEMPT_ADAPTIVE,     /* local threshold, small window (blur, low contrast) */
    QR_ATTEMPT_INVERT,       /* light code on dark background */
    QR_ATTEMPT_INVERT_ADAPTIVE,
    QR_ATTEMPT_ZOOM,         /* centre of the frame upscaled by 2 (small codes) */
    QR_ATTEMPT_ZOOM_ADAPTIVE,
    QR_ATTEMPT_HALF_ADAPTIVE,
    QR_ATTEMPT_ADAPTIVE_WIDE,/* local threshold, wide window (uneven light, glare) */
    QR_ATTEMPT_RECTIFY,      /* own finder search and homography (strong tilt) */
    QR_ATTEMPT_COUNT
} qr_attempt;

typedef struct qr_result {
    char text[QR_RESULT_MAX];    /* NUL-terminated UTF-8 */
    size_t len;                  /* bytes in text */
    unsigned char raw[QR_RESULT_MAX]; /* the bytes zbar gave */
    size_t raw_len;
    int latin1_fallback;         /* 1 when raw was not UTF-8 and was read as ISO-8859-1 */
    int truncated;               /* 1 when the code held more than QR_RESULT_MAX bytes */
    qr_attempt attempt;
    int frame_in_scene;          /* 0 for the first frame of a scene */
} qr_result;

typedef struct qr_decoder qr_decoder;

typedef struct qr_decoder_options {
    /* Region of interest in frame pixels; w or h 0 = whole frame. */
    int roi_x, roi_y, roi_w, roi_h;
    /* How many frames of one scene before the schedule starts again. */
    int frames_per_cycle;
    /* 1 = only the plain attempt, like a bare zbar (for comparison). */
    int plain_only;
    /* Row of the schedule a new scene starts at (benchmarks measure each row). */
    int start_frame;
} qr_decoder_options;

void qr_decoder_options_default(qr_decoder_options *o);

/* Create a decoder (opts may be NULL). Returns NULL if out of memory or zbar fails. */
qr_decoder *qr_decoder_new(const qr_decoder_options *opts);
void qr_decoder_free(qr_decoder *d);

/* Start a new scene: the next frame runs the schedule from its first step. */
void qr_decoder_reset(qr_decoder *d);

/* Look for a QR code in one frame (luma, w x h, stride bytes per row). Returns
 * QR_DECODE_FOUND with *out filled, QR_DECODE_NONE, or a negative error. The
 * result text may hold personal data: wipe it (explicit_bzero) after use. */
int qr_decoder_frame(qr_decoder *d, const uint8_t *luma, int w, int h, int stride,
                     qr_result *out);

/* Decode with zbar as it comes (all symbologies, default settings, zbar's own
 * text conversion): the baseline the benchmark compares against. Returns
 * QR_DECODE_FOUND with the first QR symbol's text, QR_DECODE_NONE or an error. */
int qr_decode_zbar_default(const uint8_t *luma, int w, int h, int stride, qr_result *out);

/* Turn raw code bytes into UTF-8 text (see the header comment). Returns the
 * text length; sets *latin1 when the fallback was used. out has size bytes. */
size_t qr_bytes_to_text(const unsigned char *raw, size_t len, char *out, size_t size, int *latin1);

const char *qr_attempt_name(qr_attempt a);
const char *qr_decode_strerror(int err);

#endif
