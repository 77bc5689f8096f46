/* render: draw list to SDL_Renderer with texture caches. See render.h.
 *
 * Rounded rectangles are plain rectangles plus small corner fans through
 * SDL_RenderGeometry; borders are the outer shape left showing around an
 * inset fill. Text is drawn run by run (one font per
 * script) on a common baseline. */
#include "render.h"

#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "qrgen.h"

#define CACHE_SLOTS 768
#define CORNER_SEGS 6

typedef enum { ENTRY_TEXT, ENTRY_ICON, ENTRY_QR } entry_kind;

struct entry {
    bool used;
    entry_kind kind;
    uint64_t hash;
    uint32_t len;
    uint32_t param;     /* style|script for text, size for icons */
    uint32_t color;
    SDL_Texture *tex;
    int w, h;
    unsigned long last_frame;
};

struct render {
    SDL_Renderer *r;
    ui_text *text;
    char icon_dir[512];
    struct entry cache[CACHE_SLOTS];
    unsigned long frame;
    unsigned long hits, misses;
    int rotation;                 /* 0, 90, 180, 270: the picture turned clockwise on the panel */
    int phys_w, phys_h;           /* the panel's pixels */
    SDL_Texture *target;          /* the frame in its own orientation, when rotated */
};

render *render_create(SDL_Renderer *r, ui_text *text, const char *icon_dir)
{
    render *rd = calloc(1, sizeof *rd);
    if (!rd)
        return NULL;
    rd->r = r;
    rd->text = text;
    snprintf(rd->icon_dir, sizeof rd->icon_dir, "%s", icon_dir);
    return rd;
}

void render_forget(render *rd)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (rd->cache[i].tex)
            SDL_DestroyTexture(rd->cache[i].tex);
        memset(&rd->cache[i], 0, sizeof rd->cache[i]);
    }
}

void render_destroy(render *rd)
{
    if (!rd)
        return;
    render_forget(rd);
    if (rd->target)
        SDL_DestroyTexture(rd->target);
    free(rd);
}

int render_set_rotation(render *rd, int degrees, int phys_w, int phys_h, int *logical_w,
                        int *logical_h)
{
    if (degrees != 0 && degrees != 90 && degrees != 180 && degrees != 270)
        degrees = 0;
    bool turned = degrees == 90 || degrees == 270;
    int lw = turned ? phys_h : phys_w, lh = turned ? phys_w : phys_h;
    if (rd->target) {
        SDL_SetRenderTarget(rd->r, NULL);
        SDL_DestroyTexture(rd->target);
        rd->target = NULL;
    }
    rd->rotation = 0;
    rd->phys_w = phys_w;
    rd->phys_h = phys_h;
    *logical_w = phys_w;
    *logical_h = phys_h;
    if (degrees == 0)
        return 0;
    rd->target = SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, lw, lh);
    if (!rd->target)
        return -1; /* the renderer cannot draw into a texture: stay unrotated */
    /* An opaque frame: copied, not blended (blending cost 8x in software). */
    SDL_SetTextureBlendMode(rd->target, SDL_BLENDMODE_NONE);
    rd->rotation = degrees;
    *logical_w = lw;
    *logical_h = lh;
    return 0;
}

void render_map_point(const render *rd, float px, float py, float *lx, float *ly)
{
    float w = (float)rd->phys_w, h = (float)rd->phys_h;
    switch (rd->rotation) {
    case 90: *lx = py; *ly = w - px; break;
    case 180: *lx = w - px; *ly = h - py; break;
    case 270: *lx = h - py; *ly = px; break;
    default: *lx = px; *ly = py; break;
    }
}

void render_unmap_point(const render *rd, float lx, float ly, float *px, float *py)
{
    float w = (float)rd->phys_w, h = (float)rd->phys_h;
    switch (rd->rotation) {
    case 90: *px = w - ly; *py = lx; break;
    case 180: *px = w - lx; *py = h - ly; break;
    case 270: *px = ly; *py = h - lx; break;
    default: *px = lx; *py = ly; break;
    }
}

