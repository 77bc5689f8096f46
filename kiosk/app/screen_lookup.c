/* screen_lookup: look up a procedure by typing. The catalog search plugs in
 * here (issue 5); until then the screen takes the query with the on-screen
 * keyboard and says the catalog is not installed. */
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

void screen_lookup(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "lookup";
    ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 16)), _("Bạn tìm thủ tục gì?"));
    ui_text_field(ui, ui_cut_top(&r, ui_mm(ui, 22)), _("Tìm kiếm"), a->visit.search, true);
    ui_cut_top(&r, ui_mm(ui, 3));
    ui_rect flow = ui_cut_bottom(&r, ui_mm(ui, 26));
    (void)flow;
    ui_rect kb = ui_cut_bottom(&r, fminf(r.h, ui_mm(ui, 112)));
    ui_label(ui, r, a->visit.search[0] ? _("Danh mục thủ tục chưa được cài đặt trên máy này.")
                                       : _("Gõ tên thủ tục, ví dụ: khai sinh"),
             UI_FONT_BODY, UI_ALIGN_LEFT);
    if (ui_keyboard(ui, kb, &a->kb, a->visit.search, sizeof a->visit.search))
        app_note_input(a);
    app_flow_buttons(a, NULL, false);
}
