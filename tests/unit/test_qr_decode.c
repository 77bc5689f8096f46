/* test_qr_decode: the QR pipeline (drivers/qr) on codes we generate with
 * qrgen (libqrencode), rendered in memory: byte-exact Vietnamese payloads
 * through our pipeline and through zbar's default settings (an independent
 * text decoder), inverted codes, the image steps, bad frames. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <stdio.h>

#include "camera.h"
#include "qr_decode.h"
#include "qr_image.h"
#include "qr_rectify.h"
#include "qrgen.h"

#define W 320
#define H 240

static const char *card =
    "001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, Hà Nội|10072021";

/* Render text as a QR code, module px pixels, centred on a mid-grey frame. */
static uint8_t *render(const char *text, int module, int invert)
{
    qrgen_code qr;
    assert_int_equal(qrgen_encode(text, strlen(text), QRGEN_ECC_M, 4, &qr), 0);
    uint8_t *img = malloc(W * H);
    memset(img, 150, W * H);
    int side = qr.size * module;
    assert_true(side <= H);
    int x0 = (W - side) / 2, y0 = (H - side) / 2;
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int dark = qr.modules[(y / module) * qr.size + x / module];
            if (invert)
                dark = !dark;
            img[(y0 + y) * W + x0 + x] = dark ? 30 : 220;
        }
    qrgen_free(&qr);
    return img;
}

static void test_generated_byte_exact(void **state)
{
    (void)state;
    const char *texts[] = { card, "HS1:38.98.H29-210519-0013:U", "TTHC1:1.001193:T",
                            "Đăng ký khai sinh – Ủy ban nhân dân xã ỹ ữ ự ẫ" };
    qr_decoder *d = qr_decoder_new(NULL);
    assert_non_null(d);
    qr_result *r = malloc(sizeof *r);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        uint8_t *img = render(texts[i], 3, 0);
        qr_decoder_reset(d);
        assert_int_equal(qr_decoder_frame(d, img, W, H, W, r), QR_DECODE_FOUND);
        assert_int_equal(r->len, strlen(texts[i]));
        assert_memory_equal(r->text, texts[i], r->len);
        assert_int_equal(r->latin1_fallback, 0);
        assert_int_equal(r->attempt, QR_ATTEMPT_RAW);
        /* zbar's own text conversion (ECI 26) agrees byte for byte */
        assert_int_equal(qr_decode_zbar_default(img, W, H, W, r), QR_DECODE_FOUND);
        assert_int_equal(r->len, strlen(texts[i]));
        assert_memory_equal(r->text, texts[i], r->len);
        free(img);
    }
    free(r);
    qr_decoder_free(d);
}

static void test_stride_and_roi(void **state)
{
    (void)state;
    uint8_t *img = render(card, 3, 0);
    int stride = W + 37;
    uint8_t *wide = malloc((size_t)stride * H);
    memset(wide, 0, (size_t)stride * H);
    for (int y = 0; y < H; y++)
        memcpy(wide + y * stride, img + y * W, W);
    qr_decoder_options o;
    qr_decoder_options_default(&o);
    o.roi_x = 20;
    o.roi_y = 10;
    o.roi_w = W - 40;
    o.roi_h = H - 20;
    qr_decoder *d = qr_decoder_new(&o);
    qr_result *r = malloc(sizeof *r);
    assert_int_equal(qr_decoder_frame(d, wide, W, H, stride, r), QR_DECODE_FOUND);
    assert_memory_equal(r->text, card, strlen(card));
    /* a ROI that misses the code finds nothing */
    qr_decoder_free(d);
    o.roi_x = 0;
    o.roi_y = 0;
    o.roi_w = 40;
    o.roi_h = 40;
    d = qr_decoder_new(&o);
    for (int f = 0; f < 8; f++)
        assert_int_equal(qr_decoder_frame(d, wide, W, H, stride, r), QR_DECODE_NONE);
    qr_decoder_free(d);
    free(r);
    free(wide);
    free(img);
}

