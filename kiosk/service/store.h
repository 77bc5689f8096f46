/* store: kioskd's durable state in one SQLite database (WAL,
 * synchronous=FULL): the outbox of sealed dossiers, the daily dossier
 * sequence, the status cache, queue tickets, ratings, staff calls and a small
 * key/value table. One store handle per thread; SQLite serialises writers.
 *
 * The dossier code is <agency>-<yymmdd>-<nnnn>. Its sequence is allocated in
 * the same transaction that stores the dossier, so a code exists if and only
 * if its dossier is committed: gap-free and unique across crashes. Kiosk k
 * (kiosk_number) numbers inside its own block [k*block+1, (k+1)*block-1]
 * (capped at 9999), so kioskd instances at one center never collide.
 *
 * Nothing in this database is personal data in clear: payloads are sealed
 * (seal.h) before they reach the store. */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include "svc_config.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef enum store_status {
    STORE_OK = 0,
    STORE_FULL,          /* disk or page limit reached: nothing was stored */
    STORE_EXHAUSTED,     /* today's sequence block is used up */
    STORE_NOT_FOUND,
    STORE_ERR            /* other database error (see log) */
} store_status;

const char *store_status_str(store_status s);

typedef struct store {
    sqlite3 *db;
    const svc_config *cfg;
} store;

store_status store_open(store *s, const svc_config *cfg, bool readonly, char *err, size_t errlen);
void store_close(store *s);

/* For connections whose commits no receipt depends on (the uploader's
 * bookkeeping): synchronous=NORMAL. A commit lost to a power cut only means
 * a dossier is sent again under the same idempotency key. */
void store_relax_durability(store *s);

/* Wall clock in ms (persisted due times), and ISO 8601 local time text. */
long long store_now_ms(void);
void store_iso_time(time_t t, char out[40]);

/* The sequence block of this kiosk: first and last number of the day. */
void store_seq_range(const svc_config *cfg, int *first, int *last);

/* Commit a sealed dossier and give it its code. If request_id was seen
 * before, returns the earlier code with *duplicate set. */
store_status store_submit(store *s, const char *request_id, const char *procedure,
                          const void *sealed, size_t sealed_len, time_t now, char code[40],
                          char received_at[40], bool *duplicate);

typedef struct outbox_item {
    long long id;
    char code[40];
    char idem_key[40];
    char procedure[16];
    char received_at[40];
    int attempts;
    unsigned char *payload;   /* owned: free() */
    size_t payload_len;
} outbox_item;

/* The queued item due first (next_attempt_ms <= now) whose id is not in
 * exclude. STORE_NOT_FOUND when none is due; then *next_due_ms is the earliest
 * due time of the others (or -1 when the outbox is empty). */
store_status store_next_due(store *s, long long now_ms, const long long *exclude, int nexclude,
                            outbox_item *it, long long *next_due_ms);
void outbox_item_free(outbox_item *it);

store_status store_mark_sent(store *s, long long id, const char *official_code,
                             const char *due_at);
store_status store_mark_retry(store *s, long long id, int attempts, long long next_ms,
                              const char *error);
store_status store_mark_parked(store *s, long long id, int attempts, const char *reason);
/* Technician: put a parked (or waiting) dossier back at the head of the queue. */
store_status store_requeue(store *s, const char *code);

typedef struct store_status_row {
    char state[24];
    char state_text[128];
    char official_code[64];
    char due_at[40];
    char updated_at[40];
    bool local;
} store_status_row;

/* Status as last known: cache if any, else the outbox state. */
store_status store_status_get(store *s, const char *code, store_status_row *out);
store_status store_status_put(store *s, const char *code, const char *state,
                              const char *state_text, const char *official_code,
                              const char *due_at);

store_status store_ticket_issue(store *s, const char *group, const char *priority, time_t now,
                                char number[24], int *people_ahead, char issued_at[40]);
store_status store_ticket_mark_called(store *s, const char *number);
store_status store_rating_add(store *s, int score, const char *reasons_csv, const char *code,
                              time_t now);
store_status store_staff_call_add(store *s, const char *reason, time_t now, long long *id);

/* meta key/value (last upload time, catalog version, ...). */
store_status store_meta_set(store *s, const char *key, const char *value);
void store_meta_get(store *s, const char *key, char *out, size_t n);

long store_count(store *s, const char *sql);

#endif
