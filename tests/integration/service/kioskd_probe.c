/* kioskd_probe: drives kioskd through the C client (kioskd_client.h) for the
 * integration tests: one command per run, result on stdout.
 *
 *   kioskd_probe SOCKET submit DOSSIER_JSON      -> "CODE RECEIVED_AT"
 *   kioskd_probe SOCKET status CODE [refresh]    -> "STATE UPDATED_AT stale=0|1"
 *   kioskd_probe SOCKET ticket GROUP PRIORITY    -> "NUMBER PEOPLE_AHEAD"
 *   kioskd_probe SOCKET rate SCORE [REASON...]
 *   kioskd_probe SOCKET call_staff REASON
 *   kioskd_probe SOCKET health                   -> "upstream=.. pending=.. parked=.."
 *   kioskd_probe SOCKET catalog_import PATH */
#include "kioskd_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(kioskd_client *c, kioskd_err e)
{
    fprintf(stderr, "kioskd_probe: %s [%s] %s\n", kioskd_strerror(e), c->error_id, c->message);
    printf("error %s\n", e == KIOSKD_ERR_REFUSED ? c->error_id : "transport");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: kioskd_probe SOCKET COMMAND [ARGS]\n");
        return 2;
    }
    kioskd_client c;
    kioskd_client_init(&c, argv[1]);
    const char *cmd = argv[2];
    kioskd_err e;
    if (!strcmp(cmd, "submit") && argc > 3) {
        char rid[37];
        kioskd_request_id_new(rid);
        kioskd_receipt r;
        if ((e = kioskd_submit(&c, argv[3], rid, &r)) != KIOSKD_OK)
            return fail(&c, e);
        printf("%s %s\n", r.code, r.received_at);
    } else if (!strcmp(cmd, "status") && argc > 3) {
        kioskd_status_info s;
        if ((e = kioskd_status(&c, argv[3], argc > 4, &s)) != KIOSKD_OK)
            return fail(&c, e);
        printf("%s %s stale=%d\n", s.state, s.updated_at[0] ? s.updated_at : "-", s.stale);
    } else if (!strcmp(cmd, "ticket") && argc > 4) {
        kioskd_ticket_info t;
        if ((e = kioskd_ticket(&c, argv[3], argv[4], &t)) != KIOSKD_OK)
            return fail(&c, e);
        printf("%s %d\n", t.number, t.people_ahead);
    } else if (!strcmp(cmd, "rate") && argc > 3) {
        if ((e = kioskd_rate(&c, atoi(argv[3]), (const char *const *)(argv + 4), NULL)) !=
            KIOSKD_OK)
            return fail(&c, e);
        printf("ok\n");
    } else if (!strcmp(cmd, "call_staff") && argc > 3) {
        if ((e = kioskd_call_staff(&c, argv[3])) != KIOSKD_OK)
            return fail(&c, e);
        printf("ok\n");
    } else if (!strcmp(cmd, "health")) {
        kioskd_health_info h;
        if ((e = kioskd_health(&c, &h)) != KIOSKD_OK)
            return fail(&c, e);
        printf("healthy=%d upstream=%s pending=%ld parked=%ld\n", h.ok, h.upstream, h.pending,
               h.parked);
    } else if (!strcmp(cmd, "catalog_import") && argc > 3) {
        if ((e = kioskd_catalog_import(&c, argv[3])) != KIOSKD_OK)
            return fail(&c, e);
        printf("ok\n");
    } else {
        fprintf(stderr, "kioskd_probe: unknown command\n");
        return 2;
    }
    return 0;
}
