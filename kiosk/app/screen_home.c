/* screen_home: the five things a citizen comes for, as big picture tiles. */
#include "app.h"
#include "i18n.h"

void screen_home(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "home";
    app_heading(a, &r, _("Bạn cần làm gì hôm nay?"));
    ui_cut_top(&r, ui_mm(ui, 4));
    static const struct {
        const char *label;
        const char *icon;
        screen_id to;
    } tiles[] = {
        { N_("Tra cứu thủ tục"), "search", SCREEN_LOOKUP },
        { N_("Nộp hồ sơ"), "submit", SCREEN_SUBMIT },
        { N_("Tra cứu hồ sơ"), "track", SCREEN_TRACK },
        { N_("Lấy số thứ tự"), "ticket", SCREEN_TICKET },
        { N_("Đánh giá"), "rate", SCREEN_RATE },
    };
    for (int i = 0; i < 5; i++) {
        ui_rect cell = ui_grid_cell(r, 3, 2, ui_mm(ui, 8), i);
        if (ui_tile(ui, cell, _(tiles[i].label), tiles[i].icon))
            app_go(a, tiles[i].to);
    }
}
