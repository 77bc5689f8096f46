/* uploader: background threads that empty the outbox and talk to upstream.
 *
 * Workers (upload_concurrency of them) each take the queued dossier due
 * first, claim it in the in-flight set (under the mutex, so no two workers
 * ever send the same dossier at once), POST it with its idempotency key, and
 * record the outcome: sent, retry later (exponential backoff with jitter,
 * Retry-After as a floor), or parked with upstream's reason. A transient
 * failure also closes a gate for all workers until the next probe, so a dead
 * line costs one attempt per backoff period, not one per dossier. Idle
 * workers sleep on a condition variable until the next due time or a new
 * submission: no polling, no CPU while the line is down.
 *
 * The sync thread sends tickets, ratings and staff calls, refreshes the
 * status cache and polls for catalog updates, on its own timers. */
#include "daemon.h"

#include "backoff.h"
#include "log.h"
#include "store.h"
#include "upstream.h"

#include <errno.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *daemon_upstream_name(upstream_state s)
{
    switch (s) {
    case UPSTREAM_UP: return "up";
    case UPSTREAM_DOWN: return "down";
    default: return "unknown";
    }
}

void uploader_wake(daemon_ctx *d)
{
    pthread_mutex_lock(&d->mu);
    pthread_cond_broadcast(&d->wake_upload);
    pthread_mutex_unlock(&d->mu);
}

void sync_wake(daemon_ctx *d)
{
    pthread_mutex_lock(&d->mu);
    d->sync_requested = true;
    pthread_cond_broadcast(&d->wake_sync);
    pthread_mutex_unlock(&d->mu);
}

static uint32_t rnd32(void)
{
    uint32_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
        r = (uint32_t)rand();
    return r;
}

/* Wait on cv until now + ms (wall-clock based deadline), with mu held. */
static void timed_wait(pthread_cond_t *cv, pthread_mutex_t *mu, long long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)ts.tv_nsec + (ms % 1000) * 1000000LL;
    ts.tv_sec += (time_t)(ms / 1000 + ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    pthread_cond_timedwait(cv, mu, &ts);
}

static void inflight_remove(daemon_ctx *d, long long id)
{
    for (int i = 0; i < d->ninflight; i++)
        if (d->inflight[i] == id) {
            d->inflight[i] = d->inflight[--d->ninflight];
            break;
        }
}

static void record_outcome(daemon_ctx *d, store *st, outbox_item *it, up_result *r,
                           const char *official, const char *due, long long ms)
{
    int attempts = it->attempts + 1;
    if (r->cls == UP_OK) {
        store_status sr = store_mark_sent(st, it->id, official, due);
        log_event("uploader", "event=sent code=%s http=%ld attempts=%d ms=%lld db=%s", it->code,
                  r->http, attempts, ms, store_status_str(sr));
        pthread_mutex_lock(&d->mu);
        bool was_down = d->upstream != UPSTREAM_UP;
        d->upstream = UPSTREAM_UP;
        d->line_failures = 0;
        d->gate_until_ms = 0;
        pthread_mutex_unlock(&d->mu);
        if (was_down) {
            /* The line is back: everything waiting may go now. */
            sqlite3_exec(st->db, "UPDATE outbox SET next_attempt_ms=0 WHERE state='queued'",
                         NULL, NULL, NULL);
        }
        return;
    }
    if (r->cls == UP_PERMANENT) {
        store_mark_parked(st, it->id, attempts, r->error);
        log_event("uploader", "event=parked code=%s http=%ld reason=\"%s\"", it->code, r->http,
                  r->error);
        return;
    }
    pthread_mutex_lock(&d->mu);
    d->line_failures++;
    long gate = backoff_delay_ms(d->cfg.backoff_base_ms, d->cfg.backoff_max_ms,
                                 d->line_failures, rnd32());
    gate = backoff_with_retry_after(gate, r->retry_after_ms);
    long long now = store_now_ms();
    if (now + gate > d->gate_until_ms)
        d->gate_until_ms = now + gate;
    if (r->http == 0)
        d->upstream = UPSTREAM_DOWN;
    pthread_mutex_unlock(&d->mu);
    long delay = backoff_delay_ms(d->cfg.backoff_base_ms, d->cfg.backoff_max_ms, attempts,
                                  rnd32());
    delay = backoff_with_retry_after(delay, r->retry_after_ms);
    store_mark_retry(st, it->id, attempts, now + delay, r->error);
    log_event("uploader", "event=retry code=%s http=%ld attempts=%d delay_ms=%ld error=\"%s\"",
              it->code, r->http, attempts, delay, r->error);
}

