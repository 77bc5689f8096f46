/* test_devices: the kiosk's device threads (kiosk/app/devices.c) end to end.
 *
 *   test_devices camera TMPDIR
 *       QR codes made now with libqrencode (qrgen), saved as PNG with SDL2_image,
 *       served by the camera's file backend; zbar decodes them on the camera
 *       thread: each DEV_QR_SEEN must carry the exact text. Also: the repeat
 *       filter, scanning off = no events, devices_visit_end drops queued events,
 *       missing devices are absent (not fatal) and cost no CPU, clean close.
 *   test_devices card READER TRUSTDIR QRTEXT CAN
 *       a card on the PC/SC reader READER (the card emulator behind pcscd+vpcd,
 *       started by devices_card.py): keys given after the card is down, the
 *       read's events in order, then a wrong CAN, the right ID again, a read
 *       cut by devices_visit_end; then, told by the harness on stdout, the
 *       card removed, the reader lost (pcscd stopped) and back. Prints each read's
 *       fields as key=value lines for devices_card.py to compare with what the
 *       emulator served.
 *
 * Exit 0 when every check passed, 1 otherwise. */
#include <SDL.h>
#include <SDL_image.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "card.h"
#include "config.h"
#include "devices.h"
#include "log.h"
#include "qrgen.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static const char *kind_name(device_event_kind k)
{
    static const char *const names[] = { "none", "qr-seen", "card-inserted", "card-removed",
                                         "card-reading", "card-read", "card-error",
                                         "reader-lost", "reader-found", "camera-lost",
                                         "camera-found" };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* Poll like the UI does (every 16 ms) until an event of kind arrives or
 * timeout; other kinds are passed to `other` (may be NULL: dropped). */
static bool wait_event(devices *d, device_event_kind kind, double timeout, device_event *ev,
                       void (*other)(const device_event *))
{
    double end = now_s() + timeout;
    while (now_s() < end) {
        while (devices_poll(d, ev)) {
            if (ev->kind == kind)
                return true;
            if (other)
                other(ev);
            devices_event_clear(ev);
        }
        sleep_ms(16);
    }
    return false;
}

static void print_other(const device_event *ev)
{
    printf("  (event %s%s%s)\n", kind_name(ev->kind), ev->error_name ? " " : "",
           ev->error_name ? ev->error_name : "");
}

/* Write text as a QR PNG (6 px per module, 4-module quiet zone). */
static int write_qr_png(const char *text, const char *path)
{
    qrgen_code c;
    if (qrgen_encode(text, strlen(text), QRGEN_ECC_M, 4, &c) != 0)
        return -1;
    int scale = 6, side = c.size * scale;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        qrgen_free(&c);
        return -1;
    }
    for (int y = 0; y < side; y++) {
        unsigned char *row = (unsigned char *)s->pixels + (size_t)y * (size_t)s->pitch;
        for (int x = 0; x < side; x++) {
            unsigned char v = c.modules[(y / scale) * c.size + x / scale] ? 0 : 255;
            row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = v;
        }
    }
    int rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    qrgen_free(&c);
    return rc;
}

/* A made-up citizen's card QR (the demo citizen of the reference) and one of our receipts. */
static const char *const TEXTS[] = {
    "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1 Tràng Tiền, Phường Hàng Bài, "
    "Quận Hoàn Kiếm, Hà Nội|15082021",
    "HS1:38.98.H29-210519-0013:U",
};

static devices *open_with(const char *conf_text, char *err, size_t errsize)
{
    config c;
    config_init(&c);
    if (config_load_string(&c, conf_text, "test.conf") != 0) {
        printf("bad test config: %s\n", c.error);
        return NULL;
    }
    return devices_open(&c, err, errsize);
}

/* The module's log lines go to a file for the whole camera test; none may hold a QR text. */
static int log_fd_saved = -1;

static void log_capture_start(const char *path)
{
    fflush(stderr);
    log_fd_saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        dup2(fd, 2);
        close(fd);
    }
    log_set_quiet(0);
}

static void log_capture_check(const char *path)
{
    fflush(stderr);
    if (log_fd_saved >= 0) {
        dup2(log_fd_saved, 2);
        close(log_fd_saved);
    }
    FILE *f = fopen(path, "rb");
    static char buf[65536];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    CHECK(strstr(buf, "kiosk[devices] event=open") != NULL, "no log line captured (%zu bytes)", n);
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++)
        CHECK(strstr(buf, TEXTS[i]) == NULL, "a QR text is in the log");
    CHECK(strstr(buf, "001099012345") == NULL && strstr(buf, "Nguyễn") == NULL,
          "personal data in the log");
    printf("camera: %zu bytes of log, no QR text in it\n", n);
}

