/* devices: card reader and camera on worker threads, events for the UI thread.
 * See devices.h for the contract.
 *
 * One mutex guards everything shared (queue, keys, flags); one condition
 * variable wakes the workers (stop, scanning switched on, keys given, visit
 * ended). The workers never hold the mutex while they talk to a device: they
 * copy what they need (keys, options), release it, call the driver, and take
 * it again to post the result. A generation counter, bumped by
 * devices_visit_end, lets a worker see that the visit its result belongs to is
 * over: the result is then wiped instead of posted.
 *
 * The queue is a fixed ring of events; when the UI thread falls behind, the
 * oldest event is wiped and dropped (logged, without content), so a worker
 * never waits for the UI.
 *
 * Built without the drivers (see devices.h), only the stub at the end is
 * compiled: every device is absent. */
#include "devices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#if defined(__has_include)
#if __has_include("card.h") && __has_include("camera.h") && __has_include("qr_decode.h")
#define DEVICES_HAVE_DRIVERS 1
#endif
#endif

void devices_event_clear(device_event *ev)
{
    if (!ev)
        return;
    identity_wipe(&ev->id);
    explicit_bzero(ev, sizeof *ev);
}

void devices_event_take_identity(device_event *ev, identity *out)
{
    *out = ev->id;                       /* the photo pointer moves with it */
    explicit_bzero(&ev->id, sizeof ev->id);
}

#ifdef DEVICES_HAVE_DRIVERS

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "camera.h"
#include "card.h"
#include "qr_decode.h"

#define DEVICES_QUEUE 16
#define CARD_POLL_MS 100          /* card_reader_poll wait while a screen waits for the card */
#define CARD_IDLE_POLL_MS 1000    /* otherwise (each poll costs ~0.7 ms CPU in pcsc-lite) */
#define READER_RETRY_MS 2000      /* look for a reader again */
#define CAMERA_RETRY_MS 1000      /* camera missing: try again */
#define CAMERA_FRAME_MS 500       /* camera_next_frame wait */
#define QR_REPEAT_MS 2000         /* the same code seen again after this gap: a new sighting */

struct devices {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool stop;
    uint64_t visit;               /* bumped by devices_visit_end */

    /* queue */
    device_event q[DEVICES_QUEUE];
    int q_head, q_len;
    unsigned dropped;

    /* card */
    bool card_on;
    pthread_t card_thread;
    char reader_want[128];
    char trust_dir[512];
    card_keys keys;
    bool have_keys;
    uint64_t keys_gen;            /* bumped by each new set of keys */
    bool want_photo;
    bool reader_present, card_present;
    card_reader *reader;          /* the card thread's open reader (under mu), for a cancel */

