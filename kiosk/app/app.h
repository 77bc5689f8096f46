/* app: the kiosk program's state: which screen is up, the visit in progress
 * and its data, the devices, the clock, and the navigation between screens.
 *
 * A visit starts when a citizen taps a language on the attract screen and
 * ends with "Làm lại", the idle timeout, or the end of a flow; app_end_visit()
 * then wipes everything the visit held (identity, typed text, scanned codes,
 * cached text textures) with explicit_bzero. Each screen is one file
 * (screen_*.c) with a function that draws it for one frame. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <SDL2/SDL.h>
#include <stdbool.h>

#include "catalog.h"
#include "config.h"
#include "form.h"
#include "identity.h"
#include "keyboard.h"
#include "kioskd_client.h"
#include "receipt.h"
#include "render.h"
#include "search.h"
#include "ui.h"

struct printer;
struct audio;
struct devices;

typedef enum screen_id {
    SCREEN_ATTRACT,     /* welcome + language choice: starts a visit */
    SCREEN_HOME,        /* the five tiles */
    SCREEN_LANGUAGE,    /* change language during a visit */
    SCREEN_LOOKUP,      /* look up a procedure */
    SCREEN_SUBMIT,      /* submit a dossier */
    SCREEN_TRACK,       /* track a dossier */
    SCREEN_TICKET,      /* take a queue number */
    SCREEN_RATE,        /* rate our service */
    SCREEN_TEXTDEMO,    /* every script we shape, for checking fonts */
    SCREEN_PROCEDURE,   /* one procedure: time, fee, what to bring, steps */
    SCREEN_FIELD,       /* the procedures of one field (browsing) */
    SCREEN_IDENTIFY,    /* card QR, then chip; or typed ID; or unverified */
    SCREEN_CONFIRM_ID,  /* what the card says: is it you? */
    SCREEN_QUESTION,    /* one form question */
    SCREEN_CHECK,       /* check your answers */
    SCREEN_CONSENT,     /* consent to data processing */
    SCREEN_RECEIPT,     /* submitted: receipt printed and shown */
    SCREEN_STATUS,      /* a dossier's status */
    SCREEN_PRIORITY,    /* queue ticket: priority question */
    SCREEN_TICKET_DONE, /* queue ticket printed */
    SCREEN_RATE_REASONS,/* rating: reasons as pictures */
    SCREEN_TECH_PIN,    /* technician PIN pad (after the hidden gesture) */
    SCREEN_TECH,        /* technician mode */
    SCREEN_COUNT
} screen_id;

/* Everything personal a visit holds. Wiped as a whole at the end
 * (form and answers are freed after their contents are zeroed). */
typedef struct visit {
    bool active;
    identity id;
    char search[256];           /* what the citizen typed */
    char field[32];             /* the field being browsed */
    catalog_procedure proc;     /* the procedure looked at or being submitted */
    bool proc_loaded;
    bool submitting;            /* the procedure page leads into the submission */
    form *form;
    form_answers *answers;
    int question;               /* index of the form field on screen */
    bool from_check;            /* a "Sửa" from the check screen: go back there */
    char answer[FORM_VALUE_MAX];/* the answer being typed */
    char message[600];          /* validation or error message on screen (room for long scripts) */
    char typed_id[16];          /* ID number typed for PACE */
    bool qr_card_read;          /* the card's QR was read (keys ready for the chip) */
    bool submitted;             /* the dossier is safe in kioskd: Back never resubmits */
    char request_id[37];
    kioskd_receipt kreceipt;
    receipt rcpt;
    bool printed;
    char print_error[200];
    char dossier_code[64];
    kioskd_status_info status;
    bool status_ok;
    char ticket_group[32];
    kioskd_ticket_info ticket;
    bool ticket_printed;
    char scanned[1024];         /* the last QR text the camera saw */
    int rating;
    bool reasons[6];
} visit;

