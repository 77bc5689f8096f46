/* server: kioskd's Unix socket. One thread per connection (at most
 * max_clients), each serving framed requests until the peer closes or idles.
 *
 * Who may do what is decided by the peer's credentials (SO_PEERCRED), not by
 * anything in the message: submit, ticket, rate and call_staff need the
 * configured kiosk user or root; catalog_import and outbox_retry need root;
 * status and health are open to anyone who can reach the socket (its mode
 * limits that). */
#include "daemon.h"

#include "ipc.h"
#include "log.h"
#include "seal.h"
#include "store.h"
#include "upstream.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define IDLE_TIMEOUT_MS 10000
#define WRITE_TIMEOUT_MS 5000

int server_listen(const svc_config *cfg, char *err, size_t errlen)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (strlen(cfg->socket_path) >= sizeof a.sun_path) {
        snprintf(err, errlen, "socket path too long: %s", cfg->socket_path);
        return -1;
    }
    snprintf(a.sun_path, sizeof a.sun_path, "%s", cfg->socket_path);
    struct stat sb;
    if (lstat(cfg->socket_path, &sb) == 0) {
        if (!S_ISSOCK(sb.st_mode)) {
            snprintf(err, errlen, "%s exists and is not a socket; remove it", cfg->socket_path);
            return -1;
        }
        unlink(cfg->socket_path);   /* stale: we hold the database lock */
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        chmod(cfg->socket_path, (mode_t)cfg->socket_mode) != 0 || listen(fd, 32) != 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", cfg->socket_path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

typedef struct conn {
    daemon_ctx *d;
    int fd;
    struct ucred cred;
} conn;

static bool is_kiosk(const conn *c)
{
    return c->cred.uid == 0 || c->cred.uid == c->d->cfg.kiosk_uid;
}

static json_t *err_resp(const char *id, const char *msg)
{
    return ipc_response_error(id, msg);
}

static json_t *do_submit(conn *c, store *st, ipc_request *rq)
{
    if (!is_kiosk(c))
        return err_resp("forbidden", "only the kiosk user may submit dossiers");
    if (c->d->cfg.agency_missing)
        return err_resp("not_configured", "no receiving agency code: a technician must set "
                                          "[kioskd] agency_code in kiosk.conf");
    long long t0 = store_now_ms();
    size_t plen;
    char *plain = ipc_json_dump(rq->dossier, &plen);
    if (!plain)
        return err_resp("internal", "out of memory; restart the kiosk service");
    unsigned char *sealed;
    size_t slen;
    int rc = seal_payload(c->d->seal_cert, plain, plen, &sealed, &slen);
    ipc_wipe_free(plain, plen);
    if (rc != 0)
        return err_resp("seal_failed", "cannot seal the dossier; check seal_cert and call a "
                                       "technician");
    char code[40], at[40];
    bool dup;
    store_status s = store_submit(st, rq->request_id, rq->procedure, sealed, slen, time(NULL),
                                  code, at, &dup);
    free(sealed);
    if (s == STORE_FULL)
        return err_resp("storage_full", store_status_str(s));
    if (s == STORE_EXHAUSTED)
        return err_resp("sequence_exhausted", store_status_str(s));
    if (s != STORE_OK)
        return err_resp("storage_error", store_status_str(s));
    log_event("submit", "event=%s code=%s procedure=%s ms=%lld", dup ? "duplicate" : "stored",
              code, rq->procedure, store_now_ms() - t0);
    if (!dup)
        uploader_wake(c->d);
    return ipc_response_ok(
        json_pack("{s:s, s:s, s:b}", "code", code, "received_at", at, "duplicate", dup));
}

static json_t *status_json(const char *code, const store_status_row *r, bool stale)
{
    return ipc_response_ok(json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "code", code, "state", r->state,
        "state_text", r->state_text, "official_code", r->official_code, "due_at", r->due_at,
        "updated_at", r->updated_at, "stale", stale, "local", r->local));
}

static json_t *do_status(conn *c, store *st, ipc_request *rq)
{
    store_status_row row;
    store_status s = store_status_get(st, rq->code, &row);
    if (s == STORE_ERR)
        return err_resp("storage_error", store_status_str(s));
    bool can_ask = c->d->cfg.upstream_url[0] && (s == STORE_NOT_FOUND || strcmp(row.state,
                                                                                 "queued") != 0);
    bool stale = false;
    if (rq->refresh && can_ask) {
        up_status us;
        up_result r = upstream_status(&c->d->cfg, rq->code, c->d->cfg.status_timeout_ms, &us);
        if (r.cls == UP_OK) {
            store_status_put(st, rq->code, us.state, us.state_text, us.official_code,
                             us.due_at);
            s = store_status_get(st, rq->code, &row);
        } else if (r.http == 404) {
            if (s == STORE_NOT_FOUND)
                return err_resp("not_found", "no dossier with this code; check the receipt");
            /* Ours, but upstream does not know it yet: the local state is current. */
        } else {
            stale = true;
        }
    }
    if (s == STORE_NOT_FOUND)
        return err_resp(stale ? "offline" : "not_found",
                        stale ? "this dossier is not known here and the provincial system "
                                "cannot be reached; try again later"
                              : "no dossier with this code; check the receipt");
    return status_json(rq->code, &row, stale);
}