    /* camera */
    bool cam_on;
    pthread_t cam_thread;
    char cam_source[600];
    camera_config cam_cfg;
    bool scanning;
    bool camera_present;
    uint64_t qr_last_hash;        /* repeat filter: hash of the last text posted (not the text) */
    long long qr_last_ms;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait on the condition variable for at most ms (mutex held). */
static void wait_ms(devices *d, long long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    int rc = pthread_cond_timedwait(&d->wake, &d->mu, &ts);
    (void)rc;
}

/* Post an event (mutex held). Takes ownership of ev's contents and wipes ev. */
static void post_locked(devices *d, device_event *ev)
{
    if (d->q_len == DEVICES_QUEUE) {
        devices_event_clear(&d->q[d->q_head]);
        d->q_head = (d->q_head + 1) % DEVICES_QUEUE;
        d->q_len--;
        d->dropped++;
        log_event("devices", "event=queue-full dropped=%u", d->dropped);
    }
    device_event *slot = &d->q[(d->q_head + d->q_len) % DEVICES_QUEUE];
    memcpy(slot, ev, sizeof *slot);
    explicit_bzero(ev, sizeof *ev);
    d->q_len++;
}

static void post_simple(devices *d, device_event_kind kind, const char *name, const char *msg)
{
    device_event *ev = calloc(1, sizeof *ev);
    if (!ev)
        return;
    ev->kind = kind;
    ev->error_name = name;
    ev->message = msg;
    pthread_mutex_lock(&d->mu);
    post_locked(d, ev);
    pthread_mutex_unlock(&d->mu);
    free(ev);
}

static void drop_queue_locked(devices *d)
{
    for (int i = 0; i < DEVICES_QUEUE; i++)
        devices_event_clear(&d->q[i]);
    d->q_head = d->q_len = 0;
}

/* ---- card ---- */

/* A message a citizen can act on, in Vietnamese (the screens translate by error_name). */
static const char *card_citizen_message(card_err e)
{
    switch (e) {
    case CARD_E_NO_CARD:
    case CARD_E_CARD_REMOVED:
        return "Thẻ bị nhấc ra khi đang đọc. Xin đặt lại thẻ lên đầu đọc và giữ yên đến khi xong.";
    case CARD_E_TRANSPORT:
    case CARD_E_SM:
    case CARD_E_PROTOCOL:
    case CARD_E_FILE:
        return "Chưa đọc được thẻ. Xin nhấc thẻ ra, đặt lại ngay ngắn giữa đầu đọc và giữ yên.";
    case CARD_E_NOT_ICAO:
        return "Đây không phải thẻ căn cước gắn chip. Xin đặt thẻ căn cước gắn chip lên đầu đọc.";
    case CARD_E_NO_KEYS:
    case CARD_E_NEED_MRZ:
        return "Thẻ này cần mã QR in trên thẻ. Xin đưa mã QR trên thẻ vào trước máy ảnh.";
    case CARD_E_ACCESS_DENIED:
        return "Số định danh không khớp với thẻ. Xin kiểm tra lại số đã nhập, hoặc quét mã QR trên thẻ.";
    case CARD_E_NO_READER:
    case CARD_E_READER_GONE:
        return "Đầu đọc thẻ chưa sẵn sàng. Xin mời gặp cán bộ tiếp nhận.";
    case CARD_E_FORMAT:
    case CARD_E_UNSUPPORTED:
        return "Kiosk chưa đọc được loại thẻ này. Xin mời gặp cán bộ tiếp nhận.";
    default:
        return "Có lỗi khi đọc thẻ. Xin thử lại, hoặc gặp cán bộ tiếp nhận.";
    }
}

static const char *reader_lost_message =
    "Đầu đọc thẻ bị ngắt. Xin mời gặp cán bộ; cán bộ cắm lại đầu đọc, máy sẽ tự nhận lại.";

/* Read the card with the keys in force (mutex held on entry and exit). */
static void card_read_locked(devices *d, card_reader *r)
{
    card_keys *k = calloc(1, sizeof *k);
    device_event *ev = calloc(1, sizeof *ev);
    if (!k || !ev) {
        free(k);
        free(ev);
        return;
    }
    *k = d->keys;
    uint64_t visit = d->visit, keys_gen = d->keys_gen;
    card_options o;
    card_options_init(&o);
    o.want_photo = d->want_photo;
    o.trust_dir = d->trust_dir[0] ? d->trust_dir : NULL;
    ev->kind = DEV_CARD_READING;
    post_locked(d, ev);
    pthread_mutex_unlock(&d->mu);

    card_report rep;
    memset(&rep, 0, sizeof rep);
    card_err e = card_read_identity(r, k, &o, &ev->id, &rep);
    card_keys_wipe(k);
    free(k);

    pthread_mutex_lock(&d->mu);
    if (d->visit != visit || d->stop) {
        devices_event_clear(ev);    /* the visit is over: its data goes nowhere */
        free(ev);
        return;
    }
    if (e == CARD_OK) {
        ev->kind = DEV_CARD_READ;
        ev->card.access = card_access_name(rep.access);
        ev->card.verification = card_verify_name(rep.verification);
        ev->card.active_auth = card_aa_name(rep.active_auth);
        ev->card.mismatch_dg = rep.mismatch_dg;
        ev->card.ms = rep.ms;
        ev->card.apdus = rep.apdus;
        if (d->keys_gen == keys_gen) {      /* used: forget them */
            card_keys_wipe(&d->keys);
            d->have_keys = false;
        }
    } else {
        identity_wipe(&ev->id);
        ev->kind = DEV_CARD_ERROR;
        ev->card_error = (int)e;
        ev->error_name = card_err_name(e);
        ev->message = card_citizen_message(e);
    }
    post_locked(d, ev);
    free(ev);
}

static void *card_main(void *arg)
{
    devices *d = arg;
    card_reader *r = NULL;
    bool announced_missing = false;
    uint64_t tried_gen = 0;       /* keys_gen of the last read of the card on the reader */
    bool tried = false;

    pthread_mutex_lock(&d->mu);
    while (!d->stop) {
        if (!r) {
            char want[sizeof d->reader_want];
            memcpy(want, d->reader_want, sizeof want);
            pthread_mutex_unlock(&d->mu);
            card_err e = card_reader_open(want, &r);
            pthread_mutex_lock(&d->mu);
            if (e != CARD_OK) {
                r = NULL;
                if (!announced_missing)
                    log_event("devices", "event=reader-absent error=%s", card_err_name(e));
                announced_missing = true;
                wait_ms(d, READER_RETRY_MS);
                continue;
            }
            log_event("devices", "event=reader-found");
            d->reader = r;
            d->reader_present = true;
            d->card_present = false;
            tried = false;
            pthread_mutex_unlock(&d->mu);
            post_simple(d, DEV_READER_FOUND, NULL, NULL);
            pthread_mutex_lock(&d->mu);
            announced_missing = false;
            continue;
        }
        if (d->card_present && d->have_keys && (!tried || tried_gen != d->keys_gen)) {
            tried = true;
            tried_gen = d->keys_gen;
            card_read_locked(d, r);
            continue;
        }
        /* card events end the wait at once; the timeout only bounds how late new
         * keys or a stop are seen: short while the identify screen is up */
        unsigned timeout = d->scanning || d->have_keys ? CARD_POLL_MS : CARD_IDLE_POLL_MS;
        pthread_mutex_unlock(&d->mu);
        card_event ev = CARD_EVENT_NONE;
        card_err e = card_reader_poll(r, timeout, &ev);
        pthread_mutex_lock(&d->mu);
        if (e != CARD_OK || ev == CARD_EVENT_READER_GONE) {
            /* pcscd stopped or the reader went: start over with a fresh context */
            log_event("devices", "event=reader-lost error=%s",
                      e != CARD_OK ? card_err_name(e) : "reader-gone");
            d->reader = NULL;
            pthread_mutex_unlock(&d->mu);
            card_reader_close(r);
            r = NULL;
            post_simple(d, DEV_READER_LOST, "reader-gone", reader_lost_message);
            pthread_mutex_lock(&d->mu);
            d->reader_present = d->card_present = false;
            announced_missing = true;
            wait_ms(d, READER_RETRY_MS);
            continue;
        }
        if (ev == CARD_EVENT_INSERTED || ev == CARD_EVENT_REMOVED) {
            d->card_present = ev == CARD_EVENT_INSERTED;
            tried = false;
            pthread_mutex_unlock(&d->mu);
            post_simple(d, ev == CARD_EVENT_INSERTED ? DEV_CARD_INSERTED : DEV_CARD_REMOVED,
                        NULL, NULL);
            pthread_mutex_lock(&d->mu);
        }
    }
    d->reader_present = d->card_present = false;
    d->reader = NULL;
    pthread_mutex_unlock(&d->mu);
    card_reader_close(r);
    return NULL;
}

/* ---- camera ---- */

static uint64_t text_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h | 1;                          /* 0 = nothing seen */
}

