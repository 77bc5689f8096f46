/* seal: CMS AuthEnvelopedData sealing and SignedData verification on
 * OpenSSL 3. See seal.h. */
#include "seal.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
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
    STACK_OF(X509) *certs = sk_X509_new_null();
    BIO *in = BIO_new_mem_buf(data, (int)len);
    BIO *mem = BIO_new(BIO_s_mem());
    CMS_ContentInfo *cms = NULL;
    if (!certs || !in || !mem || !sk_X509_push(certs, cert))
        goto done;
    cms = CMS_encrypt(certs, in, EVP_aes_256_gcm(), CMS_BINARY);
    if (!cms || i2d_CMS_bio(mem, cms) != 1)
        goto done;
    rc = bio_take(mem, out, outlen);
done:
    CMS_ContentInfo_free(cms);
    BIO_free(mem);
    BIO_free(in);   /* a read-only view of data: nothing to wipe */
    sk_X509_free(certs);
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