static void *worker_main(void *arg)
{
    daemon_ctx *d = arg;
    store st;
    char err[256];
    if (store_open(&st, &d->cfg, false, err, sizeof err) != STORE_OK) {
        log_event("uploader", "event=no_database error=\"%s\"", err);
        return NULL;
    }
    store_relax_durability(&st);
    pthread_mutex_lock(&d->mu);
    while (!d->stopping) {
        long long now = store_now_ms();
        if (now < d->gate_until_ms) {
            timed_wait(&d->wake_upload, &d->mu, d->gate_until_ms - now);
            continue;
        }
        outbox_item it;
        long long next = -1;
        store_status s = store_next_due(&st, now, d->inflight, d->ninflight, &it, &next);
        if (s == STORE_OK) {
            d->inflight[d->ninflight++] = it.id;
            pthread_mutex_unlock(&d->mu);
            char official[64], due[40];
            long long t0 = store_now_ms();
            up_result r = upstream_submit(&d->cfg, &it, official, due);
            record_outcome(d, &st, &it, &r, official, due, store_now_ms() - t0);
            outbox_item_free(&it);
            pthread_mutex_lock(&d->mu);
            inflight_remove(d, it.id);
            pthread_cond_broadcast(&d->wake_upload);
            continue;
        }
        long long wait = 60000;
        if (s == STORE_NOT_FOUND && next >= 0)
            wait = next - now < 1 ? 1 : (next - now < 60000 ? next - now : 60000);
        else if (s != STORE_NOT_FOUND)
            wait = 1000;
        timed_wait(&d->wake_upload, &d->mu, wait);
    }
    pthread_mutex_unlock(&d->mu);
    store_close(&st);
    return NULL;
}

/* ---- sync thread ---- */

static void url_for(const daemon_ctx *d, const char *path, char *out, size_t n)
{
    snprintf(out, n, "%s%s", d->cfg.upstream_url, path);
}

static void send_staff_calls(daemon_ctx *d, store *st)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT id, reason, called_at FROM staff_calls "
                                   "WHERE notified=0 ORDER BY id LIMIT 20",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(q) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        const char *reason = (const char *)sqlite3_column_text(q, 1);
        const char *at = (const char *)sqlite3_column_text(q, 2);
        bool done = true;
        if (d->cfg.staff_call_url[0]) {
            json_t *body = json_pack("{s:s, s:i, s:s, s:s}", "agency_code", d->cfg.agency_code,
                                     "kiosk_number", d->cfg.kiosk_number, "reason",
                                     reason ? reason : "help", "called_at", at ? at : "");
            up_result r = upstream_post(&d->cfg, d->cfg.staff_call_url, body, NULL);
            json_decref(body);
            done = r.cls == UP_OK || r.cls == UP_PERMANENT;
            log_event("staff", "event=notify id=%lld http=%ld result=%s", id, r.http,
                      done ? "done" : "retry");
        }
        if (done) {
            char sql[96];
            snprintf(sql, sizeof sql, "UPDATE staff_calls SET notified=1 WHERE id=%lld", id);
            sqlite3_exec(st->db, sql, NULL, NULL, NULL);
        }
    }
    sqlite3_finalize(q);
}

/* Upload rows of table (tickets or ratings) with uploaded=0 as one batch. */
static void send_reports(daemon_ctx *d, store *st, const char *table)
{
    char sql[256];
    if (strcmp(table, "tickets") == 0)
        snprintf(sql, sizeof sql, "SELECT id, number, grp, priority, issued_at FROM tickets "
                                  "WHERE uploaded=0 ORDER BY id LIMIT 200");
    else
        snprintf(sql, sizeof sql, "SELECT id, score, reasons, code, rated_at FROM ratings "
                                  "WHERE uploaded=0 ORDER BY id LIMIT 200");
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return;
    json_t *items = json_array();
    long long max_id = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        max_id = sqlite3_column_int64(q, 0);
        json_t *o;
        if (table[0] == 't') {
            o = json_pack("{s:s, s:s, s:s, s:s}", "number", sqlite3_column_text(q, 1), "group",
                          sqlite3_column_text(q, 2), "priority", sqlite3_column_text(q, 3),
                          "issued_at", sqlite3_column_text(q, 4));
        } else {
            json_t *reasons = json_array();
            const char *csv = (const char *)sqlite3_column_text(q, 2);
            char buf[512];
            snprintf(buf, sizeof buf, "%s", csv ? csv : "");
            char *save = NULL;
            for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
                json_array_append_new(reasons, json_string(t));
            o = json_pack("{s:i, s:o, s:s}", "score", sqlite3_column_int(q, 1), "reasons",
                          reasons, "rated_at", sqlite3_column_text(q, 4));
            if (o && sqlite3_column_type(q, 3) != SQLITE_NULL)
                json_object_set_new(o, "dossier_code",
                                    json_string((const char *)sqlite3_column_text(q, 3)));
        }
        if (o)
            json_array_append_new(items, o);
    }
    sqlite3_finalize(q);
    if (json_array_size(items) == 0) {
        json_decref(items);
        return;
    }
    json_t *body = json_pack("{s:s, s:i, s:o}", "agency_code", d->cfg.agency_code,
                             "kiosk_number", d->cfg.kiosk_number, table, items);
    char url[320];
    url_for(d, table[0] == 't' ? "/tickets" : "/ratings", url, sizeof url);
    json_t *resp = NULL;
    up_result r = upstream_post(&d->cfg, url, body, &resp);
    size_t n = json_array_size(items);
    json_decref(body);
    if (r.cls == UP_OK || r.cls == UP_PERMANENT) {
        snprintf(sql, sizeof sql, "UPDATE %s SET uploaded=%d WHERE uploaded=0 AND id<=%lld",
                 table, r.cls == UP_OK ? 1 : 2, max_id);
        sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    }
    /* Upstream may tell which tickets the counters have called. */
    json_t *called = json_object_get(resp, "called");
    size_t i;
    json_t *num;
    json_array_foreach(called, i, num) {
        if (json_is_string(num))
            store_ticket_mark_called(st, json_string_value(num));
    }
    json_decref(resp);
    log_event("sync", "event=report table=%s items=%zu http=%ld result=%s", table, n, r.http,
              r.cls == UP_OK ? "sent" : r.error);
}

