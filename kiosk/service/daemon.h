/* daemon: the state kioskd's threads share (configuration, certificates,
 * the uploader's in-flight set and wake-ups). One instance, made in main. */
#ifndef KIOSK_DAEMON_H
#define KIOSK_DAEMON_H

#include "svc_config.h"

#include <openssl/x509.h>
#include <pthread.h>
#include <stdbool.h>

#define DAEMON_MAX_WORKERS 8

typedef enum upstream_state { UPSTREAM_UNKNOWN = 0, UPSTREAM_UP, UPSTREAM_DOWN } upstream_state;

typedef struct daemon_ctx {
    svc_config cfg;
    X509 *seal_cert;             /* required */
    X509 *catalog_signer;        /* NULL: catalog updates refused */
    pthread_mutex_t mu;
    pthread_cond_t wake_upload;  /* new work, a retry, or stop */
    pthread_cond_t wake_sync;    /* a report to send, or stop */
    pthread_mutex_t catalog_mu;  /* one catalog swap at a time */
    long long inflight[DAEMON_MAX_WORKERS];
    int ninflight;
    long long gate_until_ms;     /* no uploads before this (line down / 429) */
    int line_failures;           /* consecutive transient failures */
    upstream_state upstream;
    bool sync_requested;
    volatile int stopping;
    int active_clients;
} daemon_ctx;

const char *daemon_upstream_name(upstream_state s);

/* Uploader workers and the sync thread (uploader.c). */
int uploader_start(daemon_ctx *d);
void uploader_wake(daemon_ctx *d);
void sync_wake(daemon_ctx *d);

/* Catalog bundle verification and atomic swap (catalog_update.c). Returns 0,
 * or -1 with err set and nothing changed. */
int catalog_apply_bundle(daemon_ctx *d, const unsigned char *bundle, size_t len, char *err,
                         size_t errlen);

/* The socket server (server.c): runs until stopping. */
int server_run(daemon_ctx *d, int listen_fd);
int server_listen(const svc_config *cfg, char *err, size_t errlen);

#endif
