/* qr_decode: the QR pipeline around zbar. See qr_decode.h.
 *
 * Two choices a reader must know:
 * - zbar is told to look for QR only, in binary mode: the other symbologies'
 *   decoders would run on every scan line for nothing, and zbar's own text
 *   conversion guesses charsets (it garbles UTF-8 without ECI in some builds);
 *   we get bytes and decode them ourselves.
 * - A frame does not try everything. The schedule below runs the plain scan
 *   on every frame (a well-lit, sharp code is found at once) and, from the
 *   second frame of a scene on, one or two heavier steps, rotating while the
 *   scene stays the same, so a hard code is found after a few frames (half a
 *   second at 15 fps) without any single frame costing more than zbar's
 *   default scan. */
#include "qr_decode.h"

#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "qr_image.h"
#include "qr_rectify.h"
#include "text.h"

#define SCHEDULE_STEPS 3
#define SCENE_CHANGE 12

/* One row per frame of a scene; attempt -1 ends a row. density is zbar's scan
 * line spacing (1 = every row and column, 2 = every other, 3 = every third):
 * the plain scan at density 1 alone costs about 3/4 of zbar's default scan, so
 * the frames that run a heavier step do their plain scan at density 3. Costs
 * (callgrind, 640x480) are in docs/BENCHMARKS.md. */
typedef struct step {
    int attempt;
    int density;
} step;

static const step schedule[][SCHEDULE_STEPS] = {
    { { QR_ATTEMPT_RAW, 1 }, { -1, 0 }, { -1, 0 } },
    { { QR_ATTEMPT_RAW, 3 }, { QR_ATTEMPT_ADAPTIVE, 2 }, { -1, 0 } },
    { { QR_ATTEMPT_RAW, 3 }, { QR_ATTEMPT_INVERT_ADAPTIVE, 2 }, { QR_ATTEMPT_RECTIFY, 1 } },
    { { QR_ATTEMPT_RAW, 3 }, { QR_ATTEMPT_HALF, 2 }, { QR_ATTEMPT_ZOOM, 2 } },
    { { QR_ATTEMPT_RAW, 3 }, { QR_ATTEMPT_HALF_ADAPTIVE, 2 }, { QR_ATTEMPT_ADAPTIVE_WIDE, 2 } },
    { { QR_ATTEMPT_RAW, 3 }, { QR_ATTEMPT_ZOOM_ADAPTIVE, 2 }, { -1, 0 } },
    { { QR_ATTEMPT_RAW, 3 }, { QR_ATTEMPT_INVERT, 2 }, { QR_ATTEMPT_STRETCH, 3 } },
};
#define SCHEDULE_LEN ((int)(sizeof schedule / sizeof schedule[0]))

struct qr_decoder {
    zbar_image_scanner_t *scanner;
    zbar_image_t *image;
    qr_decoder_options opts;
    uint8_t *work;        /* one processed image */
    uint8_t *crop;        /* a second scratch image (two-stage steps) */
    uint32_t *integral;
    size_t cap;           /* pixels work/crop can hold */
    size_t icap;          /* entries integral can hold */
    uint8_t thumb[QR_THUMB_W * QR_THUMB_H];
    int have_thumb;
    int frame;            /* frame index within the scene */
    int density;          /* zbar scan density currently set */
    int work_holds;       /* the step whose image is in work this frame, or -1 */
};

void qr_decoder_options_default(qr_decoder_options *o)
{
    memset(o, 0, sizeof *o);
    o->frames_per_cycle = SCHEDULE_LEN;
}

static zbar_image_scanner_t *scanner_qr_only(void)
{
    zbar_image_scanner_t *s = zbar_image_scanner_create();
    if (!s)
        return NULL;
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_POSITION, 0);
    return s;
}

qr_decoder *qr_decoder_new(const qr_decoder_options *opts)
{
    qr_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (opts)
        d->opts = *opts;
    else
        qr_decoder_options_default(&d->opts);
    if (d->opts.frames_per_cycle <= 0 || d->opts.frames_per_cycle > SCHEDULE_LEN)
        d->opts.frames_per_cycle = SCHEDULE_LEN;
    if (d->opts.start_frame < 0)
        d->opts.start_frame = 0;
    d->scanner = scanner_qr_only();
    d->image = zbar_image_create();
    if (!d->scanner || !d->image) {
        qr_decoder_free(d);
        return NULL;
    }
    zbar_image_set_format(d->image, zbar_fourcc('Y', '8', '0', '0'));
    d->density = 1;
    return d;
}

