/* card: the top-level read (card.h), error messages and names.
 *
 * Order of a read: EF.CardAccess (plain, right after power-up), PACE or BAC,
 * then DG13 and DG1 (what the screen shows), EF.SOD, DG2 only when the photo
 * is wanted, DG15 + active authentication when the SOD lists DG15, and
 * passive authentication over everything read. The identity is marked
 * IDENTITY_CHIP_VERIFIED only on a "verified" verdict (and AA not failed). */
#include "card_int.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct { const char *name, *msg; } errs[CARD_E__COUNT] = {
    [CARD_OK] = { "ok", "no error" },
    [CARD_E_NO_READER] = { "no-reader", "no card reader found: plug the reader in and check that pcscd is running" },
    [CARD_E_READER_GONE] = { "reader-gone", "the card reader was unplugged: plug it back in" },
    [CARD_E_NO_CARD] = { "no-card", "no card on the reader: place the ID card flat on the reader" },
    [CARD_E_CARD_REMOVED] = { "card-removed", "the card was moved away during the read: leave it on the reader and try again" },
    [CARD_E_TRANSPORT] = { "transport", "the reader lost contact with the card: place the card again and keep it still" },
    [CARD_E_NOT_ICAO] = { "not-icao", "this card has no ID-card chip application: use the chip ID card (CCCD / thẻ căn cước)" },
    [CARD_E_NO_KEYS] = { "no-keys", "no access key: scan the QR code on the card or type the 12-digit ID number" },
    [CARD_E_ACCESS_DENIED] = { "wrong-key", "wrong access key (check the ID number / MRZ)" },
    [CARD_E_SM] = { "secure-messaging", "secure messaging with the chip failed: take the card off, place it again and retry" },
    [CARD_E_PROTOCOL] = { "protocol", "the chip answered unexpectedly: retry; if it persists the card may be damaged or not genuine" },
    [CARD_E_FILE] = { "file", "a file on the chip could not be read: retry; if it persists the chip may be damaged" },
    [CARD_E_FORMAT] = { "format", "data on the chip is malformed: the card may be damaged or not genuine" },
    [CARD_E_UNSUPPORTED] = { "unsupported", "this chip uses a protocol the kiosk does not support: use the QR code or the counter" },
    [CARD_E_CRYPTO] = { "crypto", "internal cryptography error: restart the kiosk service and report it" },
    [CARD_E_ARG] = { "argument", "invalid input (QR text, ID digits or MRZ data): check and enter it again" },
    [CARD_E_NOMEM] = { "no-memory", "out of memory: restart the kiosk service" },
    [CARD_E_TRUST_STORE] = { "trust-store", "the certificate trust store cannot be read: check the trust folder setting" },
    [CARD_E_NEED_MRZ] = { "no-keys", "this card does not open with the ID number alone: scan the QR code on the card or enter the MRZ data" },
};

const char *card_strerror(card_err e)
{
    if ((unsigned)e >= CARD_E__COUNT || !errs[e].msg)
        return "unknown card error";
    return errs[e].msg;
}

const char *card_err_name(card_err e)
{
    if ((unsigned)e >= CARD_E__COUNT || !errs[e].name)
        return "unknown";
    return errs[e].name;
}

const char *card_access_name(card_access a)
{
    return a == CARD_ACCESS_PACE ? "PACE" : a == CARD_ACCESS_BAC ? "BAC" : "none";
}

const char *card_verify_name(card_verify v)
{
    switch (v) {
    case CARD_VERIFY_VERIFIED: return "verified";
    case CARD_VERIFY_UNKNOWN_SIGNER: return "unknown-signer";
    case CARD_VERIFY_BAD_SIGNATURE: return "bad-signature";
    case CARD_VERIFY_HASH_MISMATCH: return "hash-mismatch";
    case CARD_VERIFY_EXPIRED_SIGNER: return "expired-signer";
    case CARD_VERIFY_NOT_CHECKED: break;
    }
    return "not-checked";
}

const char *card_aa_name(card_aa a)
{
    return a == CARD_AA_PASSED ? "passed" : a == CARD_AA_FAILED ? "failed" : "not-available";
}

void card_options_init(card_options *o)
{
    memset(o, 0, sizeof *o);
    o->active_auth = true;
    o->extended = CARD_EXT_AUTO;
}

