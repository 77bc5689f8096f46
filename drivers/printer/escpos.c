/* escpos: command encoder, status parser and command walker. See escpos.h.
 *
 * The walker knows only the commands we send; the simulated printer and the
 * driver's own PNG decoder use it. The test decoder (tests/tools/escpos2png.py)
 * is a separate reading of the same bytes. */
#include "escpos.h"

#include <stdlib.h>
#include <string.h>

void escpos_buf_init(escpos_buf *b)
{
    memset(b, 0, sizeof *b);
}

void escpos_buf_free(escpos_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void escpos_buf_reset(escpos_buf *b)
{
    b->len = 0;
    b->failed = 0;
}

int escpos_buf_append(escpos_buf *b, const void *data, size_t len)
{
    if (b->failed)
        return -1;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + len)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return -1;
        }
        b->data = d;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

void escpos_initialize(escpos_buf *b)
{
    static const unsigned char cmd[] = { 0x1B, 0x40 };
    escpos_buf_append(b, cmd, sizeof cmd);
}

int escpos_raster_band(escpos_buf *b, const raster *r, int y, int rows)
{
    if (rows < 1 || rows > 2047 || y < 0 || y + rows > r->height || r->stride > 255 * 8)
        return -1;
    unsigned char head[8] = { 0x1D, 0x76, 0x30, 0x00,
                              (unsigned char)(r->stride & 0xFF), (unsigned char)(r->stride >> 8),
                              (unsigned char)(rows & 0xFF), (unsigned char)(rows >> 8) };
    if (escpos_buf_append(b, head, sizeof head))
        return -1;
    return escpos_buf_append(b, r->bits + (size_t)y * (size_t)r->stride,
                             (size_t)rows * (size_t)r->stride);
}

void escpos_feed_dots(escpos_buf *b, int dots)
{
    while (dots > 0) {
        int n = dots > 255 ? 255 : dots;
        unsigned char cmd[3] = { 0x1B, 0x4A, (unsigned char)n };
        escpos_buf_append(b, cmd, sizeof cmd);
        dots -= n;
    }
}

void escpos_cut(escpos_buf *b, int feed_dots)
{
    if (feed_dots < 0)
        feed_dots = 0;
    if (feed_dots > 255)
        feed_dots = 255;
    unsigned char cmd[4] = { 0x1D, 0x56, 0x42, (unsigned char)feed_dots };
    escpos_buf_append(b, cmd, sizeof cmd);
}

void escpos_query_status(escpos_buf *b, escpos_query q)
{
    if (q == ESCPOS_Q_GS_PAPER) {
        static const unsigned char cmd[] = { 0x1D, 0x72, 0x01 };
        escpos_buf_append(b, cmd, sizeof cmd);
    } else {
        unsigned char cmd[3] = { 0x10, 0x04, (unsigned char)q };
        escpos_buf_append(b, cmd, sizeof cmd);
    }
}

int escpos_status_parse(escpos_query q, unsigned char v, escpos_status *st)
{
    if (q == ESCPOS_Q_GS_PAPER) {
        if (v & 0x90)
            return -1;
        st->paper_near_end = (v & 0x03) != 0;
        st->paper_out = (v & 0x0C) != 0;
        st->answers++;
        return 0;
    }
    if ((v & 0x93) != 0x12)
        return -1;
    switch (q) {
    case ESCPOS_Q_PRINTER:
        st->offline = (v & 0x08) != 0;
        break;
    case ESCPOS_Q_OFFLINE:
        st->cover_open = (v & 0x04) != 0;
        st->feed_button = (v & 0x08) != 0;
        if (v & 0x20)
            st->paper_out = true;   /* printing stopped at paper end */
        break;
    case ESCPOS_Q_ERROR:
        st->cutter_error = (v & 0x08) != 0;
        st->unrecoverable = (v & 0x20) != 0;
        st->auto_recoverable = (v & 0x40) != 0;
        break;
    case ESCPOS_Q_PAPER:
        st->paper_near_end = (v & 0x0C) != 0;
        st->paper_out = (v & 0x60) != 0;
        break;
    default:
        return -1;
    }
    st->answers++;
    return 0;
}

