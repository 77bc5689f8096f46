/* app: navigation, the visit's life cycle, idle handling and the frame.
 * See app.h. The idle rules follow the accessibility facts: a spoken warning
 * after `idle_after` seconds, a countdown of `idle_countdown` seconds with one
 * big button to go on, at most `idle_max_extensions` times; then the visit
 * ends and its data is wiped. */
#include "app.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "audio.h"
#include "devices.h"
#include "i18n.h"
#include "log.h"
#include "memcheck.h"

static const char *const screen_names[SCREEN_COUNT] = {
    [SCREEN_ATTRACT] = "attract", [SCREEN_HOME] = "home",     [SCREEN_LANGUAGE] = "language",
    [SCREEN_LOOKUP] = "lookup",   [SCREEN_SUBMIT] = "submit", [SCREEN_TRACK] = "track",
    [SCREEN_TICKET] = "ticket",   [SCREEN_RATE] = "rate",     [SCREEN_TEXTDEMO] = "textdemo",
    [SCREEN_PROCEDURE] = "procedure", [SCREEN_FIELD] = "field", [SCREEN_IDENTIFY] = "identify",
    [SCREEN_CONFIRM_ID] = "confirm-id", [SCREEN_QUESTION] = "question", [SCREEN_CHECK] = "check",
    [SCREEN_CONSENT] = "consent", [SCREEN_RECEIPT] = "receipt", [SCREEN_STATUS] = "status",
    [SCREEN_PRIORITY] = "priority", [SCREEN_TICKET_DONE] = "ticket-done",
    [SCREEN_RATE_REASONS] = "rate-reasons", [SCREEN_TECH_PIN] = "tech-pin", [SCREEN_TECH] = "tech",
};

screen_id app_screen_by_name(const char *name)
{
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (!strcmp(screen_names[i], name))
            return (screen_id)i;
    return SCREEN_COUNT;
}

void app_note_input(app *a)
{
    a->last_input = a->now;
}

void app_say(app *a, const char *prompt_id)
{
    if (!prompt_id)
        return;
    if (a->nspoken == APP_SPOKEN_LOG) {
        memmove(a->spoken[0], a->spoken[1], sizeof a->spoken[0] * (APP_SPOKEN_LOG - 1));
        a->nspoken--;
    }
    snprintf(a->spoken[a->nspoken++], sizeof a->spoken[0], "%s", prompt_id);
    const char *lang = i18n_language();
    audio_played info = { 0 };
    if (a->audio) {
        audio_stop(a->audio);
        audio_play_prompt(a->audio, lang, prompt_id, &info);
    }
    snprintf(a->voice_lang, sizeof a->voice_lang, "%s", info.lang_used);
    a->voice_fallback = info.fallback;
    log_event("app", "event=say prompt=%s lang=%s used=%s fallback=%d", prompt_id, lang,
              info.lang_used[0] ? info.lang_used : "-", info.fallback);
}

void app_go(app *a, screen_id s)
{
    if (a->depth < APP_HISTORY)
        a->history[a->depth++] = a->screen;
    a->screen = s;
    a->screen_entered = true;
    a->screen_since = a->now;
    a->list_scroll = 0;
    log_event("app", "event=screen name=%s", screen_names[s]);
}

void app_back(app *a)
{
    if (a->visit.submitted && a->screen == SCREEN_RECEIPT) {
        /* After a submission, Back never leads into the flow again. */
        a->depth = 0;
        a->screen = SCREEN_HOME;
        a->screen_entered = true;
        return;
    }
    if (a->depth > 0)
        a->screen = a->history[--a->depth];
    else
        a->screen = SCREEN_HOME;
    a->screen_entered = true;
    a->screen_since = a->now;
    a->list_scroll = 0;
    log_event("app", "event=screen name=%s back=1", screen_names[a->screen]);
}

