/* sm: ISO 7816-4 secure messaging as profiled by ICAO 9303-11 section 9.8.
 *
 * 3DES (BAC, PACE-3DES): CBC with IV 0, retail MAC, 8-byte SSC. AES (PACE):
 * CBC with IV = E(KSenc, SSC), AES-CMAC truncated to 8 bytes, 16-byte SSC.
 * The SSC is incremented before every command and every response. Data go in
 * DO87 (even INS) or DO85 (odd INS), Le in DO97, the status in DO99 and the
 * MAC in DO8E. A response whose MAC does not verify is rejected: the caller
 * must consider the session dead. */
#include "card_int.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void sm_init(sm_ctx *s, sm_alg alg, const uint8_t *kenc, const uint8_t *kmac, size_t klen,
             const uint8_t *ssc)
{
    memset(s, 0, sizeof *s);
    s->alg = alg;
    s->klen = klen;
    s->bs = alg == SM_AES ? 16 : 8;
    memcpy(s->kenc, kenc, klen);
    memcpy(s->kmac, kmac, klen);
    if (ssc)
        memcpy(s->ssc, ssc, s->bs);
}

void sm_wipe(sm_ctx *s)
{
    explicit_bzero(s, sizeof *s);
}

static void ssc_inc(sm_ctx *s)
{
    for (size_t i = s->bs; i-- > 0;)
        if (++s->ssc[i])
            break;
}

int sm_mac(const sm_ctx *s, const uint8_t *in, size_t n, uint8_t out[8])
{
    if (s->alg == SM_3DES)
        return crypto_retail_mac(s->kmac, in, n, out);
    uint8_t full[16];
    int rc = crypto_cmac(s->kmac, s->klen, in, n, full);
    memcpy(out, full, 8);
    return rc;
}

static int sm_crypt(const sm_ctx *s, bool enc, const uint8_t *in, size_t n, uint8_t *out)
{
    if (s->alg == SM_3DES)
        return crypto_3des_cbc(enc, s->kenc, NULL, in, n, out);
    uint8_t iv[16];
    if (crypto_aes_block(s->kenc, s->klen, s->ssc, iv))
        return -1;
    return crypto_aes_cbc(enc, s->kenc, s->klen, iv, in, n, out);
}

card_err sm_wrap(sm_ctx *s, const apdu_cmd *cmd, bool ext, uint8_t *out, size_t cap,
                 size_t *out_len)
{
    uint8_t pt[APDU_MAX + 32], body[APDU_MAX + 64], macin[APDU_MAX + 128];
    size_t bl = 0, ml = 0;
    card_err rc = CARD_E_CRYPTO;
    if (cmd->lc > APDU_MAX - 64)
        return CARD_E_ARG;
    ssc_inc(s);
    if (cmd->lc) {
        uint8_t ct[APDU_MAX + 32];
        memcpy(pt, cmd->data, cmd->lc);
        size_t pl = crypto_pad(pt, cmd->lc, s->bs);
        if (sm_crypt(s, true, pt, pl, ct))
            goto out;
        if (cmd->ins & 1) {
            bl += tlv_put(body + bl, sizeof body - bl, 0x85, ct, pl);
        } else {
            bl += tlv_put_hdr(body + bl, 0x87, pl + 1);
            body[bl++] = 0x01;
            memcpy(body + bl, ct, pl);
            bl += pl;
        }
    }
    if (cmd->ne) {
        body[bl++] = 0x97;
        if (!ext) {
            body[bl++] = 1;
            body[bl++] = (uint8_t)(cmd->ne >= 256 ? 0 : cmd->ne);
        } else {
            body[bl++] = 2;
            size_t ne = cmd->ne >= 65536 ? 0 : cmd->ne;
            body[bl++] = (uint8_t)(ne >> 8);
            body[bl++] = (uint8_t)ne;
        }
    }
    memcpy(macin, s->ssc, s->bs);
    ml = s->bs;
    macin[ml++] = cmd->cla | 0x0C;
    macin[ml++] = cmd->ins;
    macin[ml++] = cmd->p1;
    macin[ml++] = cmd->p2;
    ml = crypto_pad(macin, ml, s->bs);
    memcpy(macin + ml, body, bl);
    ml = crypto_pad(macin, ml + bl, s->bs);
    uint8_t cc[8];
    if (sm_mac(s, macin, ml, cc))
        goto out;
    body[bl++] = 0x8E;
    body[bl++] = 8;
    memcpy(body + bl, cc, 8);
    bl += 8;
    bool lext = ext || bl > 255;
    size_t need = 4 + (lext ? 3 : 1) + bl + (lext ? 2 : 1);
    if (need > cap) {
        rc = CARD_E_ARG;
        goto out;
    }
    size_t o = 0;
    out[o++] = cmd->cla | 0x0C;
    out[o++] = cmd->ins;
    out[o++] = cmd->p1;
    out[o++] = cmd->p2;
    if (lext) {
        out[o++] = 0;
        out[o++] = (uint8_t)(bl >> 8);
        out[o++] = (uint8_t)bl;
    } else {
        out[o++] = (uint8_t)bl;
    }
    memcpy(out + o, body, bl);
    o += bl;
    out[o++] = 0;
    if (lext)
        out[o++] = 0;
    *out_len = o;
    rc = CARD_OK;
out:
    explicit_bzero(pt, sizeof pt);
    explicit_bzero(macin, sizeof macin);
    return rc;
}

