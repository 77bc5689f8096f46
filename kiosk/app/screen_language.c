/* screen_language: change the language during a visit, keeping the visit. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

void screen_language(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "language";
    app_heading(a, &r, _("Chọn ngôn ngữ"));
    ui_cut_bottom(&r, ui_mm(ui, 30));
    const app_language *langs;
    int n = app_languages(&langs);
    for (int i = 0; i < n; i++) {
        ui_rect cell = ui_grid_cell(r, 4, (n + 3) / 4, ui_mm(ui, 6), i);
        char label[160];
        snprintf(label, sizeof label, "%s", langs[i].native);
        if (ui_tile(ui, cell, label, strcmp(langs[i].code, i18n_language()) ? NULL : "check")) {
            i18n_set_language(langs[i].code);
            app_back(a);
        }
    }
    app_flow_buttons(a, NULL, false);
}
