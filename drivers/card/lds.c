/* lds: access control and file reading on the LDS1 application.
 *
 * EF.CardAccess is read right after power-up by short file identifier
 * (00 B0 9C 00), without SELECT MF (some cards answer 6D00 to it), with
 * SELECT 011C as a fallback. Access: PACE (CAN, then MRZ) when CardAccess
 * offers a usable PACEInfo, else BAC over every expiry candidate.
 *
 * Files are read with protected READ BINARY: a 4-byte header first (gives the
 * length), then chunks of at most 223 plaintext bytes per short APDU (the
 * largest that fits one short response after SM overhead); 6700/6B00/6282
 * without data make the chunk smaller. Extended length is used only after a
 * probe (first large read) worked. After an SM error the session is dead: we
 * reset, authenticate again and continue at the same offset. */
#include "card_int.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t icao_aid[] = { 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01 };

#define LDS_MAX_FILE (256 * 1024)
#define LDS_MAX_REAUTH 3

static card_err read_plain_rest(card_chan *ch, uint8_t **out, size_t *len, size_t have)
{
    size_t total;
    if (tlv_total(*out, have, &total) != 1 || total > 4096)
        return CARD_E_FORMAT;
    if (total <= have) {
        *len = total;
        return CARD_OK;
    }
    uint8_t *b = realloc(*out, total);
    if (!b)
        return CARD_E_NOMEM;
    *out = b;
    while (have < total) {
        size_t want = total - have > 256 ? 256 : total - have, rl;
        uint16_t sw;
        apdu_cmd rb = { 0x00, 0xB0, (uint8_t)(have >> 8), (uint8_t)have, NULL, 0, want };
        card_err rc = chan_send(ch, &rb, false, b + have, total - have, &rl, &sw);
        if (rc)
            return rc;
        if (!sw_ok(sw) || rl == 0)
            return CARD_E_FILE;
        have += rl;
    }
    *len = total;
    return CARD_OK;
}

