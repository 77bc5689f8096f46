/* printer: the kiosk's thermal receipt printer, as the app sees it.
 *
 *     printer_config pc;  printer_config_from_ini(cfg, &pc);
 *     printer *p;         printer_open(&pc, &p);
 *     printer_job job;    int e = printer_print_receipt(p, &receipt, &job);
 *     if (e) show and speak _(printer_strerror(e)), and show the receipt on
 *            screen from printer_render_receipt() (job says how much printed);
 *     printer_close(p);
 *
 * Everything is printed as a 1-bit raster (GS v 0 in bands), laid out with
 * SDL2_ttf and Noto fonts, so any ESC/POS printer prints Vietnamese. The
 * device is a USB printer device file (/dev/usb/lp0), a network printer
 * (tcp:HOST:9100), a file (file:PATH, for tests), or a simulated printer
 * (sim, sim:out_after=N for "out of paper after N bands") for demo mode.
 * Between bands the driver asks the printer for its status (DLE EOT); a
 * printer that never answers (one-way cables) is printed to blind.
 *
 * Error messages are Vietnamese i18n message IDs a citizen can act on: pass
 * them through _() to show and speak them. */
#ifndef KIOSK_PRINTER_H
#define KIOSK_PRINTER_H

#include <stdbool.h>

#include "config.h"
#include "escpos.h"
#include "raster.h"
#include "receipt.h"

typedef enum printer_err {
    PRINTER_OK = 0,
    PRINTER_ERR_ARG = -1,
    PRINTER_ERR_NOMEM = -2,
    PRINTER_ERR_CONFIG = -3,        /* [printer] in kiosk.conf is wrong */
    PRINTER_ERR_NOT_FOUND = -4,     /* device file missing or not openable */
    PRINTER_ERR_CONNECT = -5,       /* network printer refused or unreachable */
    PRINTER_ERR_TIMEOUT = -6,       /* printer stopped taking data */
    PRINTER_ERR_IO = -7,            /* write failed, cable pulled */
    PRINTER_ERR_PAPER_OUT = -8,
    PRINTER_ERR_COVER_OPEN = -9,
    PRINTER_ERR_OFFLINE = -10,
    PRINTER_ERR_HARDWARE = -11,     /* cutter jam, unrecoverable error */
    PRINTER_ERR_FONT = -12,         /* fonts missing */
    PRINTER_ERR_RENDER = -13,       /* content could not be laid out (QR too long...) */
    PRINTER_ERR_NO_STATUS = -14     /* this device cannot report its status */
} printer_err;

#define PRINTER_ERR_MIN PRINTER_ERR_NO_STATUS

typedef struct printer_config {
    char device[256];       /* "/dev/usb/lp0", "tcp:HOST:PORT", "file:PATH", "sim[:...]" */
    int paper_mm;           /* 58 (384 dots) or 80 (576 dots) */
    int timeout_ms;         /* per write / status reply */
    int band_rows;          /* rows per GS v 0 band */
    char font_regular[256];
    char font_bold[256];
} printer_config;

/* What happened to one job. */
typedef struct printer_job {
    int bands_total;
    int bands_sent;         /* written to the device */
    int bands_confirmed;    /* followed by a good status reply (0 when blind) */
    bool complete;          /* everything sent, cut, and no error */
    bool status_known;      /* the printer answered status queries */
    bool paper_near_end;    /* tell staff to change the roll soon */
    int height_dots;        /* length of the page */
} printer_job;

typedef struct printer printer;

void printer_config_defaults(printer_config *pc);
/* [printer] device, paper (58|80), timeout_ms, band_rows, font_regular,
 * font_bold. Returns PRINTER_OK or PRINTER_ERR_CONFIG. */
int printer_config_from_ini(config *c, printer_config *pc);
int printer_width_dots(int paper_mm);   /* 384 or 576, 0 if unknown */

int printer_open(const printer_config *pc, printer **out);
void printer_close(printer *p);

/* Ask the printer for its status (DLE EOT 1, 2, 3, 4). Returns PRINTER_OK,
 * PRINTER_ERR_NO_STATUS (file sink, no reply), or an I/O error. */
int printer_status(printer *p, escpos_status *st);

int printer_print_receipt(printer *p, const receipt *r, printer_job *job);
int printer_print_ticket(printer *p, const ticket *t, printer_job *job);
int printer_print_raster(printer *p, const raster *page, printer_job *job);

/* Lay out without printing (the UI shows it when the printer fails), at the
 * printer's paper width. The caller frees out with raster_free(). */
int printer_render_receipt(printer *p, const receipt *r, raster *out);
int printer_render_ticket(printer *p, const ticket *t, raster *out);

/* Also append every byte sent to capture (kioskctl --png, tests); NULL stops. */
void printer_set_capture(printer *p, escpos_buf *capture);

/* For the citizen (Vietnamese message ID): what happened and what to do. */
const char *printer_strerror(int err);
/* For staff: a printer condition worth a word (paper near end), or NULL. */
const char *printer_status_message(const escpos_status *st);
/* Map a status that blocks printing to its error (PRINTER_OK if none). */
int printer_status_error(const escpos_status *st);

#endif
