/* screen_procedure: one procedure explained in plain words: how long, how
 * much, what to bring, the steps; a button to start submitting it here and
 * one to hear it read aloud. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "prompts.h"

static bool has_form(const catalog_procedure *p)
{
    for (int i = 0; i < p->document_count; i++)
        if (p->documents[i].form[0])
            return true;
    return false;
}

void screen_procedure(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "procedure";
    if (!v->proc_loaded) {
        app_flow_buttons(a, NULL, false);
        return;
    }
    const catalog_procedure *p = &v->proc;
    ui_rect side = ui_cut_right(&r, ui_mm(ui, 120));
    ui_cut_right(&r, ui_mm(ui, 8));
    ui_cut_bottom(&r, ui_mm(ui, 26));
    float h = ui_paragraph(ui, r, app_proc_text(p->code, "name", p->name), UI_FONT_HEADING);
    ui_cut_top(&r, h + ui_mm(ui, 3));
    if (p->summary[0]) {
        h = ui_paragraph(ui, r, app_proc_text(p->code, "summary", p->summary), UI_FONT_BODY);
        ui_cut_top(&r, h + ui_mm(ui, 3));
    }
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 12)), _("Cần mang theo:"), UI_FONT_BODY, UI_ALIGN_LEFT);
    float line_h = (float)ui_text_line_height(ui->text, UI_FONT_SMALL);
    for (int i = 0; i < p->document_count; i++) {
        char line[400];
        /* The catalog's text (vi, en), or catalog-<lang>.po's (context "document"). */
        snprintf(line, sizeof line, "• %s (%s)", i18n_pget("document", p->documents[i].name),
                 i18n_pget("document", p->documents[i].count));
        float need = ui_text_height(ui, line, UI_FONT_SMALL, r.w);
        bool last = i + 1 == p->document_count;
        if (last ? need > r.h : need + ui_mm(ui, 1) + line_h > r.h) {
            /* No room for all: say how many more (the counter staff list them). */
            if (r.h >= line_h) {
                int more = p->document_count - i;
                snprintf(line, sizeof line,
                         i18n_nget("… và %d giấy tờ khác", "… và %d giấy tờ khác", (unsigned long)more),
                         more);
                ui_label(ui, ui_cut_top(&r, line_h), line, UI_FONT_SMALL, UI_ALIGN_LEFT);
            }
            break;
        }
        h = ui_paragraph(ui, r, line, UI_FONT_SMALL);
        ui_cut_top(&r, h + ui_mm(ui, 1));
    }
    /* The side column: time and fee, big, and the actions. */
    if (p->channel_count) {
        char line[300];
        snprintf(line, sizeof line, "%s: %s", _("Thời gian"), p->channels[0].time_text);
        h = ui_paragraph(ui, side, line, UI_FONT_BODY);
        ui_cut_top(&side, h + ui_mm(ui, 3));
        snprintf(line, sizeof line, "%s: %s", _("Lệ phí"), p->channels[0].fee_text);
        h = ui_paragraph(ui, side, line, UI_FONT_BODY);
        ui_cut_top(&side, h + ui_mm(ui, 3));
    }
    ui_rect act = ui_cut_bottom(&side, ui_mm(ui, 34)); /* two lines for longer languages */
    if (has_form(p)) {
        if (ui_button(ui, act, _("Nộp hồ sơ thủ tục này"), "submit")) {
            v->submitting = true;
            app_go(a, v->id.assurance == IDENTITY_NONE ? SCREEN_IDENTIFY : SCREEN_CONFIRM_ID);
        }
    } else {
        ui_paragraph(ui, act, _("Thủ tục này nộp tại quầy."), UI_FONT_SMALL);
    }
    ui_cut_bottom(&side, ui_mm(ui, 5));
    if (ui_button_secondary(ui, ui_cut_bottom(&side, ui_mm(ui, 24)), _("Nghe đọc"), "speaker")) {
        /* The procedure's own recording (generated from its summary at build time). */
        char id[PROMPTS_ID_MAX];
        app_say(a, prompts_procedure_id(p->code, id, sizeof id) == 0 ? id : "procedure");
    }
    app_flow_buttons(a, NULL, false);
}
