/* test_escpos_sink: printing a page through each sink, and what a job reports
 * when the simulated printer runs out of paper mid-page, has its cover open,
 * or is near the end of its roll; a device file played by a pseudo-terminal
 * whose other end answers status queries; errors for missing devices and
 * refused connections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "printer.h"
#include "sink.h"

/* A 58 mm page of 10 bands of 64 rows with a diagonal. */
static void make_page(raster *r)
{
    assert_int_equal(raster_init(r, 384), 0);
    assert_int_equal(raster_ensure_height(r, 640), 0);
    for (int y = 0; y < 640; y++)
        raster_set(r, y % 384, y);
}

static printer *open_printer(const char *device)
{
    printer_config pc;
    printer_config_defaults(&pc);
    snprintf(pc.device, sizeof pc.device, "%s", device);
    pc.paper_mm = 58;
    pc.band_rows = 64;
    pc.timeout_ms = 500;
    printer *p = NULL;
    assert_int_equal(printer_open(&pc, &p), PRINTER_OK);
    return p;
}

static void test_sim_complete(void **state)
{
    (void)state;
    raster page;
    make_page(&page);
    printer *p = open_printer("sim");
    printer_job job;
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_OK);
    assert_true(job.complete);
    assert_true(job.status_known);
    assert_int_equal(job.bands_total, 10);
    assert_int_equal(job.bands_sent, 10);
    assert_int_equal(job.bands_confirmed, 10);
    assert_false(job.paper_near_end);
    escpos_status st;
    assert_int_equal(printer_status(p, &st), PRINTER_OK);
    assert_false(escpos_status_blocks(&st));
    printer_close(p);
    raster_free(&page);
}

/* Out of paper after 3 bands: the job stops, says 3 sent, 2 confirmed (the
 * third may be cut short), and the rest is not sent at all. */
static void test_sim_paper_out(void **state)
{
    (void)state;
    raster page;
    make_page(&page);
    char path[] = "/tmp/test_escpos_sink_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char spec[128];
    snprintf(spec, sizeof spec, "sim:out_after=3,save=%s", path);
    printer *p = open_printer(spec);
    printer_job job;
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_ERR_PAPER_OUT);
    assert_false(job.complete);
    assert_int_equal(job.bands_total, 10);
    assert_int_equal(job.bands_sent, 3);
    assert_int_equal(job.bands_confirmed, 2);
    escpos_status st;
    assert_int_equal(printer_status(p, &st), PRINTER_OK);
    assert_true(st.paper_out);
    /* A new job is refused before a single band goes out. */
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_ERR_PAPER_OUT);
    assert_int_equal(job.bands_sent, 0);
    printer_close(p);   /* saves what reached the paper */

    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    unlink(path);
    decode_result d;
    assert_int_equal(decode_escpos(buf, n, 384, &d), 0);
    assert_int_equal(d.npages, 1);
    assert_int_equal(d.pages[0].height, 3 * 64);     /* three bands on paper, no more */
    assert_memory_equal(d.pages[0].bits, page.bits, (size_t)3 * 64 * 48);
    decode_free(&d);
    raster_free(&page);
}

static void test_sim_cover_and_near_end(void **state)
{
    (void)state;
    raster page;
    make_page(&page);
    printer_job job;
    printer *p = open_printer("sim:cover_open");
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_ERR_COVER_OPEN);
    assert_int_equal(job.bands_sent, 0);
    printer_close(p);

    p = open_printer("sim:near_end");
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_OK);
    assert_true(job.complete);
    assert_true(job.paper_near_end);
    escpos_status st;
    assert_int_equal(printer_status(p, &st), PRINTER_OK);
    assert_non_null(printer_status_message(&st));
    printer_close(p);
    raster_free(&page);
}

/* The file sink: no status (printed blind), bytes decode to the page. */
static void test_file_sink(void **state)
{
    (void)state;
    raster page;
    make_page(&page);
    char path[] = "/tmp/test_escpos_sink_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char spec[128];
    snprintf(spec, sizeof spec, "file:%s", path);
    printer *p = open_printer(spec);
    printer_job job;
    escpos_status st;
    assert_int_equal(printer_status(p, &st), PRINTER_ERR_NO_STATUS);
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_OK);
    assert_true(job.complete);
    assert_false(job.status_known);
    assert_int_equal(job.bands_confirmed, 0);
    printer_close(p);
    FILE *f = fopen(path, "rb");
    unsigned char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, 1 << 20, f);
    fclose(f);
    unlink(path);
    decode_result d;
    assert_int_equal(decode_escpos(buf, n, 384, &d), 0);
    assert_int_equal(d.npages, 1);
    assert_true(d.pages[0].height >= 640);
    assert_memory_equal(d.pages[0].bits, page.bits, (size_t)640 * 48);
    decode_free(&d);
    free(buf);
    raster_free(&page);
}

/* The other end of a pseudo-terminal plays a USB printer that answers. */
struct pty_printer {
    int master;
    int bands;
    int queries;
    int near_end;
};

