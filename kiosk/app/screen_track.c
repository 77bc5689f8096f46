/* screen_track: track a dossier by its receipt's QR code or by typing its code.
 * The status lookup through kioskd plugs in here (issues 6 and 7). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

void screen_track(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "track";
    char seen[1024];
    if (app_take_qr(a, seen, sizeof seen)) {
        snprintf(a->visit.scanned, sizeof a->visit.scanned, "%s", seen);
        explicit_bzero(seen, sizeof seen);
        app_say(a, "qr_read");
        app_note_input(a);
    }
    ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 18)), _("Đưa mã QR trên biên nhận vào trước camera"));
    if (a->visit.scanned[0]) {
        char line[1100];
        snprintf(line, sizeof line, "%s: %s", _("Đã đọc mã"), a->visit.scanned);
        ui_paragraph(ui, ui_cut_top(&r, ui_mm(ui, 30)), line, UI_FONT_BODY);
        ui_paragraph(ui, ui_cut_top(&r, ui_mm(ui, 30)),
                     _("Tình trạng hồ sơ sẽ hiển thị ở đây khi máy kết nối với hệ thống một cửa."),
                     UI_FONT_BODY);
    } else {
        ui_draw_icon(ui, ui_cut_top(&r, ui_mm(ui, 80)), "qr", ui->theme.primary);
    }
    app_flow_buttons(a, NULL, false);
}
