/* screen_form: the procedure's form, one question per screen, then "check
 * your answers" with a Change button per answer, then consent in plain words.
 *
 * The question is the heading; the input suits the field's type (keyboard
 * for text and names, number pad for ID numbers, phones and dates, big
 * buttons for choices and yes/no). "Tiếp tục" validates through core/form:
 * a wrong answer stays on screen with a message that says how to fix it. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "isotime.h"

static const char *q_text(const form_field *f)
{
    return form_text(i18n_language(), f->question_vi, f->question_en);
}

static const char *hint_text(const form_field *f)
{
    return form_text(i18n_language(), f->hint_vi, f->hint_en);
}

/* Dates are typed as digits ddmmyyyy and shown as dd/mm/yyyy. */
static void date_display(const char *digits, char *out, size_t size)
{
    char tmp[16] = "";
    size_t o = 0;
    for (size_t i = 0; digits[i] && o + 2 < sizeof tmp; i++) {
        if (i == 2 || i == 4)
            tmp[o++] = '/';
        tmp[o++] = digits[i];
    }
    tmp[o] = '\0';
    snprintf(out, size, "%s", tmp);
}

/* An answer as stored (ISO date) back into what the citizen edits. */
static void load_answer(app *a)
{
    visit *v = &a->visit;
    const form_field *f = &v->form->fields[v->question];
    const char *stored = v->answers->value[v->question];
    if (f->type == FORM_DATE && strlen(stored) == 10 && stored[4] == '-')
        snprintf(v->answer, sizeof v->answer, "%.2s%.2s%.4s", stored + 8, stored + 5, stored);
    else
        snprintf(v->answer, sizeof v->answer, "%s", stored);
}

int app_next_question(app *a, int after)
{
    visit *v = &a->visit;
    bool confirmed_chip = v->id.assurance >= IDENTITY_CHIP;
    int i = form_next(v->form, v->answers, after);
    while (i >= 0 && confirmed_chip && v->answers->prefilled[i] && v->answers->set[i])
        i = form_next(v->form, v->answers, i);
    return i;
}

static void go_question(app *a, int i)
{
    visit *v = &a->visit;
    v->question = i;
    v->message[0] = '\0';
    if (i < 0) {
        v->from_check = false;
        app_go(a, SCREEN_CHECK);
        return;
    }
    load_answer(a);
    a->screen_entered = true;
    app_say(a, "question");
}

static void accept(app *a)
{
    visit *v = &a->visit;
    const form_field *f = &v->form->fields[v->question];
    char value[FORM_VALUE_MAX];
    if (f->type == FORM_DATE)
        date_display(v->answer, value, sizeof value);
    else
        snprintf(value, sizeof value, "%s", v->answer);
    char msg[sizeof v->message];
    if (form_set_answer(v->form, v->answers, v->question, value, i18n_language(), msg,
                        sizeof msg) != 0) {
        snprintf(v->message, sizeof v->message, "%s", msg);
        app_say(a, "answer_invalid");
        return;
    }
    explicit_bzero(value, sizeof value);
    if (v->from_check) {
        v->from_check = false;
        app_back(a);
        return;
    }
    go_question(a, app_next_question(a, v->question));
}

