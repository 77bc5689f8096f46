/* catalog_update: verify a signed catalog bundle and swap it in atomically.
 *
 * The bundle is CMS SignedData (DER) whose embedded content is the catalog's
 * SQLite file, opaque to kioskd. Steps, each of which leaves the current
 * catalog untouched on failure: verify the signature against the configured
 * signer certificate; write the content to <catalog>.new and fsync it; open it
 * read-only and require PRAGMA integrity_check = ok and a `procedures` table;
 * rename() over the catalog and fsync the directory. The UI reopens the file
 * when its version changes (health reports it). */
#include "daemon.h"

#include "log.h"
#include "seal.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/sha.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_file_synced(const char *path, const unsigned char *p, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    int rc = fsync(fd);
    return close(fd) == 0 && rc == 0 ? 0 : -1;
}

static int check_catalog_db(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    char uri[600];
    snprintf(uri, sizeof uri, "file:%s?mode=ro&immutable=1", path);
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "the bundle's catalog does not open as SQLite");
        sqlite3_close(db);
        return -1;
    }
    int rc = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW &&
        strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
        rc = 0;
    else
        snprintf(err, errlen, "the bundle's catalog fails the integrity check");
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0) {
        rc = -1;
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND "
                                   "name='procedures'",
                               -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            rc = 0;
        else
            snprintf(err, errlen, "the bundle's catalog has no procedures table");
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return rc;
}

int catalog_apply_bundle(daemon_ctx *d, const unsigned char *bundle, size_t len, char *err,
                         size_t errlen)
{
    if (!d->catalog_signer) {
        snprintf(err, errlen, "no catalog signer certificate configured (catalog_signer_cert)");
        return -1;
    }
    unsigned char *content;
    size_t clen;
    if (seal_verify_bundle(d->catalog_signer, bundle, len, &content, &clen, err, errlen) != 0)
        return -1;
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(bundle, len, md);
    char version[72];
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(version + 2 * i, 3, "%02x", md[i]);

    pthread_mutex_lock(&d->catalog_mu);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.new", d->cfg.catalog_path);
    int rc = -1;
    if (write_file_synced(tmp, content, clen) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
    } else if (check_catalog_db(tmp, err, errlen) == 0) {
        if (rename(tmp, d->cfg.catalog_path) != 0) {
            snprintf(err, errlen, "cannot replace the catalog: %s", strerror(errno));
        } else {
            char dir[256];
            snprintf(dir, sizeof dir, "%s", d->cfg.catalog_path);
            int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) {
                fsync(dfd);
                close(dfd);
            }
            rc = 0;
        }
    }
    if (rc != 0)
        unlink(tmp);
    pthread_mutex_unlock(&d->catalog_mu);
    free(content);
    if (rc == 0) {
        store st;
        char e2[128];
        if (store_open(&st, &d->cfg, false, e2, sizeof e2) == STORE_OK) {
            store_meta_set(&st, "catalog_version", version);
            store_close(&st);
        }
        log_event("catalog", "event=installed version=%.16s bytes=%zu", version, clen);
    }
    return rc;
}