void app_start_visit(app *a, const char *lang)
{
    app_end_visit(a);
    a->visit.active = true;
    i18n_set_language(lang);
    a->depth = 0;
    a->screen = SCREEN_HOME;
    a->screen_entered = true;
    app_note_input(a);
    log_event("app", "event=visit-start lang=%s", lang);
}

void app_end_visit(app *a)
{
    bool was_active = a->visit.active;
    identity_wipe(&a->visit.id);
    if (a->visit.answers) {
        explicit_bzero(a->visit.answers, sizeof *a->visit.answers);
        form_answers_free(a->visit.answers);
    }
    if (a->visit.form)
        form_free(a->visit.form);
    receipt_wipe(&a->visit.rcpt);
    explicit_bzero(&a->visit, sizeof a->visit);
    explicit_bzero(a->sim.qr, sizeof a->sim.qr);
    a->sim.qr_pending = false;
    /* The last frame's text (names, codes) lives in the UI arena and in text textures. */
    explicit_bzero(a->ui.arena, sizeof a->ui.arena);
    explicit_bzero(a->ui.nodes, sizeof a->ui.nodes);
    a->ui.nnodes = 0;
    a->ui.ncmds = 0;
    if (a->rd)
        render_forget(a->rd);
    if (a->audio)
        audio_visit_reset(a->audio); /* volume back to the default for the next citizen */
    if (a->dev)
        devices_visit_end(a->dev); /* forget keys and anything read */
    a->idle_warning = false;
    a->idle_extensions = 0;
    a->staff_called = false;
    a->kb = (kb_state){ 0 };
    a->depth = 0;
    a->screen = SCREEN_ATTRACT;
    a->screen_entered = true;
    services_catalog_refresh(a); /* a catalog update takes effect between visits */
    a->list_scroll = 0;
    i18n_set_language(config_get(&a->cfg, "kiosk", "language", "vi"));
    memcheck_scrub_stack();
#ifdef __GLIBC__
    /* Give the visit's freed memory (the photo, its textures, the dossier's
     * buffers) back to the system: every wholly free page of the heap is
     * dropped, and a kiosk's footprint after months of visits stays that of
     * one visit instead of creeping with the heap's fragmentation. (The
     * wiping above is what clears personal data; this only returns pages.) */
    malloc_trim(0);
#endif
    if (was_active)
        log_event("app", "event=visit-end");
}

void app_sim_card(app *a, const char *name)
{
    snprintf(a->sim.card, sizeof a->sim.card, "%s", name);
    a->sim.card_changed = true;
}

void app_sim_qr(app *a, const char *text)
{
    snprintf(a->sim.qr, sizeof a->sim.qr, "%s", text);
    a->sim.qr_pending = true;
}

bool app_take_qr(app *a, char *out, size_t size)
{
    if (!a->sim.qr_pending)
        return false;
    snprintf(out, size, "%s", a->sim.qr);
    explicit_bzero(a->sim.qr, sizeof a->sim.qr);
    a->sim.qr_pending = false;
    return true;
}

static void idle_check(app *a)
{
    if (!a->visit.active)
        return;
    double idle = a->now - a->last_input;
    if (!a->idle_warning && idle >= a->idle_after) {
        a->idle_warning = true;
        a->idle_warning_at = a->now;
        app_say(a, "idle_warning");
        log_event("app", "event=idle-warning extensions=%d", a->idle_extensions);
    }
    if (a->idle_warning && a->now - a->idle_warning_at >= a->idle_countdown) {
        log_event("app", "event=idle-timeout");
        app_end_visit(a);
    }
}

