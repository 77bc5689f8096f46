/* ipc: framing and strict message parsing for the kiosk <-> kioskd socket.
 * See ipc.h and docs/ipc.md.
 *
 * The reader never trusts the length prefix beyond IPC_MAX_FRAME, and bounds
 * the whole read by one deadline so a stalled peer cannot pin a thread. */
#include "ipc.h"
#include "secmem.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char *ipc_status_str(ipc_status s)
{
    switch (s) {
    case IPC_OK: return "ok";
    case IPC_ERR_IO: return "the connection to the kiosk service broke; try again";
    case IPC_ERR_TIMEOUT: return "the kiosk service did not answer in time; try again";
    case IPC_ERR_TOO_BIG: return "message too large or empty; this is a bug, report it";
    case IPC_ERR_NOMEM: return "out of memory; restart the kiosk";
    case IPC_ERR_PARSE: return "malformed message; this is a bug, report it";
    case IPC_ERR_NEED_MORE: return "incomplete frame";
    }
    return "unknown error";
}

static const char *const type_names[IPC_TYPE_COUNT] = {
    "submit", "status", "ticket", "rate", "health", "call_staff", "catalog_import",
    "outbox_retry"
};

const char *ipc_type_name(ipc_type t)
{
    return (unsigned)t < IPC_TYPE_COUNT ? type_names[t] : "?";
}

static const char *const prio_names[IPC_PRIO_COUNT] = {
    "none", "elderly", "disabled", "pregnant", "infant"
};

const char *ipc_priority_name(ipc_priority p)
{
    return (unsigned)p < IPC_PRIO_COUNT ? prio_names[p] : "none";
}

int ipc_priority_from_name(const char *name)
{
    for (int i = 0; i < IPC_PRIO_COUNT; i++)
        if (strcmp(name, prio_names[i]) == 0)
            return i;
    return -1;
}

/* ---- framing ---- */

void ipc_frame_header(uint8_t out[4], uint32_t len)
{
    out[0] = (uint8_t)(len >> 24);
    out[1] = (uint8_t)(len >> 16);
    out[2] = (uint8_t)(len >> 8);
    out[3] = (uint8_t)len;
}

ipc_status ipc_frame_decode(const uint8_t *buf, size_t len, size_t max,
                            const uint8_t **payload, size_t *payload_len, size_t *consumed)
{
    if (len < 4)
        return IPC_ERR_NEED_MORE;
    uint32_t n = ((uint32_t)buf[0] << 24) | ((uint32_t)buf[1] << 16) | ((uint32_t)buf[2] << 8) |
                 buf[3];
    if (n == 0 || n > max || n > IPC_MAX_FRAME)
        return IPC_ERR_TOO_BIG;
    if (len - 4 < n)
        return IPC_ERR_NEED_MORE;
    *payload = buf + 4;
    *payload_len = n;
    *consumed = 4 + (size_t)n;
    return IPC_OK;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static ipc_status wait_fd(int fd, short ev, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return IPC_ERR_TIMEOUT;
        struct pollfd p = { .fd = fd, .events = ev };
        int r = poll(&p, 1, (int)left);
        if (r > 0)
            return IPC_OK;
        if (r == 0)
            return IPC_ERR_TIMEOUT;
        if (errno != EINTR)
            return IPC_ERR_IO;
    }
}

static ipc_status write_all(int fd, const uint8_t *p, size_t n, long long deadline)
{
    while (n) {
        ipc_status s = wait_fd(fd, POLLOUT, deadline);
        if (s != IPC_OK)
            return s;
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            return IPC_ERR_IO;
        }
        p += w;
        n -= (size_t)w;
    }
    return IPC_OK;
}

static ipc_status read_all(int fd, uint8_t *p, size_t n, long long deadline)
{
    while (n) {
        ipc_status s = wait_fd(fd, POLLIN, deadline);
        if (s != IPC_OK)
            return s;
        ssize_t r = recv(fd, p, n, MSG_DONTWAIT);
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            return IPC_ERR_IO;
        }
        if (r == 0)
            return IPC_ERR_IO;
        p += r;
        n -= (size_t)r;
    }
    return IPC_OK;
}

ipc_status ipc_frame_write(int fd, const char *payload, size_t len, int timeout_ms)
{
    if (len == 0 || len > IPC_MAX_FRAME)
        return IPC_ERR_TOO_BIG;
    long long deadline = now_ms() + timeout_ms;
    uint8_t h[4];
    ipc_frame_header(h, (uint32_t)len);
    ipc_status s = write_all(fd, h, 4, deadline);
    if (s == IPC_OK)
        s = write_all(fd, (const uint8_t *)payload, len, deadline);
    return s;
}

