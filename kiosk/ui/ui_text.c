/* text: per-script fonts, runs, measuring with a width cache, wrapping.
 * See text.h for why text is split by script. */
#include "ui_text.h"

#include <SDL2/SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

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
    UBreakIterator *line_breaks; /* ICU: UAX #14 plus dictionaries (Khmer) */
    UBreakIterator *clusters;    /* ICU: grapheme clusters, to cut a long word */
    UText *utext;
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
    if (ui_text_is_mark(cp) || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp < 0x41 ||
        (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
        (cp >= 0x2000 && cp <= 0x206F))
        return UI_SCRIPT_COUNT;
    return UI_SCRIPT_LATIN;
}

bool ui_text_is_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF);
}

/* The neutral characters (spaces, digits, punctuation) each script's font
 * draws. The Khmer, Cham and Tai Viet fonts of fonts-noto-core lack most of
 * them: Noto Sans Khmer has no ASCII digits, Noto Sans Tai Viet has only the
 * spaces. A neutral the run's font lacks is drawn with the Latin font, which
 * has them all. test_ui checks this table against the installed fonts. */
struct cp_range {
    uint32_t lo, hi;
};
static const struct cp_range khmer_neutrals[] = {
    { 0x20, 0x22 }, { 0x27, 0x29 }, { 0x2C, 0x2F }, { 0x3A, 0x3B }, { 0x3F, 0x3F },
    { 0xA0, 0xA0 }, { 0xAB, 0xAB }, { 0xAD, 0xAD }, { 0xBB, 0xBB }, { 0x200B, 0x200D },
    { 0x2010, 0x2010 }, { 0x2018, 0x2019 }, { 0x201C, 0x201D }, { 0x2026, 0x2026 },
};
static const struct cp_range cham_neutrals[] = {
    { 0x20, 0x22 }, { 0x27, 0x29 }, { 0x2C, 0x2F }, { 0x3A, 0x3B }, { 0x3F, 0x3F },
    { 0xA0, 0xA0 }, { 0xAD, 0xAD }, { 0x200C, 0x200D }, { 0x2010, 0x2010 },
};
static const struct cp_range tai_viet_neutrals[] = {
    { 0x20, 0x20 }, { 0xA0, 0xA0 }, { 0x200B, 0x200D },
};

