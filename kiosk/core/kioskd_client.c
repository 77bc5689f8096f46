/* kioskd_client: one request per connection, bounded by a deadline.
 * See kioskd_client.h. */
#include "kioskd_client.h"

#include "ipc.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

const char *kioskd_strerror(kioskd_err e)
{
    switch (e) {
    case KIOSKD_OK: return "ok";
    case KIOSKD_ERR_UNAVAILABLE:
        return "the kiosk service is not running; call staff or restart the kiosk";
    case KIOSKD_ERR_TIMEOUT: return "the kiosk service did not answer in time; try again";
    case KIOSKD_ERR_PROTOCOL: return "the kiosk service sent a malformed answer; report it";
    case KIOSKD_ERR_REFUSED: return "the kiosk service refused the request";
    case KIOSKD_ERR_ARG: return "invalid request from the kiosk program; report it";
    }
    return "unknown error";
}

void kioskd_client_init(kioskd_client *c, const char *socket_path)
{
    memset(c, 0, sizeof *c);
    snprintf(c->socket_path, sizeof c->socket_path, "%s", socket_path);
    c->timeout_ms = 3000;
    c->submit_timeout_ms = 8000;
}

void kioskd_request_id_new(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(b, 1, sizeof b, f) != sizeof b)
            memset(b, 0, sizeof b);
        if (f)
            fclose(f);
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

static kioskd_err from_ipc(ipc_status s)
{
    switch (s) {
    case IPC_OK: return KIOSKD_OK;
    case IPC_ERR_TIMEOUT: return KIOSKD_ERR_TIMEOUT;
    case IPC_ERR_IO: return KIOSKD_ERR_UNAVAILABLE;
    default: return KIOSKD_ERR_PROTOCOL;
    }
}

kioskd_err kioskd_call(kioskd_client *c, const char *request_json, int timeout_ms, char **answer,
                       size_t *answer_len)
{
    *answer = NULL;
    *answer_len = 0;
    c->error_id[0] = c->message[0] = '\0';
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return KIOSKD_ERR_UNAVAILABLE;
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s", c->socket_path);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return KIOSKD_ERR_UNAVAILABLE;
    }
    ipc_status s = ipc_frame_write(fd, request_json, strlen(request_json), timeout_ms);
    if (s == IPC_OK)
        s = ipc_frame_read(fd, answer, answer_len, IPC_MAX_FRAME, timeout_ms);
    close(fd);
    return from_ipc(s);
}

/* Send req (stolen), parse the answer into *resp on success. */
static kioskd_err roundtrip(kioskd_client *c, json_t *req, int timeout_ms, json_t **resp)
{
    *resp = NULL;
    if (!req)
        return KIOSKD_ERR_ARG;
    json_object_set_new(req, "v", json_integer(IPC_VERSION));
    size_t len;
    char *text = ipc_json_dump(req, &len);
    json_decref(req);
    if (!text)
        return KIOSKD_ERR_ARG;
    char *ans;
    size_t alen;
    kioskd_err e = kioskd_call(c, text, timeout_ms, &ans, &alen);
    ipc_wipe_free(text, len);
    if (e != KIOSKD_OK)
        return e;
    bool ok;
    char err[96] = "";
    ipc_status s = ipc_response_parse(ans, alen, resp, &ok, err, sizeof err);
    ipc_wipe_free(ans, alen);
    if (s != IPC_OK)
        return KIOSKD_ERR_PROTOCOL;
    if (!ok) {
        snprintf(c->error_id, sizeof c->error_id, "%s",
                 json_string_value(json_object_get(*resp, "error")));
        snprintf(c->message, sizeof c->message, "%s",
                 json_string_value(json_object_get(*resp, "message")));
        json_decref(*resp);
        *resp = NULL;
        return KIOSKD_ERR_REFUSED;
    }
    return KIOSKD_OK;
}

static void copy_str(char *dst, size_t n, const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    snprintf(dst, n, "%s", v ? v : "");
}

kioskd_err kioskd_submit(kioskd_client *c, const char *dossier_json, const char *request_id,
                         kioskd_receipt *out)
{
    memset(out, 0, sizeof *out);
    if (!dossier_json || !request_id || !ipc_valid_token(request_id, 39))
        return KIOSKD_ERR_ARG;
    json_error_t je;
    json_t *d = json_loads(dossier_json, JSON_REJECT_DUPLICATES, &je);
    if (!d)
        return KIOSKD_ERR_ARG;
    json_t *req = json_pack("{s:s, s:s, s:o}", "type", "submit", "request_id", request_id,
                            "dossier", d);
    json_t *resp;
    kioskd_err e = roundtrip(c, req, c->submit_timeout_ms, &resp);
    if (e != KIOSKD_OK)
        return e;
    copy_str(out->code, sizeof out->code, resp, "code");
    copy_str(out->received_at, sizeof out->received_at, resp, "received_at");
    out->duplicate = json_is_true(json_object_get(resp, "duplicate"));
    json_decref(resp);
    return ipc_valid_dossier_code(out->code) ? KIOSKD_OK : KIOSKD_ERR_PROTOCOL;
}