static json_t *do_ticket(conn *c, store *st, ipc_request *rq)
{
    if (!is_kiosk(c))
        return err_resp("forbidden", "only the kiosk user may issue tickets");
    char number[24], at[40];
    int ahead;
    store_status s = store_ticket_issue(st, rq->group, ipc_priority_name(rq->priority),
                                        time(NULL), number, &ahead, at);
    if (s != STORE_OK)
        return err_resp(s == STORE_FULL ? "storage_full" : "storage_error", store_status_str(s));
    log_event("ticket", "event=issued number=%s priority=%s ahead=%d", number,
              ipc_priority_name(rq->priority), ahead);
    sync_wake(c->d);
    return ipc_response_ok(json_pack("{s:s, s:s, s:s, s:i, s:s}", "number", number, "group",
                                     rq->group, "priority", ipc_priority_name(rq->priority),
                                     "people_ahead", ahead, "issued_at", at));
}

static json_t *do_rate(conn *c, store *st, ipc_request *rq)
{
    if (!is_kiosk(c))
        return err_resp("forbidden", "only the kiosk user may record ratings");
    char csv[IPC_MAX_REASONS * 34] = "";
    for (int i = 0; i < rq->n_reasons; i++) {
        strcat(csv, i ? "," : "");
        strcat(csv, rq->reasons[i]);
    }
    store_status s = store_rating_add(st, rq->score, csv, rq->code, time(NULL));
    if (s != STORE_OK)
        return err_resp(s == STORE_FULL ? "storage_full" : "storage_error", store_status_str(s));
    log_event("rating", "event=recorded score=%d reasons=%d", rq->score, rq->n_reasons);
    return ipc_response_ok(NULL);
}

static json_t *do_health(conn *c, store *st)
{
    char last[40], catalog[72];
    store_meta_get(st, "last_upload_at", last, sizeof last);
    store_meta_get(st, "catalog_version", catalog, sizeof catalog);
    long pending = store_count(st, "SELECT COUNT(*) FROM outbox WHERE state='queued'");
    long parked = store_count(st, "SELECT COUNT(*) FROM outbox WHERE state='parked'");
    pthread_mutex_lock(&c->d->mu);
    upstream_state up = c->d->upstream;
    pthread_mutex_unlock(&c->d->mu);
    bool healthy = pending >= 0 && c->d->seal_cert != NULL && !c->d->cfg.agency_missing;
    const char *problem = pending < 0                 ? "database unreadable"
                          : c->d->cfg.agency_missing ? "[kioskd] agency_code not set"
                                                     : "";
    return ipc_response_ok(json_pack(
        "{s:b, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:i}", "healthy", healthy, "problem", problem,
        "upstream",
        daemon_upstream_name(up), "pending", (json_int_t)pending, "parked", (json_int_t)parked,
        "last_upload_at", last, "catalog_version", catalog, "agency_code",
        c->d->cfg.agency_code, "kiosk_number", c->d->cfg.kiosk_number));
}

static json_t *do_call_staff(conn *c, store *st, ipc_request *rq)
{
    if (!is_kiosk(c))
        return err_resp("forbidden", "only the kiosk user may call staff");
    long long id;
    store_status s = store_staff_call_add(st, rq->reason, time(NULL), &id);
    if (s != STORE_OK)
        return err_resp("storage_error", store_status_str(s));
    log_event("staff", "event=call id=%lld kiosk=%d reason=%s", id, c->d->cfg.kiosk_number,
              rq->reason);
    sync_wake(c->d);
    return ipc_response_ok(json_pack("{s:I}", "call_id", (json_int_t)id));
}

static json_t *do_catalog_import(conn *c, ipc_request *rq)
{
    if (c->cred.uid != 0)
        return err_resp("forbidden", "only root may import a catalog");
    FILE *f = fopen(rq->path, "rb");
    if (!f)
        return err_resp("not_found", "cannot open the bundle file");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > 256u * 1024u * 1024u)
                break;
            unsigned char *nb = realloc(buf, cap);
            if (!nb)
                break;
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    char err[256];
    int rc = catalog_apply_bundle(c->d, buf, len, err, sizeof err);
    free(buf);
    if (rc != 0) {
        log_event("catalog", "event=rejected source=file error=\"%s\"", err);
        return err_resp("bad_bundle", err);
    }
    return ipc_response_ok(NULL);
}

