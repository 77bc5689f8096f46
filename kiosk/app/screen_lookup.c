/* screen_lookup: find a procedure by typing (results as you type, diacritics,
 * typos and Telex leftovers forgiven by the catalog's search) or, with nothing
 * typed, by tapping a field's picture tile. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

#define MAX_RESULTS 6

/* With nothing typed: the fields as picture tiles, three at a time. */
static void field_tiles(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    catalog_field fields[24];
    int n = a->cat ? catalog_fields(a->cat, i18n_language(), fields, 24) : 0;
    if (n <= 0) {
        ui_label(ui, r, _("Gõ tên thủ tục, ví dụ: khai sinh"), UI_FONT_BODY, UI_ALIGN_LEFT);
        return;
    }
    float gap = ui_mm(ui, 4);
    /* Three tiles a page where they stay 22 mm tall and every name fits
     * beside its picture (in small text at worst: a long translation in a
     * narrow column takes two lines), fewer on a small screen. */
    float tile_h = ui_mm(ui, 22);
    float text_w = r.w - (n > 1 ? ui_mm(ui, 28) + gap : 0) - ui_mm(ui, 2.5f * 2 + 16 + 3);
    for (int k = 0; k < n; k++) {
        const char *name = app_proc_text("field", fields[k].id, fields[k].name);
        tile_h = fmaxf(tile_h, ui_text_height(ui, name, UI_FONT_SMALL, text_w) + ui_mm(ui, 5.5f));
    }
    int per = (int)((r.h + gap) / (tile_h + gap));
    per = per > 3 ? 3 : per < 1 ? 1 : per;
    ui_rect nav = { 0 };
    if (n > per) {
        nav = ui_cut_right(&r, ui_mm(ui, 28));
        ui_cut_right(&r, gap);
    }
    int *page = &a->list_scroll;
    if (*page < 0 || *page >= n)
        *page = 0;
    for (int k = 0; k < per && *page + k < n; k++) {
        const catalog_field *f = &fields[*page + k];
        /* The name in the visit's language: the catalog's own (vi, en), else
         * catalog-<lang>.po's "field/<id>" translation of the Vietnamese. */
        const char *name = app_proc_text("field", f->id, f->name);
        if (ui_tile(ui, ui_grid_cell(r, 1, per, gap, k), name, f->pictogram)) {
            snprintf(a->visit.field, sizeof a->visit.field, "%s", f->id);
            app_go(a, SCREEN_FIELD);
        }
    }
    if (n > per)
        ui_pager(ui, nav, page, per, n);
}

static void results(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    if (!a->search) {
        ui_label(ui, r, _("Danh mục thủ tục chưa được cài đặt trên máy này."), UI_FONT_BODY,
                 UI_ALIGN_LEFT);
        return;
    }
    search_result res[MAX_RESULTS];
    int n = search_query(a->search, a->visit.search, res, MAX_RESULTS);
    if (n <= 0) {
        ui_label(ui, r, _("Không tìm thấy. Hãy gõ cách khác, hoặc chọn theo lĩnh vực."), UI_FONT_BODY,
                 UI_ALIGN_LEFT);
        return;
    }
    static char names[MAX_RESULTS][200];
    const char *items[MAX_RESULTS];
    catalog_error err;
    static catalog_procedure p;
    for (int i = 0; i < n; i++) {
        if (catalog_get(a->cat, res[i].code, i18n_language(), &p, &err) == 0)
            snprintf(names[i], sizeof names[i], "%s", app_proc_text(p.code, "name", p.name));
        else
            snprintf(names[i], sizeof names[i], "%s", res[i].code);
        items[i] = names[i];
    }
    int scroll = 0;
    int tapped = ui_list(ui, r, items, n, &scroll, 22);
    if (tapped >= 0 && app_load_procedure(a, res[tapped].code) == 0)
        app_go(a, SCREEN_PROCEDURE);
}

void screen_lookup(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "lookup";
    a->visit.submitting = false;
    /* Landscape: the question, the field and the results on the left, the
     * keyboard on the right, so both stay big enough to touch. Only "Quay
     * lại" is below, on the left: the keyboard may go down to the bar. */
    ui_rect kb = app_keyboard_area(a, &r, 0.56f);
    ui_cut_bottom(&r, ui_mm(ui, 27));
    app_heading(a, &r, _("Bạn tìm thủ tục gì?"));
    ui_text_field(ui, ui_cut_top(&r, ui_mm(ui, 20)), _("Tìm kiếm"), a->visit.search, true);
    ui_cut_top(&r, ui_mm(ui, 4));
    char seen[1024];
    if (app_take_qr(a, seen, sizeof seen)) { /* a procedure's QR on the wall */
        char code[CATALOG_CODE_MAX];
        if (catalog_code_from_text(seen, code) == 0 && app_load_procedure(a, code) == 0)
            app_go(a, SCREEN_PROCEDURE);
    }
    if (a->visit.search[0])
        results(a, r);
    else
        field_tiles(a, r);
    if (ui_keyboard(ui, kb, &a->kb, a->visit.search, sizeof a->visit.search))
        app_note_input(a);
    app_flow_buttons(a, NULL, false);
}
