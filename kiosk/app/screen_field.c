/* screen_field: the procedures of one field (Hộ tịch, Chứng thực, ...), by
 * how often citizens ask for them. */
#include <stdio.h>

#include "app.h"
#include "i18n.h"

#define FIELD_MAX 40

void screen_field(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "field";
    app_heading(a, &r, _("Chọn thủ tục"));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    static char codes[FIELD_MAX][CATALOG_CODE_MAX];
    static char names[FIELD_MAX][200];
    const char *items[FIELD_MAX];
    int n = a->cat ? catalog_list_field(a->cat, a->visit.field, codes, FIELD_MAX) : 0;
    static catalog_procedure p;
    catalog_error err;
    for (int i = 0; i < n; i++) {
        if (catalog_get(a->cat, codes[i], i18n_language(), &p, &err) == 0)
            snprintf(names[i], sizeof names[i], "%s", app_proc_text(p.code, "name", p.name));
        else
            snprintf(names[i], sizeof names[i], "%s", codes[i]);
        items[i] = names[i];
    }
    int tapped = ui_list(ui, r, items, n, &a->list_scroll, 20);
    if (tapped >= 0 && app_load_procedure(a, codes[tapped]) == 0)
        app_go(a, SCREEN_PROCEDURE);
    app_flow_buttons(a, NULL, false);
}
