/* escpos: the bytes we send to an ESC/POS thermal printer, and the status
 * bytes it sends back.
 *
 * We print everything as raster graphics (GS v 0), never as printer text, so
 * Vietnamese comes out right on any printer whatever its code pages. A page is
 * sent in bands of rows (each band one GS v 0 command) so a printer's small
 * receive buffer never overflows and the driver can ask for status between
 * bands. The commands used:
 *
 *   ESC @            1B 40            initialise
 *   GS v 0 m xL xH yL yH d...         raster: x = bytes per row, y = rows
 *   ESC J n          1B 4A n          feed n dots
 *   ESC d n          1B 64 n          feed n lines
 *   GS V 66 n        1D 56 42 n       feed n dots and (partial) cut
 *   DLE EOT n        10 04 n          real-time status, n = 1..4 (one byte back)
 *   GS r n           1D 72 n          status, n = 1 paper sensor (one byte back)
 *
 * Status replies have fixed bits (DLE EOT: bit 1 and 4 set, bits 0 and 7
 * clear; GS r: bits 4 and 7 clear) which the parser checks, so a stray byte is
 * not taken for a status. The buffer owns its bytes (escpos_buf_free). */
#ifndef KIOSK_PRINTER_ESCPOS_H
#define KIOSK_PRINTER_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "raster.h"

typedef struct escpos_buf {
    unsigned char *data;
    size_t len;
    size_t cap;
    int failed;             /* out of memory at some append: the buffer is unusable */
} escpos_buf;

void escpos_buf_init(escpos_buf *b);
void escpos_buf_free(escpos_buf *b);
void escpos_buf_reset(escpos_buf *b);   /* len = 0, keeps the memory */
int escpos_buf_append(escpos_buf *b, const void *data, size_t len);

void escpos_initialize(escpos_buf *b);
/* GS v 0 for rows [y, y+rows) of r (rows 1..2047 and inside r). Returns 0 or -1. */
int escpos_raster_band(escpos_buf *b, const raster *r, int y, int rows);
void escpos_feed_dots(escpos_buf *b, int dots);      /* ESC J, split into <= 255 */
void escpos_cut(escpos_buf *b, int feed_dots);      /* GS V 66 n */

/* Status queries. */
typedef enum escpos_query {
    ESCPOS_Q_PRINTER = 1,       /* DLE EOT 1 */
    ESCPOS_Q_OFFLINE = 2,       /* DLE EOT 2 */
    ESCPOS_Q_ERROR = 3,         /* DLE EOT 3 */
    ESCPOS_Q_PAPER = 4,         /* DLE EOT 4 */
    ESCPOS_Q_GS_PAPER = 0x101   /* GS r 1 */
} escpos_query;
void escpos_query_status(escpos_buf *b, escpos_query q);

typedef struct escpos_status {
    bool offline;
    bool cover_open;
    bool paper_out;             /* roll paper end, or printing stopped at paper end */
    bool paper_near_end;
    bool feed_button;           /* paper being fed by the button */
    bool cutter_error;
    bool unrecoverable;
    bool auto_recoverable;      /* e.g. head too hot: it resumes by itself */
    int answers;                /* how many replies were parsed */
} escpos_status;

/* Merge one reply byte to query q into *st. Returns 0, or -1 if the byte does
 * not have the fixed bits of a reply to q (st unchanged). */
int escpos_status_parse(escpos_query q, unsigned char byte, escpos_status *st);

/* Parse a list of (query, reply) pairs as bytes: q1 r1 q2 r2 ..., where a
 * query byte is 1..4 for DLE EOT n and 0x81 for GS r 1 (tests, fuzzing).
 * Returns the number of replies accepted, or -1 at the first bad one. */
int escpos_status_parse_replies(const unsigned char *data, size_t len, escpos_status *st);

/* True if st stops printing (paper out, cover open, offline, an error). */
bool escpos_status_blocks(const escpos_status *st);

/* One command at data[0..len): its kind and total length. */
typedef enum escpos_cmd {
    ESCPOS_CMD_INCOMPLETE = 0,  /* more bytes needed */
    ESCPOS_CMD_UNKNOWN,         /* a byte we never send */
    ESCPOS_CMD_INIT,
    ESCPOS_CMD_RASTER,
    ESCPOS_CMD_FEED_DOTS,
    ESCPOS_CMD_FEED_LINES,
    ESCPOS_CMD_LF,
    ESCPOS_CMD_CUT,
    ESCPOS_CMD_STATUS,          /* DLE EOT n or GS r n */
} escpos_cmd;

typedef struct escpos_cmd_info {
    escpos_cmd cmd;
    size_t len;                 /* bytes of the whole command */
    int arg;                    /* n of feeds, cut, status (GS r n as 0x100 + n) */
    int raster_mode;            /* m of GS v 0 (0..3) */
    int raster_xbytes;
    int raster_rows;
    const unsigned char *raster_data;
} escpos_cmd_info;

/* Identify the command at data. Never reads past len. */
escpos_cmd escpos_next_command(const unsigned char *data, size_t len, escpos_cmd_info *info);

#endif
