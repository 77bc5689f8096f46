/* sink: where printer bytes go, and where status bytes come from.
 *
 *   /dev/usb/lpN (or any character device)  USB printer class device file
 *   tcp:HOST:PORT                          network printer (raw 9100)
 *   file:PATH                              a file, no status (tests)
 *   sim[:out_after=N][,near_end][,cover_open][,save=PATH]
 *                                          simulated printer (demo mode, tests)
 *
 * Every operation has a timeout: a printer that stops taking data never hangs
 * the kiosk. The simulated printer interprets the stream with the command
 * walker of escpos.h, answers DLE EOT and GS r queries, and after N raster
 * bands runs out of paper: later bands are not printed, and its status says
 * paper end. What it printed can be saved to a file for decoding. */
#ifndef KIOSK_PRINTER_SINK_H
#define KIOSK_PRINTER_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "escpos.h"

typedef enum sink_kind { SINK_FILE, SINK_DEVICE, SINK_TCP, SINK_SIM } sink_kind;

typedef struct printer_sim {
    int out_after;          /* bands before paper end; -1: never */
    bool near_end;
    bool cover_open;
    int bands_received;
    int bands_printed;
    escpos_buf pending;     /* bytes not yet a whole command */
    escpos_buf paper;       /* the commands that printed */
    unsigned char replies[64];
    size_t nreplies;
    char save[256];
} printer_sim;

typedef struct printer_sink {
    sink_kind kind;
    int fd;
    int timeout_ms;
    printer_sim *sim;
} printer_sink;

/* Returns 0 (PRINTER_OK) or a negative printer_err. */
int sink_open(const char *spec, int timeout_ms, printer_sink **out);
int sink_write(printer_sink *s, const void *data, size_t len);
/* Read up to len bytes within timeout_ms. Returns the count (0 on timeout),
 * or a negative printer_err (PRINTER_ERR_NO_STATUS for a file). */
int sink_read(printer_sink *s, unsigned char *buf, size_t len, int timeout_ms);
/* Drop stale bytes waiting to be read (late replies). */
void sink_drain(printer_sink *s);
void sink_close(printer_sink *s);

#endif