static int test_camera(const char *tmp)
{
    char dir[512], p[600], conf[1200], err[512];
    char logpath[600];
    snprintf(logpath, sizeof logpath, "%s/devices.log", tmp);
    snprintf(dir, sizeof dir, "%s/frames", tmp);
    snprintf(p, sizeof p, "mkdir -p '%s'", dir);
    if (system(p) != 0)
        return 1;
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%02d.png", dir, i);
        CHECK(write_qr_png(TEXTS[i], p) == 0, "write %s: %s", p, IMG_GetError());
    }

    log_capture_start(logpath);

    /* 1. a directory of images: both texts, exactly, each once per sighting */
    snprintf(conf, sizeof conf, "[card]\nenabled = false\n[camera]\ndevice = %s\nfps = 20\n", dir);
    devices *d = open_with(conf, err, sizeof err);
    CHECK(d != NULL, "devices_open: %s", err);
    if (!d)
        return 1;
    device_status st;
    devices_status(d, &st);
    CHECK(st.camera_enabled && st.camera_present && !st.card_enabled, "status camera %d/%d card %d",
          st.camera_enabled, st.camera_present, st.card_enabled);

    /* scanning off: no frames are read, no events */
    sleep_ms(300);
    device_event ev;
    CHECK(!devices_poll(d, &ev), "an event (%s) while scanning is off", kind_name(ev.kind));

    devices_camera_enable(d, true);
    bool seen[2] = { false, false };
    double t0 = now_s(), first = 0;
    int qr_events = 0;
    while (now_s() - t0 < 5 && !(seen[0] && seen[1])) {
        if (!wait_event(d, DEV_QR_SEEN, 5, &ev, NULL))
            break;
        qr_events++;
        if (!first)
            first = now_s() - t0;
        bool known = false;
        for (int i = 0; i < 2; i++) {
            if (ev.text_len == strlen(TEXTS[i]) && !strcmp(ev.text, TEXTS[i])) {
                seen[i] = known = true;
            }
        }
        CHECK(known, "unexpected QR text (%zu bytes)", ev.text_len);
        devices_event_clear(&ev);
    }
    CHECK(seen[0], "the card QR (UTF-8) never came out exactly");
    CHECK(seen[1], "the receipt QR never came out exactly");
    printf("camera: both codes in %.2f s (first after %.3f s), %d events\n", now_s() - t0, first,
           qr_events);

    /* the two images alternate at 20 fps: a new text each frame is a new sighting, so
     * events keep coming; with one image the repeat filter must hold them back */
    devices_camera_enable(d, false);
    sleep_ms(200);
    while (devices_poll(d, &ev))
        devices_event_clear(&ev);
    sleep_ms(300);
    CHECK(!devices_poll(d, &ev), "event %s after scanning was switched off", kind_name(ev.kind));

    /* 2. devices_visit_end drops what is queued (the UI did not poll) */
    devices_camera_enable(d, true);
    sleep_ms(400);
    devices_camera_enable(d, false);
    sleep_ms(150);
    devices_visit_end(d);
    CHECK(!devices_poll(d, &ev), "event %s left after devices_visit_end", kind_name(ev.kind));
    double c0 = now_s();
    devices_close(d);
    printf("camera: close took %.3f s\n", now_s() - c0);

    /* 3. one image file: one event, then the repeat filter (same code, no gap) */
    snprintf(p, sizeof p, "%s/00.png", dir);
    snprintf(conf, sizeof conf, "[card]\nenabled = false\n[camera]\ndevice = %s\nfps = 30\n", p);
    d = open_with(conf, err, sizeof err);
    CHECK(d != NULL, "devices_open (file): %s", err);
    if (!d)
        return 1;
    devices_camera_enable(d, true);
    CHECK(wait_event(d, DEV_QR_SEEN, 3, &ev, print_other), "no QR from a single image file");
    CHECK(!strcmp(ev.text, TEXTS[0]), "single image: wrong text");
    devices_event_clear(&ev);
    int again = 0;
    double end = now_s() + 1.0;
    while (now_s() < end) {
        while (devices_poll(d, &ev)) {
            again += ev.kind == DEV_QR_SEEN;
            devices_event_clear(&ev);
        }
        sleep_ms(16);
    }
    CHECK(again == 0, "%d repeated QR events for a code held still for 1 s", again);
    /* after devices_visit_end the same code (next citizen) is a new sighting */
    devices_visit_end(d);
    CHECK(wait_event(d, DEV_QR_SEEN, 3, &ev, print_other), "no QR after visit end");
    devices_event_clear(&ev);
    /* the camera thread paces the file source to fps: ~30 frames/s, not hundreds */
    double cpu0 = cpu_s(), w0 = now_s();
    sleep_ms(1000);
    double scan_cpu = cpu_s() - cpu0, scan_wall = now_s() - w0;
    printf("camera: scanning one 222x222 file at 30 fps costs %.1f%% of a core\n",
           100 * scan_cpu / scan_wall);
    devices_close(d);

    /* 4. missing devices: absent, not fatal, no busy loop */
    snprintf(conf, sizeof conf,
             "[card]\nreader = no such reader 4711\ntrust_store = %s/none\n"
             "[camera]\ndevice = /dev/video-missing-4711\n", tmp);
    err[0] = 0;
    d = open_with(conf, err, sizeof err);
    CHECK(d != NULL, "devices_open must not fail on missing devices");
    if (!d)
        return 1;
    CHECK(err[0] != 0, "no message naming the missing devices");
    printf("missing devices: %s\n", err);
    devices_camera_enable(d, true);
    sleep_ms(100);
    cpu0 = cpu_s();
    w0 = now_s();
    sleep_ms(1500);
    double idle_cpu = cpu_s() - cpu0;
    devices_status(d, &st);
    CHECK(!st.reader_present && !st.camera_present, "status says present: reader %d camera %d",
          st.reader_present, st.camera_present);
    printf("missing devices: %.1f ms CPU in %.1f s\n", idle_cpu * 1000, now_s() - w0);
    CHECK(idle_cpu < 0.15, "%.3f s CPU in 1.5 s with no devices: a busy loop?", idle_cpu);
    while (devices_poll(d, &ev)) {
        CHECK(ev.kind == DEV_CAMERA_LOST || ev.kind == DEV_READER_LOST, "event %s",
              kind_name(ev.kind));
        devices_event_clear(&ev);
    }
    c0 = now_s();
    devices_close(d);
    double close_s = now_s() - c0;
    printf("missing devices: close took %.3f s\n", close_s);
    CHECK(close_s < 1.0, "close took %.2f s", close_s);
    log_capture_check(logpath);
    return 0;
}

