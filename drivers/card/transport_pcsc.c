/* transport_pcsc: the PC/SC backend of the transport seam (pcsc-lite).
 *
 * Reader discovery with SCardListReaders, card events with
 * SCardGetStatusChange (a poll with timeout 0 never blocks), T=0 or T=1 as
 * the card offers (pcsc-lite picks; extended APDUs only over T=1), reset by
 * SCardReconnect. A reader that disappears is reported once as
 * CARD_EVENT_READER_GONE; polling keeps looking for it by name. */
#include "card_int.h"

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <stdlib.h>
#include <string.h>

struct card_reader {
    SCARDCONTEXT ctx;
    SCARDHANDLE h;
    DWORD proto;
    char name[256];
    char want[256];
    DWORD state;
    bool gone;
    uint8_t atr[40];
    size_t atr_len;
    card_transport tr;
};

static card_err map_err(LONG r)
{
    switch (r) {
    case SCARD_S_SUCCESS: return CARD_OK;
    case SCARD_E_NO_SMARTCARD: return CARD_E_NO_CARD;
    case SCARD_W_REMOVED_CARD: return CARD_E_CARD_REMOVED;
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
    case SCARD_E_NO_READERS_AVAILABLE: return CARD_E_READER_GONE;
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED: return CARD_E_NO_READER;
    case SCARD_E_NO_MEMORY: return CARD_E_NOMEM;
    }
    return CARD_E_TRANSPORT;
}

card_err card_list_readers(char *buf, size_t size)
{
    SCARDCONTEXT ctx;
    if (size < 2)
        return CARD_E_ARG;
    buf[0] = buf[1] = 0;
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx) != SCARD_S_SUCCESS)
        return CARD_E_NO_READER;
    DWORD len = (DWORD)size;
    LONG r = SCardListReaders(ctx, NULL, buf, &len);
    SCardReleaseContext(ctx);
    if (r != SCARD_S_SUCCESS || !buf[0]) {
        buf[0] = buf[1] = 0;
        return CARD_E_NO_READER;
    }
    return CARD_OK;
}

static bool find_reader(card_reader *r)
{
    char list[4096];
    DWORD len = sizeof list;
    if (SCardListReaders(r->ctx, NULL, list, &len) != SCARD_S_SUCCESS)
        return false;
    for (const char *p = list; *p && p < list + len; p += strlen(p) + 1) {
        if (!r->want[0] || strstr(p, r->want)) {
            snprintf(r->name, sizeof r->name, "%s", p);
            return true;
        }
    }
    return false;
}

card_err card_reader_open(const char *name, card_reader **out)
{
    card_reader *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return CARD_E_NOMEM;
    snprintf(r->want, sizeof r->want, "%s", name ? name : "");
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &r->ctx) != SCARD_S_SUCCESS) {
        free(r);
        return CARD_E_NO_READER;
    }
    if (!find_reader(r)) {
        SCardReleaseContext(r->ctx);
        free(r);
        return CARD_E_NO_READER;
    }
    r->state = SCARD_STATE_UNAWARE;
    *out = r;
    return CARD_OK;
}

const char *card_reader_name(const card_reader *r)
{
    return r->name;
}

card_err card_reader_poll(card_reader *r, unsigned timeout_ms, card_event *ev)
{
    *ev = CARD_EVENT_NONE;
    if (r->gone) {
        if (!find_reader(r))
            return CARD_OK;
        r->gone = false;
        r->state = SCARD_STATE_UNAWARE;
    }
    SCARD_READERSTATE rs;
    memset(&rs, 0, sizeof rs);
    rs.szReader = r->name;
    rs.dwCurrentState = r->state;
    LONG rc = SCardGetStatusChange(r->ctx, timeout_ms, &rs, 1);
    if (rc == SCARD_E_TIMEOUT || rc == SCARD_E_CANCELLED)
        return CARD_OK;
    if (rc != SCARD_S_SUCCESS || (rs.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE))) {
        if (rc == SCARD_E_NO_SERVICE || rc == SCARD_E_SERVICE_STOPPED)
            return CARD_E_NO_READER;
        r->gone = true;
        *ev = CARD_EVENT_READER_GONE;
        return CARD_OK;
    }
    bool was = (r->state & SCARD_STATE_PRESENT) != 0;
    bool is = (rs.dwEventState & SCARD_STATE_PRESENT) != 0;
    r->state = rs.dwEventState & ~SCARD_STATE_CHANGED;
    if (is && !was)
        *ev = CARD_EVENT_INSERTED;
    else if (!is && was)
        *ev = CARD_EVENT_REMOVED;
    return CARD_OK;
}

