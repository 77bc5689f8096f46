/* camera_v4l2: capture from a V4L2 device (USB UVC webcams). See camera.h.
 *
 * Streaming I/O with 4 mmap'd buffers: a buffer is dequeued for the frame the
 * caller looks at and queued back at the next call, so GREY frames are read in
 * place. Format preference: GREY (no work), YUYV (one pass), MJPEG (a grayscale
 * JPEG decode); we ask for the configured size and rate and take what the
 * driver gives. Hot-plug: a vanished device (ENODEV) closes the stream and
 * reports CAMERA_ERR_GONE once; later calls try to reopen, at most once a
 * second ("auto" picks whichever capture device is present then). */
#include "camera_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define V4L2_BUFFERS 4

typedef struct v4l2_impl {
    char path[32];
    int auto_pick;
    int fd;
    uint32_t fourcc;
    int width, height, stride;
    void *map[V4L2_BUFFERS];
    size_t map_len[V4L2_BUFFERS];
    int nbuf;
    int held;             /* index of the buffer the caller holds, -1 if none */
    uint8_t *luma;        /* converted frame (YUYV, MJPEG) */
    size_t luma_cap;
    long long last_try_ms;
} v4l2_impl;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
    int r;
    do
        r = ioctl(fd, req, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

static void stream_close(v4l2_impl *v)
{
    if (v->fd >= 0) {
        enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(v->fd, VIDIOC_STREAMOFF, &type);
    }
    for (int i = 0; i < v->nbuf; i++)
        if (v->map[i] && v->map[i] != MAP_FAILED)
            munmap(v->map[i], v->map_len[i]);
    memset(v->map, 0, sizeof v->map);
    v->nbuf = 0;
    v->held = -1;
    if (v->fd >= 0)
        close(v->fd);
    v->fd = -1;
}

static int try_format(int fd, uint32_t fourcc, const camera_config *cfg, struct v4l2_format *fmt)
{
    memset(fmt, 0, sizeof *fmt);
    fmt->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt->fmt.pix.width = (unsigned)cfg->width;
    fmt->fmt.pix.height = (unsigned)cfg->height;
    fmt->fmt.pix.pixelformat = fourcc;
    fmt->fmt.pix.field = V4L2_FIELD_ANY;
    if (xioctl(fd, VIDIOC_S_FMT, fmt) < 0)
        return -1;
    return fmt->fmt.pix.pixelformat == fourcc ? 0 : -1;
}

static int stream_open(v4l2_impl *v, const camera_config *cfg)
{
    if (v->auto_pick) {
        char paths[8][32];
        if (camera_list(paths, 8) < 1)
            return CAMERA_ERR_NO_DEVICE;
        memcpy(v->path, paths[0], sizeof v->path);
    }
    v->fd = open(v->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (v->fd < 0)
        return errno == ENOENT || errno == ENODEV || errno == ENXIO ? CAMERA_ERR_NO_DEVICE
                                                                    : CAMERA_ERR_OPEN;
    struct v4l2_capability cap;
    memset(&cap, 0, sizeof cap);
    if (xioctl(v->fd, VIDIOC_QUERYCAP, &cap) < 0 || !(cap.capabilities & V4L2_CAP_STREAMING)) {
        stream_close(v);
        return CAMERA_ERR_FORMAT;
    }
    static const uint32_t prefs[] = { V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_MJPEG };
    struct v4l2_format fmt;
    int ok = 0;
    for (size_t i = 0; i < sizeof prefs / sizeof prefs[0] && !ok; i++)
        ok = try_format(v->fd, prefs[i], cfg, &fmt) == 0;
    if (!ok) {
        stream_close(v);
        return CAMERA_ERR_FORMAT;
    }
    v->fourcc = fmt.fmt.pix.pixelformat;
    v->width = (int)fmt.fmt.pix.width;
    v->height = (int)fmt.fmt.pix.height;
    v->stride = (int)fmt.fmt.pix.bytesperline;
    if (v->stride == 0)
        v->stride = v->fourcc == V4L2_PIX_FMT_YUYV ? 2 * v->width : v->width;

    struct v4l2_streamparm parm;
    memset(&parm, 0, sizeof parm);
    parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    parm.parm.capture.timeperframe.numerator = 1;
    parm.parm.capture.timeperframe.denominator = (unsigned)cfg->fps;
    xioctl(v->fd, VIDIOC_S_PARM, &parm); /* a camera may not support it: fine */

    struct v4l2_requestbuffers req;
    memset(&req, 0, sizeof req);
    req.count = V4L2_BUFFERS;
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (xioctl(v->fd, VIDIOC_REQBUFS, &req) < 0 || req.count < 2) {
        stream_close(v);
        return CAMERA_ERR_IO;
    }
    v->nbuf = req.count > V4L2_BUFFERS ? V4L2_BUFFERS : (int)req.count;
    for (int i = 0; i < v->nbuf; i++) {
        struct v4l2_buffer b;
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = (unsigned)i;
        if (xioctl(v->fd, VIDIOC_QUERYBUF, &b) < 0) {
            stream_close(v);
            return CAMERA_ERR_IO;
        }
        v->map_len[i] = b.length;
        v->map[i] = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, b.m.offset);
        if (v->map[i] == MAP_FAILED || xioctl(v->fd, VIDIOC_QBUF, &b) < 0) {
            stream_close(v);
            return CAMERA_ERR_IO;
        }
    }
    enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(v->fd, VIDIOC_STREAMON, &type) < 0) {
        stream_close(v);
        return CAMERA_ERR_IO;
    }
    v->held = -1;
    log_event("camera", "event=open fourcc=%.4s width=%d height=%d", (const char *)&v->fourcc,
              v->width, v->height);
    return CAMERA_OK;
}