void render_present(render *rd)
{
    if (rd->target) {
        int lw, lh;
        SDL_QueryTexture(rd->target, NULL, NULL, &lw, &lh);
        SDL_SetRenderTarget(rd->r, NULL);
        SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 255);
        SDL_RenderClear(rd->r);
        /* Turned about its centre, the frame covers the panel exactly. */
        SDL_Rect dst = { (rd->phys_w - lw) / 2, (rd->phys_h - lh) / 2, lw, lh };
        SDL_RenderCopyEx(rd->r, rd->target, NULL, &dst, (double)rd->rotation, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(rd->r);
}

void render_stats(const render *rd, unsigned long *hits, unsigned long *misses)
{
    *hits = rd->hits;
    *misses = rd->misses;
}

static uint64_t hash_bytes(const char *s, size_t len, uint64_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint32_t pack(ui_color c)
{
    return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
}

static struct entry *lookup(render *rd, entry_kind kind, uint64_t hash, uint32_t len,
                            uint32_t param, uint32_t color)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct entry *e = &rd->cache[i];
        if (e->used && e->kind == kind && e->hash == hash && e->len == len && e->param == param &&
            e->color == color) {
            e->last_frame = rd->frame;
            rd->hits++;
            return e;
        }
    }
    rd->misses++;
    return NULL;
}

static struct entry *insert(render *rd, entry_kind kind, uint64_t hash, uint32_t len,
                            uint32_t param, uint32_t color, SDL_Surface *s)
{
    struct entry *victim = NULL;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct entry *e = &rd->cache[i];
        if (!e->used) {
            victim = e;
            break;
        }
        if (!victim || e->last_frame < victim->last_frame)
            victim = e;
    }
    if (victim->tex)
        SDL_DestroyTexture(victim->tex);
    SDL_Texture *tex = SDL_CreateTextureFromSurface(rd->r, s);
    *victim = (struct entry){ true, kind, hash, len, param, color, tex, s->w, s->h, rd->frame };
    return tex ? victim : NULL;
}

/* A corner as a small triangle fan around its centre; k picks the quadrant. */
static void fill_corner(SDL_Renderer *r, float cx, float cy, float rad, int k, SDL_Color col)
{
    SDL_Vertex v[CORNER_SEGS + 2];
    int idx[3 * CORNER_SEGS];
    v[0] = (SDL_Vertex){ { cx, cy }, col, { 0, 0 } };
    for (int s = 0; s <= CORNER_SEGS; s++) {
        float a = (float)M_PI / 2 * ((float)k + (float)s / CORNER_SEGS);
        v[s + 1] = (SDL_Vertex){ { cx + rad * cosf(a), cy - rad * sinf(a) }, col, { 0, 0 } };
    }
    for (int s = 0; s < CORNER_SEGS; s++) {
        idx[3 * s] = 0;
        idx[3 * s + 1] = s + 1;
        idx[3 * s + 2] = s + 2;
    }
    SDL_RenderGeometry(r, NULL, v, CORNER_SEGS + 2, idx, 3 * CORNER_SEGS);
}

/* Rounded rectangle: three plain rectangles for the body (fast on every
 * renderer) and four small fans for the corners; the pieces do not overlap,
 * so translucent colours blend once. */
static void fill_rounded(SDL_Renderer *r, ui_rect rc, float rad, ui_color c)
{
    /* Opaque fills skip blending: in software rendering that is most of a frame. */
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    if (rad <= 0.5f) {
        SDL_FRect fr = { rc.x, rc.y, rc.w, rc.h };
        SDL_RenderFillRectF(r, &fr);
        return;
    }
    /* Whole pixels: rectangles at fractional positions are rounded one by one,
     * which left a one-pixel seam between the pieces on some widths. */
    int x0 = (int)lroundf(rc.x), y0 = (int)lroundf(rc.y);
    int x1 = (int)lroundf(rc.x + rc.w), y1 = (int)lroundf(rc.y + rc.h);
    int rd = (int)lroundf(fminf(rad, fminf((float)(x1 - x0), (float)(y1 - y0)) / 2));
    SDL_Rect body[3] = {
        { x0 + rd, y0, x1 - x0 - 2 * rd, y1 - y0 },
        { x0, y0 + rd, rd, y1 - y0 - 2 * rd },
        { x1 - rd, y0 + rd, rd, y1 - y0 - 2 * rd },
    };
    SDL_RenderFillRects(r, body, 3);
    SDL_Color col = { c.r, c.g, c.b, c.a };
    float f = (float)rd;
    fill_corner(r, (float)(x1 - rd), (float)(y0 + rd), f, 0, col);
    fill_corner(r, (float)(x0 + rd), (float)(y0 + rd), f, 1, col);
    fill_corner(r, (float)(x0 + rd), (float)(y1 - rd), f, 2, col);
    fill_corner(r, (float)(x1 - rd), (float)(y1 - rd), f, 3, col);
}