static json_t *do_outbox_retry(conn *c, store *st, ipc_request *rq)
{
    if (c->cred.uid != 0)
        return err_resp("forbidden", "only root may requeue dossiers");
    store_status s = store_requeue(st, rq->code);
    if (s == STORE_NOT_FOUND)
        return err_resp("not_found", "no parked or queued dossier with this code");
    if (s != STORE_OK)
        return err_resp("storage_error", store_status_str(s));
    log_event("outbox", "event=requeued code=%s", rq->code);
    uploader_wake(c->d);
    return ipc_response_ok(NULL);
}

static json_t *dispatch(conn *c, store *st, ipc_request *rq)
{
    switch (rq->type) {
    case IPC_SUBMIT: return do_submit(c, st, rq);
    case IPC_STATUS: return do_status(c, st, rq);
    case IPC_TICKET: return do_ticket(c, st, rq);
    case IPC_RATE: return do_rate(c, st, rq);
    case IPC_HEALTH: return do_health(c, st);
    case IPC_CALL_STAFF: return do_call_staff(c, st, rq);
    case IPC_CATALOG_IMPORT: return do_catalog_import(c, rq);
    case IPC_OUTBOX_RETRY: return do_outbox_retry(c, st, rq);
    case IPC_TYPE_COUNT: break;
    }
    return err_resp("bad_request", "unknown request");
}

static void *conn_main(void *arg)
{
    conn *c = arg;
    store st;
    char err[256];
    bool have_store = store_open(&st, &c->d->cfg, false, err, sizeof err) == STORE_OK;
    for (;;) {
        char *msg;
        size_t len;
        ipc_status s = ipc_frame_read(c->fd, &msg, &len, IPC_MAX_FRAME, IDLE_TIMEOUT_MS);
        if (s != IPC_OK) {
            if (s == IPC_ERR_TOO_BIG) {
                json_t *r = err_resp("too_big", "message too large");
                char *t = ipc_json_dump(r, &len);
                if (t)
                    ipc_frame_write(c->fd, t, len, WRITE_TIMEOUT_MS);
                free(t);
                json_decref(r);
            }
            break;
        }
        ipc_request rq;
        char perr[96];
        json_t *resp;
        if (ipc_request_parse(msg, len, &rq, perr, sizeof perr) != IPC_OK) {
            log_event("server", "event=bad_request uid=%u reason=\"%s\"", (unsigned)c->cred.uid,
                      perr);
            resp = err_resp("bad_request", perr);
        } else if (!have_store) {
            resp = err_resp("storage_error", err);
            ipc_request_free(&rq);
        } else {
            resp = dispatch(c, &st, &rq);
            ipc_request_free(&rq);
        }
        ipc_wipe_free(msg, len);
        size_t olen;
        char *out = resp ? ipc_json_dump(resp, &olen) : NULL;
        json_decref(resp);
        if (!out)
            break;
        s = ipc_frame_write(c->fd, out, olen, WRITE_TIMEOUT_MS);
        free(out);
        if (s != IPC_OK)
            break;
    }
    if (have_store)
        store_close(&st);
    close(c->fd);
    pthread_mutex_lock(&c->d->mu);
    c->d->active_clients--;
    pthread_mutex_unlock(&c->d->mu);
    free(c);
    return NULL;
}

int server_run(daemon_ctx *d, int lfd)
{
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    while (!d->stopping) {
        struct pollfd p = { .fd = lfd, .events = POLLIN };
        int r = poll(&p, 1, 500);
        if (r <= 0)
            continue;
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        conn *c = calloc(1, sizeof *c);
        socklen_t cl = sizeof c->cred;
        if (!c || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c->cred, &cl) != 0) {
            free(c);
            close(fd);
            continue;
        }
        c->d = d;
        c->fd = fd;
        pthread_mutex_lock(&d->mu);
        bool room = d->active_clients < d->cfg.max_clients;
        if (room)
            d->active_clients++;
        pthread_mutex_unlock(&d->mu);
        pthread_t t;
        if (!room || pthread_create(&t, &a, conn_main, c) != 0) {
            if (room) {
                pthread_mutex_lock(&d->mu);
                d->active_clients--;
                pthread_mutex_unlock(&d->mu);
            }
            json_t *e = err_resp("busy", "the kiosk service is busy; try again");
            size_t len;
            char *t2 = ipc_json_dump(e, &len);
            if (t2)
                ipc_frame_write(fd, t2, len, 200);
            free(t2);
            json_decref(e);
            close(fd);
            free(c);
        }
    }
    pthread_attr_destroy(&a);
    return 0;
}