ipc_status ipc_frame_read(int fd, char **payload, size_t *len, size_t max, int timeout_ms)
{
    *payload = NULL;
    *len = 0;
    long long deadline = now_ms() + timeout_ms;
    uint8_t h[4];
    ipc_status s = read_all(fd, h, 4, deadline);
    if (s != IPC_OK)
        return s;
    uint32_t n = ((uint32_t)h[0] << 24) | ((uint32_t)h[1] << 16) | ((uint32_t)h[2] << 8) | h[3];
    if (n == 0 || n > max || n > IPC_MAX_FRAME)
        return IPC_ERR_TOO_BIG;
    char *buf = malloc((size_t)n + 1);
    if (!buf)
        return IPC_ERR_NOMEM;
    s = read_all(fd, (uint8_t *)buf, n, deadline);
    if (s != IPC_OK) {
        ipc_wipe_free(buf, (size_t)n + 1);
        return s;
    }
    buf[n] = '\0';
    *payload = buf;
    *len = n;
    return IPC_OK;
}

void ipc_wipe_free(void *p, size_t len)
{
    if (!p)
        return;
    explicit_bzero(p, len);
    free(p);
}

/* One wipe-on-free allocator for jansson serves the kiosk and kioskd: secmem. */
void ipc_json_use_wiping_allocator(void)
{
    secmem_install_json();
}

/* ---- validators ---- */

bool ipc_valid_procedure_code(const char *s)
{
    if (strlen(s) != 8 || s[1] != '.')
        return false;
    for (int i = 0; i < 8; i++)
        if (i != 1 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool ipc_valid_dossier_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 + 12 || n > 39)
        return false;
    const char *tail = s + n - 12; /* "-yymmdd-nnnn" */
    if (tail[0] != '-' || tail[7] != '-' || !all_digits(tail + 1, 6) || !all_digits(tail + 8, 4))
        return false;
    for (const char *p = s; p < tail; p++) {
        char c = *p;
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '.'))
            return false;
    }
    return true;
}

bool ipc_valid_token(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

/* ---- messages ---- */

static bool only_keys(const json_t *obj, const char *const *allowed, char *err, size_t errlen)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val) {
        bool found = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(key, *a) == 0)
                found = true;
        if (!found) {
            snprintf(err, errlen, "unknown field");
            return false;
        }
    }
    return true;
}

static bool get_str(const json_t *obj, const char *key, bool required, char *dst, size_t dstlen,
                    char *err, size_t errlen)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            snprintf(err, errlen, "missing %s", key);
        return !required;
    }
    if (!json_is_string(v) || json_string_length(v) >= dstlen) {
        snprintf(err, errlen, "bad %s", key);
        return false;
    }
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return true;
}

static bool iso_time_ok(const char *s)
{
    /* YYYY-MM-DDTHH:MM:SS then an optional fraction and zone; checked loosely */
    size_t n = strlen(s);
    return n >= 19 && n <= 40 && all_digits(s, 4) && s[4] == '-' && s[10] == 'T';
}

bool ipc_dossier_validate(const json_t *d, char procedure[16], char *err, size_t errlen)
{
    static const char *const keys[] = { "procedure", "answers", "identity", "documents",
                                         "consent_at", "language", NULL };
    if (!json_is_object(d)) {
        snprintf(err, errlen, "dossier is not an object");
        return false;
    }
    if (!only_keys(d, keys, err, errlen))
        return false;
    if (!get_str(d, "procedure", true, procedure, 16, err, errlen))
        return false;
    if (!ipc_valid_procedure_code(procedure)) {
        snprintf(err, errlen, "bad procedure code");
        return false;
    }
    if (!json_is_object(json_object_get(d, "answers"))) {
        snprintf(err, errlen, "answers must be an object");
        return false;
    }
    json_t *id = json_object_get(d, "identity");
    if (id && !json_is_object(id)) {
        snprintf(err, errlen, "identity must be an object");
        return false;
    }
    json_t *docs = json_object_get(d, "documents");
    if (docs && !json_is_array(docs)) {
        snprintf(err, errlen, "documents must be an array");
        return false;
    }
    char consent[48];
    if (!get_str(d, "consent_at", true, consent, sizeof consent, err, errlen))
        return false;
    if (!iso_time_ok(consent)) {
        snprintf(err, errlen, "bad consent_at");
        return false;
    }
    char lang[16];
    if (!get_str(d, "language", false, lang, sizeof lang, err, errlen))
        return false;
    return true;
}