typedef struct sim_devices {
    char card[32];              /* name of the simulated card on the reader, "" if none */
    bool card_changed;
    char qr[1024];              /* a QR text the simulated camera sees, "" if none */
    bool qr_pending;
} sim_devices;

#define APP_HISTORY 16
#define APP_SPOKEN_LOG 64

/* A file's identity (device, inode, modification time); all zero: none. */
typedef struct file_stamp {
    unsigned long long dev, ino;
    long long mtime;
} file_stamp;

typedef struct app {
    config cfg;
    bool demo, headless, windowed;
    char assets_dir[512];
    char font_dir[512];

    SDL_Window *window;
    SDL_Renderer *renderer;
    ui_text *text;
    render *rd;
    ui_ctx ui;

    double now;                 /* seconds: virtual in scripts, real otherwise */
    double last_input;
    bool idle_warning;
    double idle_warning_at;
    int idle_extensions;
    double idle_after, idle_countdown;
    int idle_max_extensions;
    bool staff_called;
    double staff_called_at;

    screen_id screen;
    screen_id history[APP_HISTORY];
    int depth;
    bool screen_entered;        /* first frame of a screen: speak its prompt */
    double screen_since;        /* when the current screen was entered */
    const char *prompt;         /* the prompt of the screen on show */

    visit visit;
    sim_devices sim;

    /* Services: the catalog, kioskd, the printer, the speaker. */
    catalog *cat;
    int panel_w, panel_h;       /* the display's pixels (the UI's size is turned by rotation) */
    int rotation;               /* [kiosk] rotation, checked: 0, 90, 180 or 270 */
    float touch_dx, touch_dy;   /* [kiosk] touch_offset_*_mm in UI pixels, taken off each touch */
    char cat_path[700];         /* the file a->cat was opened from */
    file_stamp cat_stamp;       /* its identity then: an update is a rename() */
    file_stamp cat_bad;         /* a catalog file that would not open (not retried) */
    search_index *search;
    workdays_calendar holidays;
    kioskd_client kioskd;
    struct printer *printer;
    struct audio *audio;
    struct devices *dev;        /* real card reader and camera (not in demo or scripts) */
    char last_tracking_qr[64];  /* scripts: the last receipt's tracking QR (no personal data) */
    int prints;
    kb_state kb;
    int list_scroll;

    /* What was spoken, for tests (prompt IDs, most recent last). */
    char spoken[APP_SPOKEN_LOG][64];
    int nspoken;
    char voice_lang[16];        /* language the last prompt was actually spoken in */
    bool voice_fallback;        /* no recording in the visit's language: Vietnamese spoken */

    bool end_requested;         /* end the visit before the next frame */

    /* Technician mode (screen_tech.c). */
    int tech_taps;
    double tech_first_tap;
    char tech_pin[16];
    int tech_fails;
    double tech_locked_until;
    int tech_page;
    int tech_line;              /* first line shown of a long page (config, log) */
    float tech_offset_x, tech_offset_y; /* mean of the calibration taps, mm */
    int tech_calib_taps;
    bool quit;
    char error[256];
} app;

/* Set-up and tear-down (main.c). */
int app_init(app *a, int width, int height, float dpi);
void app_shutdown(app *a);

/* One frame: describe the UI for the current state (no drawing). */
void app_frame(app *a);
/* Draw the last frame to the renderer and present it. */
void app_present(app *a);
/* A finger at (px, py) on the panel (pixels) in UI coordinates: turned back
 * by [kiosk] rotation, less the configured touch offset. */
void app_touch_point(const app *a, float px, float py, float *x, float *y);

void app_go(app *a, screen_id s);
void app_back(app *a);
void app_start_visit(app *a, const char *lang);
void app_end_visit(app *a);
void app_note_input(app *a);
/* Speak a prompt (by ID) in the visit's language. */
void app_say(app *a, const char *prompt_id);

