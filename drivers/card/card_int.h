/* card_int: the card driver's internal modules, one section per protocol step
 * (tlv, apdu + channel, crypto, sm, bac, pace, lds, mrz/dg1, dg13, dg2, sod,
 * aa). Tests and fuzzers include this; the app uses card.h only. */
#ifndef KIOSK_CARD_INT_H
#define KIOSK_CARD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "card.h"

/* ================= tlv.c: BER-TLV ================= */
typedef struct tlv {
    uint32_t tag;               /* tag bytes big-endian: 0x5F1F, 0x7F49, 0x30 */
    size_t len;                 /* value length */
    const uint8_t *val;         /* points into the parsed buffer */
    size_t hdr;                 /* tag + length bytes */
} tlv;

/* Parse one TLV at buf[0..n). Returns total bytes (hdr + len) or 0 when
 * malformed or truncated. Tags up to 3 bytes, definite lengths up to 3 bytes. */
size_t tlv_parse(const uint8_t *buf, size_t n, tlv *out);
/* From the first bytes of a TLV, the total size: 1 known, 0 need more bytes, -1 malformed. */
int tlv_total(const uint8_t *buf, size_t n, size_t *total);
bool tlv_constructed(uint32_t tag);
/* Find the first direct child of (val,n) with this tag. */
bool tlv_find(const uint8_t *val, size_t n, uint32_t tag, tlv *out);
/* Write tag+length header; returns its size (out may be NULL to measure). */
size_t tlv_put_hdr(uint8_t *out, uint32_t tag, size_t len);
/* Write a whole TLV; returns size, or 0 if cap is too small. */
size_t tlv_put(uint8_t *out, size_t cap, uint32_t tag, const uint8_t *val, size_t len);

/* ================= apdu.c: commands, responses, channel ================= */
#define APDU_MAX 4096           /* largest command or response we build/accept + slack */
#define APDU_RSP_MAX 66000

typedef struct apdu_cmd {
    uint8_t cla, ins, p1, p2;
    const uint8_t *data;
    size_t lc;
    size_t ne;                  /* expected response length; 0 = no Le; 256 short / 65536 ext max */
} apdu_cmd;

/* Encode cmd; ext forces extended length. Returns size or 0 if it does not fit. */
size_t apdu_encode(const apdu_cmd *cmd, bool ext, uint8_t *out, size_t cap);
bool apdu_needs_ext(const apdu_cmd *cmd);

#define SW_OK 0x9000
bool sw_ok(uint16_t sw);        /* 9000, 61xx, 62xx, 63xx(warning) -> only 9000/62xx true */

typedef struct sm_ctx sm_ctx;

/* The channel: a transport plus optional secure messaging, counters, trace. */
typedef struct card_chan {
    card_transport *tr;
    sm_ctx *sm;                 /* NULL: plain APDUs */
    bool sm_dead;               /* an SM error happened: authenticate again */
    int ext;                    /* extended length: 0 unknown, 1 works, -1 not */
    FILE *trace;
    bool mask;                  /* mask response data in the trace (personal data) */
    unsigned apdus;
    unsigned long bytes;
    uint16_t last_sw;
} card_chan;

/* Send cmd (wrapped when SM is on), handle 61xx/6Cxx, unwrap. Response data
 * (at most cap bytes) goes to rdata. Returns CARD_OK with *sw set, or an error
 * (CARD_E_SM marks the session dead). */
card_err chan_send(card_chan *ch, const apdu_cmd *cmd, bool ext, uint8_t *rdata, size_t cap,
                   size_t *rlen, uint16_t *sw);
