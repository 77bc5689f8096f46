/* kioskd_client: what the kiosk UI uses to talk to kioskd over its Unix socket.
 *
 * Every call opens a connection, sends one request, reads one answer and
 * closes, all within the client's timeout (default 3 s; submit uses
 * submit_timeout_ms, default 8 s, because it waits for a durable commit). A
 * call never blocks the UI longer than that: the UI shows a spinner and, on
 * KIOSKD_ERR_UNAVAILABLE or _TIMEOUT, offers to try again. A submit retried
 * with the same request_id never makes a second dossier: kioskd answers with
 * the code it already gave.
 *
 * Results are plain structs with fixed buffers; nothing to free. The UI should
 * call ipc_json_use_wiping_allocator() (ipc.h) once at start, so the JSON made
 * from a dossier is wiped from the heap when freed. With it installed, text
 * from json_dumps() must be freed with jansson's free function (or made with
 * ipc_json_dump(), which returns plain malloc memory), never with free(). */
#ifndef KIOSK_KIOSKD_CLIENT_H
#define KIOSK_KIOSKD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum kioskd_err {
    KIOSKD_OK = 0,
    KIOSKD_ERR_UNAVAILABLE, /* no kioskd listening: service stopped */
    KIOSKD_ERR_TIMEOUT,     /* kioskd did not answer in time */
    KIOSKD_ERR_PROTOCOL,    /* malformed answer */
    KIOSKD_ERR_REFUSED,     /* kioskd answered with an error: see error_id/message */
    KIOSKD_ERR_ARG          /* bad argument from the caller */
} kioskd_err;

const char *kioskd_strerror(kioskd_err e);

typedef struct kioskd_client {
    char socket_path[108];
    int timeout_ms;
    int submit_timeout_ms;
    char error_id[48];      /* kioskd's error identifier on KIOSKD_ERR_REFUSED */
    char message[256];      /* what to do next (English; the UI translates by error_id) */
} kioskd_client;

void kioskd_client_init(kioskd_client *c, const char *socket_path);

typedef struct kioskd_receipt {
    char code[40];          /* dossier code, e.g. 38.98.H29-210519-0013 */
    char received_at[40];   /* ISO 8601 local time with offset */
    bool duplicate;         /* the request_id was seen before: same code */
} kioskd_receipt;

typedef struct kioskd_status_info {
    char code[40];
    char state[24];         /* queued, sent, parked, or upstream's state */
    char state_text[128];   /* upstream's words, may be empty */
    char official_code[64];
    char due_at[40];
    char updated_at[40];    /* when this state was last fetched, empty if never */
    bool stale;             /* upstream could not be reached just now */
    bool local;             /* the dossier was submitted at this kiosk */
} kioskd_status_info;

typedef struct kioskd_ticket_info {
    char number[24];        /* e.g. HT-007 or HT-U003 for priority */
    char group[17];
    int people_ahead;
    char issued_at[40];
} kioskd_ticket_info;

typedef struct kioskd_health_info {
    bool ok;
    char upstream[16];      /* up, down, unknown */
    long pending;           /* dossiers waiting to upload */
    long parked;            /* refused by upstream, need a technician */
    char last_upload_at[40];
    char catalog_version[72];
    char problem[96];       /* why not healthy (English, for technicians), or empty */
} kioskd_health_info;

/* Make a new random request id (UUID v4 text, 37 bytes with NUL). */
void kioskd_request_id_new(char out[37]);

/* dossier_json: the dossier object as JSON text (docs/ipc.md). */
kioskd_err kioskd_submit(kioskd_client *c, const char *dossier_json, const char *request_id,
                         kioskd_receipt *out);
kioskd_err kioskd_status(kioskd_client *c, const char *code, bool refresh,
                         kioskd_status_info *out);
/* priority: "none", "elderly", "disabled", "pregnant", "infant" */
kioskd_err kioskd_ticket(kioskd_client *c, const char *group, const char *priority,
                         kioskd_ticket_info *out);
/* reasons: NULL-terminated list of reason ids, may be NULL; code may be NULL. */
kioskd_err kioskd_rate(kioskd_client *c, int score, const char *const *reasons, const char *code);
kioskd_err kioskd_health(kioskd_client *c, kioskd_health_info *out);
kioskd_err kioskd_call_staff(kioskd_client *c, const char *reason);
/* Root only: import a signed catalog bundle from a file (USB stick). */
kioskd_err kioskd_catalog_import(kioskd_client *c, const char *path);

/* Low level: send a request object (a JSON text) and get the answer as text
 * (malloc'd; free with ipc_wipe_free(p, len)). */
kioskd_err kioskd_call(kioskd_client *c, const char *request_json, int timeout_ms, char **answer,
                       size_t *answer_len);

#endif
