/* store: SQLite persistence for kioskd. See store.h.
 *
 * Every write is one short transaction; BEGIN IMMEDIATE takes the write lock
 * up front so two submitters never both read the same sequence number. */
#include "store.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS daily_seq(agency TEXT NOT NULL, day TEXT NOT NULL,"
    "  last INTEGER NOT NULL, PRIMARY KEY(agency, day));"
    "CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL,"
    "  request_id TEXT UNIQUE NOT NULL, idem_key TEXT UNIQUE NOT NULL,"
    "  procedure TEXT NOT NULL, received_at TEXT NOT NULL, state TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT, sent_at TEXT, official_code TEXT, due_at TEXT,"
    "  payload_len INTEGER NOT NULL, payload BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt_ms);"
    "CREATE TABLE IF NOT EXISTS status_cache(code TEXT PRIMARY KEY, state TEXT NOT NULL,"
    "  state_text TEXT, official_code TEXT, due_at TEXT, updated_at TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS tickets(id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
    "  grp TEXT NOT NULL, seq INTEGER NOT NULL, number TEXT NOT NULL, priority TEXT NOT NULL,"
    "  issued_at TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'waiting',"
    "  uploaded INTEGER NOT NULL DEFAULT 0, UNIQUE(day, number));"
    "CREATE TABLE IF NOT EXISTS ratings(id INTEGER PRIMARY KEY, score INTEGER NOT NULL,"
    "  reasons TEXT NOT NULL, code TEXT, rated_at TEXT NOT NULL,"
    "  uploaded INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS staff_calls(id INTEGER PRIMARY KEY, reason TEXT NOT NULL,"
    "  called_at TEXT NOT NULL, notified INTEGER NOT NULL DEFAULT 0);";

const char *store_status_str(store_status s)
{
    switch (s) {
    case STORE_OK: return "ok";
    case STORE_FULL:
        return "the kiosk's storage is full; nothing was submitted: call a technician";
    case STORE_EXHAUSTED:
        return "today's dossier numbers for this kiosk are used up; use another kiosk or counter";
    case STORE_NOT_FOUND: return "not found";
    case STORE_ERR: return "database error; see kioskd's log and call a technician";
    }
    return "unknown";
}

static store_status from_rc(int rc)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
        return STORE_OK;
    if (rc == SQLITE_FULL || rc == SQLITE_IOERR)
        return STORE_FULL;
    return STORE_ERR;
}

static store_status exec(store *s, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_event("store", "event=sql_error rc=%d msg=\"%s\"", rc, msg ? msg : "");
        sqlite3_free(msg);
    }
    return from_rc(rc);
}

store_status store_open(store *s, const svc_config *cfg, bool readonly, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(cfg->database, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", cfg->database,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return STORE_ERR;
    }
    sqlite3_busy_timeout(s->db, 10000);
    if (readonly)
        return STORE_OK;
    if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;") !=
            STORE_OK ||
        exec(s, schema) != STORE_OK) {
        snprintf(err, errlen, "cannot initialise database %s: %s", cfg->database,
                 sqlite3_errmsg(s->db));
        store_close(s);
        return STORE_ERR;
    }
    if (cfg->db_max_pages > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld;", cfg->db_max_pages);
        exec(s, sql);
    }
    return STORE_OK;
}

void store_relax_durability(store *s)
{
    exec(s, "PRAGMA synchronous=NORMAL;");
}

void store_close(store *s)
{
    if (s->db)
        sqlite3_close_v2(s->db);
    s->db = NULL;
}

long long store_now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void store_iso_time(time_t t, char out[40])
{
    struct tm tm;
    localtime_r(&t, &tm);
    char z[8];
    strftime(z, sizeof z, "%z", &tm);   /* +0700 */
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%s%.3s:%.2s", base, z, z + 3);
}

void store_seq_range(const svc_config *cfg, int *first, int *last)
{
    int f = cfg->kiosk_number * cfg->seq_block;
    int l = f + cfg->seq_block - 1;
    if (f == 0)
        f = 1;
    if (l > 9999)
        l = 9999;
    *first = f;
    *last = l;
}

