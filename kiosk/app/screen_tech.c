/* screen_tech: technician mode. Reached by a hidden gesture (five taps in the
 * top-left corner of the header within three seconds) and the technician PIN
 * from the configuration ([kiosk] technician_pin; without one the mode is
 * off). Wrong PINs are rate-limited: three tries, then a pause that doubles
 * each time. Nothing here is reachable by a citizen by accident: the corner
 * is not a button, and the PIN pad says nothing about what it opens.
 *
 * The technician sees: a self-test of reader, camera, printer and kioskd; the
 * outbox summary; the configuration (secrets masked); touch calibration; the
 * log tail; the font check. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "devices.h"
#include "i18n.h"
#include "log.h"
#include "printer.h"

#define CORNER_MM 25.0f
#define TAPS 5
#define TAP_WINDOW_S 3.0
#define PIN_TRIES 3

/* Called every frame with the pointer state: counts taps in the corner. */
void tech_gesture(app *a)
{
    ui_ctx *ui = &a->ui;
    if (!ui->released || a->screen == SCREEN_TECH || a->screen == SCREEN_TECH_PIN)
        return;
    if (ui->mx > ui_mm(ui, CORNER_MM) || ui->my > ui_mm(ui, CORNER_MM)) {
        a->tech_taps = 0;
        return;
    }
    if (a->tech_taps == 0 || a->now - a->tech_first_tap > TAP_WINDOW_S) {
        a->tech_taps = 0;
        a->tech_first_tap = a->now;
    }
    if (++a->tech_taps >= TAPS) {
        a->tech_taps = 0;
        if (config_get(&a->cfg, "kiosk", "technician_pin", "")[0]) {
            a->tech_pin[0] = '\0';
            app_go(a, SCREEN_TECH_PIN);
        }
    }
}

void screen_tech_pin(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = NULL;
    const char *pin = config_get(&a->cfg, "kiosk", "technician_pin", "");
    bool locked = a->now < a->tech_locked_until;
    app_heading(a, &r, _("Mã kỹ thuật"));
    ui_cut_bottom(&r, ui_mm(ui, 27));
    ui_rect left = ui_cut_left(&r, r.w * 0.45f);
    char dots[32] = "";
    for (size_t i = 0; i < strlen(a->tech_pin) && i < 12; i++)
        strcat(dots, "•");
    ui_text_field(ui, ui_cut_top(&left, ui_mm(ui, 22)), _("Mã"), dots, true);
    if (locked) {
        char msg[160];
        snprintf(msg, sizeof msg, _("Nhập sai quá nhiều lần. Thử lại sau %d giây."),
                 (int)(a->tech_locked_until - a->now + 1));
        ui_paragraph(ui, ui_cut_top(&left, ui_mm(ui, 40)), msg, UI_FONT_BODY);
    }
    ui_numpad(ui, ui_inset(r, ui_mm(ui, 2)), a->tech_pin, sizeof a->tech_pin, 12);
    if (app_flow_buttons(a, _("Vào"), !locked && a->tech_pin[0])) {
        bool ok = strlen(pin) == strlen(a->tech_pin) && !strcmp(pin, a->tech_pin);
        explicit_bzero(a->tech_pin, sizeof a->tech_pin);
        if (ok) {
            a->tech_fails = 0;
            log_event("tech", "event=technician-mode");
            a->screen = SCREEN_TECH;
            a->screen_entered = true;
        } else if (++a->tech_fails % PIN_TRIES == 0) {
            int rounds = a->tech_fails / PIN_TRIES;
            double pause = 60.0 * (double)(1 << (rounds > 6 ? 6 : rounds - 1));
            a->tech_locked_until = a->now + pause;
            log_event("tech", "event=pin-locked seconds=%.0f", pause);
        } else {
            log_event("tech", "event=pin-wrong");
        }
    }
}

static void self_test(app *a, char *out, size_t size)
{
    device_status ds = { 0 };
    if (a->dev)
        devices_status(a->dev, &ds);
    kioskd_health_info h;
    bool kd = kioskd_health(&a->kioskd, &h) == KIOSKD_OK;
    const char *pst = _("không có");
    escpos_status es;
    if (a->printer) {
        int rc = printer_status(a->printer, &es);
        const char *m = rc == 0 ? printer_status_message(&es) : printer_strerror(rc);
        pst = m && m[0] ? _(m) : _("sẵn sàng");
    }
    snprintf(out, size,
             "%s: %s\n%s: %s\n%s: %s\n%s: %s",
             _("Đầu đọc thẻ"), a->demo ? _("mô phỏng") : ds.reader_present ? _("có") : _("không có"),
             _("Camera"), a->demo ? _("mô phỏng") : ds.camera_present ? _("có") : _("không có"),
             _("Máy in"), pst, _("Dịch vụ kioskd"), kd ? _("đang chạy") : _("không trả lời"));
}

/* Lines of any length (configuration paths, log lines) in r: as many as fit,
 * each wrapped whole, with the pager for the rest. */
