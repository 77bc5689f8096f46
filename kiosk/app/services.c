/* services: what the screens use besides the UI: the procedure catalog and
 * its search index, kioskd over its socket, the receipt printer and the
 * speaker. Each is optional: a kiosk with a missing part keeps working and
 * the screens say what cannot be done (no catalog: no search; no kioskd: no
 * dossiers, offer a queue ticket; no printer: the receipt stays on screen).
 *
 * The submission is the one-time action of a visit: it is sent to kioskd with
 * a request ID made once per visit, so a retry after a timeout can never make
 * a second dossier, and once kioskd has answered with a code the flow never
 * submits again. */
#include <SDL2/SDL_image.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "audio.h"
#include "devices.h"
#include "i18n.h"
#include "log.h"
#include "printer.h"
#include "vietqr.h"

/* The catalog to read: [kiosk] catalog if set; else the one kioskd installed
 * from the province ([kioskd] catalog_path) once it exists; else the one
 * built into the assets. */
static void catalog_path(app *a, char *out, size_t outsize)
{
    const char *own = config_get(&a->cfg, "kiosk", "catalog", NULL);
    if (own) {
        snprintf(out, outsize, "%s", own);
        return;
    }
    const char *upd = config_get(&a->cfg, "kioskd", "catalog_path", "/var/lib/kioskd/catalog.db");
    if (upd[0] && access(upd, R_OK) == 0) {
        snprintf(out, outsize, "%s", upd);
        return;
    }
    snprintf(out, outsize, "%s/catalog.db", a->assets_dir);
}

static file_stamp stamp_of(const struct stat *st)
{
    return (file_stamp){ (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
                         (long long)st->st_mtime };
}

static bool same_stamp(file_stamp x, file_stamp y)
{
    return x.dev == y.dev && x.ino == y.ino && x.mtime == y.mtime;
}

/* Open the catalog at path with its search index and holidays, replacing the
 * open one only when the new one opens. Returns 0 on success. */
static int catalog_swap(app *a, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        log_event("app", "event=catalog-missing path=%s", path);
        return -1;
    }
    catalog_error err;
    catalog *cat = catalog_open(path, &err);
    if (!cat) {
        log_event("app", "event=catalog-unreadable path=%s", path);
        a->cat_bad = stamp_of(&st);
        return -1;
    }
    search_index *idx = search_open(cat, &err);
    if (!idx) {
        log_event("app", "event=catalog-no-search path=%s", path);
        catalog_close(cat);
        a->cat_bad = stamp_of(&st);
        return -1;
    }
    search_close(a->search);
    if (a->cat)
        catalog_close(a->cat);
    a->cat = cat;
    a->search = idx;
    workdays_calendar_init(&a->holidays);
    catalog_load_holidays(a->cat, &a->holidays);
    snprintf(a->cat_path, sizeof a->cat_path, "%s", path);
    a->cat_stamp = stamp_of(&st);
    return 0;
}

/* Whether the catalog file to read (its path into path) is not the open one. */
static bool catalog_changed(app *a, char *path, size_t size)
{
    catalog_path(a, path, size);
    struct stat st;
    if (stat(path, &st) != 0)
        return false; /* keep what is open */
    if (same_stamp(stamp_of(&st), a->cat_bad))
        return false; /* the file that would not open: wait for the next one */
    return !a->cat || strcmp(path, a->cat_path) != 0 || !same_stamp(stamp_of(&st), a->cat_stamp);
}

bool services_catalog_changed(app *a)
{
    char path[700];
    return catalog_changed(a, path, sizeof path);
}

void services_catalog_refresh(app *a)
{
    char path[700];
    if (catalog_changed(a, path, sizeof path) && catalog_swap(a, path) == 0)
        log_event("app", "event=catalog-opened path=%s", path);
}

