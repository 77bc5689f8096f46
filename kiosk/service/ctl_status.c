/* kioskctl status: ask kioskd for its health over the socket; if it does not
 * answer, say so and show the outbox counts from the database read-only. */
#include "ctl_common.h"
#include "kioskd_client.h"

#include <stdio.h>
#include <string.h>

int ctl_status(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kioskctl status [-c FILE]\n"
               "Shows whether kioskd runs, the upstream link, dossiers waiting and parked.\n");
        return 0;
    }
    svc_config sc;
    if (ctl_load_config(argc, argv, &sc) < 0)
        return 2;
    kioskd_client c;
    kioskd_client_init(&c, sc.socket_path);
    kioskd_health_info h;
    kioskd_err e = kioskd_health(&c, &h);
    if (e == KIOSKD_OK) {
        printf("kioskd:        running (%s)\n", h.ok ? "healthy" : "UNHEALTHY");
        if (sc.agency_missing)
            printf("problem:       [kioskd] agency_code not set: submissions are refused\n");
        printf("agency:        %s, kiosk %d\n", sc.agency_code, sc.kiosk_number);
        printf("upstream:      %s\n", h.upstream);
        printf("pending:       %ld\n", h.pending);
        printf("parked:        %ld%s\n", h.parked,
               h.parked ? "  (see: kioskctl outbox list)" : "");
        printf("last upload:   %s\n", h.last_upload_at[0] ? h.last_upload_at : "never");
        printf("catalog:       %.16s\n", h.catalog_version[0] ? h.catalog_version : "as built");
        return h.ok ? 0 : 1;
    }
    printf("kioskd:        NOT ANSWERING (%s)\n", kioskd_strerror(e));
    store st;
    if (ctl_open_store(&sc, &st) != 0)
        return 1;
    printf("pending:       %ld\n",
           store_count(&st, "SELECT COUNT(*) FROM outbox WHERE state='queued'"));
    printf("parked:        %ld\n",
           store_count(&st, "SELECT COUNT(*) FROM outbox WHERE state='parked'"));
    store_close(&st);
    return 1;
}