static const char *camera_name(int rc)
{
    switch (rc) {
    case CAMERA_ERR_NO_DEVICE: return "camera-missing";
    case CAMERA_ERR_GONE: return "camera-gone";
    case CAMERA_ERR_OPEN: return "camera-busy";
    case CAMERA_ERR_FORMAT: return "camera-format";
    case CAMERA_ERR_DECODE: return "camera-decode";
    case CAMERA_ERR_TIMEOUT: return "camera-timeout";
    default: return "camera-io";
    }
}

/* The camera went away or fails: tell the UI once (mutex not held). */
static void camera_lost(devices *d, int rc)
{
    pthread_mutex_lock(&d->mu);
    bool was = d->camera_present;
    d->camera_present = false;
    pthread_mutex_unlock(&d->mu);
    if (was) {
        log_event("devices", "event=camera-lost error=%s", camera_name(rc));
        post_simple(d, DEV_CAMERA_LOST, camera_name(rc), camera_strerror(rc));
    }
}

static void camera_found(devices *d)
{
    pthread_mutex_lock(&d->mu);
    bool was = d->camera_present;
    d->camera_present = true;
    pthread_mutex_unlock(&d->mu);
    if (!was) {
        log_event("devices", "event=camera-found");
        post_simple(d, DEV_CAMERA_FOUND, NULL, NULL);
    }
}

