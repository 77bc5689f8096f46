/* apdu: command encoding (short and extended), status words, and the channel
 * that sends commands through a transport, with or without secure messaging.
 *
 * The channel handles the T=0 leftovers (61xx: GET RESPONSE, 6Cxx: resend
 * with the right Le) below secure messaging, counts APDUs and bytes for the
 * report, and writes the optional APDU trace. The trace shows plaintext
 * commands and responses; while `mask` is set (reading DG1/DG2/DG13) response
 * data are replaced by their length, so the trace never shows personal data. */
#include "card_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool apdu_needs_ext(const apdu_cmd *cmd)
{
    return cmd->lc > 255 || cmd->ne > 256;
}

size_t apdu_encode(const apdu_cmd *cmd, bool ext, uint8_t *out, size_t cap)
{
    ext = ext || apdu_needs_ext(cmd);
    if (cmd->lc > 65535 || cmd->ne > 65536)
        return 0;
    size_t need = 4 + (cmd->lc ? (ext ? 3 : 1) + cmd->lc : 0) +
                  (cmd->ne ? (ext ? (cmd->lc ? 2 : 3) : 1) : 0);
    if (need > cap)
        return 0;
    size_t o = 0;
    out[o++] = cmd->cla;
    out[o++] = cmd->ins;
    out[o++] = cmd->p1;
    out[o++] = cmd->p2;
    if (cmd->lc) {
        if (ext) {
            out[o++] = 0;
            out[o++] = (uint8_t)(cmd->lc >> 8);
        }
        out[o++] = (uint8_t)cmd->lc;
        memcpy(out + o, cmd->data, cmd->lc);
        o += cmd->lc;
    }
    if (cmd->ne) {
        if (ext) {
            size_t ne = cmd->ne == 65536 ? 0 : cmd->ne;
            if (!cmd->lc)
                out[o++] = 0;
            out[o++] = (uint8_t)(ne >> 8);
            out[o++] = (uint8_t)ne;
        } else {
            out[o++] = (uint8_t)(cmd->ne == 256 ? 0 : cmd->ne);
        }
    }
    return o;
}

bool sw_ok(uint16_t sw)
{
    return sw == 0x9000 || (sw >> 8) == 0x62;
}

void chan_trace_note(card_chan *ch, const char *fmt, ...)
{
    if (!ch->trace)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", ch->trace);
    vfprintf(ch->trace, fmt, ap);
    fputc('\n', ch->trace);
    va_end(ap);
    fflush(ch->trace);
}

static void trace_hex(FILE *f, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02X", b[i]);
}

static void trace_cmd(card_chan *ch, const apdu_cmd *cmd, bool ext)
{
    if (!ch->trace)
        return;
    uint8_t buf[APDU_MAX + 16];
    size_t n = apdu_encode(cmd, ext, buf, sizeof buf);
    fprintf(ch->trace, "> %s", ch->sm ? "[SM] " : "");
    trace_hex(ch->trace, buf, n);
    fputc('\n', ch->trace);
}

static void trace_rsp(card_chan *ch, const uint8_t *d, size_t n, uint16_t sw)
{
    if (!ch->trace)
        return;
    fprintf(ch->trace, "< %s", ch->sm ? "[SM] " : "");
    if (ch->mask && n)
        fprintf(ch->trace, "(%zu bytes masked) ", n);
    else if (n) {
        trace_hex(ch->trace, d, n);
        fputc(' ', ch->trace);
    }
    fprintf(ch->trace, "%04X\n", sw);
    fflush(ch->trace);
}

static card_err raw_transmit(card_chan *ch, const uint8_t *cmd, size_t n, uint8_t *rsp,
                             size_t *rlen)
{
    size_t cap = *rlen;
    card_err rc = ch->tr->transmit(ch->tr->ctx, cmd, n, rsp, rlen);
    ch->apdus++;
    ch->bytes += n;
    if (rc != CARD_OK)
        return rc;
    if (*rlen < 2 || *rlen > cap)
        return CARD_E_TRANSPORT;
    ch->bytes += *rlen;
    /* T=0 leftovers: collect the rest with GET RESPONSE. */
    while (rsp[*rlen - 2] == 0x61) {
        uint8_t gr[5] = { 0x00, 0xC0, 0x00, 0x00, rsp[*rlen - 1] };
        size_t have = *rlen - 2, more = cap - have;
        if (more < 258)
            return CARD_E_PROTOCOL;
        rc = ch->tr->transmit(ch->tr->ctx, gr, 5, rsp + have, &more);
        ch->apdus++;
        ch->bytes += 5;
        if (rc != CARD_OK)
            return rc;
        if (more < 2)
            return CARD_E_TRANSPORT;
        ch->bytes += more;
        *rlen = have + more;
    }
    return CARD_OK;
}

card_err chan_send(card_chan *ch, const apdu_cmd *cmd, bool ext, uint8_t *rdata, size_t cap,
                   size_t *rlen, uint16_t *sw)
{
    uint8_t wire[APDU_MAX + 64];
    size_t wl = 0, rl = APDU_RSP_MAX;
    card_err rc;
    *rlen = 0;
    *sw = 0;
    if (ch->sm && ch->sm_dead)
        return CARD_E_SM;
    uint8_t *rsp = malloc(APDU_RSP_MAX);
    if (!rsp)
        return CARD_E_NOMEM;
    trace_cmd(ch, cmd, ext);
    if (ch->sm) {
        rc = sm_wrap(ch->sm, cmd, ext, wire, sizeof wire, &wl);
        if (rc)
            goto out;
    } else {
        wl = apdu_encode(cmd, ext, wire, sizeof wire);
        rc = CARD_E_ARG;
        if (!wl)
            goto out;
    }
    rc = raw_transmit(ch, wire, wl, rsp, &rl);
    if (rc)
        goto out;
    if (!ch->sm && rsp[rl - 2] == 0x6C && cmd->ne) {
        apdu_cmd again = *cmd;
        again.ne = rsp[rl - 1] ? rsp[rl - 1] : 256;
        wl = apdu_encode(&again, false, wire, sizeof wire);
        rl = APDU_RSP_MAX;
        rc = raw_transmit(ch, wire, wl, rsp, &rl);
        if (rc)
            goto out;
    }
    if (ch->sm) {
        size_t dl = 0;
        rc = sm_unwrap(ch->sm, rsp, rl, rdata, cap, &dl, sw);
        if (rc == CARD_E_SM) {
            ch->sm_dead = true;
            *sw = (uint16_t)(rsp[rl - 2] << 8 | rsp[rl - 1]);
            ch->last_sw = *sw;
            /* A plain error status: the chip ended SM but the status tells why. */
            if (rl == 2 && *sw != 0x9000 && *sw != 0x6987 && *sw != 0x6988)
                rc = CARD_OK;
            chan_trace_note(ch, "secure messaging ended (status %04X)", *sw);
        }
        *rlen = dl;
    } else {
        size_t dl = rl - 2;
        *sw = (uint16_t)(rsp[rl - 2] << 8 | rsp[rl - 1]);
        if (dl > cap)
            rc = CARD_E_PROTOCOL;
        else {
            memcpy(rdata, rsp, dl);
            *rlen = dl;
        }
    }
    if (*sw != 0x9000)
        ch->last_sw = *sw;
    trace_rsp(ch, rdata, *rlen, *sw);
out:
    explicit_bzero(rsp, rl < APDU_RSP_MAX ? rl : APDU_RSP_MAX);
    free(rsp);
    return rc;
}
