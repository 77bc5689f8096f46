/* screen_track and screen_status: track a dossier by its receipt's QR code
 * or by typing its code; kioskd answers from upstream or, offline, from its
 * cache, and the screen says when that was last updated. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "isotime.h"
#include "receipt_qr.h"

static void lookup(app *a, const char *code)
{
    visit *v = &a->visit;
    snprintf(v->dossier_code, sizeof v->dossier_code, "%s", code);
    kioskd_err e = kioskd_status(&a->kioskd, code, true, &v->status);
    v->status_ok = e == KIOSKD_OK;
    if (!v->status_ok) {
        if (e == KIOSKD_ERR_ARG)
            snprintf(v->message, sizeof v->message, "%s",
                     _("Mã hồ sơ chưa đúng. Mã có dạng 38.98.H29-261122-0001, in trên biên nhận."));
        else if (e == KIOSKD_ERR_REFUSED)
            snprintf(v->message, sizeof v->message, "%s",
                     _("Không tìm thấy hồ sơ với mã này. Hãy kiểm tra lại mã trên biên nhận."));
        else
            snprintf(v->message, sizeof v->message, "%s",
                     _("Máy chưa tra cứu được lúc này. Mời bạn hỏi cán bộ tại quầy."));
    } else {
        v->message[0] = '\0';
    }
    app_go(a, SCREEN_STATUS);
}

void screen_track(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "track";
    char seen[1024];
    if (app_take_qr(a, seen, sizeof seen)) {
        char code[64];
        int rc = receipt_qr_parse(seen, strlen(seen), code, sizeof code);
        explicit_bzero(seen, sizeof seen);
        if (rc == 0) {
            app_say(a, "qr_read");
            lookup(a, code);
            return;
        }
        snprintf(v->message, sizeof v->message, "%s: %s", _("Mã QR này không phải mã trên biên nhận"),
                 _(receipt_qr_strerror(rc)));
        app_say(a, "qr_bad");
    }
    ui_cut_bottom(&r, ui_mm(ui, 27));
    ui_rect kb = app_keyboard_area(a, &r, 0.56f);
    float h = ui_paragraph(ui, r, _("Đưa mã QR trên biên nhận vào trước camera"), UI_FONT_HEADING);
    ui_cut_top(&r, h + ui_mm(ui, 3));
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 12)), _("Hoặc gõ mã hồ sơ:"), UI_FONT_SMALL, UI_ALIGN_LEFT);
    ui_text_field(ui, ui_cut_top(&r, ui_mm(ui, 20)), _("Mã hồ sơ"), v->search, true);
    ui_cut_top(&r, ui_mm(ui, 3));
    if (v->message[0])
        ui_paragraph(ui, r, v->message, UI_FONT_BODY);
    a->kb.digits = a->kb.digits || !v->search[0];
    if (ui_keyboard(ui, kb, &a->kb, v->search, sizeof v->search))
        app_note_input(a);
    if (app_flow_buttons(a, _("Tra cứu"), v->search[0] != '\0')) {
        /* Codes are upper case; people type them in any case. */
        for (char *p = v->search; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        lookup(a, v->search);
    }
}

void screen_status(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "status";
    app_heading(a, &r, _("Tình trạng hồ sơ"));
    ui_cut_bottom(&r, ui_mm(ui, 27));
    char line[400];
    snprintf(line, sizeof line, "%s: %s", _("Mã hồ sơ"), v->dossier_code);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    if (!v->status_ok) {
        ui_paragraph(ui, r, v->message, UI_FONT_BODY);
        app_flow_buttons(a, NULL, false);
        return;
    }
    const kioskd_status_info *s = &v->status;
    static const struct {
        const char *state, *text, *next;
    } states[] = {
        { "queued", N_("Đã tiếp nhận tại máy, đang chờ gửi đến cơ quan giải quyết"),
          N_("Bạn không cần làm gì. Máy sẽ tự gửi khi có mạng.") },
        { "sent", N_("Đã gửi đến cơ quan giải quyết"), N_("Hồ sơ đang được xem xét. Hãy chờ đến ngày hẹn.") },
        { "parked", N_("Hồ sơ cần cán bộ kiểm tra"), N_("Mời bạn đến quầy để được hướng dẫn.") },
        { "processing", N_("Đang giải quyết"), N_("Hãy chờ đến ngày hẹn trả kết quả.") },
        { "done", N_("Đã có kết quả"), N_("Mời bạn đến quầy trả kết quả, mang theo biên nhận.") },
        { "returned", N_("Cần bổ sung hồ sơ"), N_("Mời bạn đến quầy để biết cần bổ sung gì.") },
    };
    const char *text = s->state_text[0] ? s->state_text : s->state, *next = "";
    for (unsigned i = 0; i < sizeof states / sizeof states[0]; i++)
        if (!strcmp(states[i].state, s->state)) {
            text = _(states[i].text);
            next = _(states[i].next);
        }
    snprintf(line, sizeof line, "%s: %s", _("Tình trạng"), text);
    float h = ui_paragraph(ui, r, line, UI_FONT_BODY);
    ui_cut_top(&r, h + ui_mm(ui, 2));
    char when[64];
    if (s->due_at[0]) {
        char day[16]; /* the date only: a due "time" means nothing to a citizen */
        snprintf(day, sizeof day, "%.10s", s->due_at);
        isotime_format(day, when, sizeof when);
        snprintf(line, sizeof line, "%s: %s", _("Hẹn trả kết quả"), when);
        ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    }
    if (s->updated_at[0])
        isotime_format(s->updated_at, when, sizeof when);
    snprintf(line, sizeof line, "%s: %s", _("Cập nhật lúc"),
             s->updated_at[0] ? when : _("chưa cập nhật từ hệ thống"));
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 12)), line, UI_FONT_SMALL, UI_ALIGN_LEFT);
    if (s->stale)
        ui_label(ui, ui_cut_top(&r, ui_mm(ui, 12)),
                 _("Máy chưa kết nối được hệ thống lúc này; đây là thông tin gần nhất."), UI_FONT_SMALL,
                 UI_ALIGN_LEFT);
    ui_cut_top(&r, ui_mm(ui, 4));
    ui_paragraph(ui, r, next, UI_FONT_BODY);
    app_flow_buttons(a, NULL, false);
}