static unsigned elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (unsigned)((t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

static void wipe_free(uint8_t *p, size_t n)
{
    if (p) {
        explicit_bzero(p, n);
        free(p);
    }
}

static bool sod_lists(const sod_info *si, int dg)
{
    for (int i = 0; i < si->n; i++)
        if (si->dgs[i].dg == dg)
            return true;
    return false;
}

card_err card_read_transport(card_transport *t, const card_keys *keys, const card_options *opts_in,
                             identity *out, card_report *rep)
{
    card_options defopts;
    card_session *s = calloc(1, sizeof *s);
    uint8_t *ca = NULL, *dg13 = NULL, *dg1 = NULL, *sod = NULL, *dg2 = NULL, *dg15 = NULL;
    size_t cal = 0, dg13l = 0, dg1l = 0, sodl = 0, dg2l = 0, dg15l = 0;
    struct timespec t0;
    card_err rc;
    card_report dummy;
    mrz_fields mf;
    sod_info si;
    memset(&mf, 0, sizeof mf);
    memset(&si, 0, sizeof si);
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    identity_wipe(out);
    if (!opts_in) {
        card_options_init(&defopts);
        opts_in = &defopts;
    }
    if (!s)
        return CARD_E_NOMEM;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    s->ch.tr = t;
    s->ch.trace = opts_in->trace;
    s->ch.ext = opts_in->extended == CARD_EXT_OFF ? -1 : 0;
    s->keys = keys;
    s->opts = opts_in;
    s->bac_expiry_ok = -1;
    s->max_short = 223;
    s->max_ext = 3968;
    if (!keys) {
        rc = CARD_E_NO_KEYS;
        goto out;
    }

    rc = lds_read_card_access(&s->ch, &ca, &cal);
    if (rc == CARD_OK) {
        s->have_pace = pace_parse_card_access(ca, cal, &s->pace) == CARD_OK;
        chan_trace_note(&s->ch, "EF.CardAccess %zu bytes, PACE %s", cal,
                        s->have_pace ? "offered" : "not usable");
    } else if (rc == CARD_E_TRANSPORT || rc == CARD_E_CARD_REMOVED || rc == CARD_E_NO_CARD) {
        goto out;
    }
    rc = lds_authenticate(s);
    if (rc)
        goto out;
    rep->access = s->access;

    rc = lds_read_file(s, 0x010D, true, &dg13, &dg13l);
    if (rc && rc != CARD_E_FILE)
        goto out;
    rc = lds_read_file(s, 0x0101, true, &dg1, &dg1l);
    if (rc)
        goto out;
    if (dg13 && dg13_parse(dg13, dg13l, out) != CARD_OK)
        log_event("card", "event=dg13-unparsed len=%zu", dg13l);
    rc = dg1_parse(dg1, dg1l, &mf);
    if (rc)
        goto out;
    dg1_fill_identity(&mf, out);
    explicit_bzero(&mf, sizeof mf);

    rc = lds_read_file(s, 0x011D, true, &sod, &sodl);    /* DG hashes: masked too */
    if (rc && rc != CARD_E_FILE)
        goto out;
    if (sod)
        sod_parse(sod, sodl, &si);
    if (opts_in->want_photo) {
        rc = lds_read_file(s, 0x0102, true, &dg2, &dg2l);
        if (rc && rc != CARD_E_FILE)
            goto out;
        const uint8_t *img;
        size_t il;
        bool jpeg;
        if (dg2 && dg2_find_image(dg2, dg2l, &img, &il, &jpeg) == CARD_OK) {
            out->photo = malloc(il);
            if (out->photo) {
                memcpy(out->photo, img, il);
                out->photo_len = il;
            }
        }
    }
    rep->active_auth = CARD_AA_NOT_AVAILABLE;
    if (opts_in->active_auth && sod_lists(&si, 15)) {
        rc = lds_read_file(s, 0x010F, false, &dg15, &dg15l);
        if (rc && rc != CARD_E_FILE)
            goto out;
        if (dg15)
            rep->active_auth = aa_run(s, dg15, dg15l);
    }
    rc = CARD_OK;

    sod_input in[4];
    int n = 0;
    in[n++] = (sod_input){ 1, dg1, dg1l };
    if (dg13)
        in[n++] = (sod_input){ 13, dg13, dg13l };
    if (dg2)
        in[n++] = (sod_input){ 2, dg2, dg2l };
    if (dg15)
        in[n++] = (sod_input){ 15, dg15, dg15l };
    rep->verification = sod ? sod_verify(sod, sodl, opts_in->trust_dir, in, n, &rep->mismatch_dg, 0)
                            : CARD_VERIFY_NOT_CHECKED;
    out->assurance = rep->verification == CARD_VERIFY_VERIFIED && rep->active_auth != CARD_AA_FAILED
                         ? IDENTITY_CHIP_VERIFIED
                         : IDENTITY_CHIP;
    rep->file_len[0] = sodl;
    rep->file_len[1] = dg1l;
    rep->file_len[2] = dg2l;
    rep->file_len[13] = dg13l;
    rep->file_len[15] = dg15l;
out:
    rep->apdus = s->ch.apdus;
    rep->bytes = s->ch.bytes;
    rep->reauth = s->reauth;
    rep->extended_used = s->extended_used;
    rep->last_sw = rc ? s->ch.last_sw : 0;
    rep->ms = elapsed_ms(&t0);
    if (rc) {
        identity_wipe(out);
        log_event("card", "event=read-failed error=%s sw=%04X apdus=%u ms=%u", card_err_name(rc),
                  rep->last_sw, rep->apdus, rep->ms);
    } else {
        log_event("card", "event=read access=%s verify=%s aa=%s apdus=%u bytes=%lu ms=%u",
                  card_access_name(rep->access), card_verify_name(rep->verification),
                  card_aa_name(rep->active_auth), rep->apdus, rep->bytes, rep->ms);
    }
    explicit_bzero(&mf, sizeof mf);
    explicit_bzero(&si, sizeof si);
    wipe_free(ca, cal);
    wipe_free(dg13, dg13l);
    wipe_free(dg1, dg1l);
    wipe_free(sod, sodl);
    wipe_free(dg2, dg2l);
    wipe_free(dg15, dg15l);
    sm_wipe(&s->sm);
    explicit_bzero(s, sizeof *s);
    free(s);
    return rc;
}
