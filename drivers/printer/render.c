/* render: layout of receipts and tickets. See render.h.
 *
 * Paragraphs are lists of runs (text + bold flag). Words are measured with
 * TTF_SizeUTF8 and placed greedily; a word wider than the line is cut at code
 * point boundaries. Each word is rendered on its own (TTF_RenderUTF8_Blended)
 * and its alpha thresholded at one half, with FreeType's monochrome hinting so
 * strokes land on whole dots. Fonts are opened per size on first use and
 * cached. TTF_Init is reference counted by SDL2_ttf itself. */
#include "render.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code128.h"
#include "printer.h"
#include "qrgen.h"
#include "text.h"

#define FONT_CACHE 10

struct render_fonts {
    char path[2][256];
    struct { int size; bool bold; TTF_Font *font; } cache[FONT_CACHE];
    int count;
};

int render_fonts_open(const char *regular_path, const char *bold_path, render_fonts **out)
{
    *out = NULL;
    if (TTF_Init() != 0)
        return PRINTER_ERR_FONT;
    render_fonts *f = calloc(1, sizeof *f);
    if (!f) {
        TTF_Quit();
        return PRINTER_ERR_NOMEM;
    }
    snprintf(f->path[0], sizeof f->path[0], "%s", regular_path ? regular_path : RENDER_FONT_REGULAR);
    snprintf(f->path[1], sizeof f->path[1], "%s", bold_path ? bold_path : RENDER_FONT_BOLD);
    /* Open both now so a missing font is reported at start, not mid-receipt. */
    for (int b = 0; b < 2; b++) {
        TTF_Font *t = TTF_OpenFont(f->path[b], 24);
        if (!t) {
            render_fonts_close(f);
            return PRINTER_ERR_FONT;
        }
        TTF_SetFontHinting(t, TTF_HINTING_MONO);
        f->cache[f->count].size = 24;
        f->cache[f->count].bold = b;
        f->cache[f->count].font = t;
        f->count++;
    }
    *out = f;
    return PRINTER_OK;
}

void render_fonts_close(render_fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->count; i++)
        TTF_CloseFont(f->cache[i].font);
    free(f);
    TTF_Quit();
}

static TTF_Font *font_get(render_fonts *f, int size, bool bold)
{
    for (int i = 0; i < f->count; i++)
        if (f->cache[i].size == size && f->cache[i].bold == bold)
            return f->cache[i].font;
    TTF_Font *t = TTF_OpenFont(f->path[bold ? 1 : 0], size);
    if (!t)
        return NULL;
    TTF_SetFontHinting(t, TTF_HINTING_MONO);
    if (f->count == FONT_CACHE) {   /* evict the oldest size, keep the two base fonts */
        TTF_CloseFont(f->cache[2].font);
        memmove(&f->cache[2], &f->cache[3], sizeof f->cache[0] * (FONT_CACHE - 3));
        f->count--;
    }
    f->cache[f->count].size = size;
    f->cache[f->count].bold = bold;
    f->cache[f->count].font = t;
    f->count++;
    return t;
}

/* ---- the column being laid out ---- */

typedef struct layout {
    render_fonts *fonts;
    raster *r;
    int y;
    int margin;
    int err;
} layout;

typedef struct run {
    const char *text;
    bool bold;
} run;

enum { ALIGN_LEFT, ALIGN_CENTER };

static int draw_word(layout *L, TTF_Font *font, const char *word, int x, int y)
{
    static const SDL_Color black = { 0, 0, 0, 255 };
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, word, black);
    if (!s)
        return PRINTER_ERR_RENDER;
    SDL_Surface *c = s->format->format == SDL_PIXELFORMAT_ARGB8888
                         ? s : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!c) {
        SDL_FreeSurface(s);
        return PRINTER_ERR_RENDER;
    }
    if (raster_ensure_height(L->r, y + c->h) != 0) {
        if (c != s)
            SDL_FreeSurface(c);
        SDL_FreeSurface(s);
        return PRINTER_ERR_NOMEM;
    }
    SDL_LockSurface(c);
    for (int yy = 0; yy < c->h; yy++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)c->pixels + (size_t)yy * (size_t)c->pitch);
        for (int xx = 0; xx < c->w; xx++)
            if ((row[xx] >> 24) >= 128)
                raster_set(L->r, x + xx, y + yy);
    }
    SDL_UnlockSurface(c);
    if (c != s)
        SDL_FreeSurface(c);
    SDL_FreeSurface(s);
    return PRINTER_OK;
}

/* One word of a paragraph: a span of a run's text. */
typedef struct word {
    const char *start;
    size_t len;
    bool bold;
    int w;
    bool space_before;
} word;

