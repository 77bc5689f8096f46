/* test_card_pki: a throw-away test PKI for the card tests, made at run time
 * with OpenSSL (no private key is ever written to the repository): a CSCA, a
 * document signer under it, an expired signer, a rogue CSCA + signer, EF.SOD
 * (CMS SignedData over an LDSSecurityObject) and an ICAO master list. */
#ifndef TEST_CARD_PKI_H
#define TEST_CARD_PKI_H

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card_int.h"

typedef struct pki_party {
    EVP_PKEY *key;
    X509 *cert;
} pki_party;

static inline EVP_PKEY *pki_key(void)
{
    return EVP_EC_gen("P-256");
}

static inline void pki_ext(X509 *c, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, c, NULL, NULL, 0);
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (e) {
        X509_add_ext(c, e, -1);
        X509_EXTENSION_free(e);
    }
}

/* Certificate for key, signed by issuer (NULL = self-signed), valid from
 * now+from_days to now+to_days. */
static inline pki_party pki_cert(const char *cn, const pki_party *issuer, long from_days, long to_days,
                          bool ca, long serial)
{
    pki_party p = { pki_key(), X509_new() };
    X509 *c = p.cert;
    X509_set_version(c, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
    X509_gmtime_adj(X509_getm_notBefore(c), from_days * 86400L);
    X509_gmtime_adj(X509_getm_notAfter(c), to_days * 86400L);
    X509_set_pubkey(c, p.key);
    X509_NAME *n = X509_get_subject_name(c);
    X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"VN", -1, -1, 0);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer->cert) : n);
    X509 *ic = issuer ? issuer->cert : c;
    pki_ext(c, ic, NID_subject_key_identifier, "hash");
    pki_ext(c, ic, NID_authority_key_identifier, "keyid:always");
    if (ca) {
        pki_ext(c, ic, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        pki_ext(c, ic, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        pki_ext(c, ic, NID_key_usage, "critical,digitalSignature");
    }
    X509_sign(c, issuer ? issuer->key : p.key, EVP_sha256());
    return p;
}

static inline void pki_free(pki_party *p)
{
    EVP_PKEY_free(p->key);
    X509_free(p->cert);
    p->key = NULL;
    p->cert = NULL;
}

/* LDSSecurityObject (SHA-256) over the given DGs. Returns DER length. */
static inline size_t pki_lso(const sod_input *dgs, int n, uint8_t *out, size_t cap)
{
    uint8_t list[2048], body[2200];
    size_t ll = 0;
    for (int i = 0; i < n; i++) {
        uint8_t h[32], e[64];
        EVP_Digest(dgs[i].data, dgs[i].len, h, NULL, EVP_sha256(), NULL);
        size_t el = 0;
        e[el++] = 0x02;
        e[el++] = 0x01;
        e[el++] = (uint8_t)dgs[i].dg;
        el += tlv_put(e + el, sizeof e - el, 0x04, h, 32);
        ll += tlv_put(list + ll, sizeof list - ll, 0x30, e, el);
    }
    static const uint8_t head[] = { 0x02, 0x01, 0x00, 0x30, 0x0B, 0x06, 0x09, 0x60, 0x86, 0x48,
                                    0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
    memcpy(body, head, sizeof head);
    size_t bl = sizeof head + tlv_put(body + sizeof head, sizeof body - sizeof head, 0x30, list, ll);
    return tlv_put(out, cap, 0x30, body, bl);
}

static inline size_t pki_cms(const pki_party *signer, const char *ctype, const uint8_t *content,
                      size_t cl, uint8_t *out, size_t cap)
{
    BIO *in = BIO_new_mem_buf(content, (int)cl);
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_BINARY);
    CMS_add1_signer(cms, signer->cert, signer->key, EVP_sha256(), CMS_BINARY | CMS_NOSMIMECAP);
    ASN1_OBJECT *ct = OBJ_txt2obj(ctype, 1);
    CMS_set1_eContentType(cms, ct);
    ASN1_OBJECT_free(ct);
    CMS_final(cms, in, NULL, CMS_BINARY);
    unsigned char *der = NULL;
    int dl = i2d_CMS_ContentInfo(cms, &der);
    size_t n = 0;
    if (dl > 0 && (size_t)dl <= cap) {
        memcpy(out, der, (size_t)dl);
        n = (size_t)dl;
    }
    OPENSSL_free(der);
    CMS_ContentInfo_free(cms);
    BIO_free(in);
    return n;
}

/* EF.SOD = 77 { CMS } */
static inline size_t pki_sod(const pki_party *ds, const sod_input *dgs, int n, uint8_t *out, size_t cap)
{
    uint8_t lso[2300], cms[8192];
    size_t ll = pki_lso(dgs, n, lso, sizeof lso);
    size_t cl = pki_cms(ds, "2.23.136.1.1.1", lso, ll, cms, sizeof cms);
    return cl ? tlv_put(out, cap, 0x77, cms, cl) : 0;
}

/* Master list: CMS over SEQUENCE { INTEGER 0, SET { certs } } */
static inline size_t pki_master_list(const pki_party *signer, X509 **certs, int n, uint8_t *out, size_t cap)
{
    uint8_t set[8192], seq[8300];
    size_t sl = 0;
    for (int i = 0; i < n; i++) {
        unsigned char *p = set + sl;
        sl += (size_t)i2d_X509(certs[i], &p);
    }
    uint8_t body[8300];
    body[0] = 0x02;
    body[1] = 0x01;
    body[2] = 0x00;
    size_t bl = 3 + tlv_put(body + 3, sizeof body - 3, 0x31, set, sl);
    size_t ql = tlv_put(seq, sizeof seq, 0x30, body, bl);
    return pki_cms(signer, "2.23.136.1.1.2", seq, ql, out, cap);
}

static inline void pki_write_pem(const char *dir, const char *name, X509 *c)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    PEM_write_X509(f, c);
    fclose(f);
}

static inline void pki_write(const char *dir, const char *name, const uint8_t *b, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, n, f);
    fclose(f);
}

static inline void pki_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

#endif
