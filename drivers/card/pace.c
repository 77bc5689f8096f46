/* pace: PACE v2 with ECDH Generic Mapping (ICAO 9303-11 section 4.4, BSI TR-03110).
 *
 * EF.CardAccess lists PACEInfo entries (OID id-PACE-ECDH-GM-<cipher>, version,
 * standardized parameter id); we take the first ECDH-GM entry on a curve we
 * know (ids 8-18: NIST and Brainpool curves). The password is the CAN (ASCII
 * digits) or SHA-1 of MRZ_information; K_pi = KDF(password, 3). Then:
 * MSE:Set AT, GA#1 (encrypted nonce s), GA#2 (ECDH to map G~ = s*G + H),
 * GA#3 (ECDH on G~, K = x coordinate), GA#4 (authentication tokens, checked).
 * Curves and points use OpenSSL's EC_GROUP/EC_POINT (no OpenPACE). */
#include "card_int.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <string.h>

static const uint8_t pace_prefix[] = { 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04 };

int pace_curve_nid(int id)
{
    switch (id) {
    case 8: return NID_X9_62_prime192v1;
    case 9: return NID_brainpoolP192r1;
    case 10: return NID_secp224r1;
    case 11: return NID_brainpoolP224r1;
    case 12: return NID_X9_62_prime256v1;
    case 13: return NID_brainpoolP256r1;
    case 14: return NID_brainpoolP320r1;
    case 15: return NID_secp384r1;
    case 16: return NID_brainpoolP384r1;
    case 17: return NID_brainpoolP512r1;
    case 18: return NID_secp521r1;
    }
    return NID_undef;
}

static int small_int(const tlv *t)
{
    if (t->tag != 0x02 || t->len < 1 || t->len > 3 || (t->val[0] & 0x80))
        return -1;
    int v = 0;
    for (size_t i = 0; i < t->len; i++)
        v = (v << 8) | t->val[i];
    return v;
}

card_err pace_parse_card_access(const uint8_t *buf, size_t n, pace_info *out)
{
    tlv set;
    bool any_pace = false;
    if (!tlv_parse(buf, n, &set) || set.tag != 0x31)
        return CARD_E_FORMAT;
    size_t off = 0;
    while (off < set.len) {
        tlv seq, oid, ver, par;
        size_t used = tlv_parse(set.val + off, set.len - off, &seq);
        if (!used)
            return CARD_E_FORMAT;
        off += used;
        if (seq.tag != 0x30)
            continue;
        size_t a = tlv_parse(seq.val, seq.len, &oid);
        if (!a || oid.tag != 0x06)
            continue;
        if (oid.len != 10 || memcmp(oid.val, pace_prefix, sizeof pace_prefix))
            continue;
        any_pace = true;
        size_t b = tlv_parse(seq.val + a, seq.len - a, &ver);
        if (!b)
            continue;
        int param = -1;
        if (a + b < seq.len && tlv_parse(seq.val + a + b, seq.len - a - b, &par))
            param = small_int(&par);
        int mapping = oid.val[8], cipher = oid.val[9];
        if (mapping != 2 || small_int(&ver) != 2 || pace_curve_nid(param) == NID_undef)
            continue;
        if (cipher < 1 || cipher > 4)
            continue;
        memset(out, 0, sizeof *out);
        memcpy(out->oid, oid.val, oid.len);
        out->oid_len = oid.len;
        out->mapping = mapping;
        out->alg = cipher == 1 ? SM_3DES : SM_AES;
        out->klen = cipher == 3 ? 24 : cipher == 4 ? 32 : 16;
        out->version = 2;
        out->param_id = param;
        return CARD_OK;
    }
    return any_pace ? CARD_E_UNSUPPORTED : CARD_E_UNSUPPORTED;
}