card_err sm_unwrap(sm_ctx *s, const uint8_t *rsp, size_t n, uint8_t *data, size_t cap,
                   size_t *dlen, uint16_t *sw)
{
    tlv do87 = { 0 }, do99 = { 0 }, do8e = { 0 };
    bool has87 = false, has99 = false, has8e = false, odd = false;
    const uint8_t *mac_end = NULL;
    *dlen = 0;
    if (n < 2)
        return CARD_E_SM;
    *sw = (uint16_t)(rsp[n - 2] << 8 | rsp[n - 1]);
    ssc_inc(s);
    size_t dn = n - 2, off = 0;
    while (off < dn) {
        tlv t;
        size_t used = tlv_parse(rsp + off, dn - off, &t);
        if (!used)
            return CARD_E_SM;
        switch (t.tag) {
        case 0x87: case 0x85:
            if (has87 || has8e)
                return CARD_E_SM;
            do87 = t; has87 = true; odd = t.tag == 0x85;
            break;
        case 0x99:
            if (has99 || has8e || t.len != 2)
                return CARD_E_SM;
            do99 = t; has99 = true;
            break;
        case 0x8E:
            if (has8e || t.len != 8)
                return CARD_E_SM;
            do8e = t; has8e = true;
            mac_end = rsp + off;
            break;
        default:
            return CARD_E_SM;
        }
        off += used;
    }
    if (!has8e)
        return CARD_E_SM;       /* unprotected answer: SM is over */
    size_t body = (size_t)(mac_end - rsp);
    uint8_t *macin = malloc(body + 2 * s->bs);
    if (!macin)
        return CARD_E_NOMEM;
    memcpy(macin, s->ssc, s->bs);
    memcpy(macin + s->bs, rsp, body);
    size_t ml = crypto_pad(macin, s->bs + body, s->bs);
    uint8_t cc[8];
    int r = sm_mac(s, macin, ml, cc);
    explicit_bzero(macin, ml);
    free(macin);
    if (r)
        return CARD_E_CRYPTO;
    if (CRYPTO_memcmp(cc, do8e.val, 8) != 0)
        return CARD_E_SM;
    if (has99)
        *sw = (uint16_t)(do99.val[0] << 8 | do99.val[1]);
    if (has87) {
        const uint8_t *ct = do87.val;
        size_t cl = do87.len;
        if (!odd) {
            if (cl < 1 || ct[0] != 0x01)
                return CARD_E_SM;
            ct++;
            cl--;
        }
        if (cl == 0 || cl % s->bs)
            return CARD_E_SM;
        uint8_t *pt = malloc(cl);
        if (!pt)
            return CARD_E_NOMEM;
        if (sm_crypt(s, false, ct, cl, pt)) {
            free(pt);
            return CARD_E_CRYPTO;
        }
        size_t pl = crypto_unpad(pt, cl);
        card_err rc = CARD_OK;
        if (pl == SIZE_MAX)
            rc = CARD_E_SM;
        else if (pl > cap)
            rc = CARD_E_PROTOCOL;
        else {
            memcpy(data, pt, pl);
            *dlen = pl;
        }
        explicit_bzero(pt, cl);
        free(pt);
        return rc;
    }
    return CARD_OK;
}
