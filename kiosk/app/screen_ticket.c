/* screen_ticket: take a queue number. Choosing the service group is here;
 * priority, printing and the number spoken plug in with kioskd and the
 * printer (issues 6, 7, 9). */
#include <stdio.h>

#include "app.h"
#include "i18n.h"

void screen_ticket(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = "ticket";
    ui_heading(ui, ui_cut_top(&r, ui_mm(ui, 18)), _("Bạn cần làm thủ tục gì?"));
    ui_cut_bottom(&r, ui_mm(ui, 30));
    static const char *const groups[] = { N_("Hộ tịch"), N_("Chứng thực"), N_("Cư trú"),
                                          N_("Đất đai"), N_("Khác") };
    const char *items[5];
    for (int i = 0; i < 5; i++)
        items[i] = _(groups[i]);
    int tapped = ui_list(ui, r, items, 5, &a->list_scroll, 22);
    if (tapped >= 0)
        app_say(a, "ticket_group");
    app_flow_buttons(a, NULL, false);
}