void qr_decoder_free(qr_decoder *d)
{
    if (!d)
        return;
    if (d->image)
        zbar_image_destroy(d->image);
    if (d->scanner)
        zbar_image_scanner_destroy(d->scanner);
    free(d->work);
    free(d->crop);
    free(d->integral);
    free(d);
}

void qr_decoder_reset(qr_decoder *d)
{
    if (!d)
        return;
    d->frame = 0;
    d->have_thumb = 0;
}

static void set_density(qr_decoder *d, int density)
{
    if (density == d->density)
        return;
    zbar_image_scanner_set_config(d->scanner, ZBAR_NONE, ZBAR_CFG_X_DENSITY, density);
    zbar_image_scanner_set_config(d->scanner, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, density);
    d->density = density;
}

static int reserve(qr_decoder *d, size_t pixels, size_t ientries)
{
    if (pixels > d->cap) {
        uint8_t *w = realloc(d->work, pixels);
        if (!w)
            return -1;
        d->work = w;
        uint8_t *c = realloc(d->crop, pixels);
        if (!c)
            return -1;
        d->crop = c;
        d->cap = pixels;
    }
    if (ientries > d->icap) {
        uint32_t *in = realloc(d->integral, ientries * sizeof *in);
        if (!in)
            return -1;
        d->integral = in;
        d->icap = ientries;
    }
    return 0;
}

size_t qr_bytes_to_text(const unsigned char *raw, size_t len, char *out, size_t size, int *latin1)
{
    size_t o = 0;
    *latin1 = 0;
    if (size == 0)
        return 0;
    if (len >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
        raw += 3; /* a UTF-8 byte order mark some generators put first */
        len -= 3;
    }
    if (text_utf8_valid((const char *)raw, len)) {
        o = len < size - 1 ? len : size - 1;
        /* never cut a character in half */
        while (o > 0 && o < len && (raw[o] & 0xC0) == 0x80)
            o--;
        memcpy(out, raw, o);
    } else {
        *latin1 = 1;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = raw[i];
            if (c < 0x80) {
                if (o + 1 >= size)
                    break;
                out[o++] = (char)c;
            } else {
                if (o + 2 >= size)
                    break;
                out[o++] = (char)(0xC0 | (c >> 6));
                out[o++] = (char)(0x80 | (c & 0x3F));
            }
        }
    }
    out[o] = '\0';
    return o;
}

static int first_qr(zbar_image_t *img, qr_result *out, int binary)
{
    for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s; s = zbar_symbol_next(s)) {
        if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
            continue;
        const char *data = zbar_symbol_get_data(s);
        size_t len = zbar_symbol_get_data_length(s);
        if (!data)
            continue;
        out->truncated = len > QR_RESULT_MAX;
        out->raw_len = len > QR_RESULT_MAX ? QR_RESULT_MAX : len;
        memcpy(out->raw, data, out->raw_len);
        if (binary) {
            out->len = qr_bytes_to_text(out->raw, out->raw_len, out->text, sizeof out->text,
                                        &out->latin1_fallback);
        } else {
            /* zbar already converted to UTF-8 (by its own guess) */
            size_t n = out->raw_len < sizeof out->text - 1 ? out->raw_len : sizeof out->text - 1;
            memcpy(out->text, data, n);
            out->text[n] = '\0';
            out->len = n;
        }
        return 1;
    }
    return 0;
}

static int scan(qr_decoder *d, const uint8_t *pix, int w, int h, qr_result *out)
{
    zbar_image_set_size(d->image, (unsigned)w, (unsigned)h);
    zbar_image_set_data(d->image, pix, (unsigned long)w * (unsigned long)h, NULL);
    int n = zbar_scan_image(d->scanner, d->image);
    int found = n > 0 && first_qr(d->image, out, 1);
    zbar_image_set_data(d->image, NULL, 0, NULL);
    return found;
}

