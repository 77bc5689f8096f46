/* screen_rate: rate our service with five faces, from very unhappy to very
 * happy. Storing and uploading the rating is kioskd's (issue 6). */
#include <stdio.h>

#include "app.h"
#include "i18n.h"

void screen_rate(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "rate";
    if (a->visit.rating) {
        ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 18)), _("Cảm ơn bạn đã đánh giá!"));
        app_flow_buttons(a, NULL, false);
        return;
    }
    ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 18)), _("Bạn hài lòng với dịch vụ hôm nay không?"));
    ui_cut_bottom(&r, ui_mm(ui, 30));
    static const struct {
        const char *label, *icon;
    } faces[5] = {
        { N_("Rất không hài lòng"), "face1" }, { N_("Không hài lòng"), "face2" },
        { N_("Bình thường"), "face3" },       { N_("Hài lòng"), "face4" },
        { N_("Rất hài lòng"), "face5" },
    };
    for (int i = 0; i < 5; i++)
        if (ui_tile(ui, ui_grid_cell(r, 5, 1, ui_mm(ui, 5), i), _(faces[i].label), faces[i].icon)) {
            a->visit.rating = i + 1;
            app_say(a, "rate_thanks");
        }
    app_flow_buttons(a, NULL, false);
}