int escpos_status_parse_replies(const unsigned char *data, size_t len, escpos_status *st)
{
    int n = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        escpos_query q;
        if (data[i] >= 1 && data[i] <= 4)
            q = (escpos_query)data[i];
        else if (data[i] == 0x81)
            q = ESCPOS_Q_GS_PAPER;
        else
            return -1;
        if (escpos_status_parse(q, data[i + 1], st) != 0)
            return -1;
        n++;
    }
    return n;
}

bool escpos_status_blocks(const escpos_status *st)
{
    return st->paper_out || st->cover_open || st->offline || st->cutter_error ||
           st->unrecoverable;
}

escpos_cmd escpos_next_command(const unsigned char *d, size_t len, escpos_cmd_info *info)
{
    memset(info, 0, sizeof *info);
    if (len == 0)
        return ESCPOS_CMD_INCOMPLETE;
    info->cmd = ESCPOS_CMD_UNKNOWN;
    info->len = 1;
    switch (d[0]) {
    case 0x0A:
        info->cmd = ESCPOS_CMD_LF;
        return info->cmd;
    case 0x1B:
        if (len < 2)
            goto incomplete;
        if (d[1] == 0x40) {
            info->cmd = ESCPOS_CMD_INIT;
            info->len = 2;
        } else if (d[1] == 0x4A || d[1] == 0x64) {
            if (len < 3)
                goto incomplete;
            info->cmd = d[1] == 0x4A ? ESCPOS_CMD_FEED_DOTS : ESCPOS_CMD_FEED_LINES;
            info->arg = d[2];
            info->len = 3;
        }
        return info->cmd;
    case 0x10:
        if (len < 3)
            goto incomplete;
        if (d[1] == 0x04 && d[2] >= 1 && d[2] <= 4) {
            info->cmd = ESCPOS_CMD_STATUS;
            info->arg = d[2];
            info->len = 3;
        }
        return info->cmd;
    case 0x1D:
        if (len < 2)
            goto incomplete;
        if (d[1] == 0x72) {
            if (len < 3)
                goto incomplete;
            info->cmd = ESCPOS_CMD_STATUS;
            info->arg = 0x100 + d[2];
            info->len = 3;
        } else if (d[1] == 0x56) {
            if (len < 3)
                goto incomplete;
            if (d[2] == 0 || d[2] == 1 || d[2] == 48 || d[2] == 49) {
                info->cmd = ESCPOS_CMD_CUT;
                info->len = 3;
            } else if (d[2] == 65 || d[2] == 66) {
                if (len < 4)
                    goto incomplete;
                info->cmd = ESCPOS_CMD_CUT;
                info->arg = d[3];
                info->len = 4;
            }
        } else if (d[1] == 0x76) {
            if (len < 8)
                goto incomplete;
            if (d[2] != 0x30 && d[2] != 0)
                return info->cmd;
            int m = d[3] >= 48 ? d[3] - 48 : d[3];
            if (m > 3)
                return info->cmd;
            int xb = d[4] | (d[5] << 8), rows = d[6] | (d[7] << 8);
            size_t need = 8 + (size_t)xb * (size_t)rows;
            if (len < need)
                goto incomplete;
            info->cmd = ESCPOS_CMD_RASTER;
            info->len = need;
            info->raster_mode = m;
            info->raster_xbytes = xb;
            info->raster_rows = rows;
            info->raster_data = d + 8;
        }
        return info->cmd;
    default:
        return info->cmd;
    }
incomplete:
    info->cmd = ESCPOS_CMD_INCOMPLETE;
    info->len = 0;
    return ESCPOS_CMD_INCOMPLETE;
}
