/* ui: widgets, layout helpers, the draw list and the semantic tree.
 *
 * A widget's identity is a hash of its label and position: stable from one
 * frame to the next without the screen naming anything. A tap is a press and a
 * release on the same widget, so sliding a finger off a button cancels it. */
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

static const ui_theme default_theme = {
    .background = { 0xFF, 0xFF, 0xFF, 0xFF },
    .text = { 0x14, 0x14, 0x14, 0xFF },
    .muted = { 0x3D, 0x3D, 0x3D, 0xFF },
    .primary = { 0x0B, 0x3D, 0x91, 0xFF },      /* deep blue: 10.4:1 with white */
    .on_primary = { 0xFF, 0xFF, 0xFF, 0xFF },
    .secondary = { 0xE8, 0xEE, 0xF7, 0xFF },
    .on_secondary = { 0x0B, 0x2D, 0x6B, 0xFF },
    .surface = { 0xF3, 0xF4, 0xF6, 0xFF },
    .border = { 0x4A, 0x55, 0x68, 0xFF },
    .danger = { 0x9B, 0x1C, 0x1C, 0xFF },
    .on_danger = { 0xFF, 0xFF, 0xFF, 0xFF },
    .focus = { 0xB4, 0x5F, 0x06, 0xFF },
};

void ui_init(ui_ctx *ui, ui_text *text, int width, int height, float dpi)
{
    memset(ui, 0, sizeof *ui);
    ui->text = text;
    ui->width = width;
    ui->height = height;
    ui->dpi = dpi;
    ui->theme = default_theme;
    ui->mx = ui->my = -1;
}

void ui_begin_frame(ui_ctx *ui)
{
    ui->ncmds = 0;
    ui->nnodes = 0;
    ui->arena_used = 0;
    ui->overflow = false;
    ui->any_tap = false;
    ui->modal_now = false;
    ui->in_modal = false;
    /* The backend clears to theme.background: no full-screen rectangle needed. */
}

void ui_end_frame(ui_ctx *ui)
{
    ui->modal = ui->modal_now;
    if (ui->released)
        ui->active_id = 0;
    ui->pressed = false;
    ui->released = false;
}

void ui_input_move(ui_ctx *ui, float x, float y)
{
    ui->mx = x;
    ui->my = y;
}

void ui_input_down(ui_ctx *ui, float x, float y)
{
    ui->mx = x;
    ui->my = y;
    ui->down = true;
    ui->pressed = true;
}

void ui_input_up(ui_ctx *ui, float x, float y)
{
    ui->mx = x;
    ui->my = y;
    ui->down = false;
    ui->released = true;
}

float ui_mm(const ui_ctx *ui, float mm)
{
    return mm * ui->dpi / 25.4f;
}

ui_rect ui_rect_make(float x, float y, float w, float h)
{
    return (ui_rect){ x, y, w, h };
}

ui_rect ui_inset(ui_rect r, float d)
{
    return (ui_rect){ r.x + d, r.y + d, fmaxf(0, r.w - 2 * d), fmaxf(0, r.h - 2 * d) };
}

ui_rect ui_cut_top(ui_rect *r, float h)
{
    h = fminf(h, r->h);
    ui_rect out = { r->x, r->y, r->w, h };
    r->y += h;
    r->h -= h;
    return out;
}

ui_rect ui_cut_bottom(ui_rect *r, float h)
{
    h = fminf(h, r->h);
    r->h -= h;
    return (ui_rect){ r->x, r->y + r->h, r->w, h };
}

ui_rect ui_cut_left(ui_rect *r, float w)
{
    w = fminf(w, r->w);
    ui_rect out = { r->x, r->y, w, r->h };
    r->x += w;
    r->w -= w;
    return out;
}

ui_rect ui_cut_right(ui_rect *r, float w)
{
    w = fminf(w, r->w);
    r->w -= w;
    return (ui_rect){ r->x + r->w, r->y, w, r->h };
}

ui_rect ui_grid_cell(ui_rect r, int cols, int rows, float gap, int i)
{
    float cw = (r.w - gap * (float)(cols - 1)) / (float)cols;
    float ch = (r.h - gap * (float)(rows - 1)) / (float)rows;
    int c = i % cols, row = i / cols;
    return (ui_rect){ r.x + (float)c * (cw + gap), r.y + (float)row * (ch + gap), cw, ch };
}