static sqlite3_stmt *prep(store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        log_event("store", "event=prepare_error msg=\"%s\"", sqlite3_errmsg(s->db));
        return NULL;
    }
    return st;
}

static void col_text(sqlite3_stmt *st, int i, char *dst, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static void random_uuid(char out[37])
{
    unsigned char b[16];
    sqlite3_randomness(sizeof b, b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

store_status store_submit(store *s, const char *request_id, const char *procedure,
                          const void *sealed, size_t sealed_len, time_t now, char code[40],
                          char received_at[40], bool *duplicate)
{
    *duplicate = false;
    code[0] = received_at[0] = '\0';
    store_status r = exec(s, "BEGIN IMMEDIATE");
    if (r != STORE_OK)
        return r;
    sqlite3_stmt *st = prep(s, "SELECT code, received_at FROM outbox WHERE request_id=?");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, request_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        col_text(st, 0, code, 40);
        col_text(st, 1, received_at, 40);
        sqlite3_finalize(st);
        *duplicate = true;
        exec(s, "COMMIT");
        return STORE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto fail_rc;

    struct tm tm;
    localtime_r(&now, &tm);
    char day[8];
    strftime(day, sizeof day, "%y%m%d", &tm);
    int first, last;
    store_seq_range(s->cfg, &first, &last);
    st = prep(s, "SELECT last FROM daily_seq WHERE agency=? AND day=?");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, s->cfg->agency_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
    int seq = first;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        seq = sqlite3_column_int(st, 0) + 1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto fail_rc;
    if (seq < first)
        seq = first;
    if (seq > last) {
        exec(s, "ROLLBACK");
        return STORE_EXHAUSTED;
    }
    st = prep(s, "INSERT INTO daily_seq(agency, day, last) VALUES(?,?,?) "
                 "ON CONFLICT(agency, day) DO UPDATE SET last=excluded.last");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, s->cfg->agency_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, seq);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto fail_rc;

    char newcode[40], idem[37], at[40];
    snprintf(newcode, sizeof newcode, "%s-%s-%04d", s->cfg->agency_code, day, seq);
    random_uuid(idem);
    store_iso_time(now, at);
    st = prep(s, "INSERT INTO outbox(code, request_id, idem_key, procedure, received_at, state,"
                 " payload_len, payload) VALUES(?,?,?,?,?,'queued',?,?)");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, newcode, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, request_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, idem, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)sealed_len);
    sqlite3_bind_blob(st, 7, sealed, (int)sealed_len, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto fail_rc;
    rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        goto fail_rc;
    snprintf(code, 40, "%s", newcode);
    snprintf(received_at, 40, "%s", at);
    return STORE_OK;

fail_rc:
    r = from_rc(sqlite3_extended_errcode(s->db) & 0xff);
    log_event("store", "event=submit_failed rc=%d msg=\"%s\"", sqlite3_extended_errcode(s->db),
              sqlite3_errmsg(s->db));
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return r == STORE_OK ? STORE_ERR : r;
fail:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return STORE_ERR;
}

static void exclude_clause(char *buf, size_t n, const long long *ex, int nex)
{
    buf[0] = '\0';
    if (nex <= 0)
        return;
    size_t used = (size_t)snprintf(buf, n, " AND id NOT IN (");
    for (int i = 0; i < nex && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%lld", i ? "," : "", ex[i]);
    if (used < n)
        snprintf(buf + used, n - used, ")");
}

store_status store_next_due(store *s, long long now_ms, const long long *exclude, int nexclude,
                            outbox_item *it, long long *next_due_ms)
{
    memset(it, 0, sizeof *it);
    *next_due_ms = -1;
    char ex[512], sql[1024];
    exclude_clause(ex, sizeof ex, exclude, nexclude);
    snprintf(sql, sizeof sql,
             "SELECT id, code, idem_key, procedure, received_at, attempts, payload FROM outbox "
             "WHERE state='queued' AND next_attempt_ms<=?%s ORDER BY next_attempt_ms, id LIMIT 1",
             ex);
    sqlite3_stmt *st = prep(s, sql);
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, now_ms);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        it->id = sqlite3_column_int64(st, 0);
        col_text(st, 1, it->code, sizeof it->code);
        col_text(st, 2, it->idem_key, sizeof it->idem_key);
        col_text(st, 3, it->procedure, sizeof it->procedure);
        col_text(st, 4, it->received_at, sizeof it->received_at);
        it->attempts = sqlite3_column_int(st, 5);
        int n = sqlite3_column_bytes(st, 6);
        it->payload = malloc(n > 0 ? (size_t)n : 1);
        if (!it->payload) {
            sqlite3_finalize(st);
            return STORE_ERR;
        }
        if (n > 0)
            memcpy(it->payload, sqlite3_column_blob(st, 6), (size_t)n);
        it->payload_len = (size_t)n;
        sqlite3_finalize(st);
        return STORE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return STORE_ERR;
    snprintf(sql, sizeof sql, "SELECT MIN(next_attempt_ms) FROM outbox WHERE state='queued'%s",
             ex);
    st = prep(s, sql);
    if (!st)
        return STORE_ERR;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *next_due_ms = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return STORE_NOT_FOUND;
}

void outbox_item_free(outbox_item *it)
{
    free(it->payload);
    it->payload = NULL;
}

static store_status run_stmt(sqlite3_stmt *st)
{
    if (!st)
        return STORE_ERR;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return from_rc(rc);
}

store_status store_mark_sent(store *s, long long id, const char *official_code,
                             const char *due_at)
{
    char now[40];
    store_iso_time(time(NULL), now);
    /* The sealed payload is no longer needed once upstream holds it. */
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET state='sent', sent_at=?, official_code=?,"
                               " due_at=?, payload=x'', last_error=NULL,"
                               " attempts=attempts+1 WHERE id=?");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, official_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, due_at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, id);
    store_status r = run_stmt(st);
    if (r == STORE_OK)
        store_meta_set(s, "last_upload_at", now);
    return r;
}

