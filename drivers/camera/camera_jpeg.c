/* camera_jpeg: MJPEG frames to luma with libjpeg-turbo (IJG/BSD licences).
 *
 * Asking for JCS_GRAYSCALE output from a YCbCr JPEG makes libjpeg skip the
 * inverse DCT of both chroma components and the colour conversion: about half
 * the work of a full decode, and no RGB buffer. Webcam MJPEG often omits the
 * Huffman tables; libjpeg-turbo supplies the standard ones. */
#include "camera.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

struct jerr {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
};

static void on_error(j_common_ptr cinfo)
{
    struct jerr *e = (struct jerr *)cinfo->err;
    longjmp(e->jump, 1);
}

static void on_message(j_common_ptr cinfo) { (void)cinfo; }

int camera_jpeg_to_luma(const uint8_t *jpeg, size_t len, uint8_t **buf, size_t *cap, int *w,
                        int *h)
{
    struct jpeg_decompress_struct cinfo;
    struct jerr err;
    if (!jpeg || len < 4 || !buf || !cap || !w || !h)
        return CAMERA_ERR_ARG;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = on_error;
    err.mgr.output_message = on_message;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return CAMERA_ERR_DECODE;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, jpeg, (unsigned long)len);
    if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
        jpeg_destroy_decompress(&cinfo);
        return CAMERA_ERR_DECODE;
    }
    cinfo.out_color_space = JCS_GRAYSCALE;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_width == 0 || cinfo.output_height == 0 || cinfo.output_width > 8192 ||
        cinfo.output_height > 8192 || cinfo.output_components != 1) {
        jpeg_destroy_decompress(&cinfo);
        return CAMERA_ERR_DECODE;
    }
    size_t need = (size_t)cinfo.output_width * cinfo.output_height;
    if (need > *cap) {
        uint8_t *nb = realloc(*buf, need);
        if (!nb) {
            jpeg_destroy_decompress(&cinfo);
            return CAMERA_ERR_MEMORY;
        }
        *buf = nb;
        *cap = need;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = *buf + (size_t)cinfo.output_scanline * cinfo.output_width;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    *w = (int)cinfo.output_width;
    *h = (int)cinfo.output_height;
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return CAMERA_OK;
}
