/* devices: the kiosk's real card reader and camera, each on its own worker
 * thread, seen by the UI thread as a queue of events it polls once a frame.
 *
 * The SDL thread must never block: reading a chip card takes about a second
 * and a camera frame arrives every 66 ms, so both live on threads:
 * - the card thread waits for card events in card_reader_poll and reads the
 *   card (card_read_identity) as soon as it has both a card on the reader and
 *   access keys given by the app; keys are noticed within 100 ms while
 *   scanning is on (the identify screen) or keys are held, within 1 s
 *   otherwise (an idle kiosk polls pcscd once a second);
 * - the camera thread, only while a screen asked for QR codes, blocks in
 *   camera_next_frame and runs the QR decoder on each frame (paced to the
 *   configured fps); the camera is closed while scanning is off (light off,
 *   no stale frames of an earlier visit).
 * A missing device is reported as absent, never fatal; a reader or camera
 * plugged in later is picked up (reader: retried every 2 s; camera "auto":
 * by the camera driver).
 *
 * Configuration ([section] key, from kiosk.conf):
 *   [card] enabled      = true        (false: no card thread)
 *   [card] reader       = ""          (part of the PC/SC reader name; "" = the first)
 *   [card] trust_store  = /etc/kiosk/csca   (CSCA certificates for passive authentication)
 *   [camera] device     = auto        ("auto", "/dev/videoN", a directory of images or an
 *                                      image file (demo), "files:..."/"v4l2:..." as camera.h,
 *                                      "none" or "" = no camera)
 *   [camera] width, height, fps       (camera.h)
 *
 * Privacy: QR texts, keys and identities are personal data. They are never
 * logged; every buffer that held one is wiped with explicit_bzero; an event
 * handed to the app by devices_poll is the app's to wipe with
 * devices_event_clear() (after moving what it keeps). devices_visit_end()
 * forgets the keys, drops queued events and discards a read in progress.
 *
 * Threads: every function here is called from the UI thread only (one
 * caller); they take the module's mutex briefly and never wait for a device.
 *
 * When the program is built without the device drivers (kiosk_card,
 * kiosk_camera and kiosk_qr not linked), devices_open() returns an object
 * with both devices absent and says so in err. */
#ifndef KIOSK_DEVICES_H
#define KIOSK_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "identity.h"

#define DEVICES_TEXT_MAX 4096   /* bytes of a QR text, NUL included */

typedef enum device_event_kind {
    DEV_NONE = 0,
    DEV_QR_SEEN,         /* text: a QR code the camera saw (once per sighting) */
    DEV_CARD_INSERTED,   /* a card was put on the reader */
    DEV_CARD_REMOVED,    /* the card was taken off the reader */
    DEV_CARD_READING,    /* the read started: "keep the card still" (about 1 s) */
    DEV_CARD_READ,       /* id + summary: the chip was read */
    DEV_CARD_ERROR,      /* card_error, error_name, message: the read failed */
    DEV_READER_LOST,     /* the card reader was unplugged or pcscd stopped */
    DEV_READER_FOUND,    /* a reader became available (after DEV_READER_LOST or at start) */
    DEV_CAMERA_LOST,     /* the camera was unplugged or fails (message says what to do) */
    DEV_CAMERA_FOUND     /* frames arrive again after DEV_CAMERA_LOST */
} device_event_kind;

/* What the chip read says about trust (the names of card.h). */
typedef struct device_card_summary {
    const char *access;         /* "PACE", "BAC", "none" */
    const char *verification;   /* "verified", "unknown-signer", "hash-mismatch", ... */
    const char *active_auth;    /* "passed", "failed", "not-available" */
    int mismatch_dg;            /* the data group of a hash mismatch, else 0 */
    unsigned ms;                /* how long the read took */
    unsigned apdus;
} device_card_summary;

typedef struct device_event {
    device_event_kind kind;
    char text[DEVICES_TEXT_MAX];    /* DEV_QR_SEEN: NUL-terminated UTF-8 (personal data) */
    size_t text_len;
    identity id;                    /* DEV_CARD_READ: owns id.photo (personal data) */
    device_card_summary card;       /* DEV_CARD_READ */
    int card_error;                 /* DEV_CARD_ERROR: a card_err value (card.h) */
    const char *error_name;         /* DEV_CARD_ERROR: "wrong-key"...; DEV_*_LOST: a short name */
    const char *message;            /* DEV_CARD_ERROR, DEV_*_LOST: what to do, in Vietnamese */
} device_event;

typedef struct device_status {
    bool card_enabled;      /* a card thread runs */
    bool reader_present;    /* a PC/SC reader is open */
    bool card_present;      /* a card is on it */
    bool camera_enabled;    /* a camera is configured (thread runs) */
    bool camera_present;    /* the camera opened / delivers frames */
    bool scanning;          /* devices_camera_enable(d, true) is in force */
} device_status;

typedef struct devices devices;
struct card_keys;

/* Start the device threads from the configuration (see top; cfg is read
 * here only, not kept). Returns NULL
 * only when out of memory or a thread cannot start (err says why); absent
 * devices are not an error: err then names them (for the technician log),
 * and devices_status() tells the screens. */
devices *devices_open(config *cfg, char *err, size_t errsize);

/* Take the next event, without waiting. Returns false when there is none.
 * *ev is overwritten: clear the previous event first. Clear each event with
 * devices_event_clear() once used (after devices_event_take_identity for a
 * DEV_CARD_READ, or copying the text of a DEV_QR_SEEN). */
bool devices_poll(devices *d, device_event *ev);

/* Move the identity of a DEV_CARD_READ event into *out (photo included);
 * the event's copy is wiped. *out must be empty or wiped. */
void devices_event_take_identity(device_event *ev, identity *out);
/* Wipe an event (explicit_bzero; frees a photo still owned). */
void devices_event_clear(device_event *ev);

/* Give the access keys for the chip (from the card's QR or a typed ID); the
 * module keeps a copy (the caller wipes its own). The card is read as soon as
 * both a card and keys are there; new keys after a failed read (wrong key)
 * start a new read. After a successful read the keys are forgotten. */
void devices_set_card_keys(devices *d, const struct card_keys *k);
/* The same from the card's QR text or a typed ID number (card_keys_from_qr /
 * card_keys_from_id). Returns 0 or the card_err of a text that gives no keys. */
int devices_set_card_qr(devices *d, const char *qr_text);
int devices_set_card_id(devices *d, const char *digits);
/* Read the photo (DG2) on the next read (off by default; ~+0.5 s). */
void devices_want_photo(devices *d, bool on);

/* Scan for QR codes (camera on) or not. Only screens that want a QR turn it on. */
void devices_camera_enable(devices *d, bool on);

/* The visit ended: forget the keys, drop queued events (wiped), discard a
 * read in progress and a QR being decoded, reset the QR repeat filter, photo
 * reading back off. Scanning stays as it was (the screen decides). */
void devices_visit_end(devices *d);

void devices_status(devices *d, device_status *st);

/* Stop the threads (waits for a read in progress or a poll: at most ~1 s), close the
 * devices, wipe and free everything. NULL is ignored. */
void devices_close(devices *d);

#endif
