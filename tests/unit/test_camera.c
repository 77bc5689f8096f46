/* test_camera: the frame sources (drivers/camera): the image-file backend
 * (order, looping, luma values), YUYV and MJPEG conversion (JPEGs made here
 * with libjpeg, decoded by our grayscale path), bad input, configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <jpeglib.h>

#include "camera.h"
#include "config.h"

static void write_png(const char *path, int w, int h, uint8_t r, uint8_t g, uint8_t b)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    assert_non_null(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = (uint8_t *)s->pixels + y * s->pitch + 3 * x;
            p[0] = r;
            p[1] = g;
            p[2] = b;
        }
    assert_int_equal(IMG_SavePNG(s, path), 0);
    SDL_FreeSurface(s);
}

static void test_files_backend(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_camera_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a[256], b[256], t[256];
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    snprintf(t, sizeof t, "%s/notes.txt", dir);
    write_png(b, 20, 10, 255, 255, 255);
    write_png(a, 30, 20, 255, 0, 0);
    FILE *f = fopen(t, "w");
    fputs("not an image", f);
    fclose(f);
    char src[300];
    snprintf(src, sizeof src, "files:%s", dir);
    camera *cam = NULL;
    assert_int_equal(camera_open(src, NULL, &cam), CAMERA_OK);
    camera_frame fr;
    /* a.png first (name order), pure red: luma (77*255+128)>>8 = 77 */
    assert_int_equal(camera_next_frame(cam, &fr, 100), CAMERA_OK);
    assert_int_equal(fr.width, 30);
    assert_int_equal(fr.height, 20);
    assert_int_equal(fr.stride, 30);
    assert_int_equal(fr.luma[0], 77);
    assert_int_equal(fr.sequence, 0);
    assert_int_equal(camera_next_frame(cam, &fr, 100), CAMERA_OK);
    assert_int_equal(fr.width, 20);
    assert_int_equal(fr.luma[199], 255);
    /* loops */
    assert_int_equal(camera_next_frame(cam, &fr, 100), CAMERA_OK);
    assert_int_equal(fr.width, 30);
    assert_int_equal(fr.sequence, 2);
    camera_close(cam);
    /* a list of files */
    snprintf(src, sizeof src, "files:%s,%s", b, a);
    assert_int_equal(camera_open(src, NULL, &cam), CAMERA_OK);
    assert_int_equal(camera_next_frame(cam, &fr, 100), CAMERA_OK);
    assert_int_equal(fr.width, 20);
    camera_close(cam);
    /* an unreadable image is an error, not a crash */
    snprintf(src, sizeof src, "files:%s", t);
    assert_int_equal(camera_open(src, NULL, &cam), CAMERA_OK);
    assert_int_equal(camera_next_frame(cam, &fr, 100), CAMERA_ERR_DECODE);
    camera_close(cam);
    unlink(a);
    unlink(b);
    unlink(t);
    rmdir(dir);
    assert_int_equal(camera_open("files:/nonexistent/x.png", NULL, &cam), CAMERA_ERR_NO_DEVICE);
    assert_null(cam);
}

static void test_bad_sources(void **state)
{
    (void)state;
    camera *cam = NULL;
    assert_int_equal(camera_open("webcam", NULL, &cam), CAMERA_ERR_ARG);
    assert_int_equal(camera_open("v4l2:video0", NULL, &cam), CAMERA_ERR_ARG);
    assert_int_equal(camera_open("v4l2:/dev/video-none-here", NULL, &cam), CAMERA_ERR_NO_DEVICE);
    assert_null(cam);
    assert_int_equal(camera_open(NULL, NULL, &cam), CAMERA_ERR_ARG);
    assert_true(strlen(camera_strerror(CAMERA_ERR_GONE)) > 10);
    char paths[4][32];
    int n = camera_list(paths, 4); /* none in CI; whatever is here must be a /dev path */
    for (int i = 0; i < n; i++)
        assert_int_equal(strncmp(paths[i], "/dev/video", 10), 0);
    if (n == 0) {
        /* "auto" without a camera: the source exists and keeps looking (hot-plug),
         * each frame request says there is no camera, without waiting */
        assert_int_equal(camera_open("auto", NULL, &cam), CAMERA_OK);
        assert_non_null(cam);
        camera_frame fr;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(camera_next_frame(cam, &fr, 50), CAMERA_ERR_NO_DEVICE);
        assert_int_equal(camera_next_frame(cam, &fr, 50), CAMERA_ERR_NO_DEVICE);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        /* each call waited its timeout instead of returning at once (no busy loop) */
        long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        assert_in_range(ms, 90, 1500);
        camera_close(cam);
    }
}