#define MAX_WORDS 256

static int measure(TTF_Font *font, const char *s, size_t len, int *w)
{
    char buf[512];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int h;
    return TTF_SizeUTF8(font, buf, w, &h);
}

/* Split runs into words; a word wider than avail is cut into pieces. */
static int split_words(layout *L, const run *runs, int nruns, int size, int avail,
                       word *words, int *nwords)
{
    int n = 0;
    bool pending_space = false;
    for (int i = 0; i < nruns; i++) {
        TTF_Font *font = font_get(L->fonts, size, runs[i].bold);
        if (!font)
            return PRINTER_ERR_FONT;
        const char *p = runs[i].text;
        while (*p) {
            if (*p == ' ') {
                pending_space = true;
                p++;
                continue;
            }
            size_t len = strcspn(p, " ");
            /* Cut an over-long word at code point boundaries. */
            while (len > 0) {
                size_t take = len;
                int w = 0;
                if (measure(font, p, take, &w))
                    return PRINTER_ERR_RENDER;
                while (w > avail && take > 1) {
                    do {
                        take--;
                    } while (take > 1 && ((unsigned char)p[take] & 0xC0) == 0x80);
                    if (measure(font, p, take, &w))
                        return PRINTER_ERR_RENDER;
                }
                if (n == MAX_WORDS)
                    return PRINTER_ERR_RENDER;
                words[n] = (word){ p, take, runs[i].bold, w, pending_space };
                n++;
                pending_space = false;
                p += take;
                len -= take;
            }
        }
        /* Runs join without a space unless their text has one. */
    }
    *nwords = n;
    return PRINTER_OK;
}

static void lay_para(layout *L, const run *runs, int nruns, int size, int align, int indent)
{
    if (L->err)
        return;
    word words[MAX_WORDS];
    int nwords = 0;
    int avail = L->r->width - 2 * L->margin - indent;
    int rc = split_words(L, runs, nruns, size, avail, words, &nwords);
    if (rc) {
        L->err = rc;
        return;
    }
    TTF_Font *regular = font_get(L->fonts, size, false);
    if (!regular) {
        L->err = PRINTER_ERR_FONT;
        return;
    }
    int space_w = 0;
    measure(regular, " ", 1, &space_w);
    int line_h = TTF_FontLineSkip(regular);
    int i = 0;
    while (i < nwords) {
        int j = i, w = words[i].w;
        while (j + 1 < nwords &&
               w + (words[j + 1].space_before ? space_w : 0) + words[j + 1].w <= avail) {
            j++;
            w += (words[j].space_before ? space_w : 0) + words[j].w;
        }
        int x = L->margin + indent + (align == ALIGN_CENTER ? (avail - w) / 2 : 0);
        for (int k = i; k <= j; k++) {
            if (k > i && words[k].space_before)
                x += space_w;
            char buf[512];
            size_t len = words[k].len < sizeof buf - 1 ? words[k].len : sizeof buf - 1;
            memcpy(buf, words[k].start, len);
            buf[len] = '\0';
            TTF_Font *font = font_get(L->fonts, size, words[k].bold);
            rc = font ? draw_word(L, font, buf, x, L->y) : PRINTER_ERR_FONT;
            if (rc) {
                L->err = rc;
                return;
            }
            x += words[k].w;
        }
        L->y += line_h;
        if (raster_ensure_height(L->r, L->y) != 0) {
            L->err = PRINTER_ERR_NOMEM;
            return;
        }
        i = j + 1;
    }
}

static void lay_text(layout *L, const char *text, int size, bool bold, int align)
{
    run r = { text, bold };
    lay_para(L, &r, 1, size, align, 0);
}

static void lay_field(layout *L, const char *label, const char *value, int size)
{
    if (!value || !value[0])
        return;
    run r[2] = { { label, true }, { value, false } };
    lay_para(L, r, 2, size, ALIGN_LEFT, 0);
}

static void lay_gap(layout *L, int dots)
{
    if (L->err)
        return;
    L->y += dots;
    if (raster_ensure_height(L->r, L->y) != 0)
        L->err = PRINTER_ERR_NOMEM;
}

static void lay_rule(layout *L)
{
    if (L->err)
        return;
    lay_gap(L, 8);
    for (int x = L->margin; x < L->r->width - L->margin; x += 8)
        if (raster_fill(L->r, x, L->y, 5, 2) != 0)
            L->err = PRINTER_ERR_NOMEM;
    lay_gap(L, 12);
}

