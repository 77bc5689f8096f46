/* qr_payload: what the text of a scanned QR code means. No zbar here: the
 * decoder (drivers/qr) hands us the text, we parse and validate it.
 *
 * Three kinds of code reach the kiosk's camera:
 * - the chip ID card's printed QR (CCCD front, 2024 card back):
 *     <ID 12 digits>|<old CMND 9 digits or empty>|<full name>|<DOB ddmmyyyy>|
 *     <Nam|Nữ>|<address>|<issue date ddmmyyyy>[|extra fields...]
 *   7 fields, 2024 cards have 11 (trailing fields of unknown meaning, ignored);
 * - a procedure code: our own "TTHC1:<code>:<check>" (check = ISO 7064 MOD 37-2
 *   over the code's digits, like the receipt QR), or a link to the National
 *   Public Service Portal (any https URL on a host under gov.vn with a ma_thu_tuc=<code>
 *   query parameter), or a bare code "1.001193";
 * - a receipt's tracking code (receipt_qr.h).
 * The input is untrusted bytes: every function takes a length, never reads past
 * it, rejects invalid UTF-8 and returns a qr_payload_err whose message a citizen
 * can act on. Card QR data is personal: the parser wipes its scratch copies with
 * explicit_bzero; the caller wipes the identity (identity_wipe). */
#ifndef KIOSK_QR_PAYLOAD_H
#define KIOSK_QR_PAYLOAD_H

#include <stddef.h>

#include "identity.h"

/* Longest text any parser looks at; anything longer is refused. */
#define QR_PAYLOAD_MAX 2048
/* "1.001193" or a localised "2.000815.000.00.00.H55" (plus an online suffix). */
#define QR_PROCEDURE_CODE_MAX 32
#define QR_PROCEDURE_PREFIX "TTHC1:"

typedef enum qr_payload_kind {
    QR_KIND_UNKNOWN = 0,
    QR_KIND_CARD,           /* looks like an ID card QR (may still fail to parse) */
    QR_KIND_PROCEDURE,
    QR_KIND_RECEIPT
} qr_payload_kind;

typedef enum qr_payload_err {
    QR_PAYLOAD_OK = 0,
    QR_PAYLOAD_ERR_ARG = -1,            /* NULL pointer, zero-size buffer */
    QR_PAYLOAD_ERR_EMPTY = -2,          /* nothing in the code */
    QR_PAYLOAD_ERR_TOO_LONG = -3,       /* more than QR_PAYLOAD_MAX bytes or a field too long */
    QR_PAYLOAD_ERR_ENCODING = -4,       /* not UTF-8, or contains control characters */
    QR_PAYLOAD_ERR_NOT_CARD = -5,       /* some other QR code */
    QR_PAYLOAD_ERR_FIELDS = -6,         /* card QR with fewer than 7 fields */
    QR_PAYLOAD_ERR_ID = -7,             /* ID number not 12 digits */
    QR_PAYLOAD_ERR_OLD_ID = -8,         /* old CMND number neither empty nor 9 digits */
    QR_PAYLOAD_ERR_NAME = -9,           /* name empty */
    QR_PAYLOAD_ERR_BIRTH_DATE = -10,    /* DOB not a valid ddmmyyyy date */
    QR_PAYLOAD_ERR_SEX = -11,           /* neither Nam nor Nữ */
    QR_PAYLOAD_ERR_ISSUE_DATE = -12,    /* issue date invalid, before birth or in the far future */
    QR_PAYLOAD_ERR_NOT_PROCEDURE = -13, /* not a procedure QR */
    QR_PAYLOAD_ERR_PROCEDURE_CODE = -14,/* a procedure QR whose code is malformed */
    QR_PAYLOAD_ERR_CHECK = -15,         /* check character wrong: misread or altered */
    QR_PAYLOAD_ERR_VERSION = -16        /* our scheme with a version we do not know */
} qr_payload_err;

/* Guess what kind of code a text is, cheaply, without validating it. */
qr_payload_kind qr_payload_classify(const char *text, size_t len);

/* Parse an ID card QR into *id (zeroed first; on success assurance = IDENTITY_QR,
 * dates ISO YYYY-MM-DD, strings NFC, date_of_expiry computed from the renewal
 * ages of the law in force at issue, see qr_card_expiry). On error *id is wiped. */
int qr_card_parse(const char *text, size_t len, identity *id);

/* Expiry of a card from ISO dates of birth and issue: writes an ISO date, or
 * "" when the card never expires (issued within 2 years of age 60 or later).
 * Returns 0, or -1 on malformed dates. out must hold 11 bytes. */
int qr_card_expiry(const char *dob_iso, const char *issue_iso, char out[11]);

/* Parse a procedure QR. Writes the 1.001193-style code into code (size bytes,
 * QR_PROCEDURE_CODE_MAX is enough) and, when the QR named a province-localised
 * code, that full code into localised (may be NULL; "" when absent). */
int qr_procedure_parse(const char *text, size_t len, char *code, size_t size,
                       char *localised, size_t localised_size);

/* Our own procedure QR text for a 1.001193-style code. Returns 0 or an error. */
int qr_procedure_format(const char *code, char *out, size_t size);

/* True when s[0..len) is a procedure code d.dddddd. */
int qr_procedure_code_valid(const char *s, size_t len);

/* A message a citizen can act on, in Vietnamese (an i18n message ID). */
const char *qr_payload_strerror(int err);

#endif