static void print_identity(const char *tag, const identity *id, const device_event *ev)
{
    printf("%s.access=%s\n", tag, ev->card.access);
    printf("%s.verification=%s\n", tag, ev->card.verification);
    printf("%s.active_auth=%s\n", tag, ev->card.active_auth);
    printf("%s.assurance=%d\n", tag, (int)id->assurance);
    printf("%s.id_number=%s\n", tag, id->id_number);
    printf("%s.full_name=%s\n", tag, id->full_name);
    printf("%s.date_of_birth=%s\n", tag, id->date_of_birth);
    printf("%s.place_of_residence=%s\n", tag, id->place_of_residence);
    printf("%s.photo_len=%zu\n", tag, id->photo_len);
}

static int test_card(const char *reader, const char *trust, const char *qr, const char *can)
{
    char conf[1200], err[512];
    snprintf(conf, sizeof conf, "[card]\nreader = %s\ntrust_store = %s\n[camera]\ndevice = none\n",
             reader, trust);
    double t0 = now_s();
    devices *d = open_with(conf, err, sizeof err);
    CHECK(d != NULL, "devices_open: %s", err);
    if (!d)
        return 1;
    /* the identify screen is up: it wants QR codes (no camera here) and the card */
    devices_camera_enable(d, true);
    device_event ev;
    CHECK(wait_event(d, DEV_READER_FOUND, 5, &ev, print_other), "no reader-found");
    devices_event_clear(&ev);
    CHECK(wait_event(d, DEV_CARD_INSERTED, 5, &ev, print_other), "no card-inserted");
    devices_event_clear(&ev);
    printf("card: reader and card seen after %.3f s\n", now_s() - t0);
    device_status st;
    devices_status(d, &st);
    CHECK(st.reader_present && st.card_present, "status reader %d card %d", st.reader_present,
          st.card_present);

    /* 1. keys from the card's QR after the card was put down, with the photo */
    devices_want_photo(d, true);
    t0 = now_s();
    CHECK(devices_set_card_qr(d, qr) == 0, "card QR refused");
    CHECK(wait_event(d, DEV_CARD_READING, 3, &ev, print_other), "no card-reading");
    devices_event_clear(&ev);
    bool ok = wait_event(d, DEV_CARD_READ, 20, &ev, print_other);
    CHECK(ok, "no card-read");
    if (ok) {
        identity id;
        memset(&id, 0, sizeof id);
        devices_event_take_identity(&ev, &id);
        static const unsigned char zero[sizeof(identity)];
        CHECK(!memcmp(&ev.id, zero, sizeof zero), "the event kept a copy of the identity");
        printf("card: read 1 in %.3f s (driver %u ms, %u APDUs)\n", now_s() - t0, ev.card.ms,
               ev.card.apdus);
        print_identity("read1", &id, &ev);
        identity_wipe(&id);
        devices_event_clear(&ev);
    }

    /* 2. a wrong CAN (typed ID with the wrong last 6 digits): a card error with a message */
    CHECK(devices_set_card_id(d, "000000") == 0, "bare CAN refused");
    ok = wait_event(d, DEV_CARD_ERROR, 20, &ev, print_other);
    CHECK(ok, "no card-error for a wrong CAN");
    if (ok) {
        printf("read2.error=%s\n", ev.error_name);
        CHECK(ev.message && ev.message[0], "no message for the citizen");
        devices_event_clear(&ev);
    }

    /* 3. the right CAN: read again, no photo this time */
    devices_want_photo(d, false);
    CHECK(devices_set_card_id(d, can) == 0, "CAN refused");
    ok = wait_event(d, DEV_CARD_READ, 20, &ev, print_other);
    CHECK(ok, "no card-read with the CAN");
    if (ok) {
        print_identity("read3", &ev.id, &ev);
        devices_event_clear(&ev);
    }

    /* 4. visit ends during a read: nothing of it comes out */
    CHECK(devices_set_card_id(d, can) == 0, "CAN refused");
    CHECK(wait_event(d, DEV_CARD_READING, 3, &ev, print_other), "no card-reading (4)");
    devices_event_clear(&ev);
    devices_visit_end(d);
    double end = now_s() + 2.5;
    int leaked = 0;
    while (now_s() < end) {
        while (devices_poll(d, &ev)) {
            leaked += ev.kind == DEV_CARD_READ || ev.kind == DEV_CARD_ERROR;
            devices_event_clear(&ev);
        }
        sleep_ms(16);
    }
    CHECK(leaked == 0, "%d read results came out after devices_visit_end", leaked);

    /* 5. keys forgotten at visit end: the card stays, no new read starts */
    sleep_ms(500);
    CHECK(!devices_poll(d, &ev), "event %s after visit end", kind_name(ev.kind));

    /* idle: a reader and a card, no keys, no screen waiting: the thread only waits in
     * card_reader_poll, 1 s at a time */
    devices_camera_enable(d, false);
    sleep_ms(1100);
    double cpu0 = cpu_s(), w0 = now_s();
    sleep_ms(1000);
    double idle = cpu_s() - cpu0;
    printf("card: idle with reader and card: %.1f ms CPU in %.1f s\n", idle * 1000, now_s() - w0);
    CHECK(idle < 0.02, "%.3f s CPU in 1 s idle: a busy loop?", idle);

    /* 6. the card goes (the harness stops the emulator), then the reader (pcscd stops) */
    printf("READY-FOR-REMOVE\n");
    fflush(stdout);
    CHECK(wait_event(d, DEV_CARD_REMOVED, 10, &ev, print_other), "no card-removed");
    devices_event_clear(&ev);
    devices_status(d, &st);
    CHECK(st.reader_present && !st.card_present, "after removal: reader %d card %d",
          st.reader_present, st.card_present);
    printf("READY-FOR-READER-STOP\n");
    fflush(stdout);
    ok = wait_event(d, DEV_READER_LOST, 10, &ev, print_other);
    CHECK(ok, "no reader-lost when pcscd stopped");
    if (ok)
        CHECK(ev.message && ev.message[0], "reader-lost without a message");
    devices_event_clear(&ev);
    devices_status(d, &st);
    CHECK(!st.reader_present, "reader still present after pcscd stopped");
    printf("card: removal and reader loss seen\n");

    /* 7. pcscd and the card come back (the harness restarts them): found again (2 s retry) */
    printf("READY-FOR-READER-BACK\n");
    fflush(stdout);
    t0 = now_s();
    CHECK(wait_event(d, DEV_READER_FOUND, 15, &ev, print_other), "reader not found again");
    devices_event_clear(&ev);
    CHECK(wait_event(d, DEV_CARD_INSERTED, 10, &ev, print_other), "card not seen again");
    devices_event_clear(&ev);
    printf("card: reader and card back after %.2f s\n", now_s() - t0);

    double c0 = now_s();
    devices_close(d);
    double close_s = now_s() - c0;
    printf("card: close took %.3f s\n", close_s);
    CHECK(close_s < 2.5, "close took %.2f s (one idle poll is 1 s)", close_s);
    return 0;
}

int main(int argc, char **argv)
{
    log_set_quiet(getenv("DEVICES_TEST_LOG") == NULL);
    int rc = 2;
    if (argc == 3 && !strcmp(argv[1], "camera"))
        rc = test_camera(argv[2]);
    else if (argc == 6 && !strcmp(argv[1], "card"))
        rc = test_card(argv[2], argv[3], argv[4], argv[5]);
    else
        fprintf(stderr, "usage: test_devices camera TMPDIR | card READER TRUSTDIR QR CAN\n");
    IMG_Quit();
    SDL_Quit();
    if (rc == 2)
        return 2;
    if (failures || rc) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}
