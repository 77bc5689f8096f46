/* aa: active authentication (ICAO 9303-11 section 6.1) with the DG15 key.
 *
 * We send a random 8-byte challenge with INTERNAL AUTHENTICATE. RSA chips
 * answer an ISO/IEC 9796-2 scheme 1 signature (partial recovery, header 6A,
 * trailer BC = SHA-1 or xxCC naming the hash): we recover the message with the
 * public key and check H(M1 || challenge). ECDSA chips answer r||s (plain, as
 * BSI TR-03111), or DER; the hash is taken from the signature size range
 * (SHA-1/224/256/384/512 are tried). A chip that copied the data of another
 * card cannot answer: that is what AA detects. */
#include "card_int.h"

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

static card_aa aa_rsa(EVP_PKEY *pk, const uint8_t *ch, size_t cl, const uint8_t *sig, size_t sl)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pk, NULL);
    uint8_t m[1024], h[EVP_MAX_MD_SIZE];
    size_t ml = sizeof m;
    card_aa r = CARD_AA_FAILED;
    if (!ctx || EVP_PKEY_verify_recover_init(ctx) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) != 1 ||
        EVP_PKEY_verify_recover(ctx, m, &ml, sig, sl) != 1 || ml < 32)
        goto out;
    size_t t;
    const EVP_MD *md;
    if (m[ml - 1] == 0xBC) {
        t = 1;
        md = EVP_sha1();
    } else if (m[ml - 1] == 0xCC) {
        t = 2;
        switch (m[ml - 2]) {
        case 0x33: md = EVP_sha1(); break;
        case 0x34: md = EVP_sha256(); break;
        case 0x35: md = EVP_sha512(); break;
        case 0x36: md = EVP_sha384(); break;
        case 0x38: md = EVP_sha224(); break;
        default: goto out;
        }
    } else {
        goto out;
    }
    size_t hl = (size_t)EVP_MD_get_size(md);
    if (m[0] != 0x6A || ml < 1 + hl + t)
        goto out;
    size_t m1 = ml - 1 - hl - t;
    EVP_MD_CTX *mc = EVP_MD_CTX_new();
    unsigned got = 0;
    int ok = mc && EVP_DigestInit_ex(mc, md, NULL) && EVP_DigestUpdate(mc, m + 1, m1) &&
             EVP_DigestUpdate(mc, ch, cl) && EVP_DigestFinal_ex(mc, h, &got);
    EVP_MD_CTX_free(mc);
    if (ok && got == hl && !CRYPTO_memcmp(h, m + 1 + m1, hl))
        r = CARD_AA_PASSED;
out:
    EVP_PKEY_CTX_free(ctx);
    return r;
}

static card_aa aa_ec(EVP_PKEY *pk, const uint8_t *ch, size_t cl, const uint8_t *sig, size_t sl)
{
    uint8_t der[300];
    const uint8_t *dsig = sig;
    size_t dl = sl;
    if (!(sl > 2 && sig[0] == 0x30 && sig[1] + 2u == sl)) {
        if (sl % 2 || sl > 264)
            return CARD_AA_FAILED;
        ECDSA_SIG *es = ECDSA_SIG_new();
        BIGNUM *r = BN_bin2bn(sig, (int)(sl / 2), NULL), *s = BN_bin2bn(sig + sl / 2, (int)(sl / 2), NULL);
        if (!es || !r || !s || ECDSA_SIG_set0(es, r, s) != 1) {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(es);
            return CARD_AA_FAILED;
        }
        unsigned char *p = der;
        int n = i2d_ECDSA_SIG(es, NULL) <= (int)sizeof der ? i2d_ECDSA_SIG(es, &p) : -1;
        ECDSA_SIG_free(es);
        if (n <= 0)
            return CARD_AA_FAILED;
        dsig = der;
        dl = (size_t)n;
    }
    const EVP_MD *mds[] = { EVP_sha256(), EVP_sha1(), EVP_sha224(), EVP_sha384(), EVP_sha512() };
    for (size_t i = 0; i < sizeof mds / sizeof mds[0]; i++) {
        EVP_MD_CTX *mc = EVP_MD_CTX_new();
        int ok = mc && EVP_DigestVerifyInit(mc, NULL, mds[i], NULL, pk) == 1 &&
                 EVP_DigestVerify(mc, dsig, dl, ch, cl) == 1;
        EVP_MD_CTX_free(mc);
        if (ok)
            return CARD_AA_PASSED;
    }
    return CARD_AA_FAILED;
}

card_aa aa_verify(const uint8_t *dg15, size_t n, const uint8_t *challenge, size_t clen,
                  const uint8_t *sig, size_t slen)
{
    tlv t;
    card_aa r = CARD_AA_FAILED;
    if (!tlv_parse(dg15, n, &t) || t.tag != 0x6F)
        return CARD_AA_NOT_AVAILABLE;
    const unsigned char *p = t.val;
    EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, (long)t.len);
    if (!pk) {
        ERR_clear_error();
        return CARD_AA_NOT_AVAILABLE;
    }
    if (EVP_PKEY_base_id(pk) == EVP_PKEY_RSA)
        r = aa_rsa(pk, challenge, clen, sig, slen);
    else if (EVP_PKEY_base_id(pk) == EVP_PKEY_EC)
        r = aa_ec(pk, challenge, clen, sig, slen);
    else
        r = CARD_AA_NOT_AVAILABLE;
    EVP_PKEY_free(pk);
    ERR_clear_error();
    return r;
}

card_aa aa_run(card_session *s, const uint8_t *dg15, size_t n)
{
    uint8_t chal[8], rsp[600];
    size_t rl;
    uint16_t sw;
    if (crypto_random(chal, sizeof chal))
        return CARD_AA_FAILED;
    apdu_cmd ia = { 0x00, 0x88, 0x00, 0x00, chal, 8, 256 };
    card_err rc = chan_send(&s->ch, &ia, false, rsp, sizeof rsp, &rl, &sw);
    if (rc || sw != 0x9000 || rl == 0)
        return CARD_AA_FAILED;
    return aa_verify(dg15, n, chal, 8, rsp, rl);
}
