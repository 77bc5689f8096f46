/* printer: open, print in bands with status checks, report. See printer.h.
 *
 * A job: ask status (DLE EOT 1, 2, 3, 4 in one write, four bytes back); if
 * the printer blocks (paper out, cover open, offline) nothing is sent. Then
 * ESC @, the page in bands of band_rows rows, a status question after each
 * band, and feed + cut. When a status says the paper ran out mid-page, the
 * job stops: the rest is not sent, the job says how many bands went out and
 * were confirmed, and the error is PRINTER_ERR_PAPER_OUT, whose message tells
 * the citizen that the dossier is saved and where to get the receipt.
 * A printer that never answers (one-way USB cables, some network boxes) is
 * printed to blind after the first unanswered question. */
#include "printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "render.h"
#include "sink.h"

struct printer {
    printer_config cfg;
    int width;
    printer_sink *sink;
    render_fonts *fonts;
    bool blind;             /* no status replies: do not ask again */
    escpos_buf *capture;
};

void printer_set_capture(printer *p, escpos_buf *capture)
{
    if (p)
        p->capture = capture;
}

static int send_bytes(printer *p, const escpos_buf *b)
{
    if (b->failed)
        return PRINTER_ERR_NOMEM;
    int rc = sink_write(p->sink, b->data, b->len);
    if (rc == PRINTER_OK && p->capture)
        escpos_buf_append(p->capture, b->data, b->len);
    return rc;
}

int printer_width_dots(int paper_mm)
{
    return paper_mm == 58 ? 384 : paper_mm == 80 ? 576 : 0;
}

void printer_config_defaults(printer_config *pc)
{
    memset(pc, 0, sizeof *pc);
    snprintf(pc->device, sizeof pc->device, "/dev/usb/lp0");
    pc->paper_mm = 80;
    pc->timeout_ms = 3000;
    pc->band_rows = 64;
    snprintf(pc->font_regular, sizeof pc->font_regular, "%s", RENDER_FONT_REGULAR);
    snprintf(pc->font_bold, sizeof pc->font_bold, "%s", RENDER_FONT_BOLD);
}

int printer_config_from_ini(config *c, printer_config *pc)
{
    printer_config_defaults(pc);
    if (!c)
        return PRINTER_OK;
    const char *dev = config_get(c, "printer", "device", pc->device);
    const char *reg = config_get(c, "printer", "font_regular", pc->font_regular);
    const char *bold = config_get(c, "printer", "font_bold", pc->font_bold);
    if (strlen(dev) >= sizeof pc->device || strlen(reg) >= sizeof pc->font_regular ||
        strlen(bold) >= sizeof pc->font_bold)
        return PRINTER_ERR_CONFIG;
    memmove(pc->device, dev, strlen(dev) + 1);
    memmove(pc->font_regular, reg, strlen(reg) + 1);
    memmove(pc->font_bold, bold, strlen(bold) + 1);
    char *before = strdup(c->error);
    pc->paper_mm = (int)config_get_int(c, "printer", "paper", 80, 58, 80);
    pc->timeout_ms = (int)config_get_int(c, "printer", "timeout_ms", 3000, 100, 60000);
    pc->band_rows = (int)config_get_int(c, "printer", "band_rows", 64, 8, 1024);
    bool bad = before && strcmp(before, c->error) != 0;
    free(before);
    if (bad || printer_width_dots(pc->paper_mm) == 0)
        return PRINTER_ERR_CONFIG;
    return PRINTER_OK;
}

int printer_open(const printer_config *pc, printer **out)
{
    if (!pc || !out)
        return PRINTER_ERR_ARG;
    *out = NULL;
    int width = printer_width_dots(pc->paper_mm);
    if (!width || pc->band_rows < 1 || pc->band_rows > 2047 || pc->timeout_ms <= 0)
        return PRINTER_ERR_CONFIG;
    printer *p = calloc(1, sizeof *p);
    if (!p)
        return PRINTER_ERR_NOMEM;
    p->cfg = *pc;
    p->width = width;
    int rc = render_fonts_open(pc->font_regular, pc->font_bold, &p->fonts);
    if (rc == PRINTER_OK)
        rc = sink_open(pc->device, pc->timeout_ms, &p->sink);
    if (rc != PRINTER_OK) {
        log_event("printer", "event=open_failed err=%d", rc);
        printer_close(p);
        return rc;
    }
    log_event("printer", "event=open paper_mm=%d kind=%d", pc->paper_mm, p->sink->kind);
    *out = p;
    return PRINTER_OK;
}

