/* kioskd: the kiosk's local service. Owns the durable state (outbox,
 * tickets, ratings, status cache, catalog updates), serves the UI over a Unix
 * socket and uploads to the provincial system in the background.
 *
 *   kioskd [-c FILE]... [--check]
 *
 * Configuration files are read in order, later ones overriding earlier ones
 * (default: /etc/kiosk/kiosk.conf, then /boot/firmware/kiosk.conf if
 * present). See docs/service.md. */
#include "daemon.h"

#include "config.h"
#include "ipc.h"
#include "log.h"
#include "seal.h"
#include "store.h"
#include "upstream.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "0.1.0"
#endif

static daemon_ctx g_d;

static void on_signal(int sig)
{
    (void)sig;
    g_d.stopping = 1;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kioskd [-c FILE]... [--check]\n\n"
            "The kiosk's local service: stores dossiers durably, seals them to the upstream's\n"
            "certificate, uploads them in the background, issues queue tickets, records\n"
            "ratings and staff calls, and installs signed catalog updates.\n\n"
            "  -c, --config FILE  read FILE (repeatable; later files override earlier ones).\n"
            "                     Default: /etc/kiosk/kiosk.conf then /boot/firmware/kiosk.conf\n"
            "  --check            validate the configuration and certificates, then exit\n"
            "  --version          print the version\n"
            "  -h, --help         this text\n\n"
            "Settings are in the [kioskd] section; docs/service.md lists every key.\n");
}

static int lock_database(const char *db)
{
    char path[300];
    snprintf(path, sizeof path, "%s.lock", db);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "kioskd: another kioskd is using %s (or %s cannot be created)\n", db,
                path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    static config cfg;
    config_init(&cfg);
    bool check = false, any = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            printf("kioskd %s\n", KIOSK_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "--check")) {
            check = true;
        } else if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
            if (config_load_file(&cfg, argv[++i], false) != 0) {
                fprintf(stderr, "kioskd: %s\n", cfg.error);
                return 1;
            }
            any = true;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!any) {
        if (config_load_file(&cfg, "/etc/kiosk/kiosk.conf", false) != 0 ||
            config_load_file(&cfg, "/boot/firmware/kiosk.conf", true) != 0) {
            fprintf(stderr, "kioskd: %s\n", cfg.error);
            return 1;
        }
    }
    daemon_ctx *d = &g_d;
    char err[320];
    if (svc_config_from(&d->cfg, &cfg, err, sizeof err) != 0) {
        fprintf(stderr, "kioskd: %s\n", err);
        return 1;
    }
    d->seal_cert = seal_load_cert(d->cfg.seal_cert, err, sizeof err);
    if (!d->seal_cert) {
        fprintf(stderr, "kioskd: seal_cert: %s\n", err);
        return 1;
    }
    if (access(d->cfg.catalog_signer_cert, R_OK) == 0) {
        d->catalog_signer = seal_load_cert(d->cfg.catalog_signer_cert, err, sizeof err);
        if (!d->catalog_signer) {
            fprintf(stderr, "kioskd: catalog_signer_cert: %s\n", err);
            return 1;
        }
    }
    if (d->cfg.agency_missing)
        log_event("kioskd", "event=warning reason=\"[kioskd] agency_code not set: submissions "
                            "are refused until a technician sets it\"");
    if (d->cfg.kiosk_uid == (uid_t)-1)
        log_event("kioskd", "event=warning reason=\"kiosk_user %s does not exist; only root "
                            "may submit\"",
                  d->cfg.kiosk_user);
    if (check) {
        if (d->cfg.agency_missing) {
            fprintf(stderr, "kioskd: [kioskd] agency_code is not set: dossiers cannot be "
                            "numbered\n");
            return 1;
        }
        printf("kioskd: configuration ok (agency %s, kiosk %d)\n", d->cfg.agency_code,
               d->cfg.kiosk_number);
        return 0;
    }
    ipc_json_use_wiping_allocator();
    upstream_global_init();
    int lockfd = lock_database(d->cfg.database);
    if (lockfd < 0)
        return 1;
    store st;
    if (store_open(&st, &d->cfg, false, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "kioskd: %s\n", err);
        return 1;
    }
    /* A start is a natural moment to try the line again: waiting dossiers are
     * due now (the first failure closes the gate for all of them). */
    sqlite3_exec(st.db, "UPDATE outbox SET next_attempt_ms=0 WHERE state='queued'", NULL, NULL,
                 NULL);
    store_close(&st);

    pthread_mutex_init(&d->mu, NULL);
    pthread_mutex_init(&d->catalog_mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&d->wake_upload, &ca);
    pthread_cond_init(&d->wake_sync, &ca);
    pthread_condattr_destroy(&ca);

    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lfd = server_listen(&d->cfg, err, sizeof err);
    if (lfd < 0) {
        fprintf(stderr, "kioskd: %s\n", err);
        return 1;
    }
    if (uploader_start(d) != 0) {
        fprintf(stderr, "kioskd: cannot start threads\n");
        return 1;
    }
    int first, last;
    store_seq_range(&d->cfg, &first, &last);
    log_event("kioskd", "event=started version=%s agency=%s kiosk=%d seq=%04d-%04d socket=%s",
              KIOSK_VERSION, d->cfg.agency_code, d->cfg.kiosk_number, first, last,
              d->cfg.socket_path);
    server_run(d, lfd);
    close(lfd);
    unlink(d->cfg.socket_path);
    uploader_wake(d);
    sync_wake(d);
    /* Every commit is atomic and durable: in-flight uploads are simply retried
     * (same idempotency key) at the next start. */
    log_event("kioskd", "event=stopped");
    close(lockfd);
    /* Worker threads may be inside curl or OpenSSL: skip atexit cleanup
     * (which would tear those libraries down under them). */
    fflush(NULL);
    _exit(0);
}
