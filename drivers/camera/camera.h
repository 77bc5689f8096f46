/* camera: a source of 8-bit luma frames for the QR decoder.
 *
 * One small interface, two backends:
 * - "v4l2:/dev/videoN" (or "auto": the first capture device found, reopened
 *   when a camera is plugged back in): V4L2 capture with mmap buffers, YUYV,
 *   GREY or MJPEG, size and rate from the configuration. GREY frames are handed
 *   out in place (no copy); YUYV costs one pass to pick the Y bytes; MJPEG is
 *   decoded straight to grayscale with libjpeg-turbo (no colour conversion).
 * - "files:PATH[,PATH...]" (images, or a directory of images in name order):
 *   each next_frame returns the next image, looping; for tests and the kiosk's
 *   demo mode. Images are read with SDL2_image (PNG, JPEG, PGM...).
 *
 * The frame returned by camera_next_frame belongs to the camera and is valid
 * until the next call or camera_close. */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

#include <stddef.h>
#include <stdint.h>

typedef enum camera_err {
    CAMERA_OK = 0,
    CAMERA_ERR_ARG = -1,        /* bad source string or argument */
    CAMERA_ERR_NO_DEVICE = -2,  /* no camera found / device missing */
    CAMERA_ERR_OPEN = -3,       /* device exists but cannot be opened (permissions, busy) */
    CAMERA_ERR_FORMAT = -4,     /* the camera offers no format we can use */
    CAMERA_ERR_IO = -5,         /* capture failed */
    CAMERA_ERR_TIMEOUT = -6,    /* no frame within the timeout */
    CAMERA_ERR_GONE = -7,       /* the camera was unplugged; "auto" reopens it later */
    CAMERA_ERR_DECODE = -8,     /* a frame or image file could not be decoded */
    CAMERA_ERR_MEMORY = -9
} camera_err;

typedef struct camera_config {
    int width, height;      /* wanted size (default 640x480) */
    int fps;                /* wanted rate (default 15) */
} camera_config;

typedef struct camera_frame {
    const uint8_t *luma;
    int width, height, stride;
    uint64_t sequence;      /* counts frames since open */
} camera_frame;

typedef struct camera camera;

/* Defaults, then [camera] width, height, fps from a loaded config (may be NULL). */
struct config;
void camera_config_default(camera_config *c);
void camera_config_load(camera_config *c, struct config *conf);

/* Open a source ("auto", "v4l2:/dev/video0", "files:a.png,b.png", "files:DIR"). */
int camera_open(const char *source, const camera_config *cfg, camera **out);

/* Wait up to timeout_ms for the next frame. */
int camera_next_frame(camera *cam, camera_frame *frame, int timeout_ms);

void camera_close(camera *cam);

/* List capture devices: writes up to max paths ("/dev/video0") into paths
 * (each 32 bytes). Returns how many were found. */
int camera_list(char paths[][32], int max);

/* Load an image file as luma (owned by the caller, free()). */
int camera_load_luma(const char *path, uint8_t **luma, int *w, int *h);

/* Convert packed YUYV (stride bytes per row) to luma (w bytes per row). */
void camera_yuyv_to_luma(const uint8_t *yuyv, int w, int h, int stride, uint8_t *luma);

/* Decode a JPEG (an MJPEG frame) to luma, into *buf (grown with realloc as needed,
 * *cap its size). Returns CAMERA_OK or CAMERA_ERR_DECODE. */
int camera_jpeg_to_luma(const uint8_t *jpeg, size_t len, uint8_t **buf, size_t *cap, int *w,
                        int *h);

/* A technician's message, in Vietnamese. */
const char *camera_strerror(int err);

#endif
