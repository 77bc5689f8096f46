/* screen_submit: "Nộp hồ sơ": the procedures that can be filed at the kiosk,
 * most asked first; the next step is the procedure page (what to bring, how
 * long), then identification. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

/* The procedures with a form in assets/forms, the most asked first. */
static const char *const submittable[] = {
    "1.001193", "1.000656", "1.000894", "1.004873", "2.000815",
    "2.000884", "1.004222", "1.004194", "2.000635",
};
#define NSUB (int)(sizeof submittable / sizeof submittable[0])

void screen_submit(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "submit";
    app_heading(a, &r, _("Bạn muốn nộp hồ sơ gì?"));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    if (!a->cat) {
        ui_paragraph(ui, r, _("Danh mục thủ tục chưa được cài đặt trên máy này. Xin hỏi cán bộ."),
                     UI_FONT_BODY);
        app_flow_buttons(a, NULL, false);
        return;
    }
    static char names[NSUB][200];
    static char codes[NSUB][CATALOG_CODE_MAX];
    const char *items[NSUB];
    int n = 0;
    static catalog_procedure p;
    catalog_error err;
    for (int i = 0; i < NSUB; i++)
        if (catalog_get(a->cat, submittable[i], i18n_language(), &p, &err) == 0) {
            snprintf(names[n], sizeof names[n], "%s", app_proc_text(p.code, "name", p.name));
            snprintf(codes[n], sizeof codes[n], "%s", p.code);
            items[n] = names[n];
            n++;
        }
    int tapped = ui_list(ui, r, items, n, &a->list_scroll, 20);
    if (tapped >= 0 && app_load_procedure(a, codes[tapped]) == 0) {
        a->visit.submitting = true;
        app_go(a, SCREEN_PROCEDURE);
    }
    app_flow_buttons(a, NULL, false);
}
