/* screen_rate and screen_rate_reasons: rate our service with five faces,
 * then optional reasons as pictures; kioskd stores and uploads the rating. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "log.h"

static const struct {
    const char *id, *label, *icon;
} reasons[6] = {
    { "fast", N_("Nhanh"), "next" },         { "slow", N_("Phải chờ lâu"), "restart" },
    { "kind", N_("Cán bộ nhiệt tình"), "staff" }, { "unclear", N_("Khó hiểu"), "search" },
    { "easy", N_("Máy dễ dùng"), "check" },  { "hard", N_("Máy khó dùng"), "face2" },
};

void screen_rate(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "rate";
    app_heading(a, &r, _("Bạn hài lòng với dịch vụ hôm nay không?"));
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
            memset(a->visit.reasons, 0, sizeof a->visit.reasons);
            app_go(a, SCREEN_RATE_REASONS);
        }
    app_flow_buttons(a, NULL, false);
}

void screen_rate_reasons(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "rate_reasons";
    app_heading(a, &r, _("Vì sao? (có thể chọn nhiều, hoặc bỏ qua)"));
    ui_cut_bottom(&r, ui_mm(ui, 30));
    for (int i = 0; i < 6; i++) {
        /* A chosen reason is drawn filled (the fonts have no check mark
         * character); its node says so for scripts. */
        bool chosen = v->reasons[i];
        if (ui_tile_selected(ui, ui_grid_cell(r, 3, 2, ui_mm(ui, 5), i), _(reasons[i].label),
                             reasons[i].icon, chosen))
            v->reasons[i] = !v->reasons[i];
        if (chosen)
            snprintf(ui->nodes[ui->nnodes - 1].label, UI_LABEL_MAX, "✓ %s", _(reasons[i].label));
    }
    if (app_flow_buttons(a, _("Gửi đánh giá"), true)) {
        const char *chosen[7];
        int n = 0;
        for (int i = 0; i < 6; i++)
            if (v->reasons[i])
                chosen[n++] = reasons[i].id;
        chosen[n] = NULL;
        kioskd_err e = kioskd_rate(&a->kioskd, v->rating, chosen,
                                   v->dossier_code[0] ? v->dossier_code : NULL);
        log_event("app", "event=rating stored=%d", e == KIOSKD_OK);
        app_say(a, "rate_thanks");
        a->end_requested = true; /* thanks, and the visit ends */
    }
}
