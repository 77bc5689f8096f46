/* svc_config: typed [kioskd] settings with defaults. See svc_config.h. */
#include "svc_config.h"

#include "ipc.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void get_path(config *c, const char *key, const char *def, char *dst, size_t n)
{
    snprintf(dst, n, "%s", config_get(c, "kioskd", key, def));
}

static bool agency_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 24)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              ch == '.'))
            return false;
    }
    return true;
}

int svc_config_from(svc_config *sc, config *c, char *err, size_t errlen)
{
    memset(sc, 0, sizeof *sc);
    get_path(c, "socket", "/run/kiosk/kioskd.sock", sc->socket_path, sizeof sc->socket_path);
    sc->socket_mode = (int)strtol(config_get(c, "kioskd", "socket_mode", "0660"), NULL, 8);
    get_path(c, "database", "/var/lib/kioskd/kioskd.db", sc->database, sizeof sc->database);
    get_path(c, "agency_code", "", sc->agency_code, sizeof sc->agency_code);
    sc->kiosk_number = (int)config_get_int(c, "kioskd", "kiosk_number", 0, 0, 9);
    sc->seq_block = (int)config_get_int(c, "kioskd", "seq_block", 1000, 10, 10000);
    get_path(c, "kiosk_user", "kiosk", sc->kiosk_user, sizeof sc->kiosk_user);
    get_path(c, "upstream_url", "", sc->upstream_url, sizeof sc->upstream_url);
    get_path(c, "client_cert", "/etc/kiosk/tls/client.crt", sc->client_cert,
             sizeof sc->client_cert);
    get_path(c, "client_key", "/etc/kiosk/tls/client.key", sc->client_key, sizeof sc->client_key);
    get_path(c, "ca_file", "/etc/kiosk/tls/upstream-ca.crt", sc->ca_file, sizeof sc->ca_file);
    get_path(c, "upstream_pin", "", sc->upstream_pin, sizeof sc->upstream_pin);
    get_path(c, "seal_cert", "/etc/kiosk/tls/upstream-seal.crt", sc->seal_cert,
             sizeof sc->seal_cert);
    get_path(c, "catalog_path", "/var/lib/kioskd/catalog.db", sc->catalog_path,
             sizeof sc->catalog_path);
    get_path(c, "catalog_signer_cert", "/etc/kiosk/catalog-signer.crt", sc->catalog_signer_cert,
             sizeof sc->catalog_signer_cert);
    sc->catalog_poll_s = (int)config_get_int(c, "kioskd", "catalog_poll_interval", 3600, 0, 604800);
    sc->upload_concurrency = (int)config_get_int(c, "kioskd", "upload_concurrency", 2, 1, 8);
    sc->upload_timeout_s = (int)config_get_int(c, "kioskd", "upload_timeout", 30, 1, 600);
    sc->connect_timeout_s = (int)config_get_int(c, "kioskd", "connect_timeout", 10, 1, 120);
    sc->backoff_base_ms = (int)config_get_int(c, "kioskd", "backoff_base_ms", 2000, 1, 600000);
    sc->backoff_max_ms = (int)config_get_int(c, "kioskd", "backoff_max_ms", 300000, 1, 86400000);
    sc->status_sync_s = (int)config_get_int(c, "kioskd", "status_sync_interval", 600, 1, 86400);
    sc->status_timeout_ms = (int)config_get_int(c, "kioskd", "status_timeout_ms", 2000, 100, 60000);
    sc->report_interval_s = (int)config_get_int(c, "kioskd", "report_interval", 60, 1, 86400);
    get_path(c, "staff_call_url", "", sc->staff_call_url, sizeof sc->staff_call_url);
    sc->db_max_pages = config_get_int(c, "kioskd", "db_max_pages", 0, 0, 2147483647L);
    sc->max_clients = (int)config_get_int(c, "kioskd", "max_clients", 16, 1, 256);
    if (c->error[0]) {
        snprintf(err, errlen, "%s", c->error);
        return -1;
    }
    if (sc->agency_code[0] == '\0') {
        /* Run anyway (tickets, ratings, status, health work); submit answers
         * not_configured and health says why. */
        sc->agency_missing = true;
    } else if (!agency_ok(sc->agency_code)) {
        snprintf(err, errlen,
                 "[kioskd] agency_code is invalid: set the receiving agency's code, "
                 "e.g. agency_code = 38.98.H29");
        return -1;
    }
    if (sc->backoff_max_ms < sc->backoff_base_ms)
        sc->backoff_max_ms = sc->backoff_base_ms;
    size_t ul = strlen(sc->upstream_url);
    while (ul && sc->upstream_url[ul - 1] == '/')
        sc->upstream_url[--ul] = '\0';
    struct passwd *pw = getpwnam(sc->kiosk_user);
    sc->kiosk_uid = pw ? pw->pw_uid : (uid_t)-1;
    return 0;
}