void services_open(app *a)
{
    char path[700];
    catalog_path(a, path, sizeof path);
    if (catalog_swap(a, path) != 0) {
        /* An unreadable update must not leave the kiosk without procedures. */
        char built_in[700];
        snprintf(built_in, sizeof built_in, "%s/catalog.db", a->assets_dir);
        if (strcmp(built_in, path) != 0)
            catalog_swap(a, built_in);
    }
    kioskd_client_init(&a->kioskd,
                       config_get(&a->cfg, "kioskd", "socket", "/run/kioskd/kioskd.sock"));
    /* How long a screen waits for kioskd (a submission waits longer). */
    a->kioskd.timeout_ms =
        (int)config_get_int(&a->cfg, "kiosk", "service_timeout_ms", 3000, 500, 60000);
    a->kioskd.submit_timeout_ms =
        (int)config_get_int(&a->cfg, "kiosk", "submit_timeout_ms", 8000, 1000, 120000);

    printer_config pc;
    printer_config_defaults(&pc);
    if (printer_config_from_ini(&a->cfg, &pc) != 0)
        log_event("app", "event=printer-config-bad");
    if (a->demo && !config_get(&a->cfg, "printer", "device", NULL))
        snprintf(pc.device, sizeof pc.device, "sim");
    printer *p = NULL;
    int rc = printer_open(&pc, &p);
    if (rc != 0)
        log_event("app", "event=printer-unavailable error=%d", rc);
    a->printer = p;

    audio_options ao;
    char audio_dir[700];
    snprintf(audio_dir, sizeof audio_dir, "%s/audio", a->assets_dir);
    audio_options_from_config(&ao, &a->cfg, audio_dir);
    ao.no_device = a->headless;
    audio *au = NULL;
    if (audio_open(&ao, &au) != AUDIO_OK)
        log_event("app", "event=audio-unavailable");
    a->audio = au;

    /* The real card reader and camera; demo and scripts simulate them. */
    if (!a->demo) {
        char derr[256];
        a->dev = devices_open(&a->cfg, derr, sizeof derr);
        if (!a->dev)
            log_event("app", "event=devices-unavailable");
    }
}

/* Events from the device threads, every frame: QR texts join the simulated
 * camera's path; a chip read lands in the visit and asks the citizen to
 * confirm; errors are shown on the identify screen. */
void services_poll(app *a)
{
    device_event ev;
    while (a->dev && devices_poll(a->dev, &ev)) {
        visit *v = &a->visit;
        switch (ev.kind) {
        case DEV_QR_SEEN:
            if (a->visit.active)
                app_sim_qr(a, ev.text);
            break;
        case DEV_CARD_READ:
            if (a->visit.active && a->screen == SCREEN_IDENTIFY) {
                identity_wipe(&v->id);
                devices_event_take_identity(&ev, &v->id);
                v->message[0] = '\0';
                app_say(a, "card_read");
                app_go(a, SCREEN_CONFIRM_ID);
            }
            break;
        case DEV_CARD_ERROR:
            if (a->visit.active) {
                snprintf(v->message, sizeof v->message, "%s", ev.message ? ev.message : "");
                app_say(a, ev.error_name && !strcmp(ev.error_name, "wrong-key") ? "card_wrong_keys"
                           : ev.error_name && !strcmp(ev.error_name, "no-keys") ? "card_need_keys"
                                                                                 : "card_unreadable");
            }
            break;
        case DEV_CARD_INSERTED:
        case DEV_CARD_READING:
            if (a->visit.active && a->screen == SCREEN_IDENTIFY)
                snprintf(v->message, sizeof v->message, "%s",
                         _("Đang đọc thẻ. Xin giữ yên thẻ trên đầu đọc."));
            break;
        default:
            break;
        }
        devices_event_clear(&ev);
    }
    if (a->dev)
        devices_camera_enable(a->dev, a->visit.active &&
                                          (a->screen == SCREEN_IDENTIFY || a->screen == SCREEN_TRACK ||
                                           a->screen == SCREEN_LOOKUP));
}

void services_close(app *a)
{
    if (a->dev)
        devices_close(a->dev);
    a->dev = NULL;
    if (a->printer)
        printer_close(a->printer);
    if (a->audio)
        audio_close(a->audio);
    search_close(a->search);
    if (a->cat)
        catalog_close(a->cat);
    a->printer = NULL;
    a->audio = NULL;
    a->search = NULL;
    a->cat = NULL;
}

const char *app_proc_text(const char *code, const char *field, const char *vietnamese)
{
    char ctx[64];
    snprintf(ctx, sizeof ctx, "%s/%s", code, field);
    return i18n_pget(ctx, vietnamese);
}

int app_load_procedure(app *a, const char *code)
{
    visit *v = &a->visit;
    catalog_error err;
    if (!a->cat) {
        snprintf(v->message, sizeof v->message, "%s",
                 _("Danh mục thủ tục chưa được cài đặt trên máy này. Xin hỏi cán bộ."));
        return -1;
    }
    if (catalog_get(a->cat, code, i18n_language(), &v->proc, &err) != 0) {
        snprintf(v->message, sizeof v->message, "%s", _("Không tìm thấy thủ tục này."));
        return -1;
    }
    v->proc_loaded = true;
    return 0;
}

