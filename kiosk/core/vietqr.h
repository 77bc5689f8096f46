/* vietqr: fee payment codes (NAPAS VietQR, an EMVCo merchant-presented QR).
 *
 * A payload is a flat list of data objects `ID(2 digits) LEN(2 digits) VALUE`,
 * with templates (38 = NAPAS merchant account, 62 = additional data) nesting
 * the same way, and a CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the
 * whole string including the literal "6304", as 4 upper-case hex digits.
 *
 * The kiosk builds one dynamic code per receipt: the fee as the amount and the
 * dossier code in the purpose (62/08, ASCII, at most 25 characters), paid to
 * the account the province names in kiosk.conf ([payment] bank_bin, account,
 * account_name): the account is configuration, never code. The parser is
 * strict (every byte printable ASCII, lengths and IDs checked, CRC checked)
 * and is used by the tests and the fuzzer; it never reads past len.
 * No personal data is in a payload. */
#ifndef KIOSK_VIETQR_H
#define KIOSK_VIETQR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define VIETQR_GUID "A000000727"
#define VIETQR_BIN_LEN 6
#define VIETQR_ACCOUNT_MAX 19
#define VIETQR_PURPOSE_MAX 25
#define VIETQR_AMOUNT_MAX 9999999999999ULL /* 13 digits */
#define VIETQR_PAYLOAD_MAX 256             /* ample for what we build */

typedef enum vietqr_err {
    VIETQR_OK = 0,
    VIETQR_ERR_ARG = -1,        /* NULL pointer */
    VIETQR_ERR_SPACE = -2,      /* output buffer too small */
    VIETQR_ERR_SYNTAX = -3,     /* not ID/LEN/VALUE objects, or a non-printable byte */
    VIETQR_ERR_CRC = -4,        /* 63 missing, not last, or wrong: misread or altered */
    VIETQR_ERR_FORMAT = -5,     /* 00 not first or not "01", or 01 not 11/12 */
    VIETQR_ERR_MERCHANT = -6,   /* 38 missing or not the NAPAS GUID */
    VIETQR_ERR_BIN = -7,        /* bank BIN not 6 digits */
    VIETQR_ERR_ACCOUNT = -8,    /* account missing, too long or not [0-9A-Za-z] */
    VIETQR_ERR_SERVICE = -9,    /* 38/02 not QRIBFTTA or QRIBFTTC */
    VIETQR_ERR_CURRENCY = -10,  /* 53 not 704 (VND) */
    VIETQR_ERR_AMOUNT = -11,    /* 54 not 1..13 digits, or zero in a dynamic code we build */
    VIETQR_ERR_COUNTRY = -12,   /* 58 not VN */
    VIETQR_ERR_PURPOSE = -13,   /* 62/08 too long or not printable ASCII */
    VIETQR_ERR_DUPLICATE = -14, /* the same ID twice in one template */
    VIETQR_ERR_CONFIG = -15     /* [payment] missing or malformed in kiosk.conf */
} vietqr_err;

/* Where fees go: from kiosk.conf [payment]. account_name is UTF-8 for the
 * receipt (not in the payload). */
typedef struct vietqr_account {
    char bank_bin[VIETQR_BIN_LEN + 1];
    char account[VIETQR_ACCOUNT_MAX + 1];
    char account_name[128];
    bool to_card;               /* service QRIBFTTC (card) instead of QRIBFTTA */
} vietqr_account;

/* What a payload says (filled by vietqr_parse, read by vietqr_build). */
typedef struct vietqr_payment {
    bool dynamic;               /* point of initiation 12 (one payment) vs 11 */
    char bank_bin[VIETQR_BIN_LEN + 1];
    char account[VIETQR_ACCOUNT_MAX + 1];
    bool to_card;
    unsigned long long amount;  /* VND, 0 when absent */
    bool has_amount;
    char purpose[VIETQR_PURPOSE_MAX + 1]; /* "" when absent */
} vietqr_payment;

/* CRC-16/CCITT-FALSE of len bytes ("123456789" gives 0x29B1). */
uint16_t vietqr_crc16(const void *data, size_t len);

/* Build a payload (NUL-terminated) into out. Objects in the order of the
 * NAPAS examples: 00 01 38 53 54 58 62 63. A dynamic code needs an amount.
 * Returns VIETQR_OK or a negative vietqr_err. */
int vietqr_build(const vietqr_payment *p, char *out, size_t size);

/* Validate a payload of len bytes and fill *p (may be NULL). Returns VIETQR_OK
 * or the first problem met. */
int vietqr_parse(const char *payload, size_t len, vietqr_payment *p);

/* Fold UTF-8 text to printable ASCII for 62/08: diacritics dropped, đ/Đ to
 * d/D, control characters to spaces, other characters dropped. Writes at most
 * size-1 characters (cut at a character boundary). Returns the length written,
 * or -1 on invalid UTF-8 or a NULL argument. */
int vietqr_fold_ascii(const char *utf8, char *out, size_t size);

/* The purpose for a dossier's fee: "LE PHI HS <code>" if it fits in 25
 * characters, else "HS <code>", else the code, else its last 25 characters. */
int vietqr_purpose_for_dossier(const char *dossier_code, char *out, size_t size);

/* Read [payment] bank_bin, account, account_name, service (account|card).
 * Returns VIETQR_OK, or VIETQR_ERR_CONFIG with no fees payable by QR. */
int vietqr_account_from_config(config *c, vietqr_account *a);

/* Dynamic payload for a fee paid into account a for dossier_code. */
int vietqr_build_fee(const vietqr_account *a, unsigned long long amount_vnd,
                     const char *dossier_code, char *out, size_t size);

/* What to do, in Vietnamese, for a technician (the kiosk shows its own text). */
const char *vietqr_strerror(int err);

#endif