/* One frame: decode, post a new sighting. Mutex not held. */
static void camera_scan_frame(devices *d, qr_decoder *dec, const camera_frame *f, qr_result *res,
                              uint64_t visit)
{
    int rc = qr_decoder_frame(dec, f->luma, f->width, f->height, f->stride, res);
    if (rc != QR_DECODE_FOUND) {
        explicit_bzero(res, sizeof *res);
        return;
    }
    uint64_t h = text_hash(res->text, res->len);
    long long t = now_ms();
    device_event *ev = NULL;
    pthread_mutex_lock(&d->mu);
    bool repeat = h == d->qr_last_hash && t - d->qr_last_ms < QR_REPEAT_MS;
    if (d->visit == visit && d->scanning && !d->stop) {
        d->qr_last_hash = h;
        d->qr_last_ms = t;
        if (!repeat)
            ev = calloc(1, sizeof *ev);
    }
    if (ev) {
        ev->kind = DEV_QR_SEEN;
        size_t n = res->len < DEVICES_TEXT_MAX - 1 ? res->len : DEVICES_TEXT_MAX - 1;
        memcpy(ev->text, res->text, n);
        ev->text[n] = 0;
        ev->text_len = n;
        post_locked(d, ev);
    }
    pthread_mutex_unlock(&d->mu);
    free(ev);
    explicit_bzero(res, sizeof *res);
}

static void *camera_main(void *arg)
{
    devices *d = arg;
    camera *cam = NULL;
    qr_decoder *dec = qr_decoder_new(NULL);
    qr_result *res = calloc(1, sizeof *res);
    if (!dec || !res)
        log_event("devices", "event=camera-thread error=no-memory");
    long long frame_ms = 1000 / (d->cam_cfg.fps > 0 ? d->cam_cfg.fps : 15);

    pthread_mutex_lock(&d->mu);
    while (!d->stop && dec && res) {
        if (!d->scanning) {
            if (cam) {
                pthread_mutex_unlock(&d->mu);
                camera_close(cam);              /* light off, no stale frames later */
                cam = NULL;
                pthread_mutex_lock(&d->mu);
                continue;
            }
            pthread_cond_wait(&d->wake, &d->mu);
            continue;
        }
        uint64_t visit = d->visit;
        pthread_mutex_unlock(&d->mu);
        int rc = CAMERA_OK;
        if (!cam) {
            rc = camera_open(d->cam_source, &d->cam_cfg, &cam);
            if (rc != CAMERA_OK)
                cam = NULL;
            qr_decoder_reset(dec);
        }
        long long t0 = now_ms();
        camera_frame f;
        memset(&f, 0, sizeof f);
        if (cam)
            rc = camera_next_frame(cam, &f, CAMERA_FRAME_MS);
        if (rc == CAMERA_OK) {
            camera_found(d);
            camera_scan_frame(d, dec, &f, res, visit);
        } else if (rc != CAMERA_ERR_TIMEOUT) {
            camera_lost(d, rc);
            if (rc == CAMERA_ERR_GONE || rc == CAMERA_ERR_IO || rc == CAMERA_ERR_OPEN) {
                camera_close(cam);              /* reopened on the next round */
                cam = NULL;
            }
        }
        pthread_mutex_lock(&d->mu);
        /* pace: files come at once, a camera at its own rate; a missing camera is
         * retried once a second; stop / scanning off wake us early */
        long long wait = (rc == CAMERA_OK || rc == CAMERA_ERR_TIMEOUT ? frame_ms : CAMERA_RETRY_MS) -
                         (now_ms() - t0);
        if (wait > 0 && !d->stop && d->scanning)
            wait_ms(d, wait);
    }
    pthread_mutex_unlock(&d->mu);
    camera_close(cam);
    qr_decoder_free(dec);
    if (res) {
        explicit_bzero(res, sizeof *res);
        free(res);
    }
    return NULL;
}

