/* screen_identify and screen_confirm_id: who is filing the dossier.
 *
 * Step 1: the card's QR code to the camera (ID number, name, dates: not
 * verified, but enough to derive the chip's keys). Step 2: the card on the
 * reader: the chip is read and verified. Without a camera, the citizen types
 * the 12-digit ID on a big number pad (enough for PACE). The citizen may also
 * go on unverified; the dossier then says so. The confirm screen shows what
 * the card says and how far it is verified. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "isotime.h"
#include "devices.h"
#include "qr_payload.h"

static void sim_card_read(app *a)
{
    visit *v = &a->visit;
    if (!a->sim.card_changed)
        return;
    a->sim.card_changed = false;
    if (!a->sim.card[0])
        return; /* card taken away */
    if (!v->qr_card_read && strlen(v->typed_id) != 12) {
        snprintf(v->message, sizeof v->message, "%s",
                 _("Hãy đưa mã QR trên thẻ vào camera trước, hoặc nhập số định danh, rồi đặt lại thẻ."));
        app_say(a, "card_need_keys");
        return;
    }
    if (!strcmp(a->sim.card, "demo") || !strcmp(a->sim.card, "forged")) {
        char typed[16];
        snprintf(typed, sizeof typed, "%s", v->typed_id);
        identity qr = v->id;
        identity_fill_demo(&v->id);
        /* The keys must fit this card: the demo card opens only with its own numbers. */
        const char *expect = v->id.id_number;
        bool keys_ok = v->qr_card_read ? !strcmp(qr.id_number, expect) : !strcmp(typed, expect);
        identity_wipe(&qr);
        if (!keys_ok) {
            identity_wipe(&v->id);
            snprintf(v->message, sizeof v->message, "%s",
                     _("Thẻ không mở được bằng số định danh này. Hãy kiểm tra lại số, hoặc đưa mã QR của "
                       "thẻ vào camera."));
            app_say(a, "card_wrong_keys");
            return;
        }
        if (!strcmp(a->sim.card, "forged"))
            v->id.assurance = IDENTITY_CHIP; /* the signature did not verify */
        v->message[0] = '\0';
        app_say(a, "card_read");
        app_go(a, SCREEN_CONFIRM_ID);
        return;
    }
    snprintf(v->message, sizeof v->message, "%s",
             _("Không đọc được thẻ. Đặt thẻ nằm yên trên đầu đọc và thử lại, hoặc nhập số định danh."));
    app_say(a, "card_unreadable");
}

static void take_card_qr(app *a)
{
    visit *v = &a->visit;
    char seen[1024];
    if (!app_take_qr(a, seen, sizeof seen))
        return;
    identity id;
    memset(&id, 0, sizeof id);
    int rc = qr_card_parse(seen, strlen(seen), &id);
    if (rc == 0 && a->dev)
        devices_set_card_qr(a->dev, seen); /* the chip's keys */
    explicit_bzero(seen, sizeof seen);
    if (rc != 0) {
        snprintf(v->message, sizeof v->message, "%s: %s", _("Mã QR này không đọc được"),
                 _(qr_payload_strerror(rc)));
        identity_wipe(&id);
        app_say(a, "qr_bad");
        return;
    }
    identity_wipe(&v->id);
    v->id = id;
    v->qr_card_read = true;
    snprintf(v->message, sizeof v->message, "%s",
             _("Đã đọc mã QR. Bây giờ đặt thẻ lên đầu đọc thẻ."));
    app_say(a, "card_place");
}

