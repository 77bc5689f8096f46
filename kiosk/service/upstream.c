/* upstream: HTTPS adapter for the provincial system. See upstream.h and
 * docs/upstream-api.yaml. */
#include "upstream.h"

#include "ipc.h"
#include "log.h"

#include <curl/curl.h>
#include <pthread.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define UP_MAX_BODY (8u * 1024u * 1024u)

/* Each thread keeps one curl handle, so uploads reuse their TLS connection
 * (keep-alive and session resumption) instead of a handshake per dossier. */
static pthread_key_t handle_key;
static pthread_once_t handle_once = PTHREAD_ONCE_INIT;

static void handle_free(void *h)
{
    curl_easy_cleanup(h);
}

static void handle_key_make(void)
{
    pthread_key_create(&handle_key, handle_free);
}

static CURL *thread_handle(void)
{
    pthread_once(&handle_once, handle_key_make);
    CURL *h = pthread_getspecific(handle_key);
    if (h) {
        curl_easy_reset(h);   /* keeps live connections and the TLS session cache */
        return h;
    }
    h = curl_easy_init();
    if (h)
        pthread_setspecific(handle_key, h);
    return h;
}

void upstream_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct membuf {
    unsigned char *p;
    size_t len, cap;
    bool overflow;
} membuf;

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    membuf *m = ud;
    size_t k = size * n;
    if (m->len + k > UP_MAX_BODY) {
        m->overflow = true;
        return 0;
    }
    if (m->len + k + 1 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        while (cap < m->len + k + 1)
            cap *= 2;
        unsigned char *np = realloc(m->p, cap);
        if (!np)
            return 0;
        m->p = np;
        m->cap = cap;
    }
    memcpy(m->p + m->len, data, k);
    m->len += k;
    m->p[m->len] = '\0';
    return k;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
    long *retry = ud;
    size_t k = size * n;
    static const char name[] = "retry-after:";
    if (k > sizeof name - 1 && k < 200 && strncasecmp(data, name, sizeof name - 1) == 0) {
        char v[200];
        memcpy(v, data + sizeof name - 1, k - (sizeof name - 1));
        v[k - (sizeof name - 1)] = '\0';
        long s = upstream_parse_retry_after(v, (long long)time(NULL));
        if (s >= 0)
            *retry = s * 1000;
    }
    return k;
}

long upstream_parse_retry_after(const char *value, long long now_s)
{
    while (*value == ' ' || *value == '\t')
        value++;
    char v[128];
    snprintf(v, sizeof v, "%s", value);
    size_t n = strlen(v);
    while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
        v[--n] = '\0';
    if (n == 0)
        return -1;
    bool digits = true;
    for (size_t i = 0; i < n; i++)
        if (v[i] < '0' || v[i] > '9')
            digits = false;
    if (digits) {
        if (n > 7)
            return 86400;
        long s = strtol(v, NULL, 10);
        return s > 86400 ? 86400 : s;
    }
    time_t t = curl_getdate(v, NULL);
    if (t < 0)
        return -1;
    long long d = (long long)t - now_s;
    if (d < 0)
        d = 0;
    return d > 86400 ? 86400 : (long)d;
}