void app_begin_form(app *a)
{
    visit *v = &a->visit;
    if (v->form) {
        form_answers_free(v->answers);
        form_free(v->form);
        v->form = NULL;
        v->answers = NULL;
    }
    const char *form_id = NULL;
    for (int i = 0; i < v->proc.document_count; i++)
        if (v->proc.documents[i].form[0]) {
            form_id = v->proc.documents[i].form;
            break;
        }
    catalog_error err;
    v->form = form_id && a->cat ? form_load(a->cat, form_id, &err) : NULL;
    if (!v->form) {
        snprintf(v->message, sizeof v->message, "%s",
                 _("Thủ tục này chưa nộp được tại máy. Mời bạn đến quầy để được hướng dẫn."));
        return;
    }
    v->answers = form_answers_new(v->form);
    if (v->id.assurance != IDENTITY_NONE)
        form_prefill(v->form, v->answers, &v->id);
    v->question = app_next_question(a, -1);
    v->answer[0] = '\0';
    v->message[0] = '\0';
    if (v->question >= 0) {
        snprintf(v->answer, sizeof v->answer, "%s", v->answers->value[v->question]);
        app_go(a, SCREEN_QUESTION);
    } else {
        app_go(a, SCREEN_CHECK);
    }
}

/* The dossier as kioskd receives it: procedure, answers, who, consent. */
static char *dossier_json(app *a)
{
    visit *v = &a->visit;
    json_t *d = json_object();
    json_object_set_new(d, "procedure", json_string(v->proc.code));
    json_object_set_new(d, "language", json_string(i18n_language()));
    char *answers = form_answers_json(v->form, v->answers);
    json_t *ans = answers ? json_loads(answers, 0, NULL) : NULL;
    if (answers) {
        explicit_bzero(answers, strlen(answers));
        free(answers);
    }
    json_object_set_new(d, "answers", ans ? ans : json_object());
    json_t *who = json_object();
    json_object_set_new(who, "id_number", json_string(v->id.id_number));
    json_object_set_new(who, "full_name", json_string(v->id.full_name));
    json_object_set_new(who, "date_of_birth", json_string(v->id.date_of_birth));
    static const char *const levels[] = { "none", "typed", "qr", "chip", "chip-verified" };
    json_object_set_new(who, "assurance", json_string(levels[v->id.assurance]));
    json_object_set_new(d, "identity", who);
    json_t *docs = json_array();
    for (int i = 0; i < v->proc.document_count; i++) {
        json_t *doc = json_object();
        json_object_set_new(doc, "name", json_string(v->proc.documents[i].name));
        json_object_set_new(doc, "count", json_string(v->proc.documents[i].count));
        json_array_append_new(docs, doc);
    }
    json_object_set_new(d, "documents", docs);
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%S%z", &tm);
    json_object_set_new(d, "consent_at", json_string(now));
    char *out = json_dumps(d, JSON_COMPACT);
    json_decref(d); /* jansson frees its strings without wiping: short-lived */
    return out;
}

static void build_receipt(app *a)
{
    visit *v = &a->visit;
    receipt *r = &v->rcpt;
    receipt_wipe(r);
    snprintf(r->center, sizeof r->center, "%s",
             config_get(&a->cfg, "center", "name", "Trung tâm Phục vụ hành chính công"));
    snprintf(r->procedure_name, sizeof r->procedure_name, "%s", v->proc.name);
    snprintf(r->procedure_code, sizeof r->procedure_code, "%s", v->proc.code);
    receipt_set_dossier(r, v->kreceipt.code);
    receipt_set_applicant(r, v->id.full_name, v->id.id_number);
    time_t now = time(NULL);
    receipt_format_time(now, r->received_at, sizeof r->received_at);
    const catalog_channel *ch = v->proc.channel_count ? &v->proc.channels[0] : NULL;
    if (ch) {
        snprintf(r->processing_time, sizeof r->processing_time, "%s", ch->time_text);
        struct tm tm;
        localtime_r(&now, &tm);
        workdays_time rec = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min };
        workdays_time due;
        if (workdays_due(&a->holidays, &ch->time, &rec, &due) == 0)
            snprintf(r->due_at, sizeof r->due_at, "%02d/%02d/%04d", due.day, due.month, due.year);
        /* Pages and copies, when the form asks for them (certified copies). */
        fees_request req = { 1, 1, NULL, 0 };
        int ip = v->form ? form_find(v->form, "pages") : -1;
        int ic = v->form ? form_find(v->form, "copies") : -1;
        if (ip >= 0 && v->answers->set[ip])
            req.pages = atoi(v->answers->value[ip]);
        if (ic >= 0 && v->answers->set[ic])
            req.copies = atoi(v->answers->value[ic]);
        long fee = 0;
        if (fees_compute(&ch->fee, &req, &fee) == 0 && fee > 0) {
            vietqr_account acct;
            if (vietqr_account_from_config(&a->cfg, &acct) == 0)
                receipt_set_fee(r, (unsigned long long)fee, &acct);
            else
                r->fee_vnd = (unsigned long long)fee;
        }
    }
    for (int i = 0; i < v->proc.document_count && i < RECEIPT_MAX_DOCS; i++)
        receipt_add_doc(r, v->proc.documents[i].name, v->proc.documents[i].count);
    snprintf(r->hotline, sizeof r->hotline, "%s", config_get(&a->cfg, "center", "hotline", ""));
}