static void *pty_printer_run(void *arg)
{
    struct pty_printer *pp = arg;
    escpos_buf in;
    escpos_buf_init(&in);
    for (;;) {
        unsigned char buf[8192];
        ssize_t n = read(pp->master, buf, sizeof buf);
        if (n <= 0)
            break;
        escpos_buf_append(&in, buf, (size_t)n);
        size_t pos = 0;
        int done = 0;
        for (;;) {
            escpos_cmd_info ci;
            escpos_cmd c = escpos_next_command(in.data + pos, in.len - pos, &ci);
            if (c == ESCPOS_CMD_INCOMPLETE)
                break;
            if (c == ESCPOS_CMD_STATUS) {
                unsigned char v = (unsigned char)(0x12 | (ci.arg == 4 && pp->near_end ? 0x0C : 0));
                if (write(pp->master, &v, 1) != 1)
                    done = 1;
                pp->queries++;
            } else if (c == ESCPOS_CMD_RASTER) {
                pp->bands++;
            } else if (c == ESCPOS_CMD_CUT) {
                done = 1;
            }
            pos += ci.len;
        }
        memmove(in.data, in.data + pos, in.len - pos);
        in.len -= pos;
        if (done)
            break;
    }
    escpos_buf_free(&in);
    return NULL;
}

static void test_device_sink_pty(void **state)
{
    (void)state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    const char *name = ptsname(master);
    assert_non_null(name);
    char dev[64];
    snprintf(dev, sizeof dev, "%s", name);
    int keep = open(dev, O_RDWR | O_NOCTTY);   /* raw mode, held while we print */
    assert_true(keep >= 0);
    struct termios t;
    assert_int_equal(tcgetattr(keep, &t), 0);
    cfmakeraw(&t);
    assert_int_equal(tcsetattr(keep, TCSANOW, &t), 0);

    struct pty_printer pp = { master, 0, 0, 1 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, pty_printer_run, &pp), 0);
    raster page;
    make_page(&page);
    printer *p = open_printer(dev);
    printer_job job;
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_OK);
    pthread_join(th, NULL);
    assert_true(job.complete);
    assert_true(job.status_known);
    assert_true(job.paper_near_end);
    assert_int_equal(job.bands_confirmed, 10);
    assert_int_equal(pp.bands, 10);
    assert_int_equal(pp.queries, 4 * 11);      /* before the job and after each band */
    printer_close(p);
    raster_free(&page);
    close(keep);
    close(master);
}

/* A device that stops taking data (a jammed USB printer): the job ends with
 * a timeout instead of hanging, and says how much was sent. */
static void test_device_sink_stalled(void **state)
{
    (void)state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    char dev[64];
    snprintf(dev, sizeof dev, "%s", ptsname(master));
    int keep = open(dev, O_RDWR | O_NOCTTY);
    assert_true(keep >= 0);
    struct termios t;
    tcgetattr(keep, &t);
    cfmakeraw(&t);
    tcsetattr(keep, TCSANOW, &t);

    raster page;
    assert_int_equal(raster_init(&page, 576), 0);
    assert_int_equal(raster_ensure_height(&page, 64 * 64), 0);   /* 295 KB: more than a pty holds */
    printer_config pc;
    printer_config_defaults(&pc);
    snprintf(pc.device, sizeof pc.device, "%s", dev);
    pc.timeout_ms = 200;
    printer *p = NULL;
    assert_int_equal(printer_open(&pc, &p), PRINTER_OK);
    printer_job job;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(printer_print_raster(p, &page, &job), PRINTER_ERR_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    assert_true(ms < 2000);
    assert_false(job.complete);
    assert_false(job.status_known);             /* never answered: printed blind */
    assert_true(job.bands_sent < job.bands_total);
    printer_close(p);
    raster_free(&page);
    close(keep);
    close(master);
}

static void test_open_errors(void **state)
{
    (void)state;
    printer_config pc;
    printer_config_defaults(&pc);
    pc.timeout_ms = 500;
    printer *p = NULL;
    snprintf(pc.device, sizeof pc.device, "/nonexistent/usb/lp9");
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_NOT_FOUND);
    assert_null(p);
    snprintf(pc.device, sizeof pc.device, "lp0");
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_CONFIG);
    snprintf(pc.device, sizeof pc.device, "sim:out_after=x");
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_CONFIG);
    snprintf(pc.device, sizeof pc.device, "tcp:127.0.0.1");
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_CONFIG);

    /* A loopback port nobody listens on: refused at once. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t al = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &al);
    close(s);
    snprintf(pc.device, sizeof pc.device, "tcp:127.0.0.1:%d", ntohs(a.sin_port));
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_CONNECT);

    pc.paper_mm = 70;
    snprintf(pc.device, sizeof pc.device, "sim");
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_CONFIG);
    snprintf(pc.font_regular, sizeof pc.font_regular, "/nonexistent.ttf");
    pc.paper_mm = 58;
    assert_int_equal(printer_open(&pc, &p), PRINTER_ERR_FONT);
}

static void test_config(void **state)
{
    (void)state;
    static config c;
    printer_config pc;
    config_init(&c);
    assert_int_equal(config_load_string(&c, "[printer]\ndevice = tcp:10.0.0.5:9100\npaper = 58\n"
                                            "timeout_ms = 1500\n", "t"), 0);
    assert_int_equal(printer_config_from_ini(&c, &pc), PRINTER_OK);
    assert_string_equal(pc.device, "tcp:10.0.0.5:9100");
    assert_int_equal(pc.paper_mm, 58);
    assert_int_equal(pc.timeout_ms, 1500);
    config_set(&c, "printer", "paper", "70");
    assert_int_equal(printer_config_from_ini(&c, &pc), PRINTER_ERR_CONFIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_complete),
        cmocka_unit_test(test_sim_paper_out),
        cmocka_unit_test(test_sim_cover_and_near_end),
        cmocka_unit_test(test_file_sink),
        cmocka_unit_test(test_device_sink_pty),
        cmocka_unit_test(test_device_sink_stalled),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