static void test_inverted(void **state)
{
    (void)state;
    uint8_t *img = render(card, 3, 1);
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    int found = 0, frames = 0;
    for (; frames < 8 && !found; frames++)
        found = qr_decoder_frame(d, img, W, H, W, r) == QR_DECODE_FOUND;
    assert_true(found);
    assert_true(frames > 1); /* not on the cheap first frame */
    assert_memory_equal(r->text, card, strlen(card));
    assert_true(r->attempt == QR_ATTEMPT_INVERT || r->attempt == QR_ATTEMPT_INVERT_ADAPTIVE);
    /* plain-only, like zbar as it comes, never finds it */
    qr_decoder_options o;
    qr_decoder_options_default(&o);
    o.plain_only = 1;
    qr_decoder *p = qr_decoder_new(&o);
    for (int f = 0; f < 8; f++)
        assert_int_equal(qr_decoder_frame(p, img, W, H, W, r), QR_DECODE_NONE);
    qr_decoder_free(p);
    qr_decoder_free(d);
    free(r);
    free(img);
}

static void test_scene_change_restarts(void **state)
{
    (void)state;
    uint8_t *blank = malloc(W * H);
    memset(blank, 100, W * H);
    uint8_t *other = malloc(W * H);
    memset(other, 200, W * H);
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    assert_int_equal(qr_decoder_frame(d, blank, W, H, W, r), QR_DECODE_NONE);
    assert_int_equal(r->frame_in_scene, 0);
    assert_int_equal(qr_decoder_frame(d, blank, W, H, W, r), QR_DECODE_NONE);
    assert_int_equal(r->frame_in_scene, 1);
    assert_int_equal(qr_decoder_frame(d, other, W, H, W, r), QR_DECODE_NONE);
    assert_int_equal(r->frame_in_scene, 0);
    qr_decoder_reset(d);
    assert_int_equal(qr_decoder_frame(d, other, W, H, W, r), QR_DECODE_NONE);
    assert_int_equal(r->frame_in_scene, 0);
    qr_decoder_free(d);
    free(r);
    free(blank);
    free(other);
}

static void test_bad_frames(void **state)
{
    (void)state;
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    uint8_t px[16] = { 0 };
    assert_int_equal(qr_decoder_frame(d, NULL, 4, 4, 4, r), QR_DECODE_ERR_ARG);
    assert_int_equal(qr_decoder_frame(d, px, 0, 4, 4, r), QR_DECODE_ERR_ARG);
    assert_int_equal(qr_decoder_frame(d, px, 4, 4, 3, r), QR_DECODE_ERR_ARG);
    assert_int_equal(qr_decoder_frame(d, px, 100000, 1, 100000, r), QR_DECODE_ERR_ARG);
    assert_int_equal(qr_decoder_frame(NULL, px, 4, 4, 4, r), QR_DECODE_ERR_ARG);
    for (int f = 0; f < 8; f++) /* tiny frames run every step without trouble */
        assert_int_equal(qr_decoder_frame(d, px, 4, 4, 4, r), QR_DECODE_NONE);
    assert_int_equal(qr_decode_zbar_default(px, 4, 4, 2, r), QR_DECODE_ERR_ARG);
    assert_true(strlen(qr_decode_strerror(QR_DECODE_NONE)) > 10);
    qr_decoder_free(d);
    qr_decoder_free(NULL);
    free(r);
}

static void test_bytes_to_text(void **state)
{
    (void)state;
    char out[32];
    int latin1;
    assert_int_equal(qr_bytes_to_text((const unsigned char *)"Hà Nội", 9, out, sizeof out, &latin1), 9);
    assert_string_equal(out, "Hà Nội");
    assert_int_equal(latin1, 0);
    /* ISO-8859-1 fallback: 0xE9 is é */
    assert_int_equal(qr_bytes_to_text((const unsigned char *)"caf\xe9", 4, out, sizeof out, &latin1), 5);
    assert_string_equal(out, "café");
    assert_int_equal(latin1, 1);
    /* a byte order mark is dropped */
    assert_int_equal(qr_bytes_to_text((const unsigned char *)"\xef\xbb\xbfHS1", 6, out, sizeof out, &latin1), 3);
    assert_string_equal(out, "HS1");
    /* truncation never splits a character */
    char small[5];
    size_t n = qr_bytes_to_text((const unsigned char *)"aaaữ", 6, small, sizeof small, &latin1);
    assert_int_equal(n, 3);
    assert_string_equal(small, "aaa");
}