static int v4l2_next(camera *cam, camera_frame *frame, int timeout_ms)
{
    v4l2_impl *v = cam->impl;
    if (v->fd < 0) {
        long long t = now_ms();
        if (t - v->last_try_ms < 1000) {
            /* wait (up to the timeout) instead of letting a caller's loop spin */
            long long left = 1000 - (t - v->last_try_ms);
            if (left > timeout_ms)
                left = timeout_ms;
            if (left > 0)
                poll(NULL, 0, (int)left);
            if (now_ms() - v->last_try_ms < 1000)
                return CAMERA_ERR_NO_DEVICE;
            t = now_ms();
        }
        v->last_try_ms = t;
        int rc = stream_open(v, &cam->cfg);
        if (rc != CAMERA_OK)
            return rc;
    }
    if (v->held >= 0) {
        struct v4l2_buffer b;
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = (unsigned)v->held;
        xioctl(v->fd, VIDIOC_QBUF, &b);
        v->held = -1;
    }
    struct pollfd p = { .fd = v->fd, .events = POLLIN };
    int pr = poll(&p, 1, timeout_ms);
    if (pr == 0)
        return CAMERA_ERR_TIMEOUT;
    if (pr < 0 && errno != EINTR)
        return CAMERA_ERR_IO;
    if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
        log_event("camera", "event=gone");
        stream_close(v);
        v->last_try_ms = now_ms();
        return CAMERA_ERR_GONE;
    }
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    if (xioctl(v->fd, VIDIOC_DQBUF, &b) < 0) {
        if (errno == EAGAIN)
            return CAMERA_ERR_TIMEOUT;
        if (errno == ENODEV || errno == EIO) {
            log_event("camera", "event=gone");
            stream_close(v);
            v->last_try_ms = now_ms();
            return CAMERA_ERR_GONE;
        }
        return CAMERA_ERR_IO;
    }
    if ((int)b.index >= v->nbuf)
        return CAMERA_ERR_IO;
    v->held = (int)b.index;
    const uint8_t *data = v->map[b.index];
    size_t used = b.bytesused;
    frame->width = v->width;
    frame->height = v->height;
    if (v->fourcc == V4L2_PIX_FMT_GREY) {
        if (used < (size_t)v->stride * (size_t)(v->height - 1) + (size_t)v->width)
            return CAMERA_ERR_DECODE;
        frame->luma = data;
        frame->stride = v->stride;
        return CAMERA_OK;
    }
    if (v->fourcc == V4L2_PIX_FMT_YUYV) {
        size_t need = (size_t)v->width * (size_t)v->height;
        if (used < (size_t)v->stride * (size_t)(v->height - 1) + 2 * (size_t)v->width)
            return CAMERA_ERR_DECODE;
        if (need > v->luma_cap) {
            uint8_t *nb = realloc(v->luma, need);
            if (!nb)
                return CAMERA_ERR_MEMORY;
            v->luma = nb;
            v->luma_cap = need;
        }
        camera_yuyv_to_luma(data, v->width, v->height, v->stride, v->luma);
        frame->luma = v->luma;
        frame->stride = v->width;
        return CAMERA_OK;
    }
    int w = 0, h = 0;
    int rc = camera_jpeg_to_luma(data, used, &v->luma, &v->luma_cap, &w, &h);
    if (rc != CAMERA_OK)
        return rc;
    frame->luma = v->luma;
    frame->width = w;
    frame->height = h;
    frame->stride = w;
    return CAMERA_OK;
}

static void v4l2_close(camera *cam)
{
    v4l2_impl *v = cam->impl;
    stream_close(v);
    free(v->luma);
    free(v);
    free(cam);
}

static const camera_ops v4l2_ops = { v4l2_next, v4l2_close };

int camera_v4l2_open(const char *device, int auto_reopen, const camera_config *cfg,
                     camera **out)
{
    if (!auto_reopen && (!device || strlen(device) >= 32 || strncmp(device, "/dev/", 5) != 0))
        return CAMERA_ERR_ARG;
    camera *cam = calloc(1, sizeof *cam);
    v4l2_impl *v = calloc(1, sizeof *v);
    if (!cam || !v) {
        free(cam);
        free(v);
        return CAMERA_ERR_MEMORY;
    }
    v->fd = -1;
    v->held = -1;
    v->auto_pick = auto_reopen;
    if (device)
        snprintf(v->path, sizeof v->path, "%s", device);
    cam->ops = &v4l2_ops;
    cam->cfg = *cfg;
    cam->impl = v;
    int rc = stream_open(v, cfg);
    if (rc != CAMERA_OK && !auto_reopen) {
        v4l2_close(cam);
        return rc;
    }
    /* "auto" with no camera yet is fine: next_frame keeps looking. */
    v->last_try_ms = now_ms();
    *out = cam;
    return CAMERA_OK;
}