/* "[camera] device" to a camera.h source; "" when no camera. */
static void camera_source_from(const char *dev, char *out, size_t size)
{
    out[0] = 0;
    if (!dev || !dev[0] || !strcmp(dev, "none") || !strcmp(dev, "off"))
        return;
    if (!strncmp(dev, "files:", 6) || !strncmp(dev, "v4l2:", 5) || !strcmp(dev, "auto"))
        snprintf(out, size, "%s", dev);
    else if (!strncmp(dev, "/dev/", 5))
        snprintf(out, size, "v4l2:%s", dev);
    else
        snprintf(out, size, "files:%s", dev);
}

/* ---- the UI side ---- */

static void errcat(char *err, size_t errsize, const char *what)
{
    if (!err || !errsize)
        return;
    size_t n = strlen(err);
    if (n + 3 < errsize)
        snprintf(err + n, errsize - n, "%s%s", n ? "; " : "", what);
}

devices *devices_open(config *cfg, char *err, size_t errsize)
{
    if (err && errsize)
        err[0] = 0;
    devices *d = calloc(1, sizeof *d);
    if (!d) {
        errcat(err, errsize, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&d->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&d->wake, &ca);
    pthread_condattr_destroy(&ca);

    snprintf(d->reader_want, sizeof d->reader_want, "%s",
             config_get(cfg, "card", "reader", ""));
    snprintf(d->trust_dir, sizeof d->trust_dir, "%s",
             config_get(cfg, "card", "trust_store", "/etc/kiosk/csca"));
    struct stat st;
    if (stat(d->trust_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        errcat(err, errsize, "card trust store folder missing: chip data cannot be verified");
    bool card_on = config_get_bool(cfg, "card", "enabled", true);

    char dev[300];
    snprintf(dev, sizeof dev, "%s", config_get(cfg, "camera", "device", "auto"));
    camera_source_from(dev, d->cam_source, sizeof d->cam_source);
    camera_config_load(&d->cam_cfg, cfg);

    if (card_on) {
        /* probe before the thread starts: two threads in SCardEstablishContext at
         * once race on a global inside pcsc-lite (ThreadSanitizer sees it) */
        card_reader *probe = NULL;
        if (card_reader_open(d->reader_want, &probe) != CARD_OK)
            errcat(err, errsize, "no card reader found (or pcscd not running): chip reading "
                                 "starts when one appears");
        card_reader_close(probe);
        if (pthread_create(&d->card_thread, NULL, card_main, d) != 0) {
            errcat(err, errsize, "cannot start the card thread");
            devices_close(d);
            return NULL;
        }
        d->card_on = true;
    } else {
        errcat(err, errsize, "card reader disabled ([card] enabled = false)");
    }
    if (d->cam_source[0]) {
        /* probe now so a missing camera is reported at start */
        camera *probe = NULL;
        int rc = camera_open(d->cam_source, &d->cam_cfg, &probe);
        char paths[1][32];
        if (rc == CAMERA_OK && !strcmp(d->cam_source, "auto") && camera_list(paths, 1) == 0)
            rc = CAMERA_ERR_NO_DEVICE;
        camera_close(probe);
        d->camera_present = rc == CAMERA_OK;
        if (rc != CAMERA_OK)
            errcat(err, errsize, camera_strerror(rc));
        if (pthread_create(&d->cam_thread, NULL, camera_main, d) != 0) {
            errcat(err, errsize, "cannot start the camera thread");
            devices_close(d);
            return NULL;
        }
        d->cam_on = true;
    } else {
        errcat(err, errsize, "no camera configured ([camera] device)");
    }
    log_event("devices", "event=open card=%s camera=%s", card_on ? "on" : "off",
              d->cam_source[0] ? (d->camera_present ? "present" : "absent") : "off");
    return d;
}

bool devices_poll(devices *d, device_event *ev)
{
    if (!d || !ev)
        return false;
    pthread_mutex_lock(&d->mu);
    bool got = d->q_len > 0;
    if (got) {
        device_event *slot = &d->q[d->q_head];
        memcpy(ev, slot, sizeof *ev);
        explicit_bzero(slot, sizeof *slot);
        d->q_head = (d->q_head + 1) % DEVICES_QUEUE;
        d->q_len--;
    }
    pthread_mutex_unlock(&d->mu);
    return got;
}

void devices_set_card_keys(devices *d, const card_keys *k)
{
    if (!d || !k)
        return;
    pthread_mutex_lock(&d->mu);
    d->keys = *k;
    d->have_keys = true;
    d->keys_gen++;
    pthread_cond_broadcast(&d->wake);
    pthread_mutex_unlock(&d->mu);
}

static int set_keys_from(devices *d, const char *text, bool qr)
{
    card_keys k;
    memset(&k, 0, sizeof k);
    card_err e = qr ? card_keys_from_qr(text, &k) : card_keys_from_id(text, &k);
    if (e == CARD_OK)
        devices_set_card_keys(d, &k);
    card_keys_wipe(&k);
    return (int)e;
}

int devices_set_card_qr(devices *d, const char *qr_text)
{
    return qr_text ? set_keys_from(d, qr_text, true) : (int)CARD_E_ARG;
}

int devices_set_card_id(devices *d, const char *digits)
{
    return digits ? set_keys_from(d, digits, false) : (int)CARD_E_ARG;
}

void devices_want_photo(devices *d, bool on)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->want_photo = on;
    pthread_mutex_unlock(&d->mu);
}

void devices_camera_enable(devices *d, bool on)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    if (d->scanning != on) {
        d->scanning = on;
        pthread_cond_broadcast(&d->wake);
    }
    pthread_mutex_unlock(&d->mu);
}

void devices_visit_end(devices *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->visit++;
    card_keys_wipe(&d->keys);
    d->have_keys = false;
    d->keys_gen++;
    d->want_photo = false;
    d->qr_last_hash = 0;
    d->qr_last_ms = 0;
    drop_queue_locked(d);
    pthread_cond_broadcast(&d->wake);
    pthread_mutex_unlock(&d->mu);
}

void devices_status(devices *d, device_status *st)
{
    memset(st, 0, sizeof *st);
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    st->card_enabled = d->card_on;
    st->reader_present = d->reader_present;
    st->card_present = d->card_present;
    st->camera_enabled = d->cam_on;
    st->camera_present = d->camera_present;
    st->scanning = d->scanning;
    pthread_mutex_unlock(&d->mu);
}

void devices_close(devices *d)
{
    if (!d)
        return;
    long long t0 = now_ms();
    pthread_mutex_lock(&d->mu);
    d->stop = true;
    if (d->reader) /* end a wait for card events now, not after up to a second */
        card_reader_cancel(d->reader);
    pthread_cond_broadcast(&d->wake);
    pthread_mutex_unlock(&d->mu);
    if (d->card_on)
        pthread_join(d->card_thread, NULL);
    if (d->cam_on)
        pthread_join(d->cam_thread, NULL);
    drop_queue_locked(d);
    card_keys_wipe(&d->keys);
    pthread_cond_destroy(&d->wake);
    pthread_mutex_destroy(&d->mu);
    explicit_bzero(d, sizeof *d);
    free(d);
    log_event("devices", "event=close ms=%lld", now_ms() - t0);
}

#else /* built without the drivers: every device is absent */

struct devices {
    int unused;
};

devices *devices_open(config *cfg, char *err, size_t errsize)
{
    (void)cfg;
    if (err && errsize)
        snprintf(err, errsize, "%s",
                 "kiosk built without the device drivers (link kiosk_card kiosk_camera kiosk_qr)");
    log_event("devices", "event=open card=absent camera=absent reason=not-built");
    return calloc(1, sizeof(devices));
}

bool devices_poll(devices *d, device_event *ev)
{
    (void)d;
    (void)ev;
    return false;
}

void devices_set_card_keys(devices *d, const struct card_keys *k)
{
    (void)d;
    (void)k;
}

int devices_set_card_qr(devices *d, const char *qr_text)
{
    (void)d;
    (void)qr_text;
    return 1;
}

int devices_set_card_id(devices *d, const char *digits)
{
    (void)d;
    (void)digits;
    return 1;
}

void devices_want_photo(devices *d, bool on)
{
    (void)d;
    (void)on;
}

void devices_camera_enable(devices *d, bool on)
{
    (void)d;
    (void)on;
}

void devices_visit_end(devices *d)
{
    (void)d;
}

void devices_status(devices *d, device_status *st)
{
    (void)d;
    memset(st, 0, sizeof *st);
}

void devices_close(devices *d)
{
    free(d);
}

#endif