card_err pace_kpi(const pace_info *pi, const char *password, bool is_can, uint8_t *kpi)
{
    uint8_t md[20];
    const uint8_t *k = (const uint8_t *)password;
    size_t kl = strlen(password);
    if (!is_can) {
        if (!EVP_Digest(password, kl, md, NULL, EVP_sha1(), NULL))
            return CARD_E_CRYPTO;
        k = md;
        kl = 20;
    }
    int r = crypto_kdf(k, kl, 3, pi->alg == SM_3DES, pi->klen, kpi);
    explicit_bzero(md, sizeof md);
    return r ? CARD_E_CRYPTO : CARD_OK;
}

typedef struct pace_run {
    card_chan *ch;
    const pace_info *pi;
    EC_GROUP *group, *mapped;
    BN_CTX *bn;
    sm_alg alg;
    size_t klen;
} pace_run;

static bool denied(uint16_t sw)
{
    return sw == 0x6300 || (sw & 0xFFF0) == 0x63C0 || sw == 0x6982 || sw == 0x6983 ||
           sw == 0x6984 || sw == 0x6988;
}

/* One General Authenticate step: send 7C{tag in_data}, get 7C{tag_out value}. */
static card_err ga(pace_run *p, bool last, uint8_t tag_in, const uint8_t *in, size_t in_len,
                   uint8_t tag_out, uint8_t *out, size_t cap, size_t *out_len)
{
    uint8_t inner[300], data[310], rsp[512];
    size_t il = 0, dl, rl;
    uint16_t sw;
    if (tag_in)
        il = tlv_put(inner, sizeof inner, tag_in, in, in_len);
    dl = tlv_put(data, sizeof data, 0x7C, inner, il);
    if (!dl)
        return CARD_E_ARG;
    apdu_cmd c = { last ? 0x00 : 0x10, 0x86, 0x00, 0x00, data, dl, 256 };
    card_err rc = chan_send(p->ch, &c, false, rsp, sizeof rsp, &rl, &sw);
    if (rc)
        return rc;
    if (sw != 0x9000)
        return denied(sw) ? CARD_E_ACCESS_DENIED : CARD_E_PROTOCOL;
    tlv dyn, t;
    if (!tlv_parse(rsp, rl, &dyn) || dyn.tag != 0x7C || !tlv_find(dyn.val, dyn.len, tag_out, &t) ||
        t.len > cap)
        return CARD_E_PROTOCOL;
    memcpy(out, t.val, t.len);
    *out_len = t.len;
    return CARD_OK;
}

static card_err keypair(pace_run *p, const EC_GROUP *g, const uint8_t *fixed, size_t fl,
                        BIGNUM **sk, uint8_t *pub, size_t *pub_len)
{
    const BIGNUM *order = EC_GROUP_get0_order(g);
    EC_POINT *pt = EC_POINT_new(g);
    card_err rc = CARD_E_CRYPTO;
    *sk = BN_secure_new();
    if (!pt || !*sk)
        goto out;
    if (fixed) {
        if (!BN_bin2bn(fixed, (int)fl, *sk))
            goto out;
    } else {
        do {
            if (!BN_priv_rand_range(*sk, order))
                goto out;
        } while (BN_is_zero(*sk));
    }
    if (!EC_POINT_mul(g, pt, *sk, NULL, NULL, p->bn))
        goto out;
    *pub_len = EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, pub, 140, p->bn);
    if (*pub_len)
        rc = CARD_OK;
out:
    EC_POINT_free(pt);
    return rc;
}

