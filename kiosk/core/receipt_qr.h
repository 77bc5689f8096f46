/* receipt_qr: the text inside the QR code printed on a receipt, so that the
 * citizen can track the dossier later by showing the receipt to the camera.
 *
 * Our own versioned scheme (see docs/qr.md):
 *
 *     HS1:<dossier code>:<check>        e.g.  HS1:38.98.H29-210519-0013:U
 *
 * - "HS" (hồ sơ) and the scheme version "1"; a later version gets "HS2:".
 * - the dossier code `<agency code>-<yymmdd>-<4-digit daily sequence>`; the agency
 *   code is 1..32 characters of [0-9A-Z.] in dot-separated groups (38.98.H29,
 *   000.00.00.H55), the date must be a real calendar day.
 * - one ISO 7064 MOD 37-2 check character (0-9, A-Z or '*') computed over the
 *   dossier code with '.' and '-' removed.
 * Every character is in the QR alphanumeric set, so the code stays small
 * (version 2 at ECC M for a typical code). Parsing accepts lower case, and
 * leading/trailing ASCII white space (scanners in keyboard mode add a newline).
 * No personal data is in the code. */
#ifndef KIOSK_RECEIPT_QR_H
#define KIOSK_RECEIPT_QR_H

#include <stddef.h>

#define RECEIPT_QR_PREFIX "HS1:"
/* Largest dossier code: 32 (agency) + 1 + 6 + 1 + 4, plus NUL. */
#define RECEIPT_QR_CODE_MAX 45
/* Largest receipt QR text: prefix + code + ':' + check, plus NUL. */
#define RECEIPT_QR_TEXT_MAX 52

typedef enum receipt_qr_err {
    RECEIPT_QR_OK = 0,
    RECEIPT_QR_ERR_ARG = -1,        /* NULL pointer or zero-size buffer */
    RECEIPT_QR_ERR_NOT_RECEIPT = -2,/* no "HS<n>:" prefix: some other QR code */
    RECEIPT_QR_ERR_VERSION = -3,    /* "HS<n>:" with a version we do not know */
    RECEIPT_QR_ERR_FORMAT = -4,     /* prefix right, dossier code malformed */
    RECEIPT_QR_ERR_DATE = -5,       /* yymmdd is not a calendar day */
    RECEIPT_QR_ERR_CHECK = -6,      /* check character does not match: misread or altered */
    RECEIPT_QR_ERR_SPACE = -7       /* output buffer too small */
} receipt_qr_err;

/* Write the receipt QR text for dossier_code into out (size bytes, NUL added).
 * The dossier code is validated (and upper-cased). Returns RECEIPT_QR_OK or a
 * negative receipt_qr_err. */
int receipt_qr_format(const char *dossier_code, char *out, size_t size);

/* Parse len bytes of a scanned text. On success writes the dossier code
 * (upper case, NUL-terminated) into dossier_code (size bytes; RECEIPT_QR_CODE_MAX
 * is always enough) and returns RECEIPT_QR_OK; otherwise a negative receipt_qr_err
 * and dossier_code is set to "". Never reads past len. */
int receipt_qr_parse(const char *text, size_t len, char *dossier_code, size_t size);

/* Validate a bare dossier code (no prefix, no check). Returns RECEIPT_QR_OK,
 * RECEIPT_QR_ERR_FORMAT or RECEIPT_QR_ERR_DATE. */
int receipt_qr_check_code(const char *code, size_t len);

/* ISO 7064 MOD 37-2 check character of s (characters 0-9, A-Z, a-z; others are
 * skipped). Returns '0'..'9', 'A'..'Z' or '*'. */
char receipt_qr_mod37_2(const char *s, size_t len);

/* A message a citizen can act on, in Vietnamese (an i18n message ID). */
const char *receipt_qr_strerror(int err);

#endif