void screen_identify(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "identify";
    take_card_qr(a);
    sim_card_read(a);
    if (a->screen != SCREEN_IDENTIFY)
        return;
    /* The number pad on the right, down to the bar ("Quay lại" is below on the left). */
    ui_rect right = ui_cut_right(&r, fminf(ui_mm(ui, 150), fmaxf(ui_mm(ui, 110), r.w * 0.33f)));
    ui_cut_right(&r, ui_mm(ui, 8));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    app_heading(a, &r, v->qr_card_read ? _("Đặt thẻ căn cước lên đầu đọc thẻ")
                               : _("Đưa mã QR trên thẻ căn cước vào trước camera"));
    float h = ui_paragraph(ui, r,
                           _("Thẻ cũ có mã QR ở mặt trước, thẻ mới ở mặt sau. Sau đó đặt thẻ nằm phẳng "
                             "lên đầu đọc và giữ yên."),
                           UI_FONT_BODY);
    ui_cut_top(&r, h + ui_mm(ui, 4));
    device_status ds = { 0 };
    if (a->dev)
        devices_status(a->dev, &ds);
    const char *hint = v->message;
    if (!hint[0] && !v->qr_card_read && !a->demo && !ds.camera_present)
        hint = _("Máy chưa có camera hoạt động. Hãy nhập số định danh ở bên phải.");
    else if (!hint[0] && !v->qr_card_read && a->now - a->screen_since > 20)
        hint = _("Camera chưa thấy mã QR. Giữ thẻ cách camera khoảng một gang tay, thẳng, không bị chói.");
    if (hint[0]) {
        h = ui_paragraph(ui, r, hint, UI_FONT_BODY);
        ui_cut_top(&r, h + ui_mm(ui, 4));
    }
    ui_draw_icon(ui, ui_cut_top(&r, r.h), v->qr_card_read ? "card" : "qr", ui->theme.primary);
    /* Right: type the ID instead, or go on unverified. */
    const char *or_type = _("Hoặc nhập số định danh (12 số):");
    ui_paragraph(ui, right, or_type, UI_FONT_SMALL);
    ui_cut_top(&right, ui_text_height(ui, or_type, UI_FONT_SMALL, right.w) + ui_mm(ui, 1));
    ui_text_field(ui, ui_cut_top(&right, ui_mm(ui, 16)), _("Số định danh"), v->typed_id, true);
    ui_cut_top(&right, ui_mm(ui, 3));
    ui_rect unverified = ui_cut_bottom(&right, ui_mm(ui, 20));
    ui_cut_bottom(&right, ui_mm(ui, 3));
    if (ui_numpad(ui, right, v->typed_id, sizeof v->typed_id, 12)) {
        app_note_input(a);
        if (strlen(v->typed_id) == 12 && a->dev)
            devices_set_card_id(a->dev, v->typed_id); /* PACE with the CAN */
    }
    if (ui_button_secondary(ui, unverified, _("Tiếp tục không dùng thẻ"), NULL)) {
        if (strlen(v->typed_id) == 12 && v->id.assurance == IDENTITY_NONE) {
            snprintf(v->id.id_number, sizeof v->id.id_number, "%s", v->typed_id);
            v->id.assurance = IDENTITY_TYPED;
        }
        if (v->submitting && v->proc_loaded)
            app_begin_form(a);
    }
    if (strlen(v->typed_id) == 12 && !v->message[0])
        snprintf(v->message, sizeof v->message, "%s", _("Bây giờ đặt thẻ lên đầu đọc thẻ."));
    app_flow_buttons(a, NULL, false);
}

void screen_confirm_id(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    const identity *id = &v->id;
    a->prompt = "confirm_id";
    app_heading(a, &r, _("Đây có phải là bạn không?"));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    ui_rect row = ui_cut_bottom(&r, ui_mm(ui, 24)); /* the answer, kept whole on short screens */
    ui_cut_bottom(&r, ui_mm(ui, 3));
    /* The card's date (YYYY-MM-DD) as written in Vietnam; its sex word in
     * the visit's language. The stack is scrubbed when the visit ends. */
    char dob[16] = "";
    if (id->date_of_birth[0])
        isotime_format(id->date_of_birth, dob, sizeof dob);
    const char *sex = !strcmp(id->sex, "Nam") ? _(N_("Nam"))
                      : !strcmp(id->sex, "Nữ") ? _(N_("Nữ"))
                                                : id->sex;
    const struct {
        const char *label;
        const char *value;
    } rows[] = {
        { N_("Họ và tên"), id->full_name },        { N_("Số định danh"), id->id_number },
        { N_("Ngày sinh"), dob },                  { N_("Giới tính"), sex },
        { N_("Nơi thường trú"), id->place_of_residence },
    };
    char lines[sizeof rows / sizeof rows[0]][400];
    int nlines = 0;
    float need[2] = { ui_mm(ui, 12), ui_mm(ui, 12) }; /* body, small; the assurance line */
    for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (!rows[i].value[0])
            continue;
        snprintf(lines[nlines], sizeof lines[nlines], "%s: %s", _(rows[i].label), rows[i].value);
        need[0] += ui_text_height(ui, lines[nlines], UI_FONT_BODY, r.w) + ui_mm(ui, 2);
        need[1] += ui_text_height(ui, lines[nlines], UI_FONT_SMALL, r.w) + ui_mm(ui, 1);
        nlines++;
    }
    /* A short screen (an 18.5" panel) and a long address: the small style,
     * whose capitals are still above the 6.1 mm minimum, rather than lines
     * running under the answer buttons. */
    bool small = need[0] > r.h && need[1] <= r.h;
    for (int i = 0; i < nlines; i++) {
        float h = ui_paragraph(ui, r, lines[i], small ? UI_FONT_SMALL : UI_FONT_BODY);
        ui_cut_top(&r, h + ui_mm(ui, small ? 1 : 2));
    }
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 12)), _(identity_assurance_label(id->assurance)),
             UI_FONT_SMALL, UI_ALIGN_LEFT);
    if (ui_button_secondary(ui, ui_cut_left(&row, ui_mm(ui, 120)), _("Không phải tôi"), NULL)) {
        identity_wipe(&v->id);
        v->qr_card_read = false;
        v->typed_id[0] = '\0';
        app_back(a);
        return;
    }
    if (ui_button(ui, ui_cut_right(&row, ui_mm(ui, 120)), _("Đúng, tiếp tục"), "next")) {
        if (v->submitting && v->proc_loaded)
            app_begin_form(a);
        else
            app_go(a, SCREEN_HOME);
    }
    app_flow_buttons(a, NULL, false);
}