static bool parse_body(ipc_request *r, json_t *o, char *err, size_t errlen)
{
    switch (r->type) {
    case IPC_SUBMIT: {
        static const char *const k[] = { "v", "type", "request_id", "dossier", NULL };
        if (!only_keys(o, k, err, errlen) ||
            !get_str(o, "request_id", true, r->request_id, sizeof r->request_id, err, errlen))
            return false;
        if (!ipc_valid_token(r->request_id, 39)) {
            snprintf(err, errlen, "bad request_id");
            return false;
        }
        json_t *d = json_object_get(o, "dossier");
        if (!d) {
            snprintf(err, errlen, "missing dossier");
            return false;
        }
        if (!ipc_dossier_validate(d, r->procedure, err, errlen))
            return false;
        r->dossier = json_incref(d);
        return true;
    }
    case IPC_STATUS: {
        static const char *const k[] = { "v", "type", "code", "refresh", NULL };
        if (!only_keys(o, k, err, errlen) ||
            !get_str(o, "code", true, r->code, sizeof r->code, err, errlen))
            return false;
        if (!ipc_valid_dossier_code(r->code)) {
            snprintf(err, errlen, "bad code");
            return false;
        }
        json_t *rf = json_object_get(o, "refresh");
        if (rf && !json_is_boolean(rf)) {
            snprintf(err, errlen, "bad refresh");
            return false;
        }
        r->refresh = rf && json_is_true(rf);
        return true;
    }
    case IPC_TICKET: {
        static const char *const k[] = { "v", "type", "group", "priority", NULL };
        char prio[16] = "none";
        if (!only_keys(o, k, err, errlen) ||
            !get_str(o, "group", true, r->group, sizeof r->group, err, errlen) ||
            !get_str(o, "priority", false, prio, sizeof prio, err, errlen))
            return false;
        if (!ipc_valid_token(r->group, 16)) {
            snprintf(err, errlen, "bad group");
            return false;
        }
        int p = ipc_priority_from_name(prio);
        if (p < 0) {
            snprintf(err, errlen, "bad priority");
            return false;
        }
        r->priority = (ipc_priority)p;
        return true;
    }
    case IPC_RATE: {
        static const char *const k[] = { "v", "type", "score", "reasons", "code", NULL };
        if (!only_keys(o, k, err, errlen))
            return false;
        json_t *s = json_object_get(o, "score");
        if (!json_is_integer(s) || json_integer_value(s) < 1 || json_integer_value(s) > 5) {
            snprintf(err, errlen, "score must be 1..5");
            return false;
        }
        r->score = (int)json_integer_value(s);
        json_t *rs = json_object_get(o, "reasons");
        if (rs) {
            if (!json_is_array(rs) || json_array_size(rs) > IPC_MAX_REASONS) {
                snprintf(err, errlen, "bad reasons");
                return false;
            }
            size_t i;
            json_t *e;
            json_array_foreach(rs, i, e) {
                if (!json_is_string(e) || !ipc_valid_token(json_string_value(e), 32)) {
                    snprintf(err, errlen, "bad reason");
                    return false;
                }
                snprintf(r->reasons[r->n_reasons++], sizeof r->reasons[0], "%s",
                         json_string_value(e));
            }
        }
        if (!get_str(o, "code", false, r->code, sizeof r->code, err, errlen))
            return false;
        if (r->code[0] && !ipc_valid_dossier_code(r->code)) {
            snprintf(err, errlen, "bad code");
            return false;
        }
        return true;
    }
    case IPC_HEALTH: {
        static const char *const k[] = { "v", "type", NULL };
        return only_keys(o, k, err, errlen);
    }
    case IPC_CALL_STAFF: {
        static const char *const k[] = { "v", "type", "reason", NULL };
        snprintf(r->reason, sizeof r->reason, "help");
        if (!only_keys(o, k, err, errlen) ||
            !get_str(o, "reason", false, r->reason, sizeof r->reason, err, errlen))
            return false;
        if (!ipc_valid_token(r->reason, 32)) {
            snprintf(err, errlen, "bad reason");
            return false;
        }
        return true;
    }
    case IPC_CATALOG_IMPORT: {
        static const char *const k[] = { "v", "type", "path", NULL };
        if (!only_keys(o, k, err, errlen) ||
            !get_str(o, "path", true, r->path, sizeof r->path, err, errlen))
            return false;
        if (r->path[0] != '/' || strstr(r->path, "/../") || strchr(r->path, '\n')) {
            snprintf(err, errlen, "path must be absolute");
            return false;
        }
        return true;
    }
    case IPC_OUTBOX_RETRY: {
        static const char *const k[] = { "v", "type", "code", NULL };
        if (!only_keys(o, k, err, errlen) ||
            !get_str(o, "code", true, r->code, sizeof r->code, err, errlen))
            return false;
        if (!ipc_valid_dossier_code(r->code)) {
            snprintf(err, errlen, "bad code");
            return false;
        }
        return true;
    }
    case IPC_TYPE_COUNT:
        break;
    }
    snprintf(err, errlen, "bad type");
    return false;
}

