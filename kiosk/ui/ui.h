/* ui: the immediate-mode toolkit every screen is written with.
 *
 * Each frame a screen describes itself by calling widget functions
 * (`if (ui_button(ui, r, "Tiếp tục", "next")) ...`). Widgets do two things:
 * append drawing commands to the draw list (rects, text, images) that the SDL
 * backend (render.h) draws, and append a node to the semantic tree (role,
 * label, rect, enabled) used for speech, hit-testing and scripted tests.
 * Nothing here touches the renderer; text is measured through the text engine
 * (text.h), which owns the fonts.
 *
 * Geometry is in pixels, but every size a screen asks for is in millimetres
 * (ui_mm) converted with the display's DPI, so a 20 mm button is 20 mm on any
 * screen. The context owns fixed-size arrays: no allocation per frame. */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_text.h"

#define UI_MAX_CMDS 2048
#define UI_MAX_NODES 512
#define UI_TEXT_ARENA (64 * 1024)
#define UI_LABEL_MAX 256

typedef struct ui_rect {
    float x, y, w, h;
} ui_rect;

typedef struct ui_color {
    uint8_t r, g, b, a;
} ui_color;

typedef enum ui_role {
    UI_ROLE_TEXT,
    UI_ROLE_HEADING,
    UI_ROLE_BUTTON,
    UI_ROLE_TILE,
    UI_ROLE_FIELD,
    UI_ROLE_LISTITEM,
    UI_ROLE_KEY,
    UI_ROLE_IMAGE,
    UI_ROLE_DIALOG
} ui_role;

typedef enum ui_align { UI_ALIGN_LEFT, UI_ALIGN_CENTER, UI_ALIGN_RIGHT } ui_align;

typedef enum ui_cmd_type { UI_CMD_RECT, UI_CMD_TEXT, UI_CMD_ICON, UI_CMD_QR } ui_cmd_type;

typedef struct ui_cmd {
    ui_cmd_type type;
    ui_rect rect;
    ui_color color;         /* fill, or the border's colour when border > 0 */
    ui_color fill;          /* RECT with border: the colour inside the border */
    float radius;           /* corner radius, RECT */
    float border;           /* border width; 0 = plain fill, RECT */
    ui_font_style style;    /* TEXT */
    ui_align align;         /* TEXT */
    uint32_t text;          /* offset in the frame's text arena: TEXT, ICON name, QR data */
    uint32_t text_len;
} ui_cmd;

typedef struct ui_node {
    ui_role role;
    char label[UI_LABEL_MAX];
    ui_rect rect;
    bool enabled;
    ui_font_style style;    /* text size actually drawn, for the legibility checks */
    bool clipped;           /* the label did not fit even at the smallest size: cut with "…" */
    ui_color fg, bg;        /* for the contrast checks */
} ui_node;

typedef struct ui_theme {
    ui_color background, text, muted, primary, on_primary, secondary, on_secondary,
        surface, border, danger, on_danger, focus;
} ui_theme;

typedef struct ui_ctx {
    float dpi;
    int width, height;          /* pixels */
    ui_text *text;              /* font engine, not owned */
    ui_theme theme;
    /* pointer state, set by the event loop or the script runner */
    float mx, my;
    bool down, pressed, released;
    uint32_t active_id;         /* widget under a press in progress */
    bool any_tap;               /* a widget took a tap this frame */
    /* output of the frame */
    ui_cmd cmds[UI_MAX_CMDS];
    int ncmds;
    ui_node nodes[UI_MAX_NODES];
    int nnodes;
    char arena[UI_TEXT_ARENA];
    uint32_t arena_used;
    bool overflow;              /* a fixed array filled up this frame */
    ui_font_style last_style;   /* style the last text was drawn at (after shrinking) */
    bool last_clipped;          /* the last text had to be cut */
    /* modal layer: while set, widgets outside the dialog don't take taps */
    bool modal;                 /* a dialog was open last frame: only it takes taps */
    bool modal_now;             /* a dialog opened this frame */
    bool in_modal;
} ui_ctx;

void ui_init(ui_ctx *ui, ui_text *text, int width, int height, float dpi);
void ui_begin_frame(ui_ctx *ui);
void ui_end_frame(ui_ctx *ui);

/* Pointer input (pixels). */
void ui_input_move(ui_ctx *ui, float x, float y);
void ui_input_down(ui_ctx *ui, float x, float y);
void ui_input_up(ui_ctx *ui, float x, float y);

