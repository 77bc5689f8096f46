/* sod: passive authentication (ICAO 9303-11 section 5.1) with OpenSSL CMS.
 *
 * EF.SOD (tag 77) is a CMS SignedData over an LDSSecurityObject that lists a
 * hash per data group. The verdict is built in this order, so that the worst
 * finding wins: CMS signature (and signed attributes) against the document
 * signer certificate -> bad signature; every data group we read hashed and
 * compared -> hash mismatch (which DG); DS certificate chained to a CSCA of
 * the trust store -> unknown signer / expired signer / bad signature.
 * Only when all pass is the result "verified".
 *
 * The trust store is a folder: each file is a PEM bundle, a DER certificate
 * or an ICAO master list (CMS-signed CscaMasterList). The master list's own
 * signature is not checked: the technician chose the file. CSCA link
 * certificates are accepted as anchors (partial chains). */
#include "card_int.h"

#include <dirent.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static CMS_ContentInfo *sod_cms(const uint8_t *sod, size_t n)
{
    tlv t;
    if (!tlv_parse(sod, n, &t) || t.tag != 0x77)
        return NULL;
    const unsigned char *p = t.val;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)t.len);
    if (cms && OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        CMS_ContentInfo_free(cms);
        return NULL;
    }
    return cms;
}

static card_err parse_lso(const uint8_t *v, size_t n, sod_info *out)
{
    tlv seq, ver, alg, oid, list;
    memset(out, 0, sizeof *out);
    if (!tlv_parse(v, n, &seq) || seq.tag != 0x30)
        return CARD_E_FORMAT;
    size_t a = tlv_parse(seq.val, seq.len, &ver);
    if (!a || ver.tag != 0x02)
        return CARD_E_FORMAT;
    size_t b = tlv_parse(seq.val + a, seq.len - a, &alg);
    if (!b || alg.tag != 0x30)
        return CARD_E_FORMAT;
    size_t c = tlv_parse(seq.val + a + b, seq.len - a - b, &list);
    if (!c || list.tag != 0x30)
        return CARD_E_FORMAT;
    size_t ol = tlv_parse(alg.val, alg.len, &oid);
    if (!ol || oid.tag != 0x06)
        return CARD_E_FORMAT;
    const unsigned char *p = alg.val;
    ASN1_OBJECT *obj = d2i_ASN1_OBJECT(NULL, &p, (long)ol);
    const EVP_MD *md = obj ? EVP_get_digestbyobj(obj) : NULL;
    ASN1_OBJECT_free(obj);
    if (!md)
        return CARD_E_UNSUPPORTED;
    snprintf(out->digest, sizeof out->digest, "%s", EVP_MD_get0_name(md));
    size_t off = 0;
    while (off < list.len) {
        tlv e, num, h;
        size_t used = tlv_parse(list.val + off, list.len - off, &e);
        if (!used || e.tag != 0x30)
            return CARD_E_FORMAT;
        off += used;
        size_t u = tlv_parse(e.val, e.len, &num);
        if (!u || num.tag != 0x02 || num.len != 1 || !tlv_parse(e.val + u, e.len - u, &h) ||
            h.tag != 0x04 || h.len > 64)
            return CARD_E_FORMAT;
        if (out->n >= (int)(sizeof out->dgs / sizeof out->dgs[0]))
            return CARD_E_FORMAT;
        out->dgs[out->n].dg = num.val[0];
        memcpy(out->dgs[out->n].hash, h.val, h.len);
        out->dgs[out->n].len = h.len;
        out->n++;
    }
    return CARD_OK;
}

card_err sod_parse(const uint8_t *sod, size_t n, sod_info *out)
{
    CMS_ContentInfo *cms = sod_cms(sod, n);
    if (!cms)
        return CARD_E_FORMAT;
    ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
    card_err rc = CARD_E_FORMAT;
    if (pos && *pos)
        rc = parse_lso(ASN1_STRING_get0_data(*pos), (size_t)ASN1_STRING_length(*pos), out);
    CMS_ContentInfo_free(cms);
    return rc;
}

/* ---- trust store ---- */

static int add_master_list(X509_STORE *st, const uint8_t *der, size_t n)
{
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)n);
    int added = 0;
    if (!cms)
        return 0;
    ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
    tlv seq, ver, set;
    if (pos && *pos &&
        tlv_parse(ASN1_STRING_get0_data(*pos), (size_t)ASN1_STRING_length(*pos), &seq) &&
        seq.tag == 0x30) {
        size_t a = tlv_parse(seq.val, seq.len, &ver);
        if (a && tlv_parse(seq.val + a, seq.len - a, &set) && set.tag == 0x31) {
            size_t off = 0;
            while (off < set.len) {
                tlv c;
                size_t used = tlv_parse(set.val + off, set.len - off, &c);
                if (!used)
                    break;
                const unsigned char *q = set.val + off;
                X509 *x = d2i_X509(NULL, &q, (long)used);
                if (x) {
                    if (X509_STORE_add_cert(st, x) == 1)
                        added++;
                    X509_free(x);
                }
                off += used;
            }
        }
    }
    CMS_ContentInfo_free(cms);
    return added;
}