static void paged_lines(app *a, ui_rect r, const char *const *lines, int n)
{
    ui_ctx *ui = &a->ui;
    ui_rect nav = ui_cut_right(&r, ui_mm(ui, 28));
    ui_cut_right(&r, ui_mm(ui, 4));
    if (a->tech_line >= n)
        a->tech_line = 0;
    int shown = 0;
    for (int i = a->tech_line; i < n; i++) {
        float h = ui_text_height(ui, lines[i], UI_FONT_SMALL, r.w);
        if (h > r.h && shown > 0)
            break;
        ui_paragraph(ui, r, lines[i], UI_FONT_SMALL);
        ui_cut_top(&r, h + ui_mm(ui, 1));
        shown++;
    }
    if (n > shown)
        ui_pager(ui, nav, &a->tech_line, shown > 0 ? shown : 1, n);
}

void screen_tech(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = NULL;
    app_heading(a, &r, _("Chế độ kỹ thuật"));
    ui_cut_bottom(&r, ui_mm(ui, 27));
    ui_rect menu = ui_cut_left(&r, ui_mm(ui, 100));
    ui_cut_left(&r, ui_mm(ui, 8));
    static const char *const items[] = { N_("Kiểm tra thiết bị"), N_("Hồ sơ chờ gửi"),
                                         N_("Cấu hình"), N_("Căn chỉnh cảm ứng"), N_("Nhật ký"),
                                         N_("Mẫu chữ") };
    const char *labels[6];
    for (int i = 0; i < 6; i++)
        labels[i] = _(items[i]);
    int scroll = 0;
    int t = ui_list(ui, menu, labels, 6, &scroll, 22);
    if (t >= 0 && t != a->tech_page) {
        a->tech_page = t;
        a->tech_line = 0;
    }
    char text[2048] = "";
    switch (a->tech_page) {
    case 0:
        self_test(a, text, sizeof text);
        break;
    case 1: {
        kioskd_health_info h;
        if (kioskd_health(&a->kioskd, &h) == KIOSKD_OK)
            snprintf(text, sizeof text, "%s: %ld\n%s: %ld\n%s: %s\n%s: %s\n%s: %s", _("Chờ gửi"),
                     h.pending, _("Bị từ chối, cần xử lý"), h.parked, _("Đường truyền"), h.upstream,
                     _("Gửi lần cuối"), h.last_upload_at[0] ? h.last_upload_at : "-",
                     _("Phiên bản danh mục"), h.catalog_version[0] ? h.catalog_version : "-");
        else
            snprintf(text, sizeof text, "%s", _("Dịch vụ kioskd không trả lời."));
        break;
    }
    case 2: {
        static char lines[CONFIG_MAX_ENTRIES][400];
        const char *shown[CONFIG_MAX_ENTRIES];
        int n = 0;
        for (int i = 0; i < a->cfg.count; i++) {
            const config_entry *e = &a->cfg.entries[i];
            bool secret = strstr(e->key, "pin") || strstr(e->key, "psk") || strstr(e->key, "key") ||
                          strstr(e->key, "password");
            snprintf(lines[n], sizeof lines[n], "[%s] %s = %s", e->section, e->key,
                     secret ? "••••" : e->value);
            shown[n] = lines[n];
            n++;
        }
        paged_lines(a, r, shown, n);
        break;
    }
    case 3: {
        /* Touch calibration: tap the target's centre a few times; the mean
         * offset from it, added to the offset already set, is what to write
         * in kiosk.conf (the kiosk takes it off every touch). */
        ui_rect target = { r.x + r.w / 2 - ui_mm(ui, 15), r.y + r.h / 2 - ui_mm(ui, 15), ui_mm(ui, 30),
                           ui_mm(ui, 30) };
        if (ui_button_secondary(ui, target, _("Chạm vào đây"), "check")) {
            float dx = (ui->mx - (target.x + target.w / 2)) * 25.4f / ui->dpi;
            float dy = (ui->my - (target.y + target.h / 2)) * 25.4f / ui->dpi;
            int n = ++a->tech_calib_taps;
            a->tech_offset_x += (dx - a->tech_offset_x) / (float)n;
            a->tech_offset_y += (dy - a->tech_offset_y) / (float)n;
        }
        snprintf(text, sizeof text, "%s: %.1f mm, %.1f mm (%d)", _("Lệch so với tâm"),
                 a->tech_offset_x, a->tech_offset_y, a->tech_calib_taps);
        ui_label(ui, ui_cut_top(&r, ui_mm(ui, 12)), text, UI_FONT_BODY, UI_ALIGN_LEFT);
        float set_x = a->touch_dx * 25.4f / ui->dpi, set_y = a->touch_dy * 25.4f / ui->dpi;
        snprintf(text, sizeof text, "%s [kiosk] touch_offset_x_mm = %.1f, touch_offset_y_mm = %.1f",
                 _("Ghi vào kiosk.conf:"), set_x + a->tech_offset_x, set_y + a->tech_offset_y);
        ui_paragraph(ui, ui_cut_top(&r, ui_mm(ui, 26)), text, UI_FONT_SMALL);
        text[0] = '\0';
        break;
    }
    case 4: {
        const char *lines[64];
        paged_lines(a, r, lines, log_tail(lines, 64));
        break;
    }
    case 5:
        app_go(a, SCREEN_TEXTDEMO);
        a->tech_page = 0;
        break;
    }
    if (text[0])
        ui_paragraph(ui, r, text, UI_FONT_BODY);
    if (app_flow_buttons(a, _("Thoát"), true)) {
        a->tech_page = 0;
        a->tech_calib_taps = 0;
        a->tech_offset_x = a->tech_offset_y = 0;
        a->end_requested = true;
    }
}
