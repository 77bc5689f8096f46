/* svc_config: kioskd's settings, read from the [kioskd] section of the kiosk's
 * INI file (kiosk/core/config.h). Every key is documented in docs/service.md. */
#ifndef KIOSK_SVC_CONFIG_H
#define KIOSK_SVC_CONFIG_H

#include "config.h"

#include <stdbool.h>
#include <sys/types.h>

typedef struct svc_config {
    char socket_path[108];
    int socket_mode;            /* octal permission bits of the socket */
    char database[256];
    char agency_code[25];       /* receiving agency code, e.g. 38.98.H29 */
    bool agency_missing;        /* not set yet: submissions are refused */
    int kiosk_number;           /* 0..9: which block of the daily sequence */
    int seq_block;              /* size of each kiosk's block (default 1000) */
    char kiosk_user[64];        /* Unix user of the UI; it and root may submit */
    uid_t kiosk_uid;            /* resolved; (uid_t)-1 if the user does not exist */
    char upstream_url[256];     /* https://host:port/api/v1 (no trailing slash) */
    char client_cert[256];
    char client_key[256];
    char ca_file[256];          /* the only CA trusted for the upstream */
    char upstream_pin[128];     /* optional curl pinned public key (sha256//...) */
    char seal_cert[256];        /* upstream's certificate: payloads are sealed to it */
    char catalog_path[256];     /* the catalog DB the UI reads */
    char catalog_signer_cert[256];
    int catalog_poll_s;         /* 0: never ask upstream for catalog updates */
    int upload_concurrency;
    int upload_timeout_s;
    int connect_timeout_s;
    int backoff_base_ms;
    int backoff_max_ms;
    int status_sync_s;          /* periodic status sync */
    int status_timeout_ms;      /* on-demand status fetch budget */
    int report_interval_s;      /* tickets, ratings, staff calls upload */
    char staff_call_url[256];   /* optional HTTP POST target for staff calls */
    long db_max_pages;          /* 0: unlimited (tests set a small value) */
    int max_clients;
} svc_config;

/* Fill from a loaded config. Returns 0, or -1 with a message naming the key. */
int svc_config_from(svc_config *sc, config *c, char *err, size_t errlen);

#endif
