/* card: read the Vietnamese chip ID card (ICAO 9303 LDS1) through a PC/SC reader.
 *
 * The app opens a reader, polls it for card events without blocking, and calls
 * card_read_identity() when a card is present. That function does the whole
 * protocol: PACE when EF.CardAccess offers it, BAC otherwise (trying every
 * expiry candidate of the keys), reads DG13, DG1 and EF.SOD (DG2 only when the
 * photo is wanted), verifies them (passive authentication against a trust
 * store; active authentication when DG15 exists) and fills an `identity`.
 * Only a passive authentication that says "verified" gives
 * IDENTITY_CHIP_VERIFIED.
 *
 * Ownership: the caller owns every struct passed in; `identity` is personal
 * data and the caller wipes it with identity_wipe(). card_keys holds access
 * keys (personal data too): wipe with card_keys_wipe(). The driver never logs
 * personal data; its APDU trace masks the data of DG1, DG2 and DG13. */
#ifndef KIOSK_CARD_H
#define KIOSK_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "identity.h"

typedef enum card_err {
    CARD_OK = 0,
    CARD_E_NO_READER,       /* no PC/SC reader (or pcscd not running) */
    CARD_E_READER_GONE,     /* reader unplugged */
    CARD_E_NO_CARD,         /* no card on the reader */
    CARD_E_CARD_REMOVED,    /* card taken away during the read */
    CARD_E_TRANSPORT,       /* reader or card did not answer */
    CARD_E_NOT_ICAO,        /* card has no ICAO application (not an ID card?) */
    CARD_E_NO_KEYS,         /* no access key usable for this card */
    CARD_E_ACCESS_DENIED,   /* wrong access key (CAN / MRZ data) */
    CARD_E_SM,              /* secure messaging broke down */
    CARD_E_PROTOCOL,        /* unexpected answer from the card */
    CARD_E_FILE,            /* a file could not be read */
    CARD_E_FORMAT,          /* data on the card is malformed */
    CARD_E_UNSUPPORTED,     /* card uses a mechanism we do not support */
    CARD_E_CRYPTO,          /* crypto library failure */
    CARD_E_ARG,             /* invalid argument (bad QR text, bad digits...) */
    CARD_E_NOMEM,
    CARD_E_TRUST_STORE,     /* trust store folder unreadable */
    CARD_E_NEED_MRZ,        /* card has no PACE: the CAN alone cannot open it */
    CARD_E__COUNT
} card_err;

/* A one-line message that says what to do (English, technician-facing). */
const char *card_strerror(card_err e);
/* Stable short name ("wrong-key", ...), for logs and JSON. */
const char *card_err_name(card_err e);

/* ---- access keys ---- */
#define CARD_MAX_EXPIRY 10
typedef struct card_keys {
    char can[13];                          /* PACE CAN digits ("" = none) */
    char doc_number[16];                   /* BAC document number ("" = none) */
    char date_of_birth[7];                 /* YYMMDD */
    char expiry[CARD_MAX_EXPIRY][7];       /* YYMMDD candidates, most likely first */
    int n_expiry;
} card_keys;

void card_keys_wipe(card_keys *k);
/* From the QR text on the card: CAN = last 6 digits of the ID, BAC document
 * number = last 9 digits, DOB, expiry computed per the law (plus neighbours). */
card_err card_keys_from_qr(const char *qr, card_keys *out);
/* From a typed ID number (12 digits; 6 accepted as a bare CAN): PACE-CAN only. */
card_err card_keys_from_id(const char *digits, card_keys *out);
/* From MRZ data: document number, DOB YYMMDD, expiry YYMMDD. */
card_err card_keys_from_mrz(const char *doc, const char *dob, const char *expiry, card_keys *out);

/* ---- options and report ---- */
typedef enum card_ext_mode { CARD_EXT_AUTO = 0, CARD_EXT_OFF, CARD_EXT_ON } card_ext_mode;