/* Millimetres to pixels at the context's DPI. */
float ui_mm(const ui_ctx *ui, float mm);

/* Geometry helpers. */
ui_rect ui_rect_make(float x, float y, float w, float h);
ui_rect ui_inset(ui_rect r, float d);
ui_rect ui_cut_top(ui_rect *r, float h);
ui_rect ui_cut_bottom(ui_rect *r, float h);
ui_rect ui_cut_left(ui_rect *r, float w);
ui_rect ui_cut_right(ui_rect *r, float w);
/* Cell i of a cols x rows grid in r with gap between cells. */
ui_rect ui_grid_cell(ui_rect r, int cols, int rows, float gap, int i);
bool ui_rect_contains(ui_rect r, float x, float y);

/* Drawing primitives (no semantics). */
void ui_draw_rect(ui_ctx *ui, ui_rect r, ui_color c, float radius);
/* A filled rounded rectangle with a border of `width` pixels in border_color. */
void ui_draw_frame(ui_ctx *ui, ui_rect r, ui_color fill, ui_color border_color, float radius,
                   float width);
void ui_draw_text(ui_ctx *ui, ui_rect r, const char *s, ui_font_style st, ui_color c, ui_align a);
void ui_draw_icon(ui_ctx *ui, ui_rect r, const char *icon, ui_color c);
void ui_draw_qr(ui_ctx *ui, ui_rect r, const char *data, size_t len);

/* Widgets. Each adds a semantic node. Labels are shown as given (already translated). */
void ui_label(ui_ctx *ui, ui_rect r, const char *text, ui_font_style st, ui_align a);
void ui_heading(ui_ctx *ui, ui_rect r, const char *text);
/* Height (pixels) text needs when wrapped to width w in style st. */
float ui_text_height(ui_ctx *ui, const char *text, ui_font_style st, float w);
/* A wrapped paragraph; returns the height used (pixels). */
float ui_paragraph(ui_ctx *ui, ui_rect r, const char *text, ui_font_style st);
/* A button with an optional pictogram (icon name or NULL). Returns true when tapped. */
bool ui_button(ui_ctx *ui, ui_rect r, const char *label, const char *icon);
bool ui_button_secondary(ui_ctx *ui, ui_rect r, const char *label, const char *icon);
bool ui_button_enabled(ui_ctx *ui, ui_rect r, const char *label, const char *icon, bool enabled,
                       bool primary);
/* A big tile: pictogram above its label. */
bool ui_tile(ui_ctx *ui, ui_rect r, const char *label, const char *icon);
/* A tile that toggles: drawn filled (primary colours) while selected. */
bool ui_tile_selected(ui_ctx *ui, ui_rect r, const char *label, const char *icon, bool selected);
/* A read-only text field showing value (the keyboard edits it). */
void ui_text_field(ui_ctx *ui, ui_rect r, const char *label, const char *value, bool focused);
/* A list of items, scrolled by *scroll (first visible index); returns the tapped
 * index or -1. Up/down buttons page through long lists (no drag needed). */
int ui_list(ui_ctx *ui, ui_rect r, const char *const *items, int count, int *scroll,
            float item_h_mm);
/* "Lên" / "Xuống" buttons stacked in nav that page *first through count
 * items shown per_page at a time (lists, answers, tiles). */
void ui_pager(ui_ctx *ui, ui_rect nav, int *first, int per_page, int count);
/* A QR code drawn from data, with a label for the semantic tree. */
void ui_qr(ui_ctx *ui, ui_rect r, const char *data, size_t len, const char *label);

/* Modal dialog: everything drawn between begin and end takes taps, the rest
 * doesn't; the background is dimmed. */
void ui_modal_begin(ui_ctx *ui, ui_rect r, const char *title);
void ui_modal_end(ui_ctx *ui);

/* Semantic tree queries (tests, speech, scripts). */
const ui_node *ui_find_node(const ui_ctx *ui, const char *label_part, bool enabled_only,
                            bool actionable_only);
bool ui_text_visible(const ui_ctx *ui, const char *text);
/* Text from the arena of a command. */
const char *ui_cmd_text(const ui_ctx *ui, const ui_cmd *c);

/* WCAG contrast ratio of two colours (1..21). */
double ui_contrast_ratio(ui_color a, ui_color b);

#endif