/* Devices: the simulated ones (demo, scripts). */
void app_sim_card(app *a, const char *name);
void app_sim_qr(app *a, const char *text);
/* Take the QR text the camera saw, if any (consumes it). */
bool app_take_qr(app *a, char *out, size_t size);

/* Layout pieces shared by screens (chrome.c). */
ui_rect app_content(app *a);
void app_chrome(app *a);
bool app_flow_buttons(app *a, const char *next_label, bool next_enabled);
/* The letter keyboard's place, cut from the right of *r: share of its width,
 * widened on smaller screens so the keys stay 20 mm while the left keeps
 * 116 mm, and at most 138 mm tall. */
ui_rect app_keyboard_area(app *a, ui_rect *r, float share);
/* The screen's question or title, as many lines as it needs, cut from the top of *r. */
void app_heading(app *a, ui_rect *r, const char *text);

/* Screens. */
void screen_attract(app *a, ui_rect r);
void screen_home(app *a, ui_rect r);
void screen_language(app *a, ui_rect r);
void screen_lookup(app *a, ui_rect r);
void screen_submit(app *a, ui_rect r);
void screen_track(app *a, ui_rect r);
void screen_ticket(app *a, ui_rect r);
void screen_rate(app *a, ui_rect r);
void screen_textdemo(app *a, ui_rect r);

void screen_procedure(app *a, ui_rect r);
void screen_field(app *a, ui_rect r);
void screen_identify(app *a, ui_rect r);
void screen_confirm_id(app *a, ui_rect r);
void screen_question(app *a, ui_rect r);
void screen_check(app *a, ui_rect r);
void screen_consent(app *a, ui_rect r);
void screen_receipt(app *a, ui_rect r);
void screen_status(app *a, ui_rect r);
void screen_priority(app *a, ui_rect r);
void screen_ticket_done(app *a, ui_rect r);
void screen_rate_reasons(app *a, ui_rect r);
void screen_tech_pin(app *a, ui_rect r);
void screen_tech(app *a, ui_rect r);
/* The hidden gesture that opens technician mode (every frame). */
void tech_gesture(app *a);

screen_id app_screen_by_name(const char *name);

/* Services (services.c). */
void services_open(app *a);
void services_close(app *a);
/* Between visits: if kioskd installed a newer catalog (or the file changed),
 * open it and its search index; on failure keep the one open. */
void services_catalog_refresh(app *a);
/* Whether the catalog file to read is not the one open (scripts, refresh). */
bool services_catalog_changed(app *a);
/* Device events of this frame (real reader and camera). */
void services_poll(app *a);
/* Load a procedure into the visit. Returns 0 or -1 (message in visit.message). */
int app_load_procedure(app *a, const char *code);
/* The next question to ask after index `after` (-1: the first), or -1 at the
 * end. Answers the chip filled in (and the citizen confirmed) are not asked
 * again; "check your answers" still lets them be changed. */
int app_next_question(app *a, int after);
/* Start the form of the loaded procedure (after identification). */
void app_begin_form(app *a);
/* Submit the visit's dossier to kioskd, then print the receipt. */
void app_submit(app *a);
/* Print the receipt again / the ticket. Return 0 or a printer error. */
int app_print_receipt(app *a);
int app_print_ticket(app *a, const char *group_label, int priority);
/* A procedure's text in the visit's language (catalog-<lang>.po, keyed by
 * "CODE/name" or "CODE/summary"), else the catalog's Vietnamese. */
const char *app_proc_text(const char *code, const char *field, const char *vietnamese);

/* The languages offered on the attract screen. */
typedef struct app_language {
    const char *code;
    const char *native;         /* in its own script */
    const char *vietnamese;     /* its name in Vietnamese */
    bool draft;                 /* translation not reviewed by a native speaker */
} app_language;
int app_languages(const app_language **list);

/* Script runner (script.c): returns the process exit status. */
int script_run(app *a, const char *path, const char *shots_dir);

#endif