int render_qr(raster *r, int y, const char *text, int ecc, int module)
{
    qrgen_code qr;
    if (qrgen_encode(text, strlen(text), (qrgen_ecc)ecc, 4, &qr) != 0)
        return PRINTER_ERR_RENDER;
    int side = qr.size * module;
    if (side > r->width) {
        qrgen_free(&qr);
        return PRINTER_ERR_RENDER;
    }
    int x0 = (r->width - side) / 2;
    if (raster_ensure_height(r, y + side) != 0) {
        qrgen_free(&qr);
        return PRINTER_ERR_NOMEM;
    }
    for (int my = 0; my < qr.size; my++)
        for (int mx = 0; mx < qr.size; mx++)
            if (qr.modules[(size_t)my * (size_t)qr.size + (size_t)mx])
                raster_fill(r, x0 + mx * module, y + my * module, module, module);
    qrgen_free(&qr);
    return side;
}

/* Largest module size in [min, max] at which text's QR fits in avail dots. */
static int qr_module_for(const char *text, int ecc, int avail, int min, int max)
{
    qrgen_code qr;
    if (qrgen_encode(text, strlen(text), (qrgen_ecc)ecc, 4, &qr) != 0)
        return PRINTER_ERR_RENDER;
    int m = avail / qr.size;
    qrgen_free(&qr);
    if (m > max)
        m = max;
    return m >= min ? m : PRINTER_ERR_RENDER;
}

static void lay_qr(layout *L, const char *text, int ecc, int min_module, int max_module)
{
    if (L->err)
        return;
    int m = qr_module_for(text, ecc, L->r->width, min_module, max_module);
    if (m < 0) {
        L->err = m;
        return;
    }
    int h = render_qr(L->r, L->y, text, ecc, m);
    if (h < 0)
        L->err = h;
    else
        L->y += h;
}

int render_code128(raster *r, int y, const char *text, int module, int height)
{
    code128 c;
    if (code128_encode(text, &c) != 0)
        return PRINTER_ERR_RENDER;
    int total = (c.modules + 20) * module;  /* 10-module quiet zone each side */
    if (total > r->width || module < 1)
        return PRINTER_ERR_RENDER;
    int x0 = (r->width - total) / 2 + 10 * module;
    if (raster_ensure_height(r, y + height) != 0)
        return PRINTER_ERR_NOMEM;
    for (int i = 0; i < c.modules; i++)
        if (code128_module(&c, i))
            raster_fill(r, x0 + i * module, y, module, height);
    return height;
}

static void lay_code128(layout *L, const char *text, int height)
{
    if (L->err)
        return;
    code128 c;
    if (code128_encode(text, &c) != 0) {
        L->err = PRINTER_ERR_RENDER;
        return;
    }
    int module = L->r->width / (c.modules + 20);
    if (module > 3)
        module = 3;
    int h = render_code128(L->r, L->y, text, module, height);
    if (h < 0)
        L->err = h;
    else
        L->y += h;
}

/* ---- receipt and ticket ---- */

static int finish(layout *L, raster *out)
{
    lay_gap(L, 24);
    if (L->err) {
        raster_free(out);
        return L->err;
    }
    out->height = L->y;
    return PRINTER_OK;
}

