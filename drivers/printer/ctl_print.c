/* ctl_print: `kioskctl print`, the technician's printer check.
 *
 *   kioskctl print test [--to DEV] [--png FILE] [--paper 58|80] [--config FILE]
 *                       [--fee VND] [--only receipt|ticket]
 *   kioskctl print status [--to DEV] [--config FILE]
 *
 * `test` prints a sample receipt (made-up citizen, with a fee, so with a
 * VietQR code) and a queue ticket. DEV is a device file (/dev/usb/lp0), a
 * file, tcp:HOST:PORT, or sim[:out_after=N,...]; without --to it is
 * [printer] device of the configuration. --png writes what was sent, decoded
 * back from the byte stream: the receipt to FILE, the ticket to FILE-2.png.
 * What the codes say is printed on stdout as key=value lines, so a test can
 * compare it with what scanners read from the paper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "decode.h"
#include "printer.h"
#include "receipt.h"
#include "vietqr.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kioskctl print test [--to DEV] [--png FILE] [--paper 58|80]\n"
            "                           [--config FILE] [--fee VND] [--only receipt|ticket]\n"
            "       kioskctl print status [--to DEV] [--config FILE]\n"
            "DEV: /dev/usb/lpN, a file, tcp:HOST:PORT, or sim[:out_after=N]\n");
}

static int write_pngs(const escpos_buf *cap, int width, const char *png)
{
    decode_result d;
    if (decode_escpos(cap->data, cap->len, width, &d) != 0) {
        fprintf(stderr, "print: cannot decode the byte stream\n");
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < d.npages && rc == 0; i++) {
        char path[512];
        if (i == 0) {
            snprintf(path, sizeof path, "%s", png);
        } else {
            size_t n = strlen(png);
            int stem = (n > 4 && !strcmp(png + n - 4, ".png")) ? (int)(n - 4) : (int)n;
            snprintf(path, sizeof path, "%.*s-%d.png", stem, png, i + 1);
        }
        rc = decode_save_png(&d.pages[i], path);
        if (rc)
            fprintf(stderr, "print: cannot write %s\n", path);
        else
            printf("png=%s width=%d height=%d black=%ld\n", path, d.pages[i].width,
                   d.pages[i].height, raster_count_black(&d.pages[i]));
    }
    if (d.unknown_bytes)
        fprintf(stderr, "print: %d unknown bytes in the stream\n", d.unknown_bytes);
    decode_free(&d);
    return rc;
}

int ctl_print(int argc, char **argv)
{
    const char *to = NULL, *png = NULL, *conf = NULL, *only = NULL;
    int paper = 0;
    unsigned long long fee = 8000;
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    for (int i = 2; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            usage(stderr);
            return 2;
        }
        if (!strcmp(a, "--to"))
            to = v;
        else if (!strcmp(a, "--png"))
            png = v;
        else if (!strcmp(a, "--config"))
            conf = v;
        else if (!strcmp(a, "--only"))
            only = v;
        else if (!strcmp(a, "--paper"))
            paper = atoi(v);
        else if (!strcmp(a, "--fee"))
            fee = strtoull(v, NULL, 10);
        else {
            usage(stderr);
            return 2;
        }
    }
    if ((strcmp(cmd, "test") && strcmp(cmd, "status")) ||
        (paper && !printer_width_dots(paper)) ||
        (only && strcmp(only, "receipt") && strcmp(only, "ticket"))) {
        usage(stderr);
        return 2;
    }

    static config cfg;
    config_init(&cfg);
    if (config_load_file(&cfg, conf ? conf : "/etc/kiosk/kiosk.conf", conf == NULL) != 0) {
        fprintf(stderr, "print: %s\n", cfg.error);
        return 1;
    }
    printer_config pc;
    if (printer_config_from_ini(&cfg, &pc) != PRINTER_OK) {
        fprintf(stderr, "print: %s\n", printer_strerror(PRINTER_ERR_CONFIG));
        return 1;
    }
    if (to)
        snprintf(pc.device, sizeof pc.device, "%s", to);
    if (paper)
        pc.paper_mm = paper;

    printer *p;
    int rc = printer_open(&pc, &p);
    if (rc) {
        fprintf(stderr, "print: %s (error %d)\n", printer_strerror(rc), rc);
        return 1;
    }

    if (!strcmp(cmd, "status")) {
        escpos_status st;
        rc = printer_status(p, &st);
        if (rc == PRINTER_OK) {
            const char *m = printer_status_message(&st);
            printf("paper_out=%d paper_near_end=%d cover_open=%d offline=%d error=%d\n",
                   st.paper_out, st.paper_near_end, st.cover_open, st.offline,
                   st.cutter_error || st.unrecoverable);
            printf("message=%s\n", m ? m : "Máy in sẵn sàng.");
        } else {
            fprintf(stderr, "print: %s (error %d)\n", printer_strerror(rc), rc);
        }
        printer_close(p);
        return rc == PRINTER_OK ? 0 : 1;
    }

    escpos_buf cap;
    escpos_buf_init(&cap);
    if (png)
        printer_set_capture(p, &cap);

    vietqr_account acct, demo;
    memset(&demo, 0, sizeof demo);   /* made-up account when none is configured */
    strcpy(demo.bank_bin, "970415");
    strcpy(demo.account, "113366668888");
    strcpy(demo.account_name, "Tài khoản thu phí (thử nghiệm)");
    const vietqr_account *use = vietqr_account_from_config(&cfg, &acct) == VIETQR_OK ? &acct : &demo;
    static receipt r;
    ticket t;
    int status = 0;
    if (receipt_fill_demo(&r, use) != RECEIPT_OK ||
        (fee != 8000 && receipt_set_fee(&r, fee, use) != RECEIPT_OK)) {
        fprintf(stderr, "print: cannot make the sample receipt\n");
        status = 1;
    }
    ticket_fill_demo(&t);
    printf("dossier_code=%s\n", r.dossier_code);
    printf("tracking_qr=%s\n", r.tracking_qr);
    printf("vietqr=%s\n", r.vietqr);
    printf("ticket_qr=%s\n", t.queue_qr);
    fflush(stdout);

    printer_job job;
    if (status == 0 && (!only || !strcmp(only, "receipt"))) {
        rc = printer_print_receipt(p, &r, &job);
        printf("receipt_rc=%d bands_total=%d bands_sent=%d bands_confirmed=%d complete=%d "
               "status_known=%d near_end=%d height=%d\n",
               rc, job.bands_total, job.bands_sent, job.bands_confirmed, job.complete,
               job.status_known, job.paper_near_end, job.height_dots);
        if (rc) {
            fprintf(stderr, "print: receipt: %s (error %d); %d of %d bands not printed\n",
                    printer_strerror(rc), rc, job.bands_total - job.bands_confirmed,
                    job.bands_total);
            status = 1;
        }
    }
    if (status == 0 && (!only || !strcmp(only, "ticket"))) {
        rc = printer_print_ticket(p, &t, &job);
        printf("ticket_rc=%d bands_total=%d bands_sent=%d complete=%d height=%d\n", rc,
               job.bands_total, job.bands_sent, job.complete, job.height_dots);
        if (rc) {
            fprintf(stderr, "print: ticket: %s (error %d)\n", printer_strerror(rc), rc);
            status = 1;
        }
    }
    if (png && cap.len > 0 && write_pngs(&cap, printer_width_dots(pc.paper_mm), png) != 0)
        status = 1;
    printer_close(p);
    escpos_buf_free(&cap);
    receipt_wipe(&r);
    return status;
}
