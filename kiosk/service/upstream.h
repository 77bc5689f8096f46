/* upstream: the one module that knows the provincial one-stop system's API
 * (docs/upstream-api.yaml). Real provincial systems differ: porting kioskd to
 * another means rewriting this file only.
 *
 * Transport: libcurl over HTTPS with the kiosk's client certificate, the
 * upstream's CA as the only trust anchor (and optionally a pinned public
 * key). Every call is bounded by the configured timeouts. Results are
 * classified for the uploader: OK, TRANSIENT (network errors, timeouts,
 * 408, 429, 5xx: retry later) or PERMANENT (other 4xx, a malformed answer to
 * a submit: park for a technician). */
#ifndef KIOSK_UPSTREAM_H
#define KIOSK_UPSTREAM_H

#include "store.h"
#include "svc_config.h"

#include <jansson.h>
#include <stddef.h>

typedef enum up_class { UP_OK = 0, UP_TRANSIENT, UP_PERMANENT, UP_NONE } up_class;

typedef struct up_result {
    up_class cls;
    long http;              /* HTTP status, 0 if none */
    long retry_after_ms;    /* from Retry-After, -1 if absent */
    char error[200];        /* short reason for logs and technicians */
} up_result;

void upstream_global_init(void);

/* POST the sealed dossier. On UP_OK fills official (64) and due_at (40). */
up_result upstream_submit(const svc_config *cfg, const outbox_item *it, char official[64],
                          char due_at[40]);

typedef struct up_status {
    char state[24];
    char state_text[128];
    char official_code[64];
    char due_at[40];
} up_status;

up_result upstream_status(const svc_config *cfg, const char *code, int timeout_ms,
                          up_status *out);

/* POST a JSON document to path (e.g. "/tickets"); *resp gets the parsed
 * answer object on UP_OK (may be NULL). body is not stolen. */
up_result upstream_post(const svc_config *cfg, const char *url, const json_t *body,
                        json_t **resp);

/* GET the newest catalog bundle if it differs from have (sha256 hex).
 * UP_NONE (HTTP 204/304) when there is nothing new. */
up_result upstream_catalog(const svc_config *cfg, const char *have, unsigned char **bundle,
                           size_t *len);

/* Parsers of upstream answers (fuzzed). Return 0 or -1 with err set. */
int upstream_parse_submit(const char *body, size_t len, char official[64], char due_at[40],
                          char *err, size_t errlen);
int upstream_parse_status(const char *body, size_t len, up_status *out, char *err,
                          size_t errlen);
/* Retry-After: delta-seconds or HTTP-date; -1 when unparseable. */
long upstream_parse_retry_after(const char *value, long long now_s);

#endif