kioskd_err kioskd_status(kioskd_client *c, const char *code, bool refresh,
                         kioskd_status_info *out)
{
    memset(out, 0, sizeof *out);
    if (!code || !ipc_valid_dossier_code(code))
        return KIOSKD_ERR_ARG;
    json_t *resp;
    kioskd_err e = roundtrip(
        c, json_pack("{s:s, s:s, s:b}", "type", "status", "code", code, "refresh", refresh),
        c->timeout_ms, &resp);
    if (e != KIOSKD_OK)
        return e;
    copy_str(out->code, sizeof out->code, resp, "code");
    copy_str(out->state, sizeof out->state, resp, "state");
    copy_str(out->state_text, sizeof out->state_text, resp, "state_text");
    copy_str(out->official_code, sizeof out->official_code, resp, "official_code");
    copy_str(out->due_at, sizeof out->due_at, resp, "due_at");
    copy_str(out->updated_at, sizeof out->updated_at, resp, "updated_at");
    out->stale = json_is_true(json_object_get(resp, "stale"));
    out->local = json_is_true(json_object_get(resp, "local"));
    json_decref(resp);
    return KIOSKD_OK;
}

kioskd_err kioskd_ticket(kioskd_client *c, const char *group, const char *priority,
                         kioskd_ticket_info *out)
{
    memset(out, 0, sizeof *out);
    if (!group || !ipc_valid_token(group, 16))
        return KIOSKD_ERR_ARG;
    json_t *resp;
    kioskd_err e = roundtrip(c,
                             json_pack("{s:s, s:s, s:s}", "type", "ticket", "group", group,
                                       "priority", priority ? priority : "none"),
                             c->timeout_ms, &resp);
    if (e != KIOSKD_OK)
        return e;
    copy_str(out->number, sizeof out->number, resp, "number");
    copy_str(out->group, sizeof out->group, resp, "group");
    copy_str(out->issued_at, sizeof out->issued_at, resp, "issued_at");
    out->people_ahead = (int)json_integer_value(json_object_get(resp, "people_ahead"));
    json_decref(resp);
    return KIOSKD_OK;
}

kioskd_err kioskd_rate(kioskd_client *c, int score, const char *const *reasons, const char *code)
{
    json_t *req = json_pack("{s:s, s:i}", "type", "rate", "score", score);
    json_t *rs = json_array();
    for (int i = 0; reasons && reasons[i]; i++)
        json_array_append_new(rs, json_string(reasons[i]));
    json_object_set_new(req, "reasons", rs);
    if (code && code[0])
        json_object_set_new(req, "code", json_string(code));
    json_t *resp;
    kioskd_err e = roundtrip(c, req, c->timeout_ms, &resp);
    if (e == KIOSKD_OK)
        json_decref(resp);
    return e;
}

kioskd_err kioskd_health(kioskd_client *c, kioskd_health_info *out)
{
    memset(out, 0, sizeof *out);
    json_t *resp;
    kioskd_err e = roundtrip(c, json_pack("{s:s}", "type", "health"), c->timeout_ms, &resp);
    if (e != KIOSKD_OK)
        return e;
    out->ok = json_is_true(json_object_get(resp, "healthy"));
    copy_str(out->upstream, sizeof out->upstream, resp, "upstream");
    copy_str(out->last_upload_at, sizeof out->last_upload_at, resp, "last_upload_at");
    copy_str(out->catalog_version, sizeof out->catalog_version, resp, "catalog_version");
    copy_str(out->problem, sizeof out->problem, resp, "problem");
    out->pending = (long)json_integer_value(json_object_get(resp, "pending"));
    out->parked = (long)json_integer_value(json_object_get(resp, "parked"));
    json_decref(resp);
    return KIOSKD_OK;
}

kioskd_err kioskd_call_staff(kioskd_client *c, const char *reason)
{
    json_t *resp;
    kioskd_err e = roundtrip(
        c, json_pack("{s:s, s:s}", "type", "call_staff", "reason", reason ? reason : "help"),
        c->timeout_ms, &resp);
    if (e == KIOSKD_OK)
        json_decref(resp);
    return e;
}

kioskd_err kioskd_catalog_import(kioskd_client *c, const char *path)
{
    json_t *resp;
    kioskd_err e = roundtrip(c, json_pack("{s:s, s:s}", "type", "catalog_import", "path", path),
                             c->submit_timeout_ms, &resp);
    if (e == KIOSKD_OK)
        json_decref(resp);
    return e;
}
