/* powercut_client: the workload of the image's power-cut test, run inside the
 * booted image (from a test disk) as root.
 *
 *   powercut_client submit SOCKET N     submit N made-up dossiers one after the
 *                                       other; print "ACK <code> <request_id>"
 *                                       once kioskd has answered (= committed)
 *   powercut_client check SOCKET FILE   for every ACK line of FILE: the dossier
 *                                       must be known to kioskd, and a resubmit
 *                                       of its request_id must give the same
 *                                       code (no loss, no duplicate)
 *
 * The host kills QEMU while `submit` runs, boots again and runs `check` with
 * the ACK lines it saw on the serial port before the cut. Every line goes to
 * stdout unbuffered: the serial port is the only way out of the guest. */
#include "kioskd_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A made-up dossier: no real citizen. */
static void make_dossier(char *buf, size_t n, int i)
{
    snprintf(buf, n,
             "{\"procedure\":\"1.000046\",\"answers\":{\"ghi_chu\":\"Kiem thu mat dien %d\"},"
             "\"consent_at\":\"2026-01-01T08:00:00+07:00\",\"language\":\"vi\"}",
             i);
}

static int cmd_submit(const char *sock, int n)
{
    kioskd_client c;
    kioskd_client_init(&c, sock);
    c.submit_timeout_ms = 20000;
    for (int i = 0; i < n; i++) {
        char dossier[512], rid[37];
        make_dossier(dossier, sizeof dossier, i);
        kioskd_request_id_new(rid);
        for (int attempt = 0;; attempt++) {
            kioskd_receipt r;
            kioskd_err e = kioskd_submit(&c, dossier, rid, &r);
            if (e == KIOSKD_OK) {
                printf("ACK %s %s\n", r.code, rid);
                break;
            }
            printf("RETRY %d %s %s\n", i, kioskd_strerror(e), c.error_id);
            if (attempt > 100)
                return 1;
            usleep(200 * 1000);
        }
    }
    printf("SUBMIT-DONE %d\n", n);
    return 0;
}

static int cmd_check(const char *sock, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        printf("POWERCUT-CHECK FAIL cannot open %s\n", file);
        return 1;
    }
    kioskd_client c;
    kioskd_client_init(&c, sock);
    c.submit_timeout_ms = 20000;
    char line[256];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        char code[64], rid[64];
        if (sscanf(line, "ACK %63s %63s", code, rid) != 2)
            continue;
        n++;
        kioskd_status_info st;
        kioskd_err e = kioskd_status(&c, code, false, &st);
        if (e != KIOSKD_OK || !st.local) {
            printf("MISSING %s %s %s\n", code, kioskd_strerror(e), c.error_id);
            bad++;
            continue;
        }
        /* The same request again must give the same code: nothing duplicated. */
        char dossier[512];
        make_dossier(dossier, sizeof dossier, 0);
        kioskd_receipt r;
        e = kioskd_submit(&c, dossier, rid, &r);
        if (e != KIOSKD_OK || strcmp(r.code, code) != 0 || !r.duplicate) {
            printf("DUPLICATE-CHECK-FAILED %s got %s (%s)\n", code, e == KIOSKD_OK ? r.code : "",
                   kioskd_strerror(e));
            bad++;
            continue;
        }
        printf("OK %s %s\n", code, st.state);
    }
    fclose(f);
    kioskd_health_info h;
    if (kioskd_health(&c, &h) == KIOSKD_OK)
        printf("HEALTH pending=%ld parked=%ld\n", h.pending, h.parked);
    if (n == 0) {
        printf("POWERCUT-CHECK FAIL no acknowledged dossier to check\n");
        return 1;
    }
    printf("POWERCUT-CHECK %s checked=%d bad=%d\n", bad ? "FAIL" : "PASS", n, bad);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 4 && !strcmp(argv[1], "submit"))
        return cmd_submit(argv[2], atoi(argv[3]));
    if (argc == 4 && !strcmp(argv[1], "check"))
        return cmd_check(argv[2], argv[3]);
    fprintf(stderr, "usage: powercut_client submit SOCKET N | check SOCKET FILE\n");
    return 2;
}