/* Run one attempt on the ROI (src, w x h, stride). Returns 1 when found. */
static int attempt(qr_decoder *d, qr_attempt a, const uint8_t *src, int w, int h, int stride,
                   qr_result *out)
{
    int r = (w < h ? w : h) / 12;
    /* The full-resolution heavy steps look at the middle 3/4 of the width
     * only: the screen's guide frame asks for the code there, and it keeps
     * those frames within budget. */
    if (a == QR_ATTEMPT_ADAPTIVE || a == QR_ATTEMPT_ADAPTIVE_WIDE ||
        a == QR_ATTEMPT_INVERT_ADAPTIVE || a == QR_ATTEMPT_STRETCH || a == QR_ATTEMPT_INVERT ||
        a == QR_ATTEMPT_RECTIFY) {
        int margin = w / 8;
        src += margin;
        w -= 2 * margin;
    }
    switch (a) {
    case QR_ATTEMPT_RAW:
        if (stride == w)
            return scan(d, src, w, h, out);
        qr_image_crop(src, stride, 0, 0, w, h, d->work);
        return scan(d, d->work, w, h, out);
    case QR_ATTEMPT_HALF:
        if (w < 64 || h < 64)
            return 0;
        qr_image_half(src, w, h, stride, d->work);
        return scan(d, d->work, w / 2, h / 2, out);
    case QR_ATTEMPT_HALF_ADAPTIVE:
        if (w < 64 || h < 64)
            return 0;
        qr_image_half(src, w, h, stride, d->crop);
        qr_image_adaptive(d->crop, w / 2, h / 2, w / 2, d->work, d->integral, r / 2, 12, 0);
        return scan(d, d->work, w / 2, h / 2, out);
    case QR_ATTEMPT_STRETCH:
        qr_image_stretch(src, w, h, stride, d->work);
        return scan(d, d->work, w, h, out);
    case QR_ATTEMPT_ADAPTIVE:
        /* a small window (9x9 at 480 lines) follows blurred module edges */
        qr_image_adaptive(src, w, h, stride, d->work, d->integral, (w < h ? w : h) / 120, 2, 0);
        return scan(d, d->work, w, h, out);
    case QR_ATTEMPT_ADAPTIVE_WIDE:
        /* a wide window (81x81) evens out light gradients and glare */
        qr_image_adaptive(src, w, h, stride, d->work, d->integral, r, 8, 0);
        return scan(d, d->work, w, h, out);
    case QR_ATTEMPT_INVERT_ADAPTIVE:
        qr_image_adaptive(src, w, h, stride, d->work, d->integral, r, 12, 1);
        d->work_holds = QR_ATTEMPT_INVERT_ADAPTIVE;
        return scan(d, d->work, w, h, out);
    case QR_ATTEMPT_INVERT:
        qr_image_invert(src, w, h, stride, d->work);
        return scan(d, d->work, w, h, out);
    case QR_ATTEMPT_RECTIFY: {
        /* reuses the inverted threshold when this frame just made it */
        uint8_t dark = 255;
        if (d->work_holds != QR_ATTEMPT_INVERT_ADAPTIVE) {
            qr_image_adaptive(src, w, h, stride, d->work, d->integral, r, 12, 0);
            dark = 0;
        }
        qr_rectify_plan plan;
        int n = qr_rectify_find(d->work, w, h, dark, &plan);
        for (int k = 0; k < n; k++) {
            int side = 0;
            if (qr_rectify_sample(d->work, w, h, dark, &plan, k, d->crop, d->cap, &side) &&
                scan(d, d->crop, side, side, out))
                return 1;
        }
        return 0;
    }
    case QR_ATTEMPT_ZOOM:
    case QR_ATTEMPT_ZOOM_ADAPTIVE: {
        int cw = w / 2, ch = h / 2;
        if (cw < 16 || ch < 16)
            return 0;
        if (a == QR_ATTEMPT_ZOOM) {
            qr_image_zoom2(src, stride, (w - cw) / 2, (h - ch) / 2, cw, ch, d->work);
            return scan(d, d->work, 2 * cw, 2 * ch, out);
        }
        /* threshold the small crop, then zoom: a quarter of the work */
        const uint8_t *c0 = src + (size_t)((h - ch) / 2) * (size_t)stride + (size_t)((w - cw) / 2);
        qr_image_adaptive(c0, cw, ch, stride, d->crop, d->integral, r / 2, 12, 0);
        qr_image_zoom2(d->crop, cw, 0, 0, cw, ch, d->work);
        return scan(d, d->work, 2 * cw, 2 * ch, out);
    }
    case QR_ATTEMPT_COUNT:
        break;
    }
    return 0;
}