typedef struct card_options {
    bool want_photo;            /* read DG2 and extract the JPEG */
    const char *trust_dir;      /* folder of CSCA certificates / master lists; NULL = none */
    bool active_auth;           /* run active authentication when DG15 exists (default on: set by card_options_init) */
    card_ext_mode extended;     /* extended-length APDUs: probe (auto), never, always */
    FILE *trace;                /* APDU trace destination, NULL = off (personal data masked) */
} card_options;

void card_options_init(card_options *o);

typedef enum card_access { CARD_ACCESS_NONE = 0, CARD_ACCESS_BAC, CARD_ACCESS_PACE } card_access;

typedef enum card_verify {
    CARD_VERIFY_NOT_CHECKED = 0,
    CARD_VERIFY_VERIFIED,
    CARD_VERIFY_UNKNOWN_SIGNER,
    CARD_VERIFY_BAD_SIGNATURE,
    CARD_VERIFY_HASH_MISMATCH,
    CARD_VERIFY_EXPIRED_SIGNER
} card_verify;

typedef enum card_aa { CARD_AA_NOT_AVAILABLE = 0, CARD_AA_PASSED, CARD_AA_FAILED } card_aa;

typedef struct card_report {
    card_access access;
    card_verify verification;
    int mismatch_dg;            /* on CARD_VERIFY_HASH_MISMATCH: which DG */
    card_aa active_auth;
    unsigned apdus;             /* APDUs sent (all attempts) */
    unsigned long bytes;        /* command + response bytes on the wire */
    unsigned ms;                /* wall time of the read */
    unsigned reauth;            /* re-authentications after SM errors */
    bool extended_used;         /* extended-length reads were used */
    uint16_t last_sw;           /* last status word of a failure (0 if none) */
    size_t file_len[32];        /* bytes of each file read, index = DG number; [0] = EF.SOD */
} card_report;

const char *card_access_name(card_access a);     /* "PACE", "BAC", "none" */
const char *card_verify_name(card_verify v);     /* "verified", "unknown-signer", ... */
const char *card_aa_name(card_aa a);             /* "passed", "failed", "not-available" */

/* ---- transport seam ---- */
/* A transport sends one raw APDU and returns the raw response (data + SW).
 * The PC/SC backend and the mock backend of the tests implement it. */
typedef struct card_transport {
    void *ctx;
    /* Send cmd; store up to *rsp_len bytes into rsp and update *rsp_len. */
    card_err (*transmit)(void *ctx, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp, size_t *rsp_len);
    /* Reset the card (power cycle or warm reset). May be NULL. */
    card_err (*reset)(void *ctx);
    bool ext_capable;           /* reader can carry extended-length APDUs */
    const uint8_t *atr;         /* answer to reset, may be NULL */
    size_t atr_len;
} card_transport;

/* Same as card_read_identity() on any transport (tests, other backends). */
card_err card_read_transport(card_transport *t, const card_keys *keys, const card_options *opts,
                             identity *out, card_report *report);

/* ---- readers (PC/SC) ---- */
typedef struct card_reader card_reader;

typedef enum card_event {
    CARD_EVENT_NONE = 0,
    CARD_EVENT_INSERTED,
    CARD_EVENT_REMOVED,
    CARD_EVENT_READER_GONE
} card_event;

/* List reader names into buf ("name\0name\0\0"). Returns CARD_OK or CARD_E_NO_READER. */
card_err card_list_readers(char *buf, size_t size);
/* Open the reader whose name contains `name` (NULL or "" = the first). */
card_err card_reader_open(const char *name, card_reader **out);
const char *card_reader_name(const card_reader *r);
/* Poll for a card event; waits at most timeout_ms (0 = just look). */
card_err card_reader_poll(card_reader *r, unsigned timeout_ms, card_event *ev);
bool card_reader_card_present(card_reader *r);
/* Make a card_reader_poll() waiting in another thread return at once, with
 * no event (SCardCancel). Safe from any thread while r is open. */
void card_reader_cancel(card_reader *r);
/* Connect to the card on the reader and read it (see top of file). */
card_err card_read_identity(card_reader *r, const card_keys *keys, const card_options *opts,
                            identity *out, card_report *report);
void card_reader_close(card_reader *r);

#endif
