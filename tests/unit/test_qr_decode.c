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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