void card_reader_cancel(card_reader *r)
{
    if (r)
        SCardCancel(r->ctx);
}

bool card_reader_card_present(card_reader *r)
{
    card_event ev;
    card_reader_poll(r, 0, &ev);
    return (r->state & SCARD_STATE_PRESENT) != 0;
}

/* After a failed exchange: is the card still on the reader? */
static bool card_still_there(card_reader *r)
{
    SCARD_READERSTATE rs;
    memset(&rs, 0, sizeof rs);
    rs.szReader = r->name;
    rs.dwCurrentState = SCARD_STATE_UNAWARE;
    if (SCardGetStatusChange(r->ctx, 0, &rs, 1) != SCARD_S_SUCCESS)
        return false;
    return (rs.dwEventState & SCARD_STATE_PRESENT) != 0;
}

static card_err pcsc_transmit(void *ctx, const uint8_t *cmd, size_t n, uint8_t *rsp, size_t *rl)
{
    card_reader *r = ctx;
    DWORD len = (DWORD)*rl;
    const SCARD_IO_REQUEST *pci = r->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    LONG rc = SCardTransmit(r->h, pci, cmd, (DWORD)n, NULL, rsp, &len);
    if (rc != SCARD_S_SUCCESS) {
        if (rc == SCARD_E_NO_SMARTCARD || rc == SCARD_W_REMOVED_CARD || !card_still_there(r))
            return CARD_E_CARD_REMOVED;
        return map_err(rc);
    }
    *rl = len;
    return CARD_OK;
}

static card_err pcsc_reset(void *ctx)
{
    card_reader *r = ctx;
    LONG rc = SCardReconnect(r->h, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                             SCARD_RESET_CARD, &r->proto);
    return map_err(rc);
}

card_err card_read_identity(card_reader *r, const card_keys *keys, const card_options *opts,
                            identity *out, card_report *report)
{
    if (report)
        memset(report, 0, sizeof *report);
    LONG rc = SCardConnect(r->ctx, r->name, SCARD_SHARE_SHARED,
                           SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &r->h, &r->proto);
    if (rc != SCARD_S_SUCCESS) {
        card_err e = map_err(rc);
        return e == CARD_E_CARD_REMOVED ? CARD_E_NO_CARD : e;
    }
    char rn[256];
    DWORD rnl = sizeof rn, st, proto, al = sizeof r->atr;
    if (SCardStatus(r->h, rn, &rnl, &st, &proto, r->atr, &al) == SCARD_S_SUCCESS)
        r->atr_len = al;
    r->tr.ctx = r;
    r->tr.transmit = pcsc_transmit;
    r->tr.reset = pcsc_reset;
    r->tr.ext_capable = r->proto == SCARD_PROTOCOL_T1;
    r->tr.atr = r->atr;
    r->tr.atr_len = r->atr_len;
    SCardBeginTransaction(r->h);
    card_err e = card_read_transport(&r->tr, keys, opts, out, report);
    SCardEndTransaction(r->h, SCARD_LEAVE_CARD);
    SCardDisconnect(r->h, SCARD_LEAVE_CARD);
    r->h = 0;
    return e;
}

void card_reader_close(card_reader *r)
{
    if (!r)
        return;
    SCardReleaseContext(r->ctx);
    free(r);
}