void screen_question(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "question";
    if (!v->form || v->question < 0) {
        app_flow_buttons(a, NULL, false);
        return;
    }
    const form_field *f = &v->form->fields[v->question];
    float h = ui_paragraph(ui, r, q_text(f), UI_FONT_HEADING);
    ui_cut_top(&r, h + ui_mm(ui, 2));
    if (hint_text(f)[0]) {
        h = ui_paragraph(ui, r, hint_text(f), UI_FONT_SMALL);
        ui_cut_top(&r, h + ui_mm(ui, 2));
    }
    ui_cut_bottom(&r, ui_mm(ui, 27));
    bool tapped_choice = false;
    switch (f->type) {
    case FORM_CHOICE: {
        const char *items[FORM_MAX_OPTIONS];
        for (int i = 0; i < f->option_count; i++)
            items[i] = form_text(i18n_language(), f->options[i].label_vi, f->options[i].label_en);
        if (v->message[0]) {
            h = ui_paragraph(ui, r, v->message, UI_FONT_BODY);
            ui_cut_top(&r, h + ui_mm(ui, 2));
        }
        int t = ui_list(ui, r, items, f->option_count, &a->list_scroll, 24);
        if (t >= 0) {
            snprintf(v->answer, sizeof v->answer, "%s", f->options[t].value);
            tapped_choice = true;
        }
        break;
    }
    case FORM_YESNO: {
        if (v->message[0]) {
            h = ui_paragraph(ui, r, v->message, UI_FONT_BODY);
            ui_cut_top(&r, h + ui_mm(ui, 2));
        }
        ui_rect row = ui_cut_top(&r, ui_mm(ui, 40));
        /* Yes with a tick, no with a cross; the answer given before (back from
         * the check screen) is drawn filled, nothing is chosen in advance. */
        if (ui_tile_selected(ui, ui_grid_cell(row, 2, 1, ui_mm(ui, 10), 0), _("Có"), "check",
                             !strcmp(v->answer, "yes"))) {
            snprintf(v->answer, sizeof v->answer, "yes");
            tapped_choice = true;
        }
        if (ui_tile_selected(ui, ui_grid_cell(row, 2, 1, ui_mm(ui, 10), 1), _("Không"), "cross",
                             !strcmp(v->answer, "no"))) {
            snprintf(v->answer, sizeof v->answer, "no");
            tapped_choice = true;
        }
        break;
    }
    case FORM_ID_NUMBER:
    case FORM_PHONE:
    case FORM_NUMBER:
    case FORM_DATE: {
        char shown[64];
        if (f->type == FORM_DATE)
            date_display(v->answer, shown, sizeof shown);
        else
            snprintf(shown, sizeof shown, "%s", v->answer);
        ui_rect left = ui_cut_left(&r, r.w * 0.5f);
        if (f->type == FORM_DATE) {
            /* Day, month and year as three boxes filled from the number pad in
             * turn; tapping a box types from that part on again. */
            static const struct {
                int start, len;
                const char *name;
            } parts[3] = { { 0, 2, N_("Ngày") }, { 2, 2, N_("Tháng") }, { 4, 4, N_("Năm") } };
            ui_rect row = ui_cut_top(&left, ui_mm(ui, 26));
            int len = (int)strlen(v->answer);
            for (int i = 0; i < 3; i++) {
                char label[64], part[8] = "";
                if (len > parts[i].start)
                    snprintf(part, sizeof part, "%.*s", parts[i].len, v->answer + parts[i].start);
                snprintf(label, sizeof label, "%s: %s", _(parts[i].name), part);
                bool active = len >= parts[i].start &&
                              (len < parts[i].start + parts[i].len || (i == 2 && len == 8));
                if (ui_button_enabled(ui, ui_grid_cell(row, 3, 1, ui_mm(ui, 4), i), label, NULL, true,
                                      active))
                    v->answer[parts[i].start < len ? parts[i].start : len] = '\0';
            }
            ui_cut_top(&left, ui_mm(ui, 3));
            ui_label(ui, ui_cut_top(&left, ui_mm(ui, 14)), shown, UI_FONT_BODY, UI_ALIGN_LEFT);
        } else {
            ui_text_field(ui, ui_cut_top(&left, ui_mm(ui, 20)), _("Câu trả lời"), shown, true);
        }
        if (v->message[0])
            ui_paragraph(ui, ui_inset(left, ui_mm(ui, 2)), v->message, UI_FONT_BODY);
        size_t max = f->type == FORM_DATE ? 8 : f->type == FORM_ID_NUMBER ? 12 : 15;
        if (ui_numpad(ui, ui_inset(r, ui_mm(ui, 2)), v->answer, sizeof v->answer, max))
            app_note_input(a);
        break;
    }
    default: {
        ui_rect kb = app_keyboard_area(a, &r, 0.58f);
        ui_text_field(ui, ui_cut_top(&r, ui_mm(ui, 22)), _("Câu trả lời"), v->answer, true);
        ui_cut_top(&r, ui_mm(ui, 3));
        if (v->message[0])
            ui_paragraph(ui, r, v->message, UI_FONT_BODY);
        if (ui_keyboard(ui, kb, &a->kb, v->answer, sizeof v->answer))
            app_note_input(a);
        break;
    }
    }
    if (tapped_choice)
        accept(a);
    if (app_flow_buttons(a, _("Tiếp tục"), true))
        accept(a);
}

void screen_check(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "check";
    if (!v->form) {
        app_flow_buttons(a, NULL, false);
        return;
    }
    app_heading(a, &r, _("Kiểm tra câu trả lời của bạn"));
    ui_cut_bottom(&r, ui_mm(ui, 27));
    /* Paged rows: the question, the answer, and "Sửa". */
    int shown[FORM_MAX_FIELDS], n = 0;
    for (int i = 0; i < v->form->field_count; i++)
        if (v->form->fields[i].type != FORM_GROUP && v->answers->set[i])
            shown[n++] = i;
    float row_h = ui_mm(ui, 25), gap = ui_mm(ui, 3); /* the question small, the answer as body */
    ui_rect nav = ui_cut_right(&r, ui_mm(ui, 30));
    int per_page = (int)((r.h + gap) / (row_h + gap));
    if (per_page < 1)
        per_page = 1;
    if (a->list_scroll > n - 1)
        a->list_scroll = 0;
    for (int k = 0; k < per_page && a->list_scroll + k < n; k++) {
        int i = shown[a->list_scroll + k];
        ui_rect row = { r.x, r.y + (float)k * (row_h + gap), r.w - gap, row_h };
        ui_rect btn = ui_cut_right(&row, ui_mm(ui, 50));
        const form_field *f = &v->form->fields[i];
        char value[FORM_VALUE_MAX + 8];
        const char *val = v->answers->value[i];
        if (f->type == FORM_YESNO)
            val = !strcmp(val, "yes") ? _("Có") : _("Không");
        for (int o = 0; o < f->option_count; o++)
            if (!strcmp(f->options[o].value, v->answers->value[i]))
                val = form_text(i18n_language(), f->options[o].label_vi, f->options[o].label_en);
        if (f->type == FORM_DATE && isotime_format(val, value, sizeof value) == 0)
            ; /* stored YYYY-MM-DD, read DD/MM/YYYY */
        else
            snprintf(value, sizeof value, "%s", val);
        ui_rect qr_ = ui_cut_top(&row, ui_mm(ui, 11));
        ui_label(ui, qr_, q_text(f), UI_FONT_SMALL, UI_ALIGN_LEFT);
        ui_label(ui, row, value, UI_FONT_BODY, UI_ALIGN_LEFT);
        char change[64];
        snprintf(change, sizeof change, "%s %d", _("Sửa"), a->list_scroll + k + 1);
        if (ui_button_secondary(ui, btn, change, NULL)) {
            v->from_check = true;
            app_go(a, SCREEN_QUESTION);
            v->question = i;
            load_answer(a);
            v->message[0] = '\0';
        }
    }
    if (n > per_page)
        ui_pager(ui, nav, &a->list_scroll, per_page, n);
    int missing = form_first_missing(v->form, v->answers);
    if (app_flow_buttons(a, _("Tiếp tục"), true)) {
        if (missing >= 0)
            go_question(a, missing), app_go(a, SCREEN_QUESTION);
        else
            app_go(a, SCREEN_CONSENT);
    }
}