/* Token input: 7F49 { 06 OID, 86 point } */
static card_err token(pace_run *p, const uint8_t *kmac, const uint8_t *pt, size_t pl, uint8_t out[8])
{
    uint8_t inner[200], data[220], padded[240];
    size_t il = tlv_put(inner, sizeof inner, 0x06, p->pi->oid, p->pi->oid_len);
    il += tlv_put(inner + il, sizeof inner - il, 0x86, pt, pl);
    size_t dl = tlv_put(data, sizeof data, 0x7F49, inner, il);
    if (!dl)
        return CARD_E_ARG;
    if (p->alg == SM_AES) {
        uint8_t full[16];
        if (crypto_cmac(kmac, p->klen, data, dl, full))
            return CARD_E_CRYPTO;
        memcpy(out, full, 8);
        return CARD_OK;
    }
    memcpy(padded, data, dl);
    size_t n = crypto_pad(padded, dl, 8);
    return crypto_retail_mac(kmac, padded, n, out) ? CARD_E_CRYPTO : CARD_OK;
}

card_err pace_authenticate(card_chan *ch, const pace_info *pi, const char *password, bool is_can,
                           sm_ctx *sm, const uint8_t *fixed_sk1, size_t sk1_len,
                           const uint8_t *fixed_sk2, size_t sk2_len)
{
    pace_run p = { ch, pi, NULL, NULL, NULL, pi->alg, pi->klen };
    uint8_t kpi[32], z[64], s[64], pub[140], pic[140], pub2[140], pic2[140], kx[80];
    uint8_t ksenc[32], ksmac[32], tpcd[8], tic[8], tok[16];
    size_t zl, pl, picl, pl2, picl2, tl, rl;
    uint16_t sw;
    BIGNUM *sk1 = NULL, *sk2 = NULL, *bs = BN_secure_new();
    EC_POINT *P = NULL, *H = NULL, *G2 = NULL, *Q = NULL;
    card_err rc;

    p.bn = BN_CTX_secure_new();
    p.group = EC_GROUP_new_by_curve_name(pace_curve_nid(pi->param_id));
    if (!p.bn || !p.group || !bs) {
        rc = CARD_E_CRYPTO;
        goto out;
    }
    rc = pace_kpi(pi, password, is_can, kpi);
    if (rc)
        goto out;

    /* MSE:Set AT */
    uint8_t mse[40];
    size_t ml = tlv_put(mse, sizeof mse, 0x80, pi->oid, pi->oid_len);
    uint8_t ref = is_can ? 2 : 1, pid = (uint8_t)pi->param_id;
    ml += tlv_put(mse + ml, sizeof mse - ml, 0x83, &ref, 1);
    ml += tlv_put(mse + ml, sizeof mse - ml, 0x84, &pid, 1);
    apdu_cmd c = { 0x00, 0x22, 0xC1, 0xA4, mse, ml, 0 };
    rc = chan_send(ch, &c, false, z, sizeof z, &rl, &sw);
    if (rc)
        goto out;
    if (sw != 0x9000 && (sw >> 8) != 0x63) {
        rc = sw == 0x6A80 || sw == 0x6A88 || sw == 0x6D00 ? CARD_E_UNSUPPORTED : CARD_E_PROTOCOL;
        goto out;
    }

    /* GA#1: encrypted nonce */
    rc = ga(&p, false, 0, NULL, 0, 0x80, z, sizeof z, &zl);
    if (rc)
        goto out;
    size_t bsz = pi->alg == SM_AES ? 16 : 8;
    if (zl == 0 || zl % bsz) {
        rc = CARD_E_PROTOCOL;
        goto out;
    }
    if ((pi->alg == SM_AES ? crypto_aes_cbc(false, kpi, pi->klen, NULL, z, zl, s)
                           : crypto_3des_cbc(false, kpi, NULL, z, zl, s))) {
        rc = CARD_E_CRYPTO;
        goto out;
    }

    /* GA#2: mapping */
    rc = keypair(&p, p.group, fixed_sk1, sk1_len, &sk1, pub, &pl);
    if (rc)
        goto out;
    rc = ga(&p, false, 0x81, pub, pl, 0x82, pic, sizeof pic, &picl);
    if (rc)
        goto out;
    rc = CARD_E_PROTOCOL;
    P = EC_POINT_new(p.group);
    H = EC_POINT_new(p.group);
    G2 = EC_POINT_new(p.group);
    if (!P || !H || !G2 || !EC_POINT_oct2point(p.group, P, pic, picl, p.bn) ||
        EC_POINT_is_on_curve(p.group, P, p.bn) != 1)
        goto out;
    rc = CARD_E_CRYPTO;
    if (!EC_POINT_mul(p.group, H, NULL, P, sk1, p.bn) || EC_POINT_is_at_infinity(p.group, H))
        goto out;
    if (!BN_bin2bn(s, (int)zl, bs) || !EC_POINT_mul(p.group, G2, bs, H, BN_value_one(), p.bn))
        goto out;
    p.mapped = EC_GROUP_dup(p.group);
    if (!p.mapped || !EC_GROUP_set_generator(p.mapped, G2, EC_GROUP_get0_order(p.group),
                                             EC_GROUP_get0_cofactor(p.group)))
        goto out;

    /* GA#3: key agreement on the mapped generator */
    rc = keypair(&p, p.mapped, fixed_sk2, sk2_len, &sk2, pub2, &pl2);
    if (rc)
        goto out;
    rc = ga(&p, false, 0x83, pub2, pl2, 0x84, pic2, sizeof pic2, &picl2);
    if (rc)
        goto out;
    rc = CARD_E_PROTOCOL;
    Q = EC_POINT_new(p.mapped);
    if (!Q || (picl2 == pl2 && !memcmp(pic2, pub2, pl2)) ||
        !EC_POINT_oct2point(p.mapped, Q, pic2, picl2, p.bn) ||
        EC_POINT_is_on_curve(p.mapped, Q, p.bn) != 1)
        goto out;
    rc = CARD_E_CRYPTO;
    if (!EC_POINT_mul(p.mapped, Q, NULL, Q, sk2, p.bn) || EC_POINT_is_at_infinity(p.mapped, Q))
        goto out;
    size_t fl = (size_t)(EC_GROUP_get_degree(p.group) + 7) / 8;
    BIGNUM *x = BN_new();
    int ok = x && EC_POINT_get_affine_coordinates(p.mapped, Q, x, NULL, p.bn) &&
             BN_bn2binpad(x, kx, (int)fl) == (int)fl;
    BN_clear_free(x);
    if (!ok)
        goto out;
    bool des = pi->alg == SM_3DES;
    if (crypto_kdf(kx, fl, 1, des, pi->klen, ksenc) || crypto_kdf(kx, fl, 2, des, pi->klen, ksmac))
        goto out;

    /* GA#4: tokens */
    rc = token(&p, ksmac, pic2, picl2, tpcd);
    if (rc)
        goto out;
    rc = ga(&p, true, 0x85, tpcd, 8, 0x86, tok, sizeof tok, &tl);
    if (rc)
        goto out;
    rc = token(&p, ksmac, pub2, pl2, tic);
    if (rc)
        goto out;
    if (tl != 8 || CRYPTO_memcmp(tok, tic, 8)) {
        rc = CARD_E_PROTOCOL;   /* the chip does not know the password: not genuine */
        goto out;
    }
    sm_init(sm, pi->alg, ksenc, ksmac, pi->klen, NULL);
    rc = CARD_OK;
out:
    EC_POINT_free(P);
    EC_POINT_free(H);
    EC_POINT_free(G2);
    EC_POINT_free(Q);
    BN_clear_free(sk1);
    BN_clear_free(sk2);
    BN_clear_free(bs);
    EC_GROUP_free(p.group);
    EC_GROUP_free(p.mapped);
    BN_CTX_free(p.bn);
    explicit_bzero(kpi, sizeof kpi);
    explicit_bzero(s, sizeof s);
    explicit_bzero(kx, sizeof kx);
    explicit_bzero(ksenc, sizeof ksenc);
    explicit_bzero(ksmac, sizeof ksmac);
    return rc;
}