/* In demo and test runs, also keep a picture of what the paper shows. */
static void save_print_png(app *a, const raster *page, const char *what)
{
    const char *dir = config_get(&a->cfg, "printer", "png_dir", NULL);
    if (!dir)
        return;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, page->width, page->height, 32,
                                                    SDL_PIXELFORMAT_RGBA32);
    if (!s)
        return;
    raster_to_rgba(page, s->pixels);
    char path[600];
    snprintf(path, sizeof path, "%s/%s-%d.png", dir, what, ++a->prints);
    IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
}

int app_print_receipt(app *a)
{
    visit *v = &a->visit;
    v->print_error[0] = '\0';
    if (!a->printer) {
        snprintf(v->print_error, sizeof v->print_error, "%s", _("Máy in không hoạt động."));
        return PRINTER_ERR_NOT_FOUND;
    }
    raster page;
    if (printer_render_receipt(a->printer, &v->rcpt, &page) == 0) {
        save_print_png(a, &page, "receipt");
        raster_free(&page);
    }
    printer_job job;
    int rc = printer_print_receipt(a->printer, &v->rcpt, &job);
    v->printed = rc == 0 && job.complete;
    if (!v->printed)
        snprintf(v->print_error, sizeof v->print_error, "%s", printer_strerror(rc));
    log_event("app", "event=print-receipt ok=%d error=%d", v->printed, rc);
    return rc;
}

int app_print_ticket(app *a, const char *group_label, int priority)
{
    visit *v = &a->visit;
    ticket t;
    memset(&t, 0, sizeof t);
    snprintf(t.center, sizeof t.center, "%s",
             config_get(&a->cfg, "center", "name", "Trung tâm Phục vụ hành chính công"));
    snprintf(t.number, sizeof t.number, "%s", v->ticket.number);
    snprintf(t.service_group, sizeof t.service_group, "%s", group_label);
    t.priority = (ticket_priority)priority;
    t.people_ahead = v->ticket.people_ahead;
    receipt_format_time(time(NULL), t.issued_at, sizeof t.issued_at);
    if (!a->printer)
        return PRINTER_ERR_NOT_FOUND;
    raster page;
    if (printer_render_ticket(a->printer, &t, &page) == 0) {
        save_print_png(a, &page, "ticket");
        raster_free(&page);
    }
    printer_job job;
    int rc = printer_print_ticket(a->printer, &t, &job);
    v->ticket_printed = rc == 0 && job.complete;
    return rc;
}

void app_submit(app *a)
{
    visit *v = &a->visit;
    if (v->submitted) { /* never twice */
        app_go(a, SCREEN_RECEIPT);
        return;
    }
    if (!v->request_id[0])
        kioskd_request_id_new(v->request_id);
    char *json = dossier_json(a);
    if (!json) {
        snprintf(v->message, sizeof v->message, "%s", _("Không tạo được hồ sơ. Xin hỏi cán bộ."));
        return;
    }
    kioskd_err e = kioskd_submit(&a->kioskd, json, v->request_id, &v->kreceipt);
    explicit_bzero(json, strlen(json));
    free(json);
    if (e != KIOSKD_OK) {
        log_event("app", "event=submit-failed error=\"%s\" id=%s", kioskd_strerror(e), a->kioskd.error_id);
        if (e == KIOSKD_ERR_REFUSED && !strcmp(a->kioskd.error_id, "storage_full"))
            snprintf(v->message, sizeof v->message, "%s",
                     _("Máy đang hết chỗ lưu hồ sơ nên chưa nhận được hồ sơ của bạn. Mời bạn đến quầy; "
                       "không có biên nhận nào được in."));
        else
            snprintf(v->message, sizeof v->message, "%s",
                     _("Máy chưa nhận được hồ sơ lúc này. Hồ sơ của bạn chưa được gửi. Bạn có thể "
                       "lấy số thứ tự để nộp tại quầy."));
        return;
    }
    v->submitted = true;
    snprintf(v->dossier_code, sizeof v->dossier_code, "%s", v->kreceipt.code);
    log_event("app", "event=submitted duplicate=%d", v->kreceipt.duplicate);
    build_receipt(a);
    snprintf(a->last_tracking_qr, sizeof a->last_tracking_qr, "%s", v->rcpt.tracking_qr);
    a->depth = 0; /* Back after the receipt goes home, never into the form */
    app_go(a, SCREEN_RECEIPT);
    app_print_receipt(a);
}