static void idle_dialog(app *a)
{
    ui_ctx *ui = &a->ui;
    float w = ui_mm(ui, 230), h = ui_mm(ui, 150);
    ui_rect d = { (float)(ui->width - w) / 2, (float)(ui->height - h) / 2, w, h };
    ui_modal_begin(ui, d, _("Bạn vẫn đang sử dụng chứ?"));
    ui_rect in = ui_inset(d, ui_mm(ui, 10));
    ui_heading(ui, ui_cut_top(&in, ui_mm(ui, 20)), _("Bạn vẫn đang sử dụng chứ?"));
    int left = (int)(a->idle_countdown - (a->now - a->idle_warning_at) + 0.999);
    if (left < 0)
        left = 0;
    char msg[256];
    snprintf(msg, sizeof msg, _("Màn hình sẽ quay về đầu sau %d giây và xóa thông tin của bạn."),
             left);
    ui_paragraph(ui, ui_cut_top(&in, ui_mm(ui, 40)), msg, UI_FONT_BODY);
    char num[16];
    snprintf(num, sizeof num, "%d", left);
    ui_label(ui, ui_cut_top(&in, ui_mm(ui, 20)), num, UI_FONT_HEADING, UI_ALIGN_CENTER);
    ui_rect btn = ui_cut_bottom(&in, ui_mm(ui, 28));
    if (a->idle_extensions < a->idle_max_extensions) {
        if (ui_button(ui, btn, _("Tôi vẫn đang dùng"), "next")) {
            a->idle_warning = false;
            a->idle_extensions++;
            app_note_input(a);
        }
    }
    ui_modal_end(ui);
}

void app_frame(app *a)
{
    ui_ctx *ui = &a->ui;
    if (a->end_requested) {
        a->end_requested = false;
        app_end_visit(a);
    }
    services_poll(a);
    idle_check(a);
    a->kb.letters = i18n_current()->letters; /* the keyboard's extra letters follow the language */
    ui_begin_frame(ui);
    bool entered = a->screen_entered;
    a->screen_entered = false;
    ui_rect content = app_content(a);
    switch (a->screen) {
    case SCREEN_ATTRACT: screen_attract(a, content); break;
    case SCREEN_HOME: screen_home(a, content); break;
    case SCREEN_LANGUAGE: screen_language(a, content); break;
    case SCREEN_LOOKUP: screen_lookup(a, content); break;
    case SCREEN_SUBMIT: screen_submit(a, content); break;
    case SCREEN_TRACK: screen_track(a, content); break;
    case SCREEN_TICKET: screen_ticket(a, content); break;
    case SCREEN_RATE: screen_rate(a, content); break;
    case SCREEN_TEXTDEMO: screen_textdemo(a, content); break;
    case SCREEN_PROCEDURE: screen_procedure(a, content); break;
    case SCREEN_FIELD: screen_field(a, content); break;
    case SCREEN_IDENTIFY: screen_identify(a, content); break;
    case SCREEN_CONFIRM_ID: screen_confirm_id(a, content); break;
    case SCREEN_QUESTION: screen_question(a, content); break;
    case SCREEN_CHECK: screen_check(a, content); break;
    case SCREEN_CONSENT: screen_consent(a, content); break;
    case SCREEN_RECEIPT: screen_receipt(a, content); break;
    case SCREEN_STATUS: screen_status(a, content); break;
    case SCREEN_PRIORITY: screen_priority(a, content); break;
    case SCREEN_TICKET_DONE: screen_ticket_done(a, content); break;
    case SCREEN_RATE_REASONS: screen_rate_reasons(a, content); break;
    case SCREEN_TECH_PIN: screen_tech_pin(a, content); break;
    case SCREEN_TECH: screen_tech(a, content); break;
    case SCREEN_COUNT: break;
    }
    if (entered && !a->screen_entered)
        app_say(a, a->prompt);
    app_chrome(a);
    if (a->idle_warning)
        idle_dialog(a);
    tech_gesture(a);
    if (ui->any_tap)
        app_note_input(a);
    ui_end_frame(ui);
}

void app_touch_point(const app *a, float px, float py, float *x, float *y)
{
    render_map_point(a->rd, px, py, x, y);
    *x -= a->touch_dx;
    *y -= a->touch_dy;
}

void app_present(app *a)
{
    render_frame(a->rd, &a->ui);
    render_present(a->rd);
}