bool ui_text_script_draws(ui_script sc, uint32_t cp)
{
    const struct cp_range *r;
    size_t n;
    switch (sc) {
    case UI_SCRIPT_KHMER: r = khmer_neutrals; n = sizeof khmer_neutrals / sizeof *r; break;
    case UI_SCRIPT_CHAM: r = cham_neutrals; n = sizeof cham_neutrals / sizeof *r; break;
    case UI_SCRIPT_TAI_VIET: r = tai_viet_neutrals; n = sizeof tai_viet_neutrals / sizeof *r; break;
    default: return true;
    }
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

/* The first script-bearing character's script, for neutrals that open a string. */
static ui_script first_strong(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_decode(s + i, len - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        ui_script sc = ui_text_script_of(cp);
        if (sc != UI_SCRIPT_COUNT)
            return sc;
        i += k;
    }
    return UI_SCRIPT_LATIN;
}

int ui_text_runs(const char *s, size_t len, ui_text_run *runs, int max)
{
    int n = 0;
    size_t i = 0, start = 0;
    ui_script strong = first_strong(s, len); /* last script-bearing character's */
    ui_script cur = UI_SCRIPT_COUNT;         /* the open run's */
    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_decode(s + i, len - i, &cp);
        if (k == 0) { /* invalid byte: stays in the open run, drawn as nothing */
            i++;
            continue;
        }
        ui_script sc = ui_text_script_of(cp);
        if (sc != UI_SCRIPT_COUNT)
            strong = sc;
        else if (ui_text_is_mark(cp) && cur != UI_SCRIPT_COUNT)
            sc = cur; /* a mark sits on the character before it */
        else
            sc = ui_text_script_draws(strong, cp) ? strong : UI_SCRIPT_LATIN;
        if (sc != cur) {
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
    UErrorCode uerr = U_ZERO_ERROR;
    t->line_breaks = ubrk_open(UBRK_LINE, "", NULL, 0, &uerr);
    t->clusters = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &uerr);
    if (U_FAILURE(uerr)) {
        snprintf(err, errsize, "line breaking (ICU): %s; install libicu72", u_errorName(uerr));
        ui_text_close(t);
        return NULL;
    }
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
            /* Noto Sans Tai Viet has no bold face: embolden the regular one for
             * the bold styles, so headings and buttons keep their weight. */
            if (styles[st].bold && !strcmp(font_files[sc][0], font_files[sc][1]))
                TTF_SetFontStyle(f, TTF_STYLE_BOLD);
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
    if (t->line_breaks)
        ubrk_close(t->line_breaks);
    if (t->clusters)
        ubrk_close(t->clusters);
    if (t->utext)
        utext_close(t->utext);
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

/* End of s[from..to) without the spaces and zero-width spaces at its end. */
static size_t trim_end(const char *s, size_t from, size_t to)
{
    while (to > from) {
        if (s[to - 1] == ' ')
            to--;
        else if (to - from >= 3 && memcmp(s + to - 3, "\xE2\x80\x8B", 3) == 0)
            to -= 3;
        else
            break;
    }
    return to;
}

/* The next boundary of a written cluster after the cluster iterator's
 * position, at most end. */
static size_t next_cluster(ui_text *t, const char *s, size_t end)
{
    for (;;) {
        int32_t q = ubrk_next(t->clusters);
        if (q == UBRK_DONE || (size_t)q >= end)
            return end;
        /* A Khmer coeng joins the next consonant as its subscript form: ICU's
         * grapheme clusters end after the coeng, the written cluster does not. */
        if (q >= 3 && memcmp(s + q - 3, "\xE1\x9F\x92", 3) == 0)
            continue;
        return (size_t)q;
    }
}

/* The longest run of whole clusters from pos (at least one) that fits max_w,
 * for a word longer than a line. The cluster iterator is on the line. */
static size_t cut_word(ui_text *t, ui_font_style st, const char *s, size_t pos, size_t end,
                       int max_w)
{
    ubrk_following(t->clusters, (int32_t)pos);
    ubrk_previous(t->clusters); /* back to pos: next_cluster steps from there */
    size_t cut = next_cluster(t, s, end);
    while (cut < end) {
        size_t next = next_cluster(t, s, end);
        if (ui_text_width(t, st, s + pos, next - pos) > max_w)
            break;
        cut = next;
    }
    return cut;
}

/* Wrap one hard line s[0..len) (no '\n'), appending to lines; base is its
 * offset in the whole string. Returns the new line count. */
static int wrap_line(ui_text *t, ui_font_style st, const char *s, size_t len, size_t base,
                     int max_w, ui_text_line *lines, int n, int max_lines)
{
    UErrorCode e = U_ZERO_ERROR;
    t->utext = utext_openUTF8(t->utext, s, (int64_t)len, &e);
    ubrk_setUText(t->line_breaks, t->utext, &e);
    ubrk_setUText(t->clusters, t->utext, &e);
    if (U_FAILURE(e)) { /* cannot happen for a valid iterator; keep the text whole */
        lines[n++] = (ui_text_line){ base, len, ui_text_width(t, st, s, len), false };
        return n;
    }
    size_t pos = 0;
    do {
        size_t next = 0, end = 0;
        int width = 0;
        bool cut = false;
        for (int32_t q = ubrk_following(t->line_breaks, (int32_t)pos); q != UBRK_DONE;
             q = ubrk_next(t->line_breaks)) {
            size_t e_q = trim_end(s, pos, (size_t)q);
            int w = ui_text_width(t, st, s + pos, e_q - pos);
            if (w > max_w && next > 0)
                break;
            next = (size_t)q;
            end = e_q;
            width = w;
            if (w > max_w)
                break; /* the first word alone is too wide: cut it below */
        }
        if (next == 0) { /* empty line */
            next = end = len;
            width = 0;
        } else if (width > max_w) {
            next = end = cut_word(t, st, s, pos, end, max_w);
            width = ui_text_width(t, st, s + pos, end - pos);
            cut = true;
        }
        lines[n++] = (ui_text_line){ base + pos, end - pos, width, cut };
        pos = next;
    } while (pos < len && n < max_lines);
    return n;
}

int ui_text_wrap(ui_text *t, ui_font_style st, const char *s, int max_w, ui_text_line *lines,
                 int max_lines)
{
    size_t len = strlen(s);
    int n = 0;
    size_t line_start = 0;
    while (n < max_lines) {
        const char *nl = memchr(s + line_start, '\n', len - line_start);
        size_t hard_end = nl ? (size_t)(nl - s) : len;
        n = wrap_line(t, st, s + line_start, hard_end - line_start, line_start, max_w, lines, n,
                      max_lines);
        if (!nl)
            break;
        line_start = hard_end + 1;
    }
    return n;
}