static void test_image_steps(void **state)
{
    (void)state;
    uint8_t src[4 * 4] = { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60 };
    uint8_t half[4];
    qr_image_half(src, 4, 4, 4, half);
    assert_int_equal(half[0], 10); /* (0+4+16+20)/4 */
    assert_int_equal(half[3], 50); /* (40+44+56+60)/4 */
    uint8_t zoom[8 * 8];
    qr_image_zoom2(src, 4, 0, 0, 4, 4, zoom);
    assert_int_equal(zoom[0], 0);
    assert_int_equal(zoom[1], 2);
    assert_int_equal(zoom[8], 8);
    assert_int_equal(zoom[9], 10);
    uint8_t inv[16];
    qr_image_invert(src, 4, 4, 4, inv);
    assert_int_equal(inv[15], 195);
    /* adaptive: a dark square in a lighting gradient is dark, the rest light */
    enum { N = 64 };
    uint8_t g[N * N], out[N * N];
    uint32_t integral[(N + 1) * (N + 1)];
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++) {
            int base = 100 + x; /* 100..163 */
            int in = x >= 24 && x < 40 && y >= 24 && y < 40;
            g[y * N + x] = (uint8_t)(in ? base * 6 / 10 : base);
        }
    qr_image_adaptive(g, N, N, N, out, integral, 16, 12, 0);
    assert_int_equal(out[32 * N + 32], 0);
    assert_int_equal(out[5 * N + 5], 255);
    assert_int_equal(out[60 * N + 60], 255);
    qr_image_adaptive(g, N, N, N, out, integral, 16, 12, 1);
    assert_int_equal(out[32 * N + 32], 255);
    /* stretch maps the 1st..99th percentiles to 0..255 */
    uint8_t lo[N * N], st[N * N];
    for (int i = 0; i < N * N; i++)
        lo[i] = (uint8_t)(100 + ((i % N) / 4 % 2) * 20);
    assert_int_equal(qr_image_stretch(lo, N, N, N, st), 0);
    assert_int_equal(st[0], 0);
    assert_int_equal(st[4], 255);
    memset(lo, 77, sizeof lo);
    assert_int_equal(qr_image_stretch(lo, N, N, N, st), -1);
    assert_int_equal(st[5], 77);
}

/* A code tilted away on its left side (left edge 60% of the right one), drawn
 * by inverse mapping through a projective transform (Heckbert's square to
 * quad); 640x480. */
static uint8_t *render_tilted(const char *text)
{
    enum { TW = 640, TH = 480 };
    qrgen_code qr;
    assert_int_equal(qrgen_encode(text, strlen(text), QRGEN_ECC_M, 4, &qr), 0);
    double x[4] = { 200, 440, 440, 200 }, y[4] = { 168, 120, 360, 312 }; /* TL TR BR BL */
    double dx1 = x[1] - x[2], dx2 = x[3] - x[2], dx3 = x[0] - x[1] + x[2] - x[3];
    double dy1 = y[1] - y[2], dy2 = y[3] - y[2], dy3 = y[0] - y[1] + y[2] - y[3];
    double det = dx1 * dy2 - dx2 * dy1;
    double g = (dx3 * dy2 - dx2 * dy3) / det, hh = (dx1 * dy3 - dx3 * dy1) / det;
    double m[9] = { x[1] - x[0] + g * x[1], x[3] - x[0] + hh * x[3], x[0],
                    y[1] - y[0] + g * y[1], y[3] - y[0] + hh * y[3], y[0], g, hh, 1 };
    /* inverse by the adjugate */
    double inv[9] = { m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
                      m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
                      m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3] };
    uint8_t *img = malloc(TW * TH);
    for (int py = 0; py < TH; py++)
        for (int px = 0; px < TW; px++) {
            double X = px + 0.5, Y = py + 0.5;
            double den = inv[6] * X + inv[7] * Y + inv[8];
            double u = (inv[0] * X + inv[1] * Y + inv[2]) / den;
            double v = (inv[3] * X + inv[4] * Y + inv[5]) / den;
            uint8_t val = 140;
            if (u >= 0 && u < 1 && v >= 0 && v < 1)
                val = qr.modules[(int)(v * qr.size) * qr.size + (int)(u * qr.size)] ? 30 : 225;
            img[py * TW + px] = val;
        }
    qrgen_free(&qr);
    return img;
}

