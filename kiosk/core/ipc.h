/* ipc: the socket protocol between the kiosk UI and kioskd (docs/ipc.md).
 *
 * A frame is a 4-byte big-endian length followed by that many bytes of UTF-8
 * JSON (one object). Frames are at most IPC_MAX_FRAME bytes; a zero length or a
 * longer one is a protocol error and the connection is closed. Every message
 * carries "v": 1. Requests have a "type"; responses have "ok" and either the
 * result fields or "error" (a stable identifier) and "message" (what to do).
 *
 * Parsing is strict: unknown types, unknown fields, wrong JSON types,
 * duplicate keys, over-long strings and out-of-range numbers are refused, so
 * kioskd never acts on a message it does not fully understand.
 *
 * Ownership: ipc_request owns `dossier` (a jansson reference) and frees it in
 * ipc_request_free(). The dossier holds personal data: callers wipe buffers
 * that held its serialisation (ipc_wipe_free). */
#ifndef KIOSK_IPC_H
#define KIOSK_IPC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPC_VERSION 1
#define IPC_MAX_FRAME (1024u * 1024u)
#define IPC_MAX_REASONS 8

typedef enum ipc_status {
    IPC_OK = 0,
    IPC_ERR_IO,        /* read/write failed or peer closed */
    IPC_ERR_TIMEOUT,   /* the peer did not answer in time */
    IPC_ERR_TOO_BIG,   /* frame length over the limit, or zero */
    IPC_ERR_NOMEM,
    IPC_ERR_PARSE,     /* not JSON, or not a valid message */
    IPC_ERR_NEED_MORE  /* (decoder) not a whole frame yet */
} ipc_status;

const char *ipc_status_str(ipc_status s);

typedef enum ipc_type {
    IPC_SUBMIT = 0,
    IPC_STATUS,
    IPC_TICKET,
    IPC_RATE,
    IPC_HEALTH,
    IPC_CALL_STAFF,
    IPC_CATALOG_IMPORT,
    IPC_OUTBOX_RETRY,           /* root only: requeue a parked dossier */
    IPC_TYPE_COUNT
} ipc_type;

const char *ipc_type_name(ipc_type t);

typedef enum ipc_priority {
    IPC_PRIO_NONE = 0,
    IPC_PRIO_ELDERLY,
    IPC_PRIO_DISABLED,
    IPC_PRIO_PREGNANT,
    IPC_PRIO_INFANT,
    IPC_PRIO_COUNT
} ipc_priority;

const char *ipc_priority_name(ipc_priority p);
/* Returns -1 when the name is unknown. */
int ipc_priority_from_name(const char *name);

typedef struct ipc_request {
    ipc_type type;
    char request_id[40];        /* submit: client's retry key (UUID), required */
    json_t *dossier;            /* submit: the dossier object (owned reference) */
    char procedure[16];         /* submit: dossier.procedure, validated */
    char code[40];              /* status, rate (optional), outbox_retry: dossier code */
    bool refresh;               /* status: ask upstream now */
    char group[17];             /* ticket: service group code */
    ipc_priority priority;      /* ticket */
    int score;                  /* rate: 1..5 */
    char reasons[IPC_MAX_REASONS][33];
    int n_reasons;
    char reason[33];            /* call_staff */
    char path[256];             /* catalog_import: bundle file */
} ipc_request;

/* ---- framing ---- */

/* Encode the 4-byte header for a payload of len bytes. */
void ipc_frame_header(uint8_t out[4], uint32_t len);

/* Decode a frame from a buffer: on IPC_OK, payload and payload_len point into buf
 * and *consumed is the whole frame's length. IPC_ERR_NEED_MORE when buf holds
 * only part of a frame; IPC_ERR_TOO_BIG for a zero or over-limit length. */
ipc_status ipc_frame_decode(const uint8_t *buf, size_t len, size_t max,
                            const uint8_t **payload, size_t *payload_len, size_t *consumed);

/* Write one frame to a (blocking or not) socket within timeout_ms. */
ipc_status ipc_frame_write(int fd, const char *payload, size_t len, int timeout_ms);

/* Read one frame (malloc'd, NUL-terminated, caller frees with ipc_wipe_free).
 * timeout_ms bounds the whole read. */
ipc_status ipc_frame_read(int fd, char **payload, size_t *len, size_t max, int timeout_ms);

/* Wipe and free a buffer that may have held personal data. */
void ipc_wipe_free(void *p, size_t len);

/* Make jansson wipe every block it frees (call once at program start, before
 * any JSON is made). Personal data then never lingers in freed heap. */
void ipc_json_use_wiping_allocator(void);

/* ---- messages ---- */

/* Parse and validate a request. On error returns IPC_ERR_PARSE and writes a
 * short reason (no message content) to err. */
ipc_status ipc_request_parse(const char *json, size_t len, ipc_request *out, char *err,
                             size_t errlen);
void ipc_request_free(ipc_request *r);

/* Validators shared with kioskd and the client. */
bool ipc_valid_procedure_code(const char *s);   /* ^[0-9]\.[0-9]{6}$ */
bool ipc_valid_dossier_code(const char *s);     /* AGENCY-yymmdd-nnnn */
bool ipc_valid_token(const char *s, size_t max); /* [A-Za-z0-9_.-]{1,max} */

/* Check a dossier object's shape (see docs/ipc.md). Copies the procedure code
 * into procedure (16 bytes). Returns false with a reason in err. */
bool ipc_dossier_validate(const json_t *dossier, char procedure[16], char *err, size_t errlen);

/* Serialise a JSON value compactly with sorted keys (stable bytes). Caller
 * frees with ipc_wipe_free(p, *len). */
char *ipc_json_dump(const json_t *v, size_t *len);

/* Build a response: {"v":1,"ok":true} + fields of result (may be NULL). */
json_t *ipc_response_ok(json_t *result_steals);
/* {"v":1,"ok":false,"error":id,"message":msg} */
json_t *ipc_response_error(const char *id, const char *message);

/* Parse a response (client side, strict on the envelope). On success *out is
 * the response object (caller json_decref's). ok tells which kind it is. */
ipc_status ipc_response_parse(const char *json, size_t len, json_t **out, bool *ok, char *err,
                              size_t errlen);

#endif
