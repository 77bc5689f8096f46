/* kioskctl outbox: list the outbox, show one dossier's metadata, or requeue a
 * parked dossier (through kioskd, as root). Payloads are sealed: only their
 * size is shown. */
#include "ctl_common.h"
#include "ipc.h"
#include "kioskd_client.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: kioskctl outbox [-c FILE] list [all]\n"
               "       kioskctl outbox [-c FILE] show CODE\n"
               "       kioskctl outbox [-c FILE] retry CODE   (root; kioskd must run)\n"
               "list shows dossiers not yet accepted upstream (all: every dossier).\n");
}

static const char *txt(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? (const char *)t : "";
}

static int do_list(store *st, bool all)
{
    sqlite3_stmt *q;
    const char *sql = all ? "SELECT code, procedure, state, attempts, received_at, "
                            "COALESCE(last_error,'') FROM outbox ORDER BY id"
                          : "SELECT code, procedure, state, attempts, received_at, "
                            "COALESCE(last_error,'') FROM outbox WHERE state<>'sent' ORDER BY id";
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "kioskctl: %s\n", sqlite3_errmsg(st->db));
        return 1;
    }
    printf("%-28s %-9s %-7s %-8s %-25s %s\n", "CODE", "PROCEDURE", "STATE", "ATTEMPTS",
           "RECEIVED", "LAST ERROR");
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        printf("%-28s %-9s %-7s %-8d %-25s %s\n", txt(q, 0), txt(q, 1), txt(q, 2),
               sqlite3_column_int(q, 3), txt(q, 4), txt(q, 5));
        n++;
    }
    sqlite3_finalize(q);
    printf("%d dossier(s)\n", n);
    return 0;
}

static int do_show(store *st, const char *code)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT code, procedure, state, attempts, received_at, "
                           "COALESCE(sent_at,''), COALESCE(official_code,''), COALESCE(due_at,''),"
                           " COALESCE(last_error,''), payload_len, length(payload), "
                           "next_attempt_ms, idem_key FROM outbox WHERE code=?",
                           -1, &q, NULL) != SQLITE_OK)
        return 1;
    sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
    int rc = 1;
    if (sqlite3_step(q) == SQLITE_ROW) {
        printf("code:            %s\nprocedure:       %s\nstate:           %s\n"
               "attempts:        %d\nreceived at:     %s\nsent at:         %s\n"
               "official code:   %s\ndue at:          %s\nlast error:      %s\n"
               "sealed payload:  %lld bytes (%s)\nidempotency key: %s\n",
               txt(q, 0), txt(q, 1), txt(q, 2), sqlite3_column_int(q, 3), txt(q, 4), txt(q, 5),
               txt(q, 6), txt(q, 7), txt(q, 8), (long long)sqlite3_column_int64(q, 9),
               sqlite3_column_int64(q, 10) ? "held until accepted" : "released after upload",
               txt(q, 12));
        rc = 0;
    } else {
        fprintf(stderr, "kioskctl: no dossier %s in the outbox\n", code);
    }
    sqlite3_finalize(q);
    return rc;
}

int ctl_outbox(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    svc_config sc;
    int i = ctl_load_config(argc, argv, &sc);
    if (i < 0)
        return 2;
    const char *cmd = i < argc ? argv[i] : "list";
    if (!strcmp(cmd, "retry")) {
        if (i + 1 >= argc || !ipc_valid_dossier_code(argv[i + 1])) {
            usage(stderr);
            return 2;
        }
        kioskd_client c;
        kioskd_client_init(&c, sc.socket_path);
        char req[160], *ans;
        size_t alen;
        snprintf(req, sizeof req, "{\"v\":1,\"type\":\"outbox_retry\",\"code\":\"%s\"}",
                 argv[i + 1]);
        kioskd_err e = kioskd_call(&c, req, 3000, &ans, &alen);
        if (e != KIOSKD_OK) {
            fprintf(stderr, "kioskctl: %s\n", kioskd_strerror(e));
            return 1;
        }
        bool ok = strstr(ans, "\"ok\":true") != NULL;
        printf("%s\n", ok ? "requeued" : ans);
        ipc_wipe_free(ans, alen);
        return ok ? 0 : 1;
    }
    store st;
    if (ctl_open_store(&sc, &st) != 0)
        return 1;
    int rc;
    if (!strcmp(cmd, "list"))
        rc = do_list(&st, i + 1 < argc && !strcmp(argv[i + 1], "all"));
    else if (!strcmp(cmd, "show") && i + 1 < argc)
        rc = do_show(&st, argv[i + 1]);
    else {
        usage(stderr);
        rc = 2;
    }
    store_close(&st);
    return rc;
}