static int add_file(X509_STORE *st, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= 32u << 20)
                break;
            cap = cap ? cap * 2 : 65536;
            uint8_t *b = realloc(buf, cap);
            if (!b)
                break;
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    int added = 0;
    if (!buf)
        return 0;
    BIO *bio = BIO_new_mem_buf(buf, (int)n);
    X509 *x;
    while (bio && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
        if (X509_STORE_add_cert(st, x) == 1)
            added++;
        X509_free(x);
    }
    BIO_free(bio);
    ERR_clear_error();
    if (!added) {
        const unsigned char *p = buf;
        x = d2i_X509(NULL, &p, (long)n);
        if (x) {
            if (X509_STORE_add_cert(st, x) == 1)
                added++;
            X509_free(x);
        } else {
            added = add_master_list(st, buf, n);
        }
    }
    ERR_clear_error();
    free(buf);
    return added;
}

static X509_STORE *load_store(const char *dir, int *count)
{
    X509_STORE *st = X509_STORE_new();
    *count = 0;
    if (!st || !dir || !dir[0])
        return st;
    DIR *d = opendir(dir);
    if (!d)
        return st;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            *count += add_file(st, path);
    }
    closedir(d);
    return st;
}

static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    /* DS certificates may carry private critical extensions (document type list). */
    if (!ok && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION)
        return 1;
    return ok;
}

static card_verify check_chain(X509 *ds, STACK_OF(X509) *extra, const char *trust_dir,
                               long long now)
{
    int count = 0;
    card_verify v = CARD_VERIFY_UNKNOWN_SIGNER;
    X509_STORE *st = load_store(trust_dir, &count);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (!st || !ctx || count == 0)
        goto out;
    X509_STORE_set_verify_cb(st, verify_cb);
    if (X509_STORE_CTX_init(ctx, st, ds, extra) != 1)
        goto out;
    X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
    if (now)
        X509_VERIFY_PARAM_set_time(vp, (time_t)now);
    if (X509_verify_cert(ctx) == 1) {
        v = CARD_VERIFY_VERIFIED;
    } else {
        int err = X509_STORE_CTX_get_error(ctx);
        if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
            v = CARD_VERIFY_EXPIRED_SIGNER;
        else if (err == X509_V_ERR_CERT_SIGNATURE_FAILURE)
            v = CARD_VERIFY_BAD_SIGNATURE;
        else
            v = CARD_VERIFY_UNKNOWN_SIGNER;
    }
out:
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(st);
    ERR_clear_error();
    return v;
}

card_verify sod_verify(const uint8_t *sod, size_t n, const char *trust_dir, const sod_input *dgs,
                       int n_dgs, int *mismatch_dg, long long now)
{
    card_verify v = CARD_VERIFY_BAD_SIGNATURE;
    sod_info info;
    STACK_OF(X509) *certs = NULL;
    *mismatch_dg = 0;
    CMS_ContentInfo *cms = sod_cms(sod, n);
    if (!cms)
        goto out;
    certs = CMS_get1_certs(cms);
    BIO *content = BIO_new(BIO_s_mem());
    int ok = content && CMS_verify(cms, certs, NULL, NULL, content,
                                   CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
    if (!ok) {
        unsigned long e = ERR_peek_last_error();
        if (ERR_GET_LIB(e) == ERR_LIB_CMS && ERR_GET_REASON(e) == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND)
            v = CARD_VERIFY_UNKNOWN_SIGNER;
        BIO_free(content);
        goto out;
    }
    BUF_MEM *bm = NULL;
    BIO_get_mem_ptr(content, &bm);
    card_err prc = bm ? parse_lso((const uint8_t *)bm->data, bm->length, &info) : CARD_E_FORMAT;
    BIO_free(content);
    if (prc)
        goto out;
    const EVP_MD *md = EVP_get_digestbyname(info.digest);
    if (!md)
        goto out;
    for (int i = 0; i < n_dgs; i++) {
        uint8_t h[EVP_MAX_MD_SIZE];
        unsigned hl = 0;
        const sod_dg_hash *found = NULL;
        for (int j = 0; j < info.n; j++)
            if (info.dgs[j].dg == dgs[i].dg)
                found = &info.dgs[j];
        if (!found || !EVP_Digest(dgs[i].data, dgs[i].len, h, &hl, md, NULL) ||
            hl != found->len || CRYPTO_memcmp(h, found->hash, hl)) {
            *mismatch_dg = dgs[i].dg;
            v = CARD_VERIFY_HASH_MISMATCH;
            goto out;
        }
    }
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    X509 *ds = NULL;
    if (sk_CMS_SignerInfo_num(sis) != 1) {
        v = CARD_VERIFY_BAD_SIGNATURE;
        goto out;
    }
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(sis, 0), NULL, &ds, NULL, NULL);
    if (!ds) {
        v = CARD_VERIFY_UNKNOWN_SIGNER;
        goto out;
    }
    v = check_chain(ds, certs, trust_dir, now);
out:
    sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return v;
}
