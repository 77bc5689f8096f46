/* kioskctl ratings: satisfaction ratings summary (read-only). */
#include "ctl_common.h"

#include <stdio.h>
#include <string.h>

int ctl_ratings(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kioskctl ratings [-c FILE]\n"
               "Counts of ratings per score (1-5), the average, reasons, and how many are\n"
               "still to upload.\n");
        return 0;
    }
    svc_config sc;
    if (ctl_load_config(argc, argv, &sc) < 0)
        return 2;
    store st;
    if (ctl_open_store(&sc, &st) != 0)
        return 1;
    sqlite3_stmt *q;
    long total = 0, sum = 0;
    if (sqlite3_prepare_v2(st.db, "SELECT score, COUNT(*) FROM ratings GROUP BY score "
                                  "ORDER BY score",
                           -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            int s = sqlite3_column_int(q, 0);
            long n = (long)sqlite3_column_int64(q, 1);
            printf("score %d: %ld\n", s, n);
            total += n;
            sum += s * n;
        }
        sqlite3_finalize(q);
    }
    printf("total: %ld  average: %.2f\n", total, total ? (double)sum / (double)total : 0.0);
    if (sqlite3_prepare_v2(st.db, "SELECT reasons, COUNT(*) FROM ratings WHERE reasons<>'' "
                                  "GROUP BY reasons ORDER BY 2 DESC LIMIT 20",
                           -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW)
            printf("reasons %s: %lld\n", sqlite3_column_text(q, 0),
                   (long long)sqlite3_column_int64(q, 1));
        sqlite3_finalize(q);
    }
    printf("not yet uploaded: %ld\n",
           store_count(&st, "SELECT COUNT(*) FROM ratings WHERE uploaded=0"));
    store_close(&st);
    return 0;
}
