/* bench_printer: what one receipt costs. Lays out the demo receipt and
 * ticket N times at 80 mm (SDL2_ttf text, QR codes, CODE128), and prints them
 * to the simulated printer (ESC/POS bands, status round trips); reports the
 * mean time per receipt and the bytes sent. Not a test: run it by hand.
 *
 * usage: bench_printer [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "printer.h"
#include "render.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20;
    if (n < 1)
        n = 1;
    log_set_quiet(1);
    static receipt r;
    ticket t;
    receipt_fill_demo(&r, NULL);
    ticket_fill_demo(&t);
    printer_config pc;
    printer_config_defaults(&pc);
    snprintf(pc.device, sizeof pc.device, "sim");
    printer *p;
    if (printer_open(&pc, &p) != PRINTER_OK) {
        fprintf(stderr, "bench_printer: cannot open the simulated printer (fonts?)\n");
        return 1;
    }
    escpos_buf cap;
    escpos_buf_init(&cap);
    printer_set_capture(p, &cap);

    raster page;
    /* Warm up: open the font sizes the layout uses (cached afterwards). */
    if (printer_render_receipt(p, &r, &page) != PRINTER_OK)
        return 1;
    raster_free(&page);
    double t0 = now();
    for (int i = 0; i < n; i++) {
        if (printer_render_receipt(p, &r, &page) != PRINTER_OK)
            return 1;
        raster_free(&page);
    }
    double render = (now() - t0) / n;

    printer_job job;
    t0 = now();
    for (int i = 0; i < n; i++) {
        cap.len = 0;
        if (printer_print_receipt(p, &r, &job) != PRINTER_OK)
            return 1;
    }
    double print = (now() - t0) / n;
    size_t bytes = cap.len;
    printer_job rjob = job;

    t0 = now();
    for (int i = 0; i < n; i++)
        if (printer_print_ticket(p, &t, &job) != PRINTER_OK)
            return 1;
    double ticket_t = (now() - t0) / n;

    printf("receipt 80mm: layout %.1f ms, layout+print to sim %.1f ms, %zu bytes, %d bands, "
           "%d dots tall\n", render * 1e3, print * 1e3, bytes, rjob.bands_total, rjob.height_dots);
    printf("ticket 80mm: layout+print to sim %.1f ms\n", ticket_t * 1e3);
    escpos_buf_free(&cap);
    printer_close(p);
    return 0;
}