static struct entry *text_texture(render *rd, ui_font_style st, ui_script sc, const char *s,
                                  size_t len, ui_color c)
{
    uint64_t h = hash_bytes(s, len, 0);
    uint32_t param = (uint32_t)st << 8 | (uint32_t)sc;
    struct entry *e = lookup(rd, ENTRY_TEXT, h, (uint32_t)len, param, pack(c));
    if (e)
        return e;
    char buf[1024];
    size_t l = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, s, l);
    buf[l] = '\0';
    SDL_Surface *surf = TTF_RenderUTF8_Blended(ui_text_font(rd->text, st, sc), buf,
                                               (SDL_Color){ c.r, c.g, c.b, c.a });
    explicit_bzero(buf, l);
    if (!surf)
        return NULL;
    e = insert(rd, ENTRY_TEXT, h, (uint32_t)len, param, pack(c), surf);
    SDL_FreeSurface(surf);
    return e;
}

static void draw_text(render *rd, const ui_ctx *ui, const ui_cmd *c)
{
    const char *s = ui_cmd_text(ui, c);
    size_t len = c->text_len;
    int total = ui_text_width(rd->text, c->style, s, len);
    float x = c->rect.x;
    if (c->align == UI_ALIGN_CENTER)
        x += (c->rect.w - (float)total) / 2;
    else if (c->align == UI_ALIGN_RIGHT)
        x += c->rect.w - (float)total;
    int lh = ui_text_line_height(rd->text, c->style);
    TTF_Font *latin = ui_text_font(rd->text, c->style, UI_SCRIPT_LATIN);
    float baseline = c->rect.y + ((float)lh - (float)TTF_FontHeight(latin)) / 2 +
                     (float)TTF_FontAscent(latin);
    ui_text_run runs[32];
    int n = ui_text_runs(s, len, runs, 32);
    for (int i = 0; i < n; i++) {
        struct entry *e = text_texture(rd, c->style, runs[i].script, s + runs[i].start, runs[i].len,
                                       c->color);
        if (!e)
            continue;
        TTF_Font *f = ui_text_font(rd->text, c->style, runs[i].script);
        SDL_FRect dst = { x, baseline - (float)TTF_FontAscent(f), (float)e->w, (float)e->h };
        SDL_RenderCopyF(rd->r, e->tex, NULL, &dst);
        x += (float)ui_text_width(rd->text, c->style, s + runs[i].start, runs[i].len);
    }
}

static void draw_icon(render *rd, const ui_ctx *ui, const ui_cmd *c)
{
    const char *name = ui_cmd_text(ui, c);
    int size = (int)fminf(c->rect.w, c->rect.h);
    if (size <= 0)
        return;
    uint64_t h = hash_bytes(name, strlen(name), 1);
    struct entry *e = lookup(rd, ENTRY_ICON, h, (uint32_t)strlen(name), (uint32_t)size, 0);
    if (!e) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s.svg", rd->icon_dir, name);
        FILE *f = fopen(path, "rb");
        if (!f) {
            log_event("ui", "event=icon-missing icon=%s", name);
            return;
        }
        char svg[16384];
        size_t n = fread(svg, 1, sizeof svg - 1, f);
        fclose(f);
        svg[n] = '\0';
        /* Our icons are drawn on a 48x48 viewBox; give nanosvg the pixel size. */
        char sized[16500];
        const char *open = strstr(svg, "<svg");
        if (!open)
            return;
        int k = snprintf(sized, sizeof sized, "%.*s<svg width=\"%d\" height=\"%d\"%s",
                         (int)(open - svg), svg, size, size, open + 4);
        if (k <= 0 || (size_t)k >= sizeof sized)
            return;
        SDL_RWops *rw = SDL_RWFromConstMem(sized, k);
        SDL_Surface *surf = rw ? IMG_LoadSVG_RW(rw) : NULL;
        if (rw)
            SDL_RWclose(rw);
        if (!surf) {
            log_event("ui", "event=icon-bad icon=%s", name);
            return;
        }
        e = insert(rd, ENTRY_ICON, h, (uint32_t)strlen(name), (uint32_t)size, 0, surf);
        SDL_FreeSurface(surf);
        if (!e)
            return;
    }
    SDL_SetTextureColorMod(e->tex, c->color.r, c->color.g, c->color.b);
    SDL_FRect dst = { c->rect.x + (c->rect.w - (float)e->w) / 2,
                      c->rect.y + (c->rect.h - (float)e->h) / 2, (float)e->w, (float)e->h };
    SDL_RenderCopyF(rd->r, e->tex, NULL, &dst);
}