/* One HTTPS exchange. body may be NULL (GET). */
static up_result http(const svc_config *cfg, const char *method, const char *url,
                      const char *const *headers, const void *body, size_t body_len,
                      long timeout_ms, membuf *resp)
{
    up_result r = { .cls = UP_TRANSIENT, .retry_after_ms = -1 };
    memset(resp, 0, sizeof *resp);
    CURL *h = thread_handle();
    if (!h) {
        snprintf(r.error, sizeof r.error, "curl init failed");
        return r;
    }
    struct curl_slist *hl = NULL;
    for (int i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_SSLCERT, cfg->client_cert);
    curl_easy_setopt(h, CURLOPT_SSLKEY, cfg->client_key);
    curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file);
    curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (cfg->upstream_pin[0])
        curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, cfg->upstream_pin);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)cfg->connect_timeout_s * 1000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r.retry_after_ms);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "kioskd/0.1");
    if (body) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    CURLcode cc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.http);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hl);
    if (cc != CURLE_OK) {
        r.cls = UP_TRANSIENT;
        snprintf(r.error, sizeof r.error, "network: %s", curl_easy_strerror(cc));
        if (resp->overflow) {
            r.cls = UP_PERMANENT;
            snprintf(r.error, sizeof r.error, "answer larger than %u bytes", UP_MAX_BODY);
        }
        return r;
    }
    if (r.http >= 200 && r.http < 300) {
        r.cls = UP_OK;
    } else if (r.http == 408 || r.http == 429 || r.http >= 500 || r.http < 200) {
        r.cls = UP_TRANSIENT;
        snprintf(r.error, sizeof r.error, "upstream answered HTTP %ld", r.http);
    } else {
        r.cls = UP_PERMANENT;
        /* Keep upstream's reason (a JSON "message") for the technician. */
        json_error_t je;
        json_t *o = resp->p ? json_loadb((const char *)resp->p, resp->len, 0, &je) : NULL;
        const char *m = json_string_value(json_object_get(o, "message"));
        snprintf(r.error, sizeof r.error, "upstream refused (HTTP %ld): %.150s", r.http,
                 m ? m : "no reason given");
        json_decref(o);
    }
    return r;
}

static void make_url(char *out, size_t n, const svc_config *cfg, const char *path)
{
    snprintf(out, n, "%s%s", cfg->upstream_url, path);
}

static int copy_field(const json_t *o, const char *key, bool required, char *dst, size_t n,
                      char *err, size_t errlen)
{
    json_t *v = json_object_get(o, key);
    dst[0] = '\0';
    if (!v || json_is_null(v)) {
        if (required)
            snprintf(err, errlen, "answer lacks %s", key);
        return required ? -1 : 0;
    }
    if (!json_is_string(v) || json_string_length(v) >= n ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        snprintf(err, errlen, "answer has a bad %s", key);
        return -1;
    }
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

int upstream_parse_submit(const char *body, size_t len, char official[64], char due_at[40],
                          char *err, size_t errlen)
{
    official[0] = due_at[0] = '\0';
    json_error_t je;
    json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(o)) {
        snprintf(err, errlen, "answer is not a JSON object");
        json_decref(o);
        return -1;
    }
    int rc = copy_field(o, "official_code", true, official, 64, err, errlen);
    if (rc == 0)
        rc = copy_field(o, "due_at", false, due_at, 40, err, errlen);
    json_decref(o);
    return rc;
}

int upstream_parse_status(const char *body, size_t len, up_status *out, char *err,
                          size_t errlen)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(o)) {
        snprintf(err, errlen, "answer is not a JSON object");
        json_decref(o);
        return -1;
    }
    int rc = copy_field(o, "status", true, out->state, sizeof out->state, err, errlen);
    if (rc == 0)
        rc = copy_field(o, "status_text", false, out->state_text, sizeof out->state_text, err,
                        errlen);
    if (rc == 0)
        rc = copy_field(o, "official_code", false, out->official_code,
                        sizeof out->official_code, err, errlen);
    if (rc == 0)
        rc = copy_field(o, "due_at", false, out->due_at, sizeof out->due_at, err, errlen);
    if (rc == 0 && !ipc_valid_token(out->state, 23)) {
        snprintf(err, errlen, "answer has a bad status");
        rc = -1;
    }
    json_decref(o);
    return rc;
}

static char *b64(const unsigned char *p, size_t n)
{
    char *out = malloc(4 * ((n + 2) / 3) + 1);
    if (out)
        EVP_EncodeBlock((unsigned char *)out, p, (int)n);
    return out;
}

