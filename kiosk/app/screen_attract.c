/* screen_attract: the first screen, which is also the language choice. One
 * tap on a language starts the visit in that language. No visit data exists
 * here; "Gọi cán bộ" and "Nghe lại" still work. */
#include <math.h>
#include <stdio.h>

#include "app.h"
#include "i18n.h"

/* A language button: its name in its own script, big, and the Vietnamese name below. */
static bool language_button(app *a, ui_rect r, const app_language *l)
{
    ui_ctx *ui = &a->ui;
    char label[160];
    snprintf(label, sizeof label, "%s", l->native);
    bool tapped = ui_tile(ui, r, label, NULL);
    /* ui_tile drew the native name; add the Vietnamese name and the draft note. */
    ui_rect in = ui_inset(r, ui_mm(ui, 4));
    /* The draft note on a line of its own: beside a long name it was cut off. */
    float line = (float)ui_text_line_height(ui->text, UI_FONT_SMALL);
    ui_rect sub = ui_cut_bottom(&in, fmaxf(ui_mm(ui, 12), (l->draft ? 2 : 1) * line + ui_mm(ui, 1)));
    char note[160];
    snprintf(note, sizeof note, "%s%s", l->vietnamese, l->draft ? "\nbản nháp" : "");
    ui_draw_text(ui, sub, note, UI_FONT_SMALL, ui->theme.on_secondary, UI_ALIGN_CENTER);
    /* The semantic label carries both names, so speech and scripts can use either. */
    snprintf(ui->nodes[ui->nnodes - 1].label, UI_LABEL_MAX, "%s (%s%s)", l->native, l->vietnamese,
             l->draft ? " · bản nháp" : "");
    return tapped;
}

void screen_attract(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "attract";
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 22)), "Xin chào! Welcome!", UI_FONT_TITLE, UI_ALIGN_CENTER);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 16)), "Chạm vào ngôn ngữ của bạn để bắt đầu", UI_FONT_BODY,
             UI_ALIGN_CENTER);
    ui_cut_top(&r, ui_mm(ui, 6));
    const app_language *langs;
    int n = app_languages(&langs);
    int cols = 4, rows = (n + cols - 1) / cols;
    for (int i = 0; i < n; i++) {
        ui_rect cell = ui_grid_cell(r, cols, rows, ui_mm(ui, 6), i);
        if (language_button(a, cell, &langs[i]))
            app_start_visit(a, langs[i].code);
    }
}