void chan_trace_note(card_chan *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ================= crypto.c ================= */
void crypto_des_parity(uint8_t *key, size_t n);
/* KDF of ICAO 9303-11 9.7.1: key of klen bytes (16 = 3DES with parity or AES-128,
 * 24 / 32 = AES) from seed and counter. des selects 3DES (parity) vs AES. */
int crypto_kdf(const uint8_t *seed, size_t seed_len, uint32_t counter, bool des, size_t klen,
               uint8_t *out);
size_t crypto_pad(uint8_t *buf, size_t n, size_t bs);   /* ISO 9797-1 method 2, in place */
size_t crypto_unpad(const uint8_t *buf, size_t n);       /* length without padding, or SIZE_MAX */
int crypto_3des_cbc(bool enc, const uint8_t key[16], const uint8_t *iv, const uint8_t *in,
                    size_t n, uint8_t *out);
int crypto_aes_cbc(bool enc, const uint8_t *key, size_t klen, const uint8_t *iv,
                   const uint8_t *in, size_t n, uint8_t *out);
int crypto_aes_block(const uint8_t *key, size_t klen, const uint8_t in[16], uint8_t out[16]);
/* ISO 9797-1 MAC algorithm 3 (retail MAC) over n bytes, n a multiple of 8 (already padded). */
int crypto_retail_mac(const uint8_t key[16], const uint8_t *in, size_t n, uint8_t out[8]);
/* AES-CMAC, full 16 bytes. */
int crypto_cmac(const uint8_t *key, size_t klen, const uint8_t *in, size_t n, uint8_t out[16]);
int crypto_random(uint8_t *out, size_t n);

/* ================= sm.c: ISO 7816-4 secure messaging ================= */
typedef enum sm_alg { SM_3DES = 1, SM_AES = 2 } sm_alg;

struct sm_ctx {
    sm_alg alg;
    uint8_t kenc[32], kmac[32];
    size_t klen;
    uint8_t ssc[16];
    size_t bs;                  /* 8 for 3DES, 16 for AES */
};

void sm_init(sm_ctx *s, sm_alg alg, const uint8_t *kenc, const uint8_t *kmac, size_t klen,
             const uint8_t *ssc);
void sm_wipe(sm_ctx *s);
/* MAC over already padded data with this context's MAC key (8 bytes). */
int sm_mac(const sm_ctx *s, const uint8_t *in, size_t n, uint8_t out[8]);
/* Protect cmd into out. Returns CARD_OK. Increments the SSC. */
card_err sm_wrap(sm_ctx *s, const apdu_cmd *cmd, bool ext, uint8_t *out, size_t cap, size_t *out_len);
/* Check and decrypt a protected response (data || SW). Increments the SSC.
 * CARD_E_SM on a missing/wrong MAC or malformed DOs. */
card_err sm_unwrap(sm_ctx *s, const uint8_t *rsp, size_t n, uint8_t *data, size_t cap,
                   size_t *dlen, uint16_t *sw);

/* ================= mrz.c: MRZ, check digits, DG1 ================= */
int mrz_check_digit(const char *s, size_t n);   /* 0..9, or -1 on invalid character */
/* MRZ_information for BAC/PACE: doc(+cd) dob(+cd) exp(+cd). out >= 64. */
card_err mrz_info(const char *doc, const char *dob, const char *exp, char *out, size_t size);

typedef struct mrz_fields {
    char doc_type[3];
    char issuing_state[4];
    char doc_number[32];
    char optional1[32];
    char dob[7];
    char sex;
    char expiry[7];
    char nationality[4];
    char names[64];             /* "SURNAME<<GIVEN<NAMES" as printed */
    bool checks_ok;             /* every check digit matched */
    int format;                 /* 1 TD1, 2 TD2, 3 TD3 */
} mrz_fields;

card_err mrz_parse(const char *mrz, size_t n, mrz_fields *out);
/* DG1 (tag 61 / 5F1F). */
card_err dg1_parse(const uint8_t *buf, size_t n, mrz_fields *out);
/* Fill the identity fields DG13 did not give (document data always). */
void dg1_fill_identity(const mrz_fields *m, identity *id);

/* ================= dg13.c ================= */
card_err dg13_parse(const uint8_t *buf, size_t n, identity *out);

/* ================= dg2.c ================= */
/* Find the face image in DG2; *img points into buf. */
card_err dg2_find_image(const uint8_t *buf, size_t n, const uint8_t **img, size_t *img_len,
                        bool *is_jpeg);

/* ================= bac.c ================= */
card_err bac_keys(const char *mrz_info, uint8_t kenc[16], uint8_t kmac[16]);
/* Mutual authentication; on success *sm is ready. fixed_rnd (tests) = RND.IFD||K.IFD
 * (24 bytes) or NULL for random. */
card_err bac_authenticate(card_chan *ch, const char *mrz_info, sm_ctx *sm,
                          const uint8_t *fixed_rnd);

/* ================= pace.c ================= */
typedef struct pace_info {
    uint8_t oid[16];
    size_t oid_len;
    int mapping;                /* 2 ECDH-GM (supported); other values unsupported */
    sm_alg alg;
    size_t klen;
    int version;
    int param_id;               /* standardized domain parameter id, -1 = absent */
} pace_info;

/* Parse EF.CardAccess; picks the best supported PACEInfo. CARD_E_UNSUPPORTED
 * when none is usable, CARD_E_FORMAT when malformed. */
card_err pace_parse_card_access(const uint8_t *buf, size_t n, pace_info *out);
int pace_curve_nid(int param_id);
/* K_pi from the password: CAN digits (is_can) or MRZ_information. */
card_err pace_kpi(const pace_info *pi, const char *password, bool is_can, uint8_t *kpi);
/* Run PACE. fixed_sk1/fixed_sk2 (tests): the PCD's private keys, big-endian,
 * or NULL for random. */
card_err pace_authenticate(card_chan *ch, const pace_info *pi, const char *password, bool is_can,
                           sm_ctx *sm, const uint8_t *fixed_sk1, size_t sk1_len,
                           const uint8_t *fixed_sk2, size_t sk2_len);

/* ================= lds.c ================= */
typedef struct card_session card_session;
typedef card_err (*lds_reauth_fn)(card_session *s);

struct card_session {
    card_chan ch;
    sm_ctx sm;
    const card_keys *keys;
    const card_options *opts;
    card_access access;
    pace_info pace;
    bool have_pace;
    int bac_expiry_ok;          /* which expiry candidate worked */
    unsigned reauth;
    bool extended_used;
    int overread;               /* reading past the end of a file: 0 unknown, 1 works, -1 not */
    size_t max_short;           /* largest plaintext short read, 223 by default */
    size_t max_ext;             /* largest extended read */
};

/* Read EF.CardAccess unprotected (SFI, then SELECT fallback). *out malloc'ed. */
card_err lds_read_card_access(card_chan *ch, uint8_t **out, size_t *len);
/* Authenticate (PACE then BAC) and select the LDS1 applet. */
card_err lds_authenticate(card_session *s);
/* Read a whole EF under SM (SELECT by FID, READ BINARY in chunks). mask: personal
 * data, masked in the trace. *out malloc'ed; caller wipes and frees. */
card_err lds_read_file(card_session *s, uint16_t fid, bool mask, uint8_t **out, size_t *len);

/* ================= sod.c ================= */
typedef struct sod_dg_hash {
    int dg;
    uint8_t hash[64];
    size_t len;
} sod_dg_hash;

typedef struct sod_info {
    char digest[32];            /* OpenSSL digest name for the DG hashes */
    sod_dg_hash dgs[16];
    int n;
} sod_info;

/* Parse the LDSSecurityObject inside EF.SOD (no verification). */
card_err sod_parse(const uint8_t *sod, size_t n, sod_info *out);

typedef struct sod_input {
    int dg;
    const uint8_t *data;
    size_t len;
} sod_input;

/* Passive authentication: CMS signature, DS certificate chained to a CSCA of
 * trust_dir (PEM/DER certificates and ICAO master lists), DG hashes.
 * Returns the verdict; *mismatch_dg set on a hash mismatch. now = 0 for the
 * current time (tests pass a fixed time). */
card_verify sod_verify(const uint8_t *sod, size_t n, const char *trust_dir, const sod_input *dgs,
                       int n_dgs, int *mismatch_dg, long long now);

/* ================= aa.c ================= */
/* Verify an INTERNAL AUTHENTICATE response against DG15's key. */
card_aa aa_verify(const uint8_t *dg15, size_t n, const uint8_t *challenge, size_t clen,
                  const uint8_t *sig, size_t slen);
card_aa aa_run(card_session *s, const uint8_t *dg15, size_t n);

#endif