static bool check_version(const json_t *o, char *err, size_t errlen)
{
    json_t *v = json_object_get(o, "v");
    if (!json_is_integer(v) || json_integer_value(v) != IPC_VERSION) {
        snprintf(err, errlen, "unsupported protocol version");
        return false;
    }
    return true;
}

ipc_status ipc_request_parse(const char *json, size_t len, ipc_request *out, char *err,
                             size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (errlen)
        err[0] = '\0';
    json_error_t je;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        snprintf(err, errlen, "not JSON");
        return IPC_ERR_PARSE;
    }
    bool good = false;
    if (!json_is_object(o)) {
        snprintf(err, errlen, "not an object");
    } else if (check_version(o, err, errlen)) {
        json_t *t = json_object_get(o, "type");
        int type = -1;
        if (json_is_string(t))
            for (int i = 0; i < IPC_TYPE_COUNT; i++)
                if (strcmp(json_string_value(t), type_names[i]) == 0)
                    type = i;
        if (type < 0) {
            snprintf(err, errlen, "unknown type");
        } else {
            out->type = (ipc_type)type;
            good = parse_body(out, o, err, errlen);
        }
    }
    json_decref(o);
    if (!good) {
        ipc_request_free(out);
        return IPC_ERR_PARSE;
    }
    return IPC_OK;
}

void ipc_request_free(ipc_request *r)
{
    if (r->dossier)
        json_decref(r->dossier);
    explicit_bzero(r, sizeof *r);
}

char *ipc_json_dump(const json_t *v, size_t *len)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    /* json_dumps used jansson's allocator; copy into plain malloc so callers
     * can free with ipc_wipe_free whatever allocator is installed. */
    char *copy = malloc(n + 1);
    if (copy)
        memcpy(copy, s, n + 1);
    explicit_bzero(s, n);
    json_free_t f;
    json_get_alloc_funcs(NULL, &f);
    f(s);
    if (len)
        *len = copy ? n : 0;
    return copy;
}

json_t *ipc_response_ok(json_t *result)
{
    json_t *o = result && json_is_object(result) ? result : json_object();
    if (result && o != result)
        json_decref(result);
    json_object_set_new(o, "v", json_integer(IPC_VERSION));
    json_object_set_new(o, "ok", json_true());
    return o;
}

json_t *ipc_response_error(const char *id, const char *message)
{
    return json_pack("{s:i, s:b, s:s, s:s}", "v", IPC_VERSION, "ok", 0, "error", id, "message",
                     message);
}

ipc_status ipc_response_parse(const char *json, size_t len, json_t **out, bool *ok, char *err,
                              size_t errlen)
{
    *out = NULL;
    *ok = false;
    json_error_t je;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        snprintf(err, errlen, "not JSON");
        return IPC_ERR_PARSE;
    }
    if (!json_is_object(o) || !check_version(o, err, errlen)) {
        if (err[0] == '\0')
            snprintf(err, errlen, "not an object");
        json_decref(o);
        return IPC_ERR_PARSE;
    }
    json_t *k = json_object_get(o, "ok");
    if (!json_is_boolean(k)) {
        snprintf(err, errlen, "missing ok");
        json_decref(o);
        return IPC_ERR_PARSE;
    }
    if (!json_is_true(k)) {
        json_t *e = json_object_get(o, "error"), *m = json_object_get(o, "message");
        if (!json_is_string(e) || !json_is_string(m)) {
            snprintf(err, errlen, "error without id or message");
            json_decref(o);
            return IPC_ERR_PARSE;
        }
    }
    *ok = json_is_true(k);
    *out = o;
    return IPC_OK;
}
