/* screen_submit: start of "submit a dossier": identify with the chip ID card.
 * The guided flow (procedure, form, check, consent, receipt) plugs in after
 * this step (issue 7). The identity shown comes from the card reader (or the
 * simulated card in demo mode) and says how far it is verified. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

static void poll_card(app *a)
{
    if (!a->sim.card_changed)
        return;
    a->sim.card_changed = false;
    if (!strcmp(a->sim.card, "demo")) {
        identity_fill_demo(&a->visit.id);
        app_say(a, "card_read");
    } else if (!a->sim.card[0]) {
        /* Card taken away: what was read stays for the visit. */
    }
}

void screen_submit(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "identify";
    poll_card(a);
    const identity *id = &a->visit.id;
    if (id->assurance == IDENTITY_NONE) {
        ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 18)), _("Đặt thẻ căn cước lên đầu đọc thẻ"));
        ui_paragraph(ui, ui_cut_top(&r, ui_mm(ui, 40)),
                     _("Đặt thẻ nằm phẳng, mặt có chip úp xuống, và giữ yên cho đến khi nghe tiếng báo."),
                     UI_FONT_BODY);
        ui_draw_icon(ui, ui_cut_top(&r, ui_mm(ui, 70)), "card", ui->theme.primary);
        app_flow_buttons(a, NULL, false);
        return;
    }
    ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 18)), _("Thông tin trên thẻ của bạn"));
    char line[512];
    snprintf(line, sizeof line, "%s: %s", _("Họ và tên"), id->full_name);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 14)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    snprintf(line, sizeof line, "%s: %s", _("Số định danh"), id->id_number);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 14)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    snprintf(line, sizeof line, "%s: %s", _("Ngày sinh"), id->date_of_birth);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 14)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 14)), _(identity_assurance_label(id->assurance)),
             UI_FONT_SMALL, UI_ALIGN_LEFT);
    ui_paragraph(ui, ui_cut_top(&r, ui_mm(ui, 30)),
                 _("Các bước tiếp theo của việc nộp hồ sơ đang được hoàn thiện."), UI_FONT_BODY);
    app_flow_buttons(a, NULL, false);
}
