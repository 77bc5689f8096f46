/* text: per-script fonts, runs, measuring with a width cache, wrapping.
 * See text.h for why text is split by script. */
#include "ui_text.h"

#include <SDL2/SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define WIDTH_CACHE_SIZE 4096 /* power of two */

struct width_entry {
    uint64_t hash;
    uint32_t len;
    int style;
    int width;
};

struct ui_text {
    float dpi;
    TTF_Font *fonts[UI_FONT_COUNT][UI_SCRIPT_COUNT];
    int line_height[UI_FONT_COUNT];
    int ascent[UI_FONT_COUNT];
    int cap_height[UI_FONT_COUNT];
    struct width_entry cache[WIDTH_CACHE_SIZE];
    unsigned long hits, misses;
};

/* Cap heights in millimetres, and whether the style is bold. */
static const struct {
    float cap_mm;
    int bold;
} styles[UI_FONT_COUNT] = {
    [UI_FONT_SMALL] = { 6.2f, 0 },   [UI_FONT_BODY] = { 7.0f, 0 },
    [UI_FONT_BUTTON] = { 7.0f, 1 },  [UI_FONT_HEADING] = { 9.0f, 1 },
    [UI_FONT_TITLE] = { 12.0f, 1 },  [UI_FONT_HUGE] = { 30.0f, 1 },
};

static const char *const font_files[UI_SCRIPT_COUNT][2] = {
    [UI_SCRIPT_LATIN] = { "NotoSans-Regular.ttf", "NotoSans-Bold.ttf" },
    [UI_SCRIPT_KHMER] = { "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf" },
    [UI_SCRIPT_CHAM] = { "NotoSansCham-Regular.ttf", "NotoSansCham-Bold.ttf" },
    [UI_SCRIPT_TAI_VIET] = { "NotoSansTaiViet-Regular.ttf", "NotoSansTaiViet-Regular.ttf" },
};

const char *ui_text_script_tag(ui_script s)
{
    switch (s) {
    case UI_SCRIPT_KHMER: return "Khmr";
    case UI_SCRIPT_CHAM: return "Cham";
    case UI_SCRIPT_TAI_VIET: return "Tavt";
    default: return "Latn";
    }
}

ui_script ui_text_script_of(uint32_t cp)
{
    if ((cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x19E0 && cp <= 0x19FF))
        return UI_SCRIPT_KHMER;
    if (cp >= 0xAA00 && cp <= 0xAA5F)
        return UI_SCRIPT_CHAM;
    if (cp >= 0xAA80 && cp <= 0xAADF)
        return UI_SCRIPT_TAI_VIET;
    /* Combining marks, spaces, digits and punctuation inherit the run's script. */
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
        (cp >= 0x20D0 && cp <= 0x20FF) || cp == 0x200C || cp == 0x200D || cp < 0x41 ||
        (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7F) || (cp >= 0x2000 && cp <= 0x206F))
        return UI_SCRIPT_COUNT;
    return UI_SCRIPT_LATIN;
}

int ui_text_runs(const char *s, size_t len, ui_text_run *runs, int max)
{
    int n = 0;
    size_t i = 0;
    ui_script cur = UI_SCRIPT_COUNT;
    size_t start = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_decode(s + i, len - i, &cp);
        if (k == 0) { /* invalid byte: skip it, drawn as nothing */
            i++;
            continue;
        }
        ui_script sc = ui_text_script_of(cp);
        if (sc != UI_SCRIPT_COUNT && sc != cur) {
            if (cur != UI_SCRIPT_COUNT && i > start) {
                if (n < max)
                    runs[n++] = (ui_text_run){ start, i - start, cur };
                start = i;
            }
            cur = sc;
        }
        i += k;
    }
    if (len > start && n < max)
        runs[n++] = (ui_text_run){ start, len - start, cur == UI_SCRIPT_COUNT ? UI_SCRIPT_LATIN : cur };
    return n;
}

ui_text *ui_text_open(const char *font_dir, float dpi, char *err, size_t errsize)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errsize, "font engine: %s", TTF_GetError());
        return NULL;
    }
    ui_text *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    t->dpi = dpi;
    for (int st = 0; st < UI_FONT_COUNT; st++) {
        float cap_px = styles[st].cap_mm * dpi / 25.4f;
        /* NotoSans cap height is 0.714 em; start there and grow until the
         * rendered "H" is at least as tall as asked (hinting rounds down). */
        int px = (int)lroundf(cap_px / 0.714f);
        for (int sc = 0; sc < UI_SCRIPT_COUNT; sc++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", font_dir, font_files[sc][styles[st].bold]);
            TTF_Font *f = TTF_OpenFont(path, px);
            if (!f) {
                snprintf(err, errsize, "cannot open font %s (%s); install fonts-noto-core or set "
                         "[kiosk] font_dir", path, TTF_GetError());
                ui_text_close(t);
                return NULL;
            }
            TTF_SetFontScriptName(f, ui_text_script_tag((ui_script)sc));
            TTF_SetFontDirection(f, TTF_DIRECTION_LTR);
            TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
            if (sc == UI_SCRIPT_LATIN) {
                for (int tries = 0; tries < 8; tries++) {
                    int miny = 0, maxy = 0;
                    if (TTF_GlyphMetrics32(f, 'H', NULL, NULL, &miny, &maxy, NULL) != 0 ||
                        (float)(maxy - miny) >= ceilf(cap_px - 0.01f))
                        break;
                    TTF_SetFontSize(f, ++px);
                }
            }
            t->fonts[st][sc] = f;
        }
        TTF_Font *latin = t->fonts[st][UI_SCRIPT_LATIN];
        /* Vietnamese stacks marks above capitals (Ấ, Ễ): leave room for them. */
        t->line_height[st] = TTF_FontLineSkip(latin) + (int)(cap_px * 0.15f);
        t->ascent[st] = TTF_FontAscent(latin);
        int miny, maxy;
        if (TTF_GlyphMetrics32(latin, 'H', NULL, NULL, &miny, &maxy, NULL) == 0)
            t->cap_height[st] = maxy - miny;
        else
            t->cap_height[st] = (int)cap_px;
    }
    return t;
}

