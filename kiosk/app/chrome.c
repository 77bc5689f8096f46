/* chrome: what is the same on every screen: the header with the center's
 * name, the persistent help bar at the bottom (replay audio, call staff,
 * language, start over: same place on every screen, as low-literacy research
 * asks), the flow buttons, and the "staff is coming" notice. */
#include <math.h>
#include <stdio.h>

#include "app.h"
#include "i18n.h"
#include "log.h"
#include "prompts.h"

#define HEADER_MM 20.0f
#define BAR_MM 30.0f
#define MARGIN_MM 10.0f

ui_rect app_content(app *a)
{
    ui_ctx *ui = &a->ui;
    ui_rect r = { 0, 0, (float)ui->width, (float)ui->height };
    ui_cut_top(&r, ui_mm(ui, HEADER_MM));
    ui_cut_bottom(&r, ui_mm(ui, BAR_MM));
    return ui_inset(r, ui_mm(ui, MARGIN_MM));
}

static void header(app *a)
{
    ui_ctx *ui = &a->ui;
    ui_rect r = { 0, 0, (float)ui->width, ui_mm(ui, HEADER_MM) };
    ui_draw_rect(ui, r, ui->theme.primary, 0);
    ui_rect in = ui_inset(r, ui_mm(ui, 3));
    in.x += ui_mm(ui, MARGIN_MM - 3);
    const char *center = config_get(&a->cfg, "center", "name", "Trung tâm Phục vụ hành chính công");
    if (a->visit.active && a->voice_fallback) {
        /* No recording in this language yet: say that the voice is Vietnamese. */
        /* The notice takes the header's whole width (the center's name steps aside). */
        ui_color keep = ui->theme.text;
        ui->theme.text = ui->theme.on_primary; /* a label in the header's colours */
        ui_label(ui, in, _(PROMPTS_FALLBACK_NOTICE), UI_FONT_SMALL, UI_ALIGN_LEFT);
        ui->theme.text = keep;
        return;
    }
    ui_draw_text(ui, in, center, UI_FONT_BODY, ui->theme.on_primary, UI_ALIGN_LEFT);
}

static void staff_notice(app *a)
{
    ui_ctx *ui = &a->ui;
    float w = ui_mm(ui, 230), h = ui_mm(ui, 120);
    ui_rect d = { ((float)ui->width - w) / 2, ((float)ui->height - h) / 2, w, h };
    ui_modal_begin(ui, d, _("Đã gọi cán bộ"));
    ui_rect in = ui_inset(d, ui_mm(ui, 10));
    ui_heading(ui, ui_cut_top(&in, ui_mm(ui, 20)), _("Đã gọi cán bộ"));
    ui_paragraph(ui, ui_cut_top(&in, ui_mm(ui, 40)),
                 _("Cán bộ sẽ đến giúp bạn trong giây lát. Xin vui lòng đứng tại đây."), UI_FONT_BODY);
    if (ui_button(ui, ui_cut_bottom(&in, ui_mm(ui, 26)), _("Đóng"), NULL))
        a->staff_called = false;
    ui_modal_end(ui);
}

void app_chrome(app *a)
{
    ui_ctx *ui = &a->ui;
    header(a);
    ui_rect bar = { 0, (float)ui->height - ui_mm(ui, BAR_MM), (float)ui->width, ui_mm(ui, BAR_MM) };
    ui_draw_rect(ui, bar, ui->theme.surface, 0);
    ui_draw_rect(ui, ui_rect_make(bar.x, bar.y, bar.w, 2), ui->theme.border, 0);
    ui_rect in = ui_inset(bar, ui_mm(ui, 4));
    in.x += ui_mm(ui, MARGIN_MM - 4);
    in.w -= ui_mm(ui, 2 * (MARGIN_MM - 4));
    bool in_visit = a->visit.active;
    float gap = ui_mm(ui, 6);
    ui_rect cells[4];
    for (int i = 0; i < 4; i++)
        cells[i] = ui_grid_cell(in, 4, 1, gap, i);
    if (ui_button_enabled(ui, cells[0], _("Nghe lại"), "speaker", true, false))
        app_say(a, a->prompt);
    if (ui_button_enabled(ui, cells[1], _("Gọi cán bộ"), "staff", true, false)) {
        a->staff_called = true;
        a->staff_called_at = a->now;
        app_say(a, "staff_called");
        kioskd_err e = kioskd_call_staff(&a->kioskd, "kiosk");
        log_event("app", "event=call-staff notified=%d", e == KIOSKD_OK);
    }
    if (ui_button_enabled(ui, cells[2], _("Ngôn ngữ"), "language", in_visit, false))
        app_go(a, SCREEN_LANGUAGE);
    if (ui_button_enabled(ui, cells[3], _("Làm lại"), "restart", in_visit, false))
        a->end_requested = true; /* wiped before the next frame is built */
    if (a->staff_called)
        staff_notice(a);
}

bool app_flow_buttons(app *a, const char *next_label, bool next_enabled)
{
    ui_ctx *ui = &a->ui;
    ui_rect r = app_content(a);
    ui_rect row = ui_cut_bottom(&r, ui_mm(ui, 24));
    ui_rect back = ui_cut_left(&row, ui_mm(ui, 90));
    if (ui_button_secondary(ui, back, _("Quay lại"), "back"))
        app_back(a);
    if (!next_label)
        return false;
    ui_rect next = ui_cut_right(&row, ui_mm(ui, 210));
    return ui_button_enabled(ui, next, next_label, "next", next_enabled, true);
}

ui_rect app_keyboard_area(app *a, ui_rect *r, float share)
{
    ui_ctx *ui = &a->ui;
    float w = r->w * share, wide = fminf(ui_mm(ui, KB_MIN_WIDTH_MM), r->w - ui_mm(ui, 116));
    ui_rect kb = ui_cut_right(r, fmaxf(w, wide));
    ui_cut_right(r, ui_mm(ui, 6));
    if (kb.h > ui_mm(ui, 138))
        kb.h = ui_mm(ui, 138);
    return kb;
}

void app_heading(app *a, ui_rect *r, const char *text)
{
    ui_ctx *ui = &a->ui;
    float h = ui_text_height(ui, text, UI_FONT_HEADING, r->w);
    if (h < ui_mm(ui, 15))
        h = ui_mm(ui, 15);
    ui_heading(ui, ui_cut_top(r, h), text);
    ui_cut_top(r, ui_mm(ui, 4));
}