int qr_decoder_frame(qr_decoder *d, const uint8_t *luma, int w, int h, int stride, qr_result *out)
{
    if (!d || !luma || !out || w <= 0 || h <= 0 || stride < w || w > 16384 || h > 16384)
        return QR_DECODE_ERR_ARG;
    out->text[0] = '\0';
    out->len = 0;
    out->raw_len = 0;
    out->latin1_fallback = 0;
    out->truncated = 0;

    /* The region of interest, clamped to the frame. */
    int x0 = 0, y0 = 0, rw = w, rh = h;
    if (d->opts.roi_w > 0 && d->opts.roi_h > 0) {
        x0 = d->opts.roi_x < 0 ? 0 : (d->opts.roi_x >= w ? w - 1 : d->opts.roi_x);
        y0 = d->opts.roi_y < 0 ? 0 : (d->opts.roi_y >= h ? h - 1 : d->opts.roi_y);
        rw = d->opts.roi_w > w - x0 ? w - x0 : d->opts.roi_w;
        rh = d->opts.roi_h > h - y0 ? h - y0 : d->opts.roi_h;
    }
    const uint8_t *src = luma + (size_t)y0 * (size_t)stride + (size_t)x0;
    size_t pixels = (size_t)rw * (size_t)rh;
    if (reserve(d, pixels + 16, ((size_t)rw + 1) * ((size_t)rh + 1)) != 0)
        return QR_DECODE_ERR_MEMORY;

    /* A new scene starts the schedule again. */
    uint8_t thumb[QR_THUMB_W * QR_THUMB_H];
    qr_image_thumb(src, rw, rh, stride, thumb);
    if (!d->have_thumb || qr_image_thumb_diff(thumb, d->thumb) > SCENE_CHANGE)
        d->frame = 0;
    memcpy(d->thumb, thumb, sizeof thumb);
    d->have_thumb = 1;

    int row = d->opts.plain_only
                  ? 0
                  : (d->frame + d->opts.start_frame) % d->opts.frames_per_cycle;
    int found = 0;
    for (int i = 0; i < SCHEDULE_STEPS && !found; i++) {
        int a = schedule[row][i].attempt;
        if (a < 0 || (d->opts.plain_only && a != QR_ATTEMPT_RAW))
            break;
        set_density(d, schedule[row][i].density);
        if (i == 0)
            d->work_holds = -1;
        if (attempt(d, (qr_attempt)a, src, rw, rh, stride, out)) {
            out->attempt = (qr_attempt)a;
            found = 1;
        }
    }
    out->frame_in_scene = d->frame;
    d->frame++;
    return found ? QR_DECODE_FOUND : QR_DECODE_NONE;
}

int qr_decode_zbar_default(const uint8_t *luma, int w, int h, int stride, qr_result *out)
{
    if (!luma || !out || w <= 0 || h <= 0 || stride < w)
        return QR_DECODE_ERR_ARG;
    memset(out, 0, offsetof(qr_result, raw));
    out->raw_len = 0;
    zbar_image_scanner_t *s = zbar_image_scanner_create();
    zbar_image_t *img = zbar_image_create();
    uint8_t *copy = NULL;
    int rc = QR_DECODE_ERR_ZBAR;
    if (!s || !img)
        goto done;
    const uint8_t *pix = luma;
    if (stride != w) {
        copy = malloc((size_t)w * (size_t)h);
        if (!copy) {
            rc = QR_DECODE_ERR_MEMORY;
            goto done;
        }
        qr_image_crop(luma, stride, 0, 0, w, h, copy);
        pix = copy;
    }
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, pix, (unsigned long)w * (unsigned long)h, NULL);
    rc = zbar_scan_image(s, img) > 0 && first_qr(img, out, 0) ? QR_DECODE_FOUND : QR_DECODE_NONE;
    zbar_image_set_data(img, NULL, 0, NULL);
done:
    if (img)
        zbar_image_destroy(img);
    if (s)
        zbar_image_scanner_destroy(s);
    free(copy);
    return rc;
}

const char *qr_attempt_name(qr_attempt a)
{
    static const char *names[QR_ATTEMPT_COUNT] = {
        "raw", "half", "stretch", "adaptive", "invert", "invert-adaptive",
        "zoom", "zoom-adaptive", "half-adaptive", "adaptive-wide", "rectify",
    };
    return (a >= 0 && a < QR_ATTEMPT_COUNT) ? names[a] : "?";
}

const char *qr_decode_strerror(int err)
{
    switch (err) {
    case QR_DECODE_FOUND:
        return "Đã đọc được mã QR.";
    case QR_DECODE_NONE:
        return "Chưa thấy mã QR. Xin mời đưa mã QR vào giữa khung, cách máy ảnh khoảng một gang tay.";
    case QR_DECODE_ERR_ARG:
        return "Ảnh từ máy ảnh không hợp lệ. Xin mời báo cán bộ kỹ thuật.";
    case QR_DECODE_ERR_MEMORY:
        return "Máy hết bộ nhớ khi đọc mã QR. Xin mời báo cán bộ kỹ thuật.";
    case QR_DECODE_ERR_ZBAR:
        return "Bộ đọc mã QR không khởi động được. Xin mời báo cán bộ kỹ thuật.";
    }
    return "Không đọc được mã QR. Xin mời thử lại.";
}