bool ui_rect_contains(ui_rect r, float x, float y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static ui_cmd *push_cmd(ui_ctx *ui, ui_cmd_type type, ui_rect r)
{
    if (ui->ncmds >= UI_MAX_CMDS) {
        ui->overflow = true;
        return NULL;
    }
    ui_cmd *c = &ui->cmds[ui->ncmds++];
    memset(c, 0, sizeof *c);
    c->type = type;
    c->rect = r;
    return c;
}

static bool arena_put(ui_ctx *ui, const char *s, size_t len, uint32_t *off)
{
    if (ui->arena_used + len + 1 > UI_TEXT_ARENA) {
        ui->overflow = true;
        return false;
    }
    *off = ui->arena_used;
    memcpy(ui->arena + ui->arena_used, s, len);
    ui->arena[ui->arena_used + len] = '\0';
    ui->arena_used += (uint32_t)len + 1;
    return true;
}

const char *ui_cmd_text(const ui_ctx *ui, const ui_cmd *c)
{
    return ui->arena + c->text;
}

void ui_draw_rect(ui_ctx *ui, ui_rect r, ui_color col, float radius)
{
    ui_cmd *c = push_cmd(ui, UI_CMD_RECT, r);
    if (c) {
        c->color = col;
        c->radius = radius;
    }
}

void ui_draw_frame(ui_ctx *ui, ui_rect r, ui_color fill, ui_color border_color, float radius,
                   float width)
{
    ui_cmd *c = push_cmd(ui, UI_CMD_RECT, r);
    if (c) {
        c->color = border_color;
        c->fill = fill;
        c->radius = radius;
        c->border = width;
    }
}

static void draw_text_len(ui_ctx *ui, ui_rect r, const char *s, size_t len, ui_font_style st,
                          ui_color col, ui_align a)
{
    ui_cmd *c = push_cmd(ui, UI_CMD_TEXT, r);
    if (!c)
        return;
    if (!arena_put(ui, s, len, &c->text)) {
        ui->ncmds--;
        return;
    }
    c->text_len = (uint32_t)len;
    c->color = col;
    c->style = st;
    c->align = a;
}

static bool lines_cut(const ui_text_line *lines, int n)
{
    for (int i = 0; i < n; i++)
        if (lines[i].cut)
            return true;
    return false;
}

/* Draw wrapped text in r (centred vertically when vcenter). Text that does
 * not fit is first drawn one size smaller (never below UI_FONT_SMALL, which
 * still meets the legibility rule), then cut at the last line with "…";
 * ui->last_style and ui->last_clipped say what happened. Returns the height. */
static float draw_wrapped(ui_ctx *ui, ui_rect r, const char *s, ui_font_style st, ui_color col,
                          ui_align a, bool vcenter)
{
    ui_text_line lines[32];
    int n = ui_text_wrap(ui->text, st, s, (int)r.w, lines, 32);
    float lh = (float)ui_text_line_height(ui->text, st);
    /* Step down one size at a time (heading, bold body, small) while the
     * wrapped text is too tall or a word had to be cut. One line that is too
     * tall for its widget keeps its size: the widget is too small, which the
     * check below reports, rather than the text quietly shrinking. */
    while (vcenter && ((n > 1 && (float)n * lh > r.h + 0.5f) || lines_cut(lines, n)) &&
           st != UI_FONT_SMALL && st < UI_FONT_TITLE) {
        st = st == UI_FONT_HEADING ? UI_FONT_BUTTON : UI_FONT_SMALL;
        n = ui_text_wrap(ui->text, st, s, (int)r.w, lines, 32);
        lh = (float)ui_text_line_height(ui->text, st);
    }
    ui->last_style = st;
    /* A word cut across lines reads as two words: reported like clipped text. */
    ui->last_clipped = lines_cut(lines, n);
    int max_lines = vcenter ? (int)((r.h + 0.5f) / lh) : n;
    if (max_lines < 1) {
        /* Not even one line's height (it includes leading). The letters
         * need their capital height and half again (Vietnamese marks stacked
         * above, descenders below); less, and they spill over the neighbours. */
        max_lines = 1;
        if (vcenter && r.h + 0.5f < 1.5f * (float)ui_text_cap_height(ui->text, st))
            ui->last_clipped = true;
    }
    char cut[512];
    const char *last = NULL;
    size_t last_len = 0;
    if (n > max_lines) {
        /* Keep what fits of the last visible line, then "…". */
        ui->last_clipped = true;
        n = max_lines;
        size_t len = lines[n - 1].len < sizeof cut - 4 ? lines[n - 1].len : sizeof cut - 4;
        memcpy(cut, s + lines[n - 1].start, len);
        strcpy(cut + len, "…");
        while (len > 0 && ui_text_width(ui->text, st, cut, strlen(cut)) > (int)r.w) {
            text_pop_codepoint(cut);          /* the ellipsis */
            text_pop_codepoint(cut);          /* one more character */
            len = strlen(cut);
            strcpy(cut + len, "…");
        }
        last = cut;
        last_len = strlen(cut);
    }
    float total = lh * (float)n;
    float y = vcenter ? r.y + (r.h - total) / 2 : r.y;
    for (int i = 0; i < n; i++) {
        const char *p = s + lines[i].start;
        size_t len = lines[i].len;
        if (last && i == n - 1) {
            p = last;
            len = last_len;
        }
        draw_text_len(ui, ui_rect_make(r.x, y, r.w, lh), p, len, st, col, a);
        y += lh;
    }
    return total;
}

void ui_draw_text(ui_ctx *ui, ui_rect r, const char *s, ui_font_style st, ui_color c, ui_align a)
{
    draw_wrapped(ui, r, s, st, c, a, true);
}

void ui_draw_icon(ui_ctx *ui, ui_rect r, const char *icon, ui_color col)
{
    ui_cmd *c = push_cmd(ui, UI_CMD_ICON, r);
    if (!c)
        return;
    if (!arena_put(ui, icon, strlen(icon), &c->text)) {
        ui->ncmds--;
        return;
    }
    c->color = col;
}

void ui_draw_qr(ui_ctx *ui, ui_rect r, const char *data, size_t len)
{
    ui_cmd *c = push_cmd(ui, UI_CMD_QR, r);
    if (!c)
        return;
    if (!arena_put(ui, data, len, &c->text)) {
        ui->ncmds--;
        return;
    }
    c->text_len = (uint32_t)len;
}

static void add_node(ui_ctx *ui, ui_role role, const char *label, ui_rect r, bool enabled,
                     ui_font_style st, ui_color fg, ui_color bg, bool clipped)
{
    if (ui->nnodes >= UI_MAX_NODES) {
        ui->overflow = true;
        return;
    }
    ui_node *n = &ui->nodes[ui->nnodes++];
    n->role = role;
    text_copy(n->label, sizeof n->label, label ? label : "");
    n->rect = r;
    n->enabled = enabled;
    n->style = st;
    n->fg = fg;
    n->bg = bg;
    n->clipped = clipped;
}

static uint32_t widget_id(const char *label, ui_rect r)
{
    uint32_t h = 2166136261u;
    for (const char *p = label; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 16777619u;
    }
    h ^= (uint32_t)(int)r.x * 73856093u ^ (uint32_t)(int)r.y * 19349663u;
    return h ? h : 1;
}

/* The press/release logic shared by every tappable widget. */
static bool interact(ui_ctx *ui, uint32_t id, ui_rect r, bool enabled)
{
    if (!enabled || (ui->modal && !ui->in_modal))
        return false;
    bool inside = ui_rect_contains(r, ui->mx, ui->my);
    if (ui->pressed && inside)
        ui->active_id = id;
    if (ui->released && ui->active_id == id && inside && !ui->any_tap) {
        ui->any_tap = true;
        return true;
    }
    return false;
}

static ui_color current_bg(const ui_ctx *ui, ui_rect r)
{
    /* The topmost filled rect under the centre of r: what text sits on. */
    float cx = r.x + r.w / 2, cy = r.y + r.h / 2;
    for (int i = ui->ncmds - 1; i >= 0; i--) {
        const ui_cmd *c = &ui->cmds[i];
        if (c->type == UI_CMD_RECT && ui_rect_contains(c->rect, cx, cy))
            return c->border > 0 ? c->fill : c->color;
    }
    return ui->theme.background;
}

void ui_label(ui_ctx *ui, ui_rect r, const char *text, ui_font_style st, ui_align a)
{
    ui_color bg = current_bg(ui, r);
    draw_wrapped(ui, r, text, st, ui->theme.text, a, true);
    add_node(ui, UI_ROLE_TEXT, text, r, true, ui->last_style, ui->theme.text, bg, ui->last_clipped);
}

void ui_heading(ui_ctx *ui, ui_rect r, const char *text)
{
    ui_color bg = current_bg(ui, r);
    draw_wrapped(ui, r, text, UI_FONT_HEADING, ui->theme.text, UI_ALIGN_LEFT, true);
    add_node(ui, UI_ROLE_HEADING, text, r, true, ui->last_style, ui->theme.text, bg,
             ui->last_clipped);
}

float ui_text_height(ui_ctx *ui, const char *text, ui_font_style st, float w)
{
    ui_text_line lines[32];
    int n = ui_text_wrap(ui->text, st, text, (int)w, lines, 32);
    return (float)n * (float)ui_text_line_height(ui->text, st);
}

float ui_paragraph(ui_ctx *ui, ui_rect r, const char *text, ui_font_style st)
{
    ui_color bg = current_bg(ui, r);
    float h = draw_wrapped(ui, r, text, st, ui->theme.text, UI_ALIGN_LEFT, false);
    add_node(ui, UI_ROLE_TEXT, text, ui_rect_make(r.x, r.y, r.w, h), true, st, ui->theme.text, bg,
             h > r.h + 0.5f);
    return h;
}

bool ui_button_enabled(ui_ctx *ui, ui_rect r, const char *label, const char *icon, bool enabled,
                       bool primary)
{
    uint32_t id = widget_id(label, r);
    bool tapped = interact(ui, id, r, enabled);
    bool held = enabled && ui->active_id == id && ui->down && ui_rect_contains(r, ui->mx, ui->my);
    const ui_theme *t = &ui->theme;
    ui_color bg = primary ? t->primary : t->secondary;
    ui_color fg = primary ? t->on_primary : t->on_secondary;
    if (!enabled) {
        bg = t->surface;
        fg = t->muted;
    } else if (held) {
        bg = primary ? t->on_secondary : t->border;
        fg = t->on_primary;
    }
    float radius = ui_mm(ui, 2.5f);
    if (!primary || !enabled)
        ui_draw_frame(ui, r, bg, enabled ? t->border : t->muted, radius, fmaxf(2.0f, ui_mm(ui, 0.6f)));
    else
        ui_draw_rect(ui, r, bg, radius);
    ui_rect inner = ui_inset(r, ui_mm(ui, 3));
    float icon_s = fminf(inner.h, ui_mm(ui, 12));
    bool label_fits = ui_text_width(ui->text, UI_FONT_SMALL, label, strlen(label)) <=
                      (int)(inner.w - icon_s - ui_mm(ui, 3));
    if (icon && *icon && !label_fits && inner.w < ui_mm(ui, 45)) {
        /* A narrow button (paging arrows): the pictogram alone, the label stays
         * in the semantic tree for speech and scripts. */
        ui_rect ir = { inner.x + (inner.w - icon_s) / 2, inner.y + (inner.h - icon_s) / 2, icon_s,
                       icon_s };
        ui_draw_icon(ui, ir, icon, fg);
        add_node(ui, UI_ROLE_BUTTON, label, r, enabled, UI_FONT_BUTTON, fg, bg, false);
        return tapped;
    }
    if (icon && *icon) {
        ui_rect ir = ui_cut_left(&inner, icon_s);
        ir.y += (ir.h - icon_s) / 2;
        ir.h = icon_s;
        ui_draw_icon(ui, ir, icon, fg);
        ui_cut_left(&inner, ui_mm(ui, 3));
    }
    draw_wrapped(ui, inner, label, UI_FONT_BUTTON, fg, icon && *icon ? UI_ALIGN_LEFT : UI_ALIGN_CENTER,
                 true);
    add_node(ui, UI_ROLE_BUTTON, label, r, enabled, ui->last_style, fg, bg, ui->last_clipped);
    return tapped;
}

bool ui_button(ui_ctx *ui, ui_rect r, const char *label, const char *icon)
{
    return ui_button_enabled(ui, r, label, icon, true, true);
}

bool ui_button_secondary(ui_ctx *ui, ui_rect r, const char *label, const char *icon)
{
    return ui_button_enabled(ui, r, label, icon, true, false);
}

bool ui_tile(ui_ctx *ui, ui_rect r, const char *label, const char *icon)
{
    return ui_tile_selected(ui, r, label, icon, false);
}

bool ui_tile_selected(ui_ctx *ui, ui_rect r, const char *label, const char *icon, bool selected)
{
    uint32_t id = widget_id(label, r);
    bool tapped = interact(ui, id, r, true);
    bool held = ui->active_id == id && ui->down && ui_rect_contains(r, ui->mx, ui->my);
    const ui_theme *t = &ui->theme;
    ui_color bg = held || selected ? t->primary : t->secondary;
    ui_color fg = held || selected ? t->on_primary : t->on_secondary;
    float radius = ui_mm(ui, 4);
    ui_draw_frame(ui, r, bg, t->border, radius, fmaxf(2.0f, ui_mm(ui, 0.6f)));
    ui_rect inner = ui_inset(r, ui_mm(ui, 4));
    float lh = (float)ui_text_line_height(ui->text, UI_FONT_BUTTON);
    ui_rect text_r = inner;
    if (icon && *icon && r.w > r.h * 1.6f && r.h < ui_mm(ui, 50)) {
        /* A wide, low tile: the pictogram on the left, the label beside it. */
        inner = ui_inset(r, ui_mm(ui, 2.5f));
        float s = fminf(inner.h, ui_mm(ui, 16));
        ui_rect ir = ui_cut_left(&inner, s);
        ui_draw_icon(ui, ir, icon, fg);
        ui_cut_left(&inner, ui_mm(ui, 3));
        draw_wrapped(ui, inner, label, UI_FONT_BUTTON, fg, UI_ALIGN_LEFT, true);
        add_node(ui, UI_ROLE_TILE, label, r, true, ui->last_style, fg, bg, ui->last_clipped);
        return tapped;
    }
    if (icon && *icon) {
        /* Room for up to three lines under the picture. */
        text_r = ui_cut_bottom(&inner, fminf(inner.h * 0.55f, lh * 3.0f));
        float s = fminf(inner.h, inner.w);
        ui_rect ir = { inner.x + (inner.w - s) / 2, inner.y + (inner.h - s) / 2, s, s };
        ui_draw_icon(ui, ir, icon, fg);
    }
    draw_wrapped(ui, text_r, label, UI_FONT_BUTTON, fg, UI_ALIGN_CENTER, true);
    add_node(ui, UI_ROLE_TILE, label, r, true, ui->last_style, fg, bg, ui->last_clipped);
    return tapped;
}

void ui_text_field(ui_ctx *ui, ui_rect r, const char *label, const char *value, bool focused)
{
    const ui_theme *t = &ui->theme;
    float radius = ui_mm(ui, 2);
    ui_draw_frame(ui, r, t->background, focused ? t->focus : t->border, radius,
                  ui_mm(ui, focused ? 1.2f : 0.6f));
    ui_rect inner = ui_inset(r, ui_mm(ui, 3));
    draw_wrapped(ui, inner, value, UI_FONT_BODY, t->text, UI_ALIGN_LEFT, true);
    if (focused) {
        /* The caret after the last line's text. */
        int w = ui_text_width(ui->text, UI_FONT_BODY, value, strlen(value));
        float lh = (float)ui_text_line_height(ui->text, UI_FONT_BODY);
        float cx = fminf(inner.x + (float)w + ui_mm(ui, 0.5f), inner.x + inner.w - 2);
        ui_draw_rect(ui, ui_rect_make(cx, inner.y + (inner.h - lh) / 2, fmaxf(2, ui_mm(ui, 0.5f)), lh),
                     t->text, 0);
    }
    char node_label[UI_LABEL_MAX];
    snprintf(node_label, sizeof node_label, "%s: %s", label, value);
    add_node(ui, UI_ROLE_FIELD, node_label, r, true, UI_FONT_BODY, t->text, t->background, false);
}

int ui_list(ui_ctx *ui, ui_rect r, const char *const *items, int count, int *scroll,
            float item_h_mm)
{
    float ih = ui_mm(ui, item_h_mm);
    float gap = ui_mm(ui, 3);
    int per_page = (int)((r.h + gap) / (ih + gap));
    if (per_page < 1)
        per_page = 1;
    bool paged = count > per_page;
    ui_rect list_r = r;
    ui_rect nav = { 0 };
    if (paged) {
        nav = ui_cut_right(&list_r, ui_mm(ui, 30));
        per_page = (int)((list_r.h + gap) / (ih + gap));
        if (per_page < 1)
            per_page = 1;
    }
    if (*scroll > count - per_page)
        *scroll = count - per_page;
    if (*scroll < 0)
        *scroll = 0;
    int tapped = -1;
    for (int i = 0; i < per_page && *scroll + i < count; i++) {
        ui_rect ir = { list_r.x, list_r.y + (float)i * (ih + gap), list_r.w - (paged ? gap : 0), ih };
        if (ui_button_enabled(ui, ir, items[*scroll + i], NULL, true, false))
            tapped = *scroll + i;
        ui->nodes[ui->nnodes - 1].role = UI_ROLE_LISTITEM;
    }
    if (paged)
        ui_pager(ui, nav, scroll, per_page, count);
    return tapped;
}

void ui_pager(ui_ctx *ui, ui_rect nav, int *first, int per_page, int count)
{
    float gap = ui_mm(ui, 3);
    ui_rect up = ui_cut_top(&nav, nav.h / 2 - gap / 2);
    ui_cut_top(&nav, gap);
    if (ui_button_enabled(ui, up, _("Lên"), "up", *first > 0, false))
        *first -= per_page;
    if (ui_button_enabled(ui, nav, _("Xuống"), "down", *first + per_page < count, false))
        *first += per_page;
    if (*first < 0)
        *first = 0;
}

void ui_qr(ui_ctx *ui, ui_rect r, const char *data, size_t len, const char *label)
{
    float s = fminf(r.w, r.h);
    ui_rect q = { r.x + (r.w - s) / 2, r.y + (r.h - s) / 2, s, s };
    ui_draw_rect(ui, q, (ui_color){ 0xFF, 0xFF, 0xFF, 0xFF }, 0);
    ui_draw_qr(ui, q, data, len);
    add_node(ui, UI_ROLE_IMAGE, label, q, true, UI_FONT_BODY, ui->theme.text, ui->theme.background,
             false);
}

void ui_modal_begin(ui_ctx *ui, ui_rect r, const char *title)
{
    ui->modal_now = true;
    ui->in_modal = true;
    ui_draw_rect(ui, ui_rect_make(0, 0, (float)ui->width, (float)ui->height),
                 (ui_color){ 0, 0, 0, 0xA0 }, 0);
    ui_draw_frame(ui, r, ui->theme.background, ui->theme.border, ui_mm(ui, 4), ui_mm(ui, 0.8f));
    add_node(ui, UI_ROLE_DIALOG, title, r, true, UI_FONT_HEADING, ui->theme.text, ui->theme.background,
             false);
}

void ui_modal_end(ui_ctx *ui)
{
    ui->in_modal = false;
}

const ui_node *ui_find_node(const ui_ctx *ui, const char *label_part, bool enabled_only,
                            bool actionable_only)
{
    for (int i = 0; i < ui->nnodes; i++) {
        const ui_node *n = &ui->nodes[i];
        bool actionable = n->role == UI_ROLE_BUTTON || n->role == UI_ROLE_TILE ||
                          n->role == UI_ROLE_LISTITEM || n->role == UI_ROLE_KEY;
        if (actionable_only && !actionable)
            continue;
        if (enabled_only && !n->enabled)
            continue;
        if (strstr(n->label, label_part))
            return n;
    }
    return NULL;
}

bool ui_text_visible(const ui_ctx *ui, const char *text)
{
    if (ui_find_node(ui, text, false, false))
        return true;
    for (int i = 0; i < ui->ncmds; i++)
        if (ui->cmds[i].type == UI_CMD_TEXT && strstr(ui_cmd_text(ui, &ui->cmds[i]), text))
            return true;
    return false;
}

static double lin(uint8_t c)
{
    double v = c / 255.0;
    return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double ui_contrast_ratio(ui_color a, ui_color b)
{
    double la = 0.2126 * lin(a.r) + 0.7152 * lin(a.g) + 0.0722 * lin(a.b);
    double lb = 0.2126 * lin(b.r) + 0.7152 * lin(b.g) + 0.0722 * lin(b.b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}