up_result upstream_submit(const svc_config *cfg, const outbox_item *it, char official[64],
                          char due_at[40])
{
    official[0] = due_at[0] = '\0';
    char url[320], idem[96];
    make_url(url, sizeof url, cfg, "/dossiers");
    snprintf(idem, sizeof idem, "Idempotency-Key: %s", it->idem_key);
    char *payload = b64(it->payload, it->payload_len);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "dossier_code", it->code,
                            "procedure_code", it->procedure, "received_at", it->received_at,
                            "agency_code", cfg->agency_code, "kiosk_number", cfg->kiosk_number,
                            "payload_format", "cms-authenveloped-der-base64", "payload",
                            payload ? payload : "");
    free(payload);
    char *text = doc ? ipc_json_dump(doc, NULL) : NULL;
    json_decref(doc);
    if (!text) {
        up_result r = { .cls = UP_TRANSIENT, .retry_after_ms = -1 };
        snprintf(r.error, sizeof r.error, "out of memory");
        return r;
    }
    const char *hdrs[] = { "Content-Type: application/json", "Accept: application/json", idem,
                           NULL };
    membuf resp;
    up_result r = http(cfg, "POST", url, hdrs, text, strlen(text),
                       (long)cfg->upload_timeout_s * 1000L, &resp);
    free(text);
    if (r.cls == UP_OK &&
        upstream_parse_submit(resp.p ? (const char *)resp.p : "", resp.len, official, due_at,
                              r.error, sizeof r.error) != 0) {
        /* Upstream took it (2xx) but the answer is malformed: resending with
         * the same key is harmless, and a later answer may be good. */
        r.cls = UP_TRANSIENT;
    }
    free(resp.p);
    return r;
}

up_result upstream_status(const svc_config *cfg, const char *code, int timeout_ms,
                          up_status *out)
{
    memset(out, 0, sizeof *out);
    char path[96], url[400];
    snprintf(path, sizeof path, "/dossiers/%s", code);
    make_url(url, sizeof url, cfg, path);
    const char *hdrs[] = { "Accept: application/json", NULL };
    membuf resp;
    up_result r = http(cfg, "GET", url, hdrs, NULL, 0, timeout_ms, &resp);
    if (r.cls == UP_OK && upstream_parse_status(resp.p ? (const char *)resp.p : "", resp.len,
                                                out, r.error, sizeof r.error) != 0)
        r.cls = UP_TRANSIENT;
    free(resp.p);
    return r;
}

up_result upstream_post(const svc_config *cfg, const char *url, const json_t *body,
                        json_t **out)
{
    if (out)
        *out = NULL;
    char *text = ipc_json_dump(body, NULL);
    const char *hdrs[] = { "Content-Type: application/json", "Accept: application/json", NULL };
    membuf resp;
    up_result r = http(cfg, "POST", url, hdrs, text ? text : "{}", text ? strlen(text) : 2,
                       (long)cfg->upload_timeout_s * 1000L, &resp);
    free(text);
    if (r.cls == UP_OK && out && resp.p) {
        json_error_t je;
        *out = json_loadb((const char *)resp.p, resp.len, JSON_REJECT_DUPLICATES, &je);
        if (*out && !json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
        }
    }
    free(resp.p);
    return r;
}

up_result upstream_catalog(const svc_config *cfg, const char *have, unsigned char **bundle,
                           size_t *len)
{
    *bundle = NULL;
    *len = 0;
    char path[128], url[400];
    snprintf(path, sizeof path, "/catalog/latest?have=%s", have[0] ? have : "none");
    make_url(url, sizeof url, cfg, path);
    const char *hdrs[] = { "Accept: application/pkcs7-mime", NULL };
    membuf resp;
    up_result r = http(cfg, "GET", url, hdrs, NULL, 0, (long)cfg->upload_timeout_s * 1000L * 4,
                       &resp);
    if (r.cls == UP_OK && (r.http == 204 || resp.len == 0)) {
        r.cls = UP_NONE;
        free(resp.p);
        return r;
    }
    if (r.cls == UP_OK) {
        *bundle = resp.p;
        *len = resp.len;
        return r;
    }
    free(resp.p);
    return r;
}
