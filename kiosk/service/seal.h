/* seal: CMS for kioskd. Sealing wraps a dossier in CMS AuthEnvelopedData
 * (AES-256-GCM content encryption, the key wrapped to the upstream's
 * certificate): kioskd can send a sealed payload but cannot read it back; only
 * the holder of the upstream's private key can. Verification checks a signed
 * catalog bundle (CMS SignedData with the content embedded) against the one
 * configured signer certificate. */
#ifndef KIOSK_SEAL_H
#define KIOSK_SEAL_H

#include <openssl/x509.h>
#include <stddef.h>

/* Load a PEM (or DER) certificate; NULL with a message in err. */
X509 *seal_load_cert(const char *path, char *err, size_t errlen);

/* Seal data to cert. *out is malloc'd DER; returns 0 or -1. */
int seal_payload(X509 *cert, const void *data, size_t len, unsigned char **out, size_t *outlen);

/* Verify a DER SignedData bundle signed by signer (exactly that certificate)
 * and return its embedded content (malloc'd). Returns 0 or -1 with err set. */
int seal_verify_bundle(X509 *signer, const unsigned char *bundle, size_t len,
                       unsigned char **content, size_t *content_len, char *err, size_t errlen);

#endif