void printer_close(printer *p)
{
    if (!p)
        return;
    sink_close(p->sink);
    render_fonts_close(p->fonts);
    free(p);
}

static int ask_status(printer *p, escpos_status *st)
{
    static const escpos_query qs[] = { ESCPOS_Q_PRINTER, ESCPOS_Q_OFFLINE, ESCPOS_Q_ERROR,
                                       ESCPOS_Q_PAPER };
    memset(st, 0, sizeof *st);
    if (p->sink->kind == SINK_FILE)
        return PRINTER_ERR_NO_STATUS;
    escpos_buf b;
    escpos_buf_init(&b);
    for (size_t i = 0; i < 4; i++)
        escpos_query_status(&b, qs[i]);
    sink_drain(p->sink);
    int rc = send_bytes(p, &b);
    escpos_buf_free(&b);
    if (rc)
        return rc;
    unsigned char reply[4];
    int n = sink_read(p->sink, reply, sizeof reply, p->cfg.timeout_ms);
    if (n < 0)
        return n;
    if (n < 4)
        return PRINTER_ERR_NO_STATUS;
    for (int i = 0; i < 4; i++)
        if (escpos_status_parse(qs[i], reply[i], st) != 0)
            return PRINTER_ERR_NO_STATUS;   /* not status bytes: do not trust them */
    return PRINTER_OK;
}

int printer_status(printer *p, escpos_status *st)
{
    if (!p || !st)
        return PRINTER_ERR_ARG;
    return ask_status(p, st);
}

int printer_status_error(const escpos_status *st)
{
    if (st->paper_out)
        return PRINTER_ERR_PAPER_OUT;
    if (st->cover_open)
        return PRINTER_ERR_COVER_OPEN;
    if (st->cutter_error || st->unrecoverable)
        return PRINTER_ERR_HARDWARE;
    if (st->offline)
        return PRINTER_ERR_OFFLINE;
    return PRINTER_OK;
}

/* Status between bands. Returns PRINTER_OK (also when blind), or the error. */
static int check(printer *p, printer_job *job)
{
    if (p->blind)
        return PRINTER_OK;
    escpos_status st;
    int rc = ask_status(p, &st);
    if (rc == PRINTER_ERR_NO_STATUS) {
        if (!job->status_known) {
            p->blind = true;
            log_event("printer", "event=no_status_replies action=print_blind");
            return PRINTER_OK;
        }
        return PRINTER_ERR_TIMEOUT;     /* it answered before: now it is gone */
    }
    if (rc)
        return rc;
    job->status_known = true;
    if (st.paper_near_end)
        job->paper_near_end = true;
    return printer_status_error(&st);
}

int printer_print_raster(printer *p, const raster *page, printer_job *job)
{
    printer_job dummy;
    if (!job)
        job = &dummy;
    memset(job, 0, sizeof *job);
    if (!p || !page || page->height <= 0)
        return PRINTER_ERR_ARG;
    if (page->width > p->width)
        return PRINTER_ERR_RENDER;
    int rows = p->cfg.band_rows;
    job->bands_total = (page->height + rows - 1) / rows;
    job->height_dots = page->height;

    int rc = check(p, job);
    escpos_buf b;
    escpos_buf_init(&b);
    if (rc == PRINTER_OK) {
        escpos_initialize(&b);
        rc = send_bytes(p, &b);
    }
    for (int i = 0; rc == PRINTER_OK && i < job->bands_total; i++) {
        int y = i * rows;
        int n = page->height - y < rows ? page->height - y : rows;
        escpos_buf_reset(&b);
        if (escpos_raster_band(&b, page, y, n) != 0) {
            rc = PRINTER_ERR_NOMEM;
            break;
        }
        rc = send_bytes(p, &b);
        if (rc)
            break;
        job->bands_sent++;
        rc = check(p, job);
        if (rc == PRINTER_OK && job->status_known)
            job->bands_confirmed = job->bands_sent;
    }
    if (rc == PRINTER_OK) {
        escpos_buf_reset(&b);
        escpos_cut(&b, 96);
        rc = send_bytes(p, &b);
    }
    escpos_buf_free(&b);
    job->complete = rc == PRINTER_OK;
    log_event("printer", "event=job rc=%d bands=%d sent=%d confirmed=%d status=%d near_end=%d",
              rc, job->bands_total, job->bands_sent, job->bands_confirmed, job->status_known,
              job->paper_near_end);
    return rc;
}