static void draw_qr(render *rd, const ui_ctx *ui, const ui_cmd *c)
{
    const char *data = ui_cmd_text(ui, c);
    uint64_t h = hash_bytes(data, c->text_len, 2);
    struct entry *e = lookup(rd, ENTRY_QR, h, c->text_len, 0, 0);
    if (!e) {
        qrgen_code q;
        if (qrgen_encode(data, c->text_len, QRGEN_ECC_M, 4, &q) != 0)
            return;
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, q.size, q.size, 32, SDL_PIXELFORMAT_RGBA32);
        if (s) {
            for (int y = 0; y < q.size; y++) {
                uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
                for (int x = 0; x < q.size; x++)
                    row[x] = q.modules[y * q.size + x] ? SDL_MapRGBA(s->format, 0, 0, 0, 255)
                                                       : SDL_MapRGBA(s->format, 255, 255, 255, 255);
            }
            e = insert(rd, ENTRY_QR, h, c->text_len, 0, 0, s);
            SDL_FreeSurface(s);
        }
        qrgen_free(&q);
        if (!e)
            return;
        SDL_SetTextureScaleMode(e->tex, SDL_ScaleModeNearest);
    }
    /* Whole pixels per module, so every module has the same size. */
    float ppm = floorf(fminf(c->rect.w, c->rect.h) / (float)e->w);
    if (ppm < 1)
        ppm = 1;
    float s = ppm * (float)e->w;
    SDL_FRect dst = { floorf(c->rect.x + (c->rect.w - s) / 2), floorf(c->rect.y + (c->rect.h - s) / 2),
                      s, s };
    SDL_RenderCopyF(rd->r, e->tex, NULL, &dst);
}

void render_frame(render *rd, const ui_ctx *ui)
{
    rd->frame++;
    if (rd->target)
        SDL_SetRenderTarget(rd->r, rd->target);
    ui_color bg = ui->theme.background;
    SDL_SetRenderDrawColor(rd->r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(rd->r);
    for (int i = 0; i < ui->ncmds; i++) {
        const ui_cmd *c = &ui->cmds[i];
        switch (c->type) {
        case UI_CMD_RECT:
            fill_rounded(rd->r, c->rect, c->radius, c->color);
            if (c->border > 0) /* the border is the outer shape showing around the fill */
                fill_rounded(rd->r, ui_inset(c->rect, c->border), c->radius - c->border, c->fill);
            break;
        case UI_CMD_TEXT: draw_text(rd, ui, c); break;
        case UI_CMD_ICON: draw_icon(rd, ui, c); break;
        case UI_CMD_QR: draw_qr(rd, ui, c); break;
        }
    }
}

int render_screenshot(render *rd, const char *path)
{
    int w, h;
    if (rd->target) { /* the frame as the citizen reads it, before it is turned */
        SDL_SetRenderTarget(rd->r, rd->target);
        SDL_QueryTexture(rd->target, NULL, NULL, &w, &h);
    } else if (SDL_GetRendererOutputSize(rd->r, &w, &h) != 0) {
        return -1;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s)
        return -1;
    int rc = SDL_RenderReadPixels(rd->r, NULL, SDL_PIXELFORMAT_RGBA32, s->pixels, s->pitch);
    if (rc == 0)
        rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc == 0 ? 0 : -1;
}
