/* fuzz_upstream_bundle: catalog bundles as they come from upstream or a USB
 * stick: CMS SignedData parsing and verification against a signer
 * certificate (made once, at start, with a fresh EC key). */
#include "seal.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdlib.h>

static X509 *make_signer(void)
{
    EVP_PKEY *k = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    if (!k || !x)
        abort();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"fuzz signer", -1,
                               -1, 0);
    X509_set_issuer_name(x, n);
    X509_set_pubkey(x, k);
    X509_sign(x, k, EVP_sha256());
    EVP_PKEY_free(k);
    return x;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static X509 *signer;
    if (!signer)
        signer = make_signer();
    unsigned char *content;
    size_t len;
    char err[256];
    if (seal_verify_bundle(signer, data, size, &content, &len, err, sizeof err) == 0)
        free(content);
    return 0;
}