int render_receipt(render_fonts *f, const receipt *rc, int width, raster *out)
{
    if (!f || !rc || !out || raster_init(out, width) != 0)
        return PRINTER_ERR_ARG;
    bool wide = width >= 512;
    int body = wide ? 24 : 21, small = wide ? 21 : 18, head = wide ? 28 : 24;
    layout L = { f, out, 0, wide ? 12 : 8, 0 };
    char buf[512];

    lay_gap(&L, 8);
    lay_text(&L, rc->center, body, true, ALIGN_CENTER);
    lay_gap(&L, 10);
    lay_text(&L, "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", head, true, ALIGN_CENTER);
    lay_gap(&L, 12);
    lay_text(&L, "Mã hồ sơ", small, false, ALIGN_CENTER);
    lay_text(&L, rc->dossier_code, head + 4, true, ALIGN_CENTER);
    lay_gap(&L, 6);
    lay_code128(&L, rc->dossier_code, wide ? 80 : 64);
    lay_rule(&L);

    snprintf(buf, sizeof buf, "%s%s%s%s", rc->procedure_name, rc->procedure_code[0] ? " (" : "",
             rc->procedure_code, rc->procedure_code[0] ? ")" : "");
    lay_field(&L, "Thủ tục: ", buf, body);
    lay_field(&L, "Người nộp: ", rc->applicant_name, body);
    lay_field(&L, "Số định danh: ", rc->applicant_id_masked, body);
    lay_field(&L, "Tiếp nhận lúc: ", rc->received_at, body);
    lay_field(&L, "Hẹn trả kết quả: ", rc->due_at, body);
    lay_field(&L, "Thời hạn giải quyết: ", rc->processing_time, body);
    lay_field(&L, "Nơi trả kết quả: ", rc->collect_at, body);
    if (rc->doc_count > 0) {
        lay_gap(&L, 4);
        lay_text(&L, "Giấy tờ đã nộp:", body, true, ALIGN_LEFT);
        for (int i = 0; i < rc->doc_count && i < RECEIPT_MAX_DOCS; i++) {
            snprintf(buf, sizeof buf, "• %s (%s)", rc->docs[i].name, rc->docs[i].count);
            run r = { buf, false };
            lay_para(&L, &r, 1, small, ALIGN_LEFT, 12);
        }
    }
    lay_rule(&L);

    if (rc->fee_vnd > 0) {
        char fee[48];
        receipt_format_fee(rc->fee_vnd, fee, sizeof fee);
        lay_field(&L, "Phí, lệ phí: ", fee, body + 2);
        if (rc->fee_note[0])
            lay_text(&L, rc->fee_note, small, false, ALIGN_LEFT);
        if (rc->vietqr[0]) {
            vietqr_payment p;
            lay_gap(&L, 6);
            lay_text(&L, "Quét mã VietQR để nộp phí", body, true, ALIGN_CENTER);
            lay_qr(&L, rc->vietqr, QRGEN_ECC_M, 4, 6);
            if (vietqr_parse(rc->vietqr, strlen(rc->vietqr), &p) == VIETQR_OK && p.purpose[0]) {
                run r[2] = { { "Nội dung: ", true }, { p.purpose, false } };
                lay_para(&L, r, 2, small, ALIGN_CENTER, 0);
            }
            if (rc->payee[0]) {
                run r[2] = { { "Người nhận: ", true }, { rc->payee, false } };
                lay_para(&L, r, 2, small, ALIGN_CENTER, 0);
            }
        }
    } else {
        lay_field(&L, "Phí, lệ phí: ", "Miễn phí", body + 2);
    }
    lay_rule(&L);

    if (rc->tracking_qr[0]) {
        lay_text(&L, "Tra cứu hồ sơ: quét mã QR này tại ki-ốt", body, true, ALIGN_CENTER);
        lay_qr(&L, rc->tracking_qr, QRGEN_ECC_Q, 5, 7);
        lay_text(&L, rc->tracking_qr, small, false, ALIGN_CENTER);
    }
    if (rc->hotline[0]) {
        lay_gap(&L, 8);
        run r[2] = { { "Đường dây nóng: ", false }, { rc->hotline, true } };
        lay_para(&L, r, 2, body, ALIGN_CENTER, 0);
    }
    return finish(&L, out);
}

int render_ticket(render_fonts *f, const ticket *t, int width, raster *out)
{
    if (!f || !t || !out || raster_init(out, width) != 0)
        return PRINTER_ERR_ARG;
    bool wide = width >= 512;
    int body = wide ? 26 : 22, head = wide ? 30 : 26;
    layout L = { f, out, 0, wide ? 12 : 8, 0 };
    char buf[256];

    lay_gap(&L, 8);
    lay_text(&L, t->center, body, true, ALIGN_CENTER);
    lay_gap(&L, 8);
    lay_text(&L, "SỐ THỨ TỰ", head, true, ALIGN_CENTER);
    lay_text(&L, t->number, wide ? 150 : 112, true, ALIGN_CENTER);
    lay_text(&L, t->service_group, head, true, ALIGN_CENTER);
    if (t->priority != TICKET_PRIORITY_NONE) {
        run r[2] = { { "Ưu tiên: ", true }, { ticket_priority_label(t->priority), false } };
        lay_para(&L, r, 2, body, ALIGN_CENTER, 0);
    }
    lay_rule(&L);
    if (t->people_ahead >= 0) {
        snprintf(buf, sizeof buf, "%d", t->people_ahead);
        run r[2] = { { "Số người chờ trước bạn: ", false }, { buf, true } };
        lay_para(&L, r, 2, body, ALIGN_CENTER, 0);
    }
    if (t->issued_at[0]) {
        run r[2] = { { "Lấy số lúc: ", false }, { t->issued_at, true } };
        lay_para(&L, r, 2, body, ALIGN_CENTER, 0);
    }
    if (t->queue_qr[0]) {
        lay_gap(&L, 6);
        lay_qr(&L, t->queue_qr, QRGEN_ECC_M, 4, 6);
        lay_text(&L, "Quét mã để theo dõi lượt gọi", body, false, ALIGN_CENTER);
    }
    lay_gap(&L, 6);
    lay_text(&L, "Mời ngồi chờ, số của bạn sẽ được gọi và hiện trên màn hình.", body - 2, false,
             ALIGN_CENTER);
    return finish(&L, out);
}
