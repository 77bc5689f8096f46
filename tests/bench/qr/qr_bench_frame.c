/* qr_bench_frame: the cost of one frame, for callgrind.
 *
 *   qr_bench_frame pipeline IMAGE ROW     one frame of the pipeline, schedule row ROW
 *   qr_bench_frame zbar-default IMAGE     one zbar scan with default settings
 *   qr_bench_frame blank W H              writes nothing; uses a blank noisy W x H frame
 *                                         (IMAGE may be "blank" in the two modes above)
 *
 * Run under `valgrind --tool=callgrind --toggle-collect=bench_one_frame` so only
 * the frame is counted (not image loading). Prints whether a code was found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "camera.h"
#include "log.h"
#include "qr_decode.h"

static qr_result result;

__attribute__((noinline)) int bench_one_frame(int pipeline, qr_decoder *d, const uint8_t *luma,
                                              int w, int h)
{
    if (pipeline)
        return qr_decoder_frame(d, luma, w, h, w, &result);
    return qr_decode_zbar_default(luma, w, h, w, &result);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: qr_bench_frame pipeline IMAGE ROW | zbar-default IMAGE\n");
        return 2;
    }
    log_set_quiet(1);
    int pipeline = !strcmp(argv[1], "pipeline");
    uint8_t *luma = NULL;
    int w = 640, h = 480;
    if (!strcmp(argv[2], "blank")) {
        luma = malloc((size_t)w * (size_t)h);
        unsigned s = 12345;
        for (int i = 0; i < w * h; i++) {
            s = s * 1103515245u + 12345u;
            luma[i] = (uint8_t)(128 + ((s >> 16) & 15));
        }
    } else if (camera_load_luma(argv[2], &luma, &w, &h) != CAMERA_OK) {
        fprintf(stderr, "qr_bench_frame: cannot read %s\n", argv[2]);
        return 1;
    }
    qr_decoder_options o;
    qr_decoder_options_default(&o);
    o.start_frame = argc > 3 ? atoi(argv[3]) : 0;
    qr_decoder *d = qr_decoder_new(&o);
    int rc = bench_one_frame(pipeline, d, luma, w, h);
    printf("%s %dx%d row %d: %s\n", pipeline ? "pipeline" : "zbar-default", w, h, o.start_frame,
           rc == QR_DECODE_FOUND ? "found" : "none");
    qr_decoder_free(d);
    free(luma);
    return 0;
}
