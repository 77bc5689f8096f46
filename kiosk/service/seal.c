/* seal: CMS AuthEnvelopedData sealing and SignedData verification on
 * OpenSSL 3. See seal.h. */
#include "seal.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

X509 *seal_load_cert(const char *path, char *err, size_t errlen)
{
    BIO *b = BIO_new_file(path, "rb");
    if (!b) {
        snprintf(err, errlen, "cannot read certificate %s: check the path in the configuration",
                 path);
        return NULL;
    }
    X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    if (!x) {
        (void)BIO_reset(b);
        x = d2i_X509_bio(b, NULL);
    }
    BIO_free(b);
    ERR_clear_error();
    if (!x)
        snprintf(err, errlen, "%s is not a certificate (PEM or DER)", path);
    return x;
}

static int bio_take(BIO *b, unsigned char **out, size_t *outlen)
{
    char *p;
    long n = BIO_get_mem_data(b, &p);
    if (n <= 0)
        return -1;
    *out = malloc((size_t)n);
    if (!*out)
        return -1;
    memcpy(*out, p, (size_t)n);
    *outlen = (size_t)n;
    return 0;
}

int seal_payload(X509 *cert, const void *data, size_t len, unsigned char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    int rc = -1;
    BIO *in = BIO_new_mem_buf(data, (int)len);
    BIO *mem = BIO_new(BIO_s_mem());
    CMS_ContentInfo *cms = NULL;
    if (!in || !mem)
        goto done;
    /* An AEAD cipher makes AuthEnvelopedData (RFC 5083). The recipient is
     * added by hand to choose modern key transport parameters: ECDH with a
     * SHA-256 KDF, or RSA-OAEP with SHA-256 (defaults would be SHA-1 / v1.5). */
    cms = CMS_encrypt(NULL, NULL, EVP_aes_256_gcm(), CMS_BINARY | CMS_PARTIAL);
    if (!cms)
        goto done;
    CMS_RecipientInfo *ri = CMS_add1_recipient_cert(cms, cert, CMS_KEY_PARAM);
    EVP_PKEY_CTX *pctx = ri ? CMS_RecipientInfo_get0_pkey_ctx(ri) : NULL;
    if (!pctx)
        goto done;
    EVP_PKEY *pk = X509_get0_pubkey(cert);
    if (pk && EVP_PKEY_is_a(pk, "EC")) {
        if (EVP_PKEY_CTX_set_ecdh_kdf_md(pctx, EVP_sha256()) <= 0)
            goto done;
    } else if (pk && EVP_PKEY_is_a(pk, "RSA")) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256()) <= 0 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) <= 0)
            goto done;
    }
    if (CMS_final(cms, in, NULL, CMS_BINARY) != 1 || i2d_CMS_bio(mem, cms) != 1)
        goto done;
    rc = bio_take(mem, out, outlen);
done:
    CMS_ContentInfo_free(cms);
    BIO_free(mem);
    BIO_free(in);   /* a read-only view of data: nothing to wipe */
    ERR_clear_error();
    return rc;
}

int seal_verify_bundle(X509 *signer, const unsigned char *bundle, size_t len,
                       unsigned char **content, size_t *content_len, char *err, size_t errlen)
{
    *content = NULL;
    *content_len = 0;
    int rc = -1;
    const unsigned char *p = bundle;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    STACK_OF(X509) *certs = sk_X509_new_null();
    BIO *out = BIO_new(BIO_s_mem());
    if (!cms || p != bundle + len) {
        snprintf(err, errlen, "the bundle is not a CMS message");
        goto done;
    }
    if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        snprintf(err, errlen, "the bundle is not signed data");
        goto done;
    }
    if (!certs || !out || !sk_X509_push(certs, signer))
        goto done;
    /* Only the configured signer certificate is accepted: certificates in
     * the bundle are ignored (NOINTERN) and no chain is built from them. */
    if (CMS_verify(cms, certs, NULL, NULL, out,
                   CMS_NOINTERN | CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
        snprintf(err, errlen, "the bundle's signature does not verify against the signer "
                              "certificate");
        goto done;
    }
    if (bio_take(out, content, content_len) != 0) {
        snprintf(err, errlen, "the bundle is empty");
        goto done;
    }
    rc = 0;
done:
    BIO_free(out);
    sk_X509_free(certs);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return rc;
}
