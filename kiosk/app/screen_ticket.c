/* screen_ticket, screen_priority, screen_ticket_done: take a queue number:
 * the service group, then whether the citizen has priority (elderly,
 * disabled, pregnant, with a baby), then the ticket is printed and its
 * number spoken. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audio.h"
#include "i18n.h"
#include "numwords.h"

/* Group codes are the letters of the queue number ("HT-007", priority
 * "HT-U008": kioskd numbers them per group and day), as on the counters'
 * displays: short, read aloud letter by letter. */
static const struct {
    const char *id, *label;
} groups[] = {
    { "HT", N_("Hộ tịch") },   { "CT", N_("Chứng thực") }, { "CR", N_("Cư trú") },
    { "DD", N_("Đất đai") },   { "KH", N_("Khác") },
};
#define NGROUPS (int)(sizeof groups / sizeof groups[0])

static const char *group_label(const char *id)
{
    for (int i = 0; i < NGROUPS; i++)
        if (!strcmp(groups[i].id, id))
            return _(groups[i].label);
    return id;
}

void screen_ticket(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "ticket";
    app_heading(a, &r, _("Bạn cần làm thủ tục gì?"));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    const char *items[NGROUPS];
    for (int i = 0; i < NGROUPS; i++)
        items[i] = _(groups[i].label);
    int tapped = ui_list(ui, r, items, NGROUPS, &a->list_scroll, 24);
    if (tapped >= 0) {
        snprintf(a->visit.ticket_group, sizeof a->visit.ticket_group, "%s", groups[tapped].id);
        app_go(a, SCREEN_PRIORITY);
    }
    app_flow_buttons(a, NULL, false);
}

/* "Số thứ tự của bạn là ...": the prompt, then the number as printed, from
 * word clips in the visit's language: "HT-007" is "số hát tê bảy". */
static void say_ticket_number(app *a, const char *number)
{
    app_say(a, "ticket_number");
    numwords w;
    memset(&w, 0, sizeof w);
    audio_played info;
    if (a->audio && numwords_ticket_for(&w, i18n_language(), number) == 0)
        audio_play_words(a->audio, NULL, "ticket_number", &w, &info);
}

void screen_priority(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "priority";
    app_heading(a, &r, _("Bạn có thuộc diện ưu tiên không?"));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    if (v->message[0]) {
        float h = ui_paragraph(ui, r, v->message, UI_FONT_BODY);
        ui_cut_top(&r, h + ui_mm(ui, 2));
    }
    static const struct {
        const char *label, *icon, *priority;
        int kind;
    } opts[] = {
        { N_("Người cao tuổi"), "staff", "elderly", TICKET_PRIORITY_ELDERLY },
        { N_("Người khuyết tật"), "staff", "disabled", TICKET_PRIORITY_DISABLED },
        { N_("Phụ nữ có thai"), "staff", "pregnant", TICKET_PRIORITY_PREGNANT },
        { N_("Có con nhỏ"), "staff", "infant", TICKET_PRIORITY_CHILD },
        { N_("Không"), NULL, "none", TICKET_PRIORITY_NONE },
    };
    for (int i = 0; i < 5; i++) {
        if (!ui_tile(ui, ui_grid_cell(r, 5, 1, ui_mm(ui, 5), i), _(opts[i].label), opts[i].icon))
            continue;
        kioskd_err e = kioskd_ticket(&a->kioskd, v->ticket_group, opts[i].priority, &v->ticket);
        if (e != KIOSKD_OK) {
            snprintf(v->message, sizeof v->message, "%s",
                     _("Máy chưa cấp được số thứ tự lúc này. Mời bạn đến quầy."));
            continue;
        }
        v->message[0] = '\0';
        app_print_ticket(a, group_label(v->ticket_group), opts[i].kind);
        app_go(a, SCREEN_TICKET_DONE);
        say_ticket_number(a, v->ticket.number);
    }
    app_flow_buttons(a, NULL, false);
}

void screen_ticket_done(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    visit *v = &a->visit;
    a->prompt = "ticket_done";
    app_heading(a, &r, _("Số thứ tự của bạn"));
    ui_cut_bottom(&r, ui_mm(ui, 28));
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 48)), v->ticket.number, UI_FONT_HUGE, UI_ALIGN_CENTER);
    char line[200];
    snprintf(line, sizeof line, "%s: %s", _("Quầy"), group_label(v->ticket_group));
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_CENTER);
    snprintf(line, sizeof line, _("Còn %d người trước bạn"), v->ticket.people_ahead);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)), line, UI_FONT_BODY, UI_ALIGN_CENTER);
    ui_label(ui, ui_cut_top(&r, ui_mm(ui, 13)),
             v->ticket_printed ? _("Mời bạn lấy phiếu ở khe máy in.")
                               : _("Máy in chưa in được phiếu; hãy nhớ số này."),
             UI_FONT_SMALL, UI_ALIGN_CENTER);
    if (app_flow_buttons(a, _("Xong"), true))
        a->end_requested = true;
}