void ui_text_close(ui_text *t)
{
    if (!t)
        return;
    for (int st = 0; st < UI_FONT_COUNT; st++)
        for (int sc = 0; sc < UI_SCRIPT_COUNT; sc++)
            if (t->fonts[st][sc])
                TTF_CloseFont(t->fonts[st][sc]);
    free(t);
}

TTF_Font *ui_text_font(ui_text *t, ui_font_style st, ui_script sc)
{
    return t->fonts[st][sc];
}

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int measure_uncached(ui_text *t, ui_font_style st, const char *s, size_t len)
{
    ui_text_run runs[32];
    int n = ui_text_runs(s, len, runs, 32);
    int total = 0;
    char buf[1024];
    for (int i = 0; i < n; i++) {
        size_t l = runs[i].len < sizeof buf - 1 ? runs[i].len : sizeof buf - 1;
        memcpy(buf, s + runs[i].start, l);
        buf[l] = '\0';
        int w = 0, h = 0;
        if (TTF_SizeUTF8(t->fonts[st][runs[i].script], buf, &w, &h) == 0)
            total += w;
    }
    return total;
}

int ui_text_width(ui_text *t, ui_font_style st, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    uint64_t h = fnv1a(s, len) ^ ((uint64_t)st * 0x9E3779B97F4A7C15ULL);
    struct width_entry *e = &t->cache[h & (WIDTH_CACHE_SIZE - 1)];
    if (e->hash == h && e->len == len && e->style == (int)st) {
        t->hits++;
        return e->width;
    }
    t->misses++;
    int w = measure_uncached(t, st, s, len);
    *e = (struct width_entry){ h, (uint32_t)len, (int)st, w };
    return w;
}

int ui_text_line_height(const ui_text *t, ui_font_style st)
{
    return t->line_height[st];
}

int ui_text_ascent(const ui_text *t, ui_font_style st)
{
    return t->ascent[st];
}

int ui_text_cap_height(const ui_text *t, ui_font_style st)
{
    return t->cap_height[st];
}

float ui_text_dpi(const ui_text *t)
{
    return t->dpi;
}

void ui_text_cache_stats(const ui_text *t, unsigned long *hits, unsigned long *misses)
{
    *hits = t->hits;
    *misses = t->misses;
}

/* Byte length of the code point at s (1 for invalid bytes). */
static size_t cp_len(const char *s, size_t avail)
{
    uint32_t cp;
    size_t k = text_utf8_decode(s, avail, &cp);
    return k ? k : 1;
}

int ui_text_wrap(ui_text *t, ui_font_style st, const char *s, int max_w, ui_text_line *lines,
                 int max_lines)
{
    size_t len = strlen(s);
    int n = 0;
    size_t line_start = 0;
    while (line_start <= len && n < max_lines) {
        /* Find the end of this hard line. */
        const char *nl = memchr(s + line_start, '\n', len - line_start);
        size_t hard_end = nl ? (size_t)(nl - s) : len;
        size_t pos = line_start;
        while (n < max_lines) {
            /* Greedy: extend word by word while it fits. */
            size_t best = pos, i = pos;
            int best_w = 0;
            while (i <= hard_end) {
                size_t j = i;
                while (j < hard_end && s[j] != ' ')
                    j++;
                int w = ui_text_width(t, st, s + pos, j - pos);
                if (w <= max_w || best == pos) {
                    if (w > max_w) { /* one word longer than the line: cut inside it */
                        size_t k = pos, last = pos;
                        while (k < j) {
                            size_t step = cp_len(s + k, j - k);
                            if (ui_text_width(t, st, s + pos, k + step - pos) > max_w && k > pos)
                                break;
                            k += step;
                            last = k;
                        }
                        best = last;
                        best_w = ui_text_width(t, st, s + pos, last - pos);
                        break;
                    }
                    best = j;
                    best_w = w;
                } else {
                    break;
                }
                if (j >= hard_end)
                    break;
                i = j + 1;
            }
            lines[n++] = (ui_text_line){ pos, best - pos, best_w };
            pos = best;
            while (pos < hard_end && s[pos] == ' ')
                pos++;
            if (pos >= hard_end)
                break;
        }
        if (!nl)
            break;
        line_start = hard_end + 1;
    }
    return n;
}