void screen_consent(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "consent";
    app_heading(a, &r, _("Đồng ý gửi hồ sơ"));
    ui_cut_bottom(&r, ui_mm(ui, 27));
    float h = ui_paragraph(ui, r,
                           _("Thông tin của bạn chỉ dùng để giải quyết hồ sơ này. Máy gửi hồ sơ đã mã "
                             "hóa đến cơ quan giải quyết và xóa thông tin khỏi màn hình khi bạn xong."),
                           UI_FONT_BODY);
    ui_cut_top(&r, h + ui_mm(ui, 4));
    if (v->message[0]) {
        h = ui_paragraph(ui, r, v->message, UI_FONT_BODY);
        ui_cut_top(&r, h + ui_mm(ui, 4));
        if (ui_button_secondary(ui, ui_cut_top(&r, ui_mm(ui, 24)), _("Lấy số thứ tự"), "ticket")) {
            v->message[0] = '\0';
            app_go(a, SCREEN_TICKET);
        }
    }
    if (app_flow_buttons(a, _("Tôi đồng ý và gửi hồ sơ"), true)) {
        v->message[0] = '\0';
        app_submit(a);
    }
}

void screen_receipt(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    const receipt *rc = &v->rcpt;
    a->prompt = v->printed ? "receipt_printed" : "receipt_on_screen";
    app_heading(a, &r, _("Đã nhận hồ sơ của bạn"));
    ui_cut_bottom(&r, ui_mm(ui, 27));
    ui_rect qr = ui_cut_right(&r, ui_mm(ui, 75));
    ui_qr(ui, ui_cut_top(&qr, ui_mm(ui, 70)), rc->tracking_qr, strlen(rc->tracking_qr),
          _("Mã QR để tra cứu hồ sơ"));
    ui_label(ui, ui_cut_top(&qr, ui_mm(ui, 11)), _("Quét để tra cứu"), UI_FONT_SMALL, UI_ALIGN_CENTER);
    char line[400];
    snprintf(line, sizeof line, "%s: %s", _("Mã hồ sơ"), rc->dossier_code);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    snprintf(line, sizeof line, "%s: %s", _("Hẹn trả kết quả"), rc->due_at[0] ? rc->due_at : "-");
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
    if (rc->fee_vnd) {
        char fee[64];
        receipt_format_fee(rc->fee_vnd, fee, sizeof fee);
        snprintf(line, sizeof line, "%s: %s", _("Lệ phí"), fee);
        ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_LEFT);
        if (rc->vietqr[0]) {
            ui_rect pay = ui_cut_left(&r, ui_mm(ui, 85));
            ui_qr(ui, ui_cut_top(&pay, ui_mm(ui, 55)), rc->vietqr, strlen(rc->vietqr),
                  _("Mã VietQR để nộp lệ phí"));
            ui_label(ui, ui_cut_top(&pay, ui_mm(ui, 11)), _("Quét để nộp lệ phí"), UI_FONT_SMALL,
                     UI_ALIGN_CENTER);
            ui_cut_left(&r, ui_mm(ui, 5));
        }
    } else {
        ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), _("Không mất lệ phí"), UI_FONT_BODY, UI_ALIGN_LEFT);
    }
    ui_paragraph(ui, r,
                 v->printed ? _("Biên nhận đã được in. Hãy giữ biên nhận để tra cứu và nhận kết quả.")
                            : _("Máy in chưa in được biên nhận, nhưng hồ sơ của bạn đã được lưu an toàn. "
                                "Hãy chụp màn hình này hoặc nhận bản in tại quầy."),
                 UI_FONT_BODY);
    if (app_flow_buttons(a, _("Đánh giá dịch vụ"), true))
        app_go(a, SCREEN_RATE);
}
