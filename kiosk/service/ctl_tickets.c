/* kioskctl tickets: today's queue tickets per service group (read-only). */
#include "ctl_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int ctl_tickets(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kioskctl tickets [-c FILE] [YYMMDD]\n"
               "Lists the queue tickets of a day (default today) and a count per group.\n");
        return 0;
    }
    svc_config sc;
    int i = ctl_load_config(argc, argv, &sc);
    if (i < 0)
        return 2;
    char day[8];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%y%m%d", &tm);
    if (i < argc)
        snprintf(day, sizeof day, "%s", argv[i]);
    store st;
    if (ctl_open_store(&sc, &st) != 0)
        return 1;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st.db,
                           "SELECT number, priority, state, issued_at, uploaded FROM tickets "
                           "WHERE day=? ORDER BY grp, seq",
                           -1, &q, NULL) != SQLITE_OK) {
        store_close(&st);
        return 1;
    }
    sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
    printf("%-14s %-9s %-8s %-26s %s\n", "NUMBER", "PRIORITY", "STATE", "ISSUED", "UPLOADED");
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        printf("%-14s %-9s %-8s %-26s %s\n", sqlite3_column_text(q, 0),
               sqlite3_column_text(q, 1), sqlite3_column_text(q, 2), sqlite3_column_text(q, 3),
               sqlite3_column_int(q, 4) ? "yes" : "no");
        n++;
    }
    sqlite3_finalize(q);
    printf("%d ticket(s) on %s\n", n, day);
    store_close(&st);
    return 0;
}