store_status store_mark_retry(store *s, long long id, int attempts, long long next_ms,
                              const char *error)
{
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET attempts=?, next_attempt_ms=?, last_error=? "
                               "WHERE id=? AND state='queued'");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int(st, 1, attempts);
    sqlite3_bind_int64(st, 2, next_ms);
    sqlite3_bind_text(st, 3, error, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, id);
    return run_stmt(st);
}

store_status store_mark_parked(store *s, long long id, int attempts, const char *reason)
{
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET state='parked', attempts=?, last_error=? "
                               "WHERE id=?");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int(st, 1, attempts);
    sqlite3_bind_text(st, 2, reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, id);
    return run_stmt(st);
}

store_status store_requeue(store *s, const char *code)
{
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET state='queued', next_attempt_ms=0 "
                               "WHERE code=? AND state IN ('parked','queued')");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    store_status r = run_stmt(st);
    if (r == STORE_OK && sqlite3_changes(s->db) == 0)
        return STORE_NOT_FOUND;
    return r;
}

store_status store_status_get(store *s, const char *code, store_status_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = prep(s, "SELECT state, official_code, due_at, sent_at FROM outbox "
                               "WHERE code=?");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    bool found = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = out->local = true;
        col_text(st, 0, out->state, sizeof out->state);
        col_text(st, 1, out->official_code, sizeof out->official_code);
        col_text(st, 2, out->due_at, sizeof out->due_at);
    }
    sqlite3_finalize(st);
    st = prep(s, "SELECT state, state_text, official_code, due_at, updated_at FROM status_cache "
                 "WHERE code=?");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = true;
        col_text(st, 0, out->state, sizeof out->state);
        col_text(st, 1, out->state_text, sizeof out->state_text);
        char oc[64], due[40];
        col_text(st, 2, oc, sizeof oc);
        col_text(st, 3, due, sizeof due);
        if (oc[0])
            snprintf(out->official_code, sizeof out->official_code, "%s", oc);
        if (due[0])
            snprintf(out->due_at, sizeof out->due_at, "%s", due);
        col_text(st, 4, out->updated_at, sizeof out->updated_at);
    }
    sqlite3_finalize(st);
    return found ? STORE_OK : STORE_NOT_FOUND;
}