int printer_render_receipt(printer *p, const receipt *r, raster *out)
{
    if (!p || !r || !out)
        return PRINTER_ERR_ARG;
    return render_receipt(p->fonts, r, p->width, out);
}

int printer_render_ticket(printer *p, const ticket *t, raster *out)
{
    if (!p || !t || !out)
        return PRINTER_ERR_ARG;
    return render_ticket(p->fonts, t, p->width, out);
}

int printer_print_receipt(printer *p, const receipt *r, printer_job *job)
{
    raster page;
    int rc = printer_render_receipt(p, r, &page);
    if (rc) {
        if (job)
            memset(job, 0, sizeof *job);
        return rc;
    }
    rc = printer_print_raster(p, &page, job);
    /* The page shows the applicant's name: wipe it. */
    explicit_bzero(page.bits, (size_t)page.capacity * (size_t)page.stride);
    raster_free(&page);
    return rc;
}

int printer_print_ticket(printer *p, const ticket *t, printer_job *job)
{
    raster page;
    int rc = printer_render_ticket(p, t, &page);
    if (rc) {
        if (job)
            memset(job, 0, sizeof *job);
        return rc;
    }
    rc = printer_print_raster(p, &page, job);
    raster_free(&page);
    return rc;
}

const char *printer_strerror(int err)
{
    switch (err) {
    case PRINTER_OK: return N_("Đã in xong.");
    case PRINTER_ERR_ARG:
    case PRINTER_ERR_NOMEM:
    case PRINTER_ERR_RENDER:
        return N_("Không in được biên nhận. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
    case PRINTER_ERR_CONFIG:
        return N_("Máy in chưa được cài đặt đúng. Hồ sơ của bạn đã được lưu; mời lấy biên nhận "
                  "tại quầy. Cán bộ kiểm tra mục [printer] trong kiosk.conf.");
    case PRINTER_ERR_NOT_FOUND:
        return N_("Không tìm thấy máy in. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy. "
                  "Cán bộ kiểm tra cáp và nguồn của máy in.");
    case PRINTER_ERR_CONNECT:
        return N_("Không kết nối được máy in qua mạng. Hồ sơ của bạn đã được lưu; mời lấy biên "
                  "nhận tại quầy. Cán bộ kiểm tra dây mạng và nguồn của máy in.");
    case PRINTER_ERR_TIMEOUT:
        return N_("Máy in không phản hồi. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
    case PRINTER_ERR_IO:
        return N_("Mất kết nối với máy in. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
    case PRINTER_ERR_PAPER_OUT:
        return N_("Máy in hết giấy. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
    case PRINTER_ERR_COVER_OPEN:
        return N_("Nắp máy in đang mở. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy. "
                  "Cán bộ đóng nắp máy in.");
    case PRINTER_ERR_OFFLINE:
        return N_("Máy in đang tạm dừng. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
    case PRINTER_ERR_HARDWARE:
        return N_("Máy in bị lỗi (dao cắt hoặc cơ). Hồ sơ của bạn đã được lưu; mời lấy biên nhận "
                  "tại quầy. Cán bộ tắt và bật lại máy in.");
    case PRINTER_ERR_FONT:
        return N_("Thiếu phông chữ để in. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy. "
                  "Cán bộ cài gói fonts-noto-core.");
    case PRINTER_ERR_NO_STATUS:
        return N_("Máy in không báo được trạng thái; kiểm tra bằng mắt xem biên nhận đã ra chưa.");
    }
    return N_("Lỗi máy in không xác định. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
}

const char *printer_status_message(const escpos_status *st)
{
    if (!st)
        return NULL;
    int e = printer_status_error(st);
    if (e)
        return printer_strerror(e);
    if (st->paper_near_end)
        return N_("Máy in sắp hết giấy: báo cán bộ thay cuộn giấy mới.");
    if (st->auto_recoverable)
        return N_("Máy in đang nghỉ cho nguội đầu in, sẽ tự in tiếp.");
    return NULL;
}