static void sync_statuses(daemon_ctx *d, store *st)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT o.code FROM outbox o LEFT JOIN status_cache c ON c.code=o.code "
                           "WHERE o.state='sent' AND (c.state IS NULL OR c.state NOT IN "
                           "('done','rejected','withdrawn')) ORDER BY c.updated_at LIMIT 50",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    char codes[50][40];
    int n = 0;
    while (n < 50 && sqlite3_step(q) == SQLITE_ROW)
        snprintf(codes[n++], 40, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    for (int i = 0; i < n && !d->stopping; i++) {
        up_status us;
        up_result r = upstream_status(&d->cfg, codes[i], d->cfg.status_timeout_ms * 2, &us);
        if (r.cls != UP_OK)
            break;
        pthread_mutex_lock(&d->mu);
        d->upstream = UPSTREAM_UP;
        pthread_mutex_unlock(&d->mu);
        store_status_put(st, codes[i], us.state, us.state_text, us.official_code, us.due_at);
    }
}

static void poll_catalog(daemon_ctx *d, store *st)
{
    if (!d->catalog_signer)
        return;
    char have[72];
    store_meta_get(st, "catalog_version", have, sizeof have);
    unsigned char *bundle;
    size_t len;
    up_result r = upstream_catalog(&d->cfg, have, &bundle, &len);
    if (r.cls != UP_OK)
        return;
    char err[256];
    if (catalog_apply_bundle(d, bundle, len, err, sizeof err) != 0)
        log_event("catalog", "event=rejected source=upstream error=\"%s\"", err);
    free(bundle);
}

static void *sync_main(void *arg)
{
    daemon_ctx *d = arg;
    store st;
    char err[256];
    if (store_open(&st, &d->cfg, false, err, sizeof err) != STORE_OK) {
        log_event("sync", "event=no_database error=\"%s\"", err);
        return NULL;
    }
    long long next_report = 0, next_status = 0, next_catalog = 0;
    pthread_mutex_lock(&d->mu);
    while (!d->stopping) {
        long long now = store_now_ms();
        bool forced = d->sync_requested;
        d->sync_requested = false;
        pthread_mutex_unlock(&d->mu);
        send_staff_calls(d, &st);
        if (d->cfg.upstream_url[0]) {
            if (forced || now >= next_report) {
                send_reports(d, &st, "tickets");
                send_reports(d, &st, "ratings");
                next_report = now + (long long)d->cfg.report_interval_s * 1000;
            }
            if (now >= next_status) {
                sync_statuses(d, &st);
                next_status = now + (long long)d->cfg.status_sync_s * 1000;
            }
            if (d->cfg.catalog_poll_s > 0 && now >= next_catalog) {
                poll_catalog(d, &st);
                next_catalog = now + (long long)d->cfg.catalog_poll_s * 1000;
            }
        }
        pthread_mutex_lock(&d->mu);
        if (d->stopping || d->sync_requested)
            continue;
        long long wake = next_report < next_status ? next_report : next_status;
        if (d->cfg.catalog_poll_s > 0 && next_catalog < wake)
            wake = next_catalog;
        long long wait = wake - store_now_ms();
        if (!d->cfg.upstream_url[0])
            wait = 3600000;
        timed_wait(&d->wake_sync, &d->mu, wait < 10 ? 10 : wait);
    }
    pthread_mutex_unlock(&d->mu);
    store_close(&st);
    return NULL;
}

int uploader_start(daemon_ctx *d)
{
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int workers = d->cfg.upstream_url[0] ? d->cfg.upload_concurrency : 0;
    for (int i = 0; i < workers; i++)
        if (pthread_create(&t, &a, worker_main, d) != 0)
            return -1;
    if (pthread_create(&t, &a, sync_main, d) != 0)
        return -1;
    pthread_attr_destroy(&a);
    if (!workers)
        log_event("uploader", "event=disabled reason=\"no upstream_url configured\"");
    return 0;
}