store_status store_status_put(store *s, const char *code, const char *state,
                              const char *state_text, const char *official_code,
                              const char *due_at)
{
    char now[40];
    store_iso_time(time(NULL), now);
    sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO status_cache(code, state, state_text,"
                               " official_code, due_at, updated_at) VALUES(?,?,?,?,?,?)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, state, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, state_text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, official_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, due_at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    return run_stmt(st);
}

store_status store_ticket_issue(store *s, const char *group, const char *priority, time_t now,
                                char number[24], int *people_ahead, char issued_at[40])
{
    bool prio = strcmp(priority, "none") != 0;
    struct tm tm;
    localtime_r(&now, &tm);
    char day[8];
    strftime(day, sizeof day, "%y%m%d", &tm);
    store_iso_time(now, issued_at);
    store_status r = exec(s, "BEGIN IMMEDIATE");
    if (r != STORE_OK)
        return r;
    sqlite3_stmt *st = prep(s, "SELECT COALESCE(MAX(seq),0)+1,"
                               " SUM(state='waiting' AND (?3 = 0 OR priority<>'none'))"
                               " FROM tickets WHERE day=?1 AND grp=?2");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, group, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, prio);
    int seq = 1;
    *people_ahead = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        seq = sqlite3_column_int(st, 0);
        *people_ahead = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    snprintf(number, 24, "%s-%s%03d", group, prio ? "U" : "", seq);
    st = prep(s, "INSERT INTO tickets(day, grp, seq, number, priority, issued_at) "
                 "VALUES(?,?,?,?,?,?)");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, group, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, seq);
    sqlite3_bind_text(st, 4, number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, priority, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, issued_at, -1, SQLITE_STATIC);
    r = run_stmt(st);
    if (r != STORE_OK)
        goto fail_r;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        r = from_rc(sqlite3_errcode(s->db));
        goto fail_r;
    }
    return STORE_OK;
fail:
    r = STORE_ERR;
fail_r:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return r == STORE_OK ? STORE_ERR : r;
}

store_status store_ticket_mark_called(store *s, const char *number)
{
    sqlite3_stmt *st = prep(s, "UPDATE tickets SET state='called' WHERE number=? "
                               "AND state='waiting'");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
    return run_stmt(st);
}

store_status store_rating_add(store *s, int score, const char *reasons_csv, const char *code,
                              time_t now)
{
    char at[40];
    store_iso_time(now, at);
    sqlite3_stmt *st = prep(s, "INSERT INTO ratings(score, reasons, code, rated_at) "
                               "VALUES(?,?,?,?)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int(st, 1, score);
    sqlite3_bind_text(st, 2, reasons_csv, -1, SQLITE_TRANSIENT);
    if (code && code[0])
        sqlite3_bind_text(st, 3, code, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    return run_stmt(st);
}

store_status store_staff_call_add(store *s, const char *reason, time_t now, long long *id)
{
    char at[40];
    store_iso_time(now, at);
    sqlite3_stmt *st = prep(s, "INSERT INTO staff_calls(reason, called_at) VALUES(?,?)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
    store_status r = run_stmt(st);
    *id = sqlite3_last_insert_rowid(s->db);
    return r;
}

store_status store_meta_set(store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    return run_stmt(st);
}

void store_meta_get(store *s, const char *key, char *out, size_t n)
{
    out[0] = '\0';
    sqlite3_stmt *st = prep(s, "SELECT value FROM meta WHERE key=?");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        col_text(st, 0, out, n);
    sqlite3_finalize(st);
}

long store_count(store *s, const char *sql)
{
    sqlite3_stmt *st = prep(s, sql);
    if (!st)
        return -1;
    long n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}