static void test_yuyv(void **state)
{
    (void)state;
    /* 2x2 frame, stride 6 (2 bytes of padding per row) */
    const uint8_t yuyv[12] = { 10, 128, 20, 128, 0xEE, 0xEE, 30, 128, 40, 128, 0xEE, 0xEE };
    uint8_t luma[4];
    camera_yuyv_to_luma(yuyv, 2, 2, 6, luma);
    assert_int_equal(luma[0], 10);
    assert_int_equal(luma[1], 20);
    assert_int_equal(luma[2], 30);
    assert_int_equal(luma[3], 40);
}

/* A colour (YCbCr 4:2:0) JPEG, as a webcam's MJPEG frame would be. */
static unsigned char *make_jpeg(int w, int h, unsigned long *len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *mem = NULL;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &mem, len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 95, TRUE);
    jpeg_start_compress(&c, TRUE);
    unsigned char *row = malloc((size_t)w * 3);
    while (c.next_scanline < c.image_height) {
        for (int x = 0; x < w; x++) {
            int v = x < w / 2 ? 40 : 200; /* dark left half, light right half */
            row[3 * x] = (unsigned char)v;
            row[3 * x + 1] = (unsigned char)v;
            row[3 * x + 2] = (unsigned char)v;
        }
        jpeg_write_scanlines(&c, &row, 1);
    }
    free(row);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return mem;
}

static void test_mjpeg(void **state)
{
    (void)state;
    unsigned long len = 0;
    unsigned char *jpg = make_jpeg(64, 48, &len);
    uint8_t *buf = NULL;
    size_t cap = 0;
    int w = 0, h = 0;
    assert_int_equal(camera_jpeg_to_luma(jpg, len, &buf, &cap, &w, &h), CAMERA_OK);
    assert_int_equal(w, 64);
    assert_int_equal(h, 48);
    assert_in_range(buf[10 * 64 + 5], 35, 45);
    assert_in_range(buf[10 * 64 + 60], 195, 205);
    /* truncated and corrupted frames are errors, never crashes */
    assert_int_not_equal(camera_jpeg_to_luma(jpg, len / 3, &buf, &cap, &w, &h), -999);
    jpg[len / 2] ^= 0xFF;
    camera_jpeg_to_luma(jpg, len, &buf, &cap, &w, &h);
    assert_int_equal(camera_jpeg_to_luma((const uint8_t *)"garbage!", 8, &buf, &cap, &w, &h),
                     CAMERA_ERR_DECODE);
    assert_int_equal(camera_jpeg_to_luma(NULL, 0, &buf, &cap, &w, &h), CAMERA_ERR_ARG);
    free(jpg);
    free(buf);
}

static void test_config(void **state)
{
    (void)state;
    camera_config c;
    camera_config_load(&c, NULL);
    assert_int_equal(c.width, 640);
    assert_int_equal(c.fps, 15);
    config *conf = malloc(sizeof *conf);
    config_init(conf);
    assert_int_equal(config_load_string(conf, "[camera]\nwidth = 1280\nheight = 720\nfps = 30\n",
                                        "test"), 0);
    camera_config_load(&c, conf);
    assert_int_equal(c.width, 1280);
    assert_int_equal(c.height, 720);
    assert_int_equal(c.fps, 30);
    free(conf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files_backend), cmocka_unit_test(test_bad_sources),
        cmocka_unit_test(test_yuyv),          cmocka_unit_test(test_mjpeg),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