static void test_rectify(void **state)
{
    (void)state;
    enum { TW = 640, TH = 480 };
    uint8_t *img = render_tilted(card); /* version 6 or 7: has alignment patterns */
    /* our own finder search and homography straighten it for zbar */
    uint8_t *bin = malloc(TW * TH), *out = malloc(TW * TH);
    uint32_t *integral = malloc(sizeof *integral * (TW + 1) * (TH + 1));
    qr_image_adaptive(img, TW, TH, TW, bin, integral, 40, 12, 0);
    qr_rectify_plan plan;
    int n = qr_rectify_find(bin, TW, TH, 0, &plan);
    assert_true(n >= 1);
    assert_true(plan.dim >= 25);
    qr_result *r = malloc(sizeof *r);
    int read = 0;
    for (int k = 0; k < n && !read; k++) {
        int side = 0;
        assert_int_equal(qr_rectify_sample(bin, TW, TH, 0, &plan, k, out, TW * TH, &side), 1);
        assert_int_equal(side, (plan.dim + 8) * 3);
        read = qr_decode_zbar_default(out, side, side, side, r) == QR_DECODE_FOUND;
    }
    assert_true(read);
    assert_memory_equal(r->text, card, strlen(card));
    /* and through the pipeline, byte-exact */
    qr_decoder *d = qr_decoder_new(NULL);
    int found = 0;
    for (int f = 0; f < 7 && !found; f++)
        found = qr_decoder_frame(d, img, TW, TH, TW, r) == QR_DECODE_FOUND;
    assert_true(found);
    assert_int_equal(r->len, strlen(card));
    assert_memory_equal(r->text, card, r->len);
    /* nothing to find in a blank frame, and no reads outside it */
    memset(bin, 255, TW * TH);
    assert_int_equal(qr_rectify_find(bin, TW, TH, 0, &plan), 0);
    assert_int_equal(qr_rectify_find(bin, 8, 8, 0, &plan), 0);
    qr_decoder_free(d);
    free(r);
    free(integral);
    free(out);
    free(bin);
    free(img);
}

/* The committed sample of the corpus (tests/data/qr): made by
 * tests/bench/qr/qr_corpus_gen, each NAME.png with NAME.txt, the exact text. */
static void test_corpus_sample(void **state)
{
    (void)state;
    const char *dir = KIOSK_SOURCE_DIR "/tests/data/qr";
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    int images = 0, ours = 0, plain = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".png") != 0)
            continue;
        char path[1024], want[1024];
        snprintf(path, sizeof path, "%s/%.*s.txt", dir, (int)(n - 4), e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t wl = fread(want, 1, sizeof want, f);
        fclose(f);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        uint8_t *luma;
        int w, h;
        assert_int_equal(camera_load_luma(path, &luma, &w, &h), CAMERA_OK);
        images++;
        qr_decoder_reset(d);
        int found = 0;
        for (int fr = 0; fr < 7 && !found; fr++)
            found = qr_decoder_frame(d, luma, w, h, w, r) == QR_DECODE_FOUND;
        if (!found)
            fail_msg("%s: not decoded", e->d_name);
        if (r->len != wl || memcmp(r->text, want, wl) != 0)
            fail_msg("%s: decoded text differs", e->d_name);
        ours++;
        if (qr_decode_zbar_default(luma, w, h, w, r) == QR_DECODE_FOUND && r->len == wl &&
            !memcmp(r->text, want, wl))
            plain++;
        free(luma);
    }
    closedir(dh);
    assert_true(images >= 5);
    assert_int_equal(ours, images);
    assert_true(plain < ours); /* the sample holds codes zbar alone misses */
    free(r);
    qr_decoder_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_byte_exact), cmocka_unit_test(test_stride_and_roi),
        cmocka_unit_test(test_inverted),             cmocka_unit_test(test_scene_change_restarts),
        cmocka_unit_test(test_bad_frames),           cmocka_unit_test(test_bytes_to_text),
        cmocka_unit_test(test_image_steps),          cmocka_unit_test(test_corpus_sample),
        cmocka_unit_test(test_rectify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
