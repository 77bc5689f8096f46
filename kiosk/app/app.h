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

#include "config.h"
#include "identity.h"
#include "keyboard.h"
#include "render.h"
#include "ui.h"

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
    SCREEN_COUNT
} screen_id;

/* Everything personal a visit holds. Wiped as a whole at the end. */
typedef struct visit {
    bool active;
    identity id;
    char search[256];           /* what the citizen typed */
    char dossier_code[64];
    char scanned[1024];         /* the last QR text the camera saw */
    int rating;
} visit;

typedef struct sim_devices {
    char card[32];              /* name of the simulated card on the reader, "" if none */
    bool card_changed;
    char qr[1024];              /* a QR text the simulated camera sees, "" if none */
    bool qr_pending;
} sim_devices;

#define APP_HISTORY 16
#define APP_SPOKEN_LOG 64

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
    const char *prompt;         /* the prompt of the screen on show */

    visit visit;
    sim_devices sim;
    kb_state kb;
    int list_scroll;

    /* What was spoken, for tests (prompt IDs, most recent last). */
    char spoken[APP_SPOKEN_LOG][64];
    int nspoken;

    bool end_requested;         /* end the visit before the next frame */
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

screen_id app_screen_by_name(const char *name);

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