card_err lds_read_card_access(card_chan *ch, uint8_t **out, size_t *len)
{
    uint8_t buf[4096];
    size_t rl = 0;
    uint16_t sw = 0;
    card_err rc;
    *out = NULL;
    *len = 0;
    bool have = false;
    if (ch->ext == 0 && ch->tr->ext_capable) {
        /* Probe extended length here, in the clear, where a refusal costs one
         * APDU and no secure messaging session. */
        apdu_cmd sfi = { 0x00, 0xB0, 0x9C, 0x00, NULL, 0, 65536 };
        rc = chan_send(ch, &sfi, true, buf, sizeof buf, &rl, &sw);
        if (rc == CARD_E_CARD_REMOVED || rc == CARD_E_NO_CARD || rc == CARD_E_READER_GONE)
            return rc;
        if (rc == CARD_OK && sw == 0x6A82)
            return CARD_E_FILE;
        if (rc == CARD_OK && sw_ok(sw) && rl > 0) {
            ch->ext = 1;
            chan_trace_note(ch, "extended length works");
            have = true;
        } else {
            ch->ext = -1;
            chan_trace_note(ch, "extended length refused, using short APDUs");
            if (rc != CARD_OK && ch->tr->reset && ch->tr->reset(ch->tr->ctx) != CARD_OK)
                return CARD_E_TRANSPORT;
        }
    }
    if (!have) {
        apdu_cmd sfi = { 0x00, 0xB0, 0x9C, 0x00, NULL, 0, 256 };
        rc = chan_send(ch, &sfi, false, buf, sizeof buf, &rl, &sw);
        if (rc)
            return rc;
    }
    if (!sw_ok(sw) || rl == 0) {
        if (sw == 0x6A82)
            return CARD_E_FILE;
        static const uint8_t fid[] = { 0x01, 0x1C };
        apdu_cmd sel = { 0x00, 0xA4, 0x02, 0x0C, fid, 2, 0 };
        rc = chan_send(ch, &sel, false, buf, sizeof buf, &rl, &sw);
        if (rc)
            return rc;
        if (sw != 0x9000)
            return CARD_E_FILE;
        apdu_cmd rb = { 0x00, 0xB0, 0x00, 0x00, NULL, 0, 256 };
        rc = chan_send(ch, &rb, false, buf, sizeof buf, &rl, &sw);
        if (rc)
            return rc;
        if (!sw_ok(sw) || rl == 0)
            return CARD_E_FILE;
    }
    *out = malloc(rl);
    if (!*out)
        return CARD_E_NOMEM;
    memcpy(*out, buf, rl);
    rc = read_plain_rest(ch, out, len, rl);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

static card_err select_applet(card_session *s)
{
    uint8_t rsp[64];
    size_t rl;
    uint16_t sw;
    apdu_cmd sel = { 0x00, 0xA4, 0x04, 0x0C, icao_aid, sizeof icao_aid, 0 };
    card_err rc = chan_send(&s->ch, &sel, false, rsp, sizeof rsp, &rl, &sw);
    if (rc)
        return rc;
    if (sw == 0x6A82 || sw == 0x6A86 || sw == 0x6D00)
        return CARD_E_NOT_ICAO;
    return sw == 0x9000 ? CARD_OK : CARD_E_PROTOCOL;
}

static bool fatal(card_err rc)
{
    return rc == CARD_E_CARD_REMOVED || rc == CARD_E_NO_CARD || rc == CARD_E_READER_GONE ||
           rc == CARD_E_NO_READER || rc == CARD_E_NOMEM;
}

static card_err try_pace(card_session *s, const char *pw, bool is_can)
{
    sm_ctx tmp;
    card_err rc = pace_authenticate(&s->ch, &s->pace, pw, is_can, &tmp, NULL, 0, NULL, 0);
    if (rc == CARD_OK) {
        s->sm = tmp;
        s->ch.sm = &s->sm;
        s->ch.sm_dead = false;
        s->access = CARD_ACCESS_PACE;
        rc = select_applet(s);
        if (rc) {
            s->ch.sm = NULL;
            sm_wipe(&s->sm);
        }
    }
    sm_wipe(&tmp);
    return rc;
}

static card_err try_bac(card_session *s, int cand)
{
    char info[64];
    sm_ctx tmp;
    const card_keys *k = s->keys;
    card_err rc = mrz_info(k->doc_number, k->date_of_birth, k->expiry[cand], info, sizeof info);
    if (rc)
        return rc;
    rc = bac_authenticate(&s->ch, info, &tmp, NULL);
    explicit_bzero(info, sizeof info);
    if (rc == CARD_OK) {
        s->sm = tmp;
        s->ch.sm = &s->sm;
        s->ch.sm_dead = false;
        s->access = CARD_ACCESS_BAC;
        s->bac_expiry_ok = cand;
    }
    sm_wipe(&tmp);
    return rc;
}

card_err lds_authenticate(card_session *s)
{
    const card_keys *k = s->keys;
    bool have_mrz = k->doc_number[0] && k->date_of_birth[0] && k->n_expiry > 0;
    card_err rc = CARD_E_NO_KEYS, first_err = CARD_OK;
    s->ch.sm = NULL;
    s->ch.sm_dead = false;
    if (!k->can[0] && !have_mrz)
        return CARD_E_NO_KEYS;
    if (!s->have_pace && !have_mrz) {
        s->ch.last_sw = 0;
        return CARD_E_NEED_MRZ;
    }
    if (s->have_pace) {
        if (k->can[0]) {
            chan_trace_note(&s->ch, "PACE with CAN");
            rc = try_pace(s, k->can, true);
            if (rc == CARD_OK || fatal(rc))
                return rc;
            first_err = rc;
        }
        for (int i = 0; have_mrz && i < k->n_expiry && s->access != CARD_ACCESS_PACE; i++) {
            char info[64];
            if (mrz_info(k->doc_number, k->date_of_birth, k->expiry[i], info, sizeof info))
                break;
            chan_trace_note(&s->ch, "PACE with MRZ (expiry candidate %d)", i + 1);
            rc = try_pace(s, info, false);
            explicit_bzero(info, sizeof info);
            if (rc == CARD_OK || fatal(rc))
                return rc;
            if (!first_err)
                first_err = rc;
            if (rc != CARD_E_ACCESS_DENIED)
                break;
        }
        if (!have_mrz)
            return first_err ? first_err : rc;
    }
    rc = select_applet(s);
    if (rc)
        return rc;
    if (!have_mrz)
        return first_err ? first_err : CARD_E_NO_KEYS;
    int start = s->bac_expiry_ok >= 0 ? s->bac_expiry_ok : 0;
    for (int j = 0; j < k->n_expiry; j++) {
        int i = (start + j) % k->n_expiry;
        chan_trace_note(&s->ch, "BAC (expiry candidate %d)", i + 1);
        rc = try_bac(s, i);
        if (rc != CARD_E_ACCESS_DENIED)
            break;
    }
    if (rc == CARD_E_UNSUPPORTED && first_err)
        rc = first_err;
    return rc;
}

static card_err reauth(card_session *s)
{
    if (s->reauth >= LDS_MAX_REAUTH * 4)
        return CARD_E_SM;
    s->reauth++;
    chan_trace_note(&s->ch, "re-authenticating after a secure messaging error");
    s->ch.sm = NULL;
    sm_wipe(&s->sm);
    if (s->ch.tr->reset) {
        card_err rc = s->ch.tr->reset(s->ch.tr->ctx);
        if (rc)
            return rc;
    }
    return lds_authenticate(s);
}

static card_err select_ef(card_session *s, uint16_t fid)
{
    uint8_t f[2] = { (uint8_t)(fid >> 8), (uint8_t)fid }, rsp[32];
    size_t rl;
    uint16_t sw;
    apdu_cmd sel = { 0x00, 0xA4, 0x02, 0x0C, f, 2, 0 };
    card_err rc = chan_send(&s->ch, &sel, false, rsp, sizeof rsp, &rl, &sw);
    if (rc)
        return rc;
    if (sw == 0x9000)
        return CARD_OK;
    if (s->ch.sm_dead)
        return CARD_E_SM;
    return CARD_E_FILE;
}

/* One READ BINARY at offset for ne bytes; data to out (cap). */
static card_err read_chunk(card_session *s, size_t off, size_t ne, bool ext, uint8_t *out,
                           size_t cap, size_t *got, uint16_t *sw)
{
    if (off <= 0x7FFF) {
        apdu_cmd rb = { 0x00, 0xB0, (uint8_t)(off >> 8), (uint8_t)off, NULL, 0, ne };
        return chan_send(&s->ch, &rb, ext, out, cap, got, sw);
    }
    /* offsets beyond 32767: odd INS with the offset in DO54, data in DO53 */
    uint8_t d[5] = { 0x54, 0x03, (uint8_t)(off >> 16), (uint8_t)(off >> 8), (uint8_t)off };
    uint8_t *tmp = malloc(APDU_RSP_MAX);
    size_t tl = 0;
    if (!tmp)
        return CARD_E_NOMEM;
    apdu_cmd rb = { 0x00, 0xB1, 0x00, 0x00, d, 5, ne + 4 };
    card_err rc = chan_send(&s->ch, &rb, ext, tmp, APDU_RSP_MAX, &tl, sw);
    *got = 0;
    tlv t;
    if (rc == CARD_OK && tl > 0) {
        if (!tlv_parse(tmp, tl, &t) || t.tag != 0x53 || t.len > cap) {
            rc = CARD_E_PROTOCOL;
        } else {
            memcpy(out, t.val, t.len);
            *got = t.len;
        }
    }
    explicit_bzero(tmp, tl);
    free(tmp);
    return rc;
}

card_err lds_read_file(card_session *s, uint16_t fid, bool mask, uint8_t **out, size_t *len)
{
    uint8_t *buf = NULL;
    size_t total = 0, have = 0, cap = 0;
    unsigned fails = 0;
    card_err rc;
    bool selected = false;
    uint8_t *tmp = malloc(APDU_RSP_MAX);
    *out = NULL;
    if (!tmp)
        return CARD_E_NOMEM;
    *len = 0;
    s->ch.mask = mask;
    chan_trace_note(&s->ch, "read file %04X", fid);
    for (;;) {
        if (fails > LDS_MAX_REAUTH * 2) {
            rc = CARD_E_SM;
            goto fail;
        }
        if (s->ch.sm_dead || !s->ch.sm) {
            rc = reauth(s);
            if (rc)
                goto fail;
            selected = false;
        }
        if (!selected) {
            rc = select_ef(s, fid);
            if (rc == CARD_E_SM) {
                fails++;
                continue;
            }
            if (rc)
                goto fail;
            selected = true;
        }
        if (total == 0) {
            /* First read at offset 0. Where the card allows reading past the end
             * (ISO 7816-4: the available bytes with 6282), a full chunk: small
             * files then take one READ BINARY. Otherwise a 4-byte header (tag +
             * length), then the rest. A card may send more than asked. */
            size_t got;
            uint16_t sw;
            bool over = s->overread >= 0 && !have;
            bool e1 = over && s->ch.ext == 1;
            size_t want = !over ? (have ? 8 : 4) : (e1 ? s->max_ext : s->max_short);
            rc = read_chunk(s, 0, want, e1, tmp, APDU_RSP_MAX, &got, &sw);
            if (over && (rc == CARD_E_SM || s->ch.sm_dead || (rc == CARD_OK && (!sw_ok(sw) || got == 0)))) {
                s->overread = -1;
                chan_trace_note(&s->ch, "read past the end refused, reading the length first");
                if (rc == CARD_E_SM || s->ch.sm_dead)
                    fails++;
                continue;
            }
            if (rc == CARD_E_SM) {
                fails++;
                continue;
            }
            if (rc)
                goto fail;
            if (!sw_ok(sw) || got == 0) {
                rc = s->ch.sm_dead ? CARD_E_SM : CARD_E_FILE;
                if (rc == CARD_E_SM) {
                    fails++;
                    continue;
                }
                goto fail;
            }
            if (over)
                s->overread = 1;
            have = got;
            int r = tlv_total(tmp, got, &total);
            if (r < 0) {
                rc = CARD_E_FORMAT;
                goto fail;
            }
            if (r == 0) {
                if (want == 8) {
                    rc = CARD_E_FORMAT;
                    goto fail;
                }
                total = 0;
                continue;
            }
            if (total > LDS_MAX_FILE) {
                rc = CARD_E_FORMAT;
                goto fail;
            }
            if (have > total)
                have = total;
            cap = total;
            buf = malloc(cap);
            if (!buf) {
                rc = CARD_E_NOMEM;
                goto fail;
            }
            memcpy(buf, tmp, have);
            explicit_bzero(tmp, got);
        }
        if (have >= total)
            break;
        size_t want = total - have, got = 0;
        uint16_t sw;
        bool probing = false, ext = false;
        const card_options *o = s->opts;
        if (s->ch.ext == 1 || (o->extended == CARD_EXT_ON && s->ch.ext == 0)) {
            ext = want > s->max_short;
        } else if (s->ch.ext == 0 && o->extended == CARD_EXT_AUTO && s->ch.tr->ext_capable &&
                   want > s->max_short) {
            ext = probing = true;
        }
        size_t ne = ext ? (want < s->max_ext ? want : s->max_ext)
                        : (want < s->max_short ? want : s->max_short);
        rc = read_chunk(s, have, ne, ext, tmp, APDU_RSP_MAX, &got, &sw);
        if (got > total - have)
            got = total - have;     /* a card that sends more than asked */
        memcpy(buf + have, tmp, got);
        explicit_bzero(tmp, got);
        if (ext && (rc != CARD_OK || s->ch.sm_dead || !sw_ok(sw) || got == 0)) {
            /* an extended read failed, whatever the reason: short reads from now on */
            s->ch.ext = -1;
            chan_trace_note(&s->ch, "extended length not usable, using short reads");
            if (rc == CARD_E_TRANSPORT || rc == CARD_E_SM)
                s->ch.sm_dead = true;
            else if (rc != CARD_OK)
                goto fail;
            if (s->ch.sm_dead)
                fails++;
            continue;
        }
        if (rc == CARD_E_SM || (rc == CARD_OK && s->ch.sm_dead)) {
            fails++;
            continue;
        }
        if (rc)
            goto fail;
        if (got > 0 && sw_ok(sw)) {
            if (probing) {
                s->ch.ext = 1;
                chan_trace_note(&s->ch, "extended length works");
            }
            if (ext)
                s->extended_used = true;
            have += got;
            continue;
        }
        if (sw == 0x6700 || sw == 0x6B00 || sw == 0x6282 || (sw >> 8) == 0x6C) {
            if (ext) {
                s->ch.ext = -1;
                continue;
            }
            size_t smaller = (sw >> 8) == 0x6C && (sw & 0xFF) ? (sw & 0xFF) : s->max_short / 2;
            if (smaller < 16 || smaller >= s->max_short) {
                rc = CARD_E_FILE;
                goto fail;
            }
            chan_trace_note(&s->ch, "chunk of %zu bytes refused, trying %zu", s->max_short, smaller);
            s->max_short = smaller;
            continue;
        }
        rc = CARD_E_FILE;
        goto fail;
    }
    s->ch.mask = false;
    free(tmp);
    *out = buf;
    *len = total;
    return CARD_OK;
fail:
    s->ch.mask = false;
    explicit_bzero(tmp, APDU_RSP_MAX);
    free(tmp);
    if (buf) {
        explicit_bzero(buf, cap);
        free(buf);
    }
    return rc;
}
