/* text: fonts, script runs, measuring and wrapping for the UI.
 *
 * SDL2_ttf shapes with HarfBuzz but has no font fallback and defaults the
 * script to "unknown", which puts Khmer, Cham and Tai Viet glyphs in the wrong
 * order. So text is split into runs by script, and each run is measured and
 * drawn with the font for its script, on which TTF_SetFontScriptName was set
 * once at load. Combining marks (tone marks, Ê Đê breves) stay in the run of
 * the letter they sit on.
 *
 * Sizes are set by cap height in millimetres (what legibility rules speak of),
 * converted to pixels with the display DPI. Widths are cached by (style, text)
 * so a steady screen measures nothing twice. */
#ifndef KIOSK_UI_TEXT_H
#define KIOSK_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ui_font_style {
    UI_FONT_SMALL,      /* secondary notes: cap height 6.2 mm (EN 301 549: 6.1 at 500 mm) */
    UI_FONT_BODY,       /* body text: 7 mm */
    UI_FONT_BUTTON,     /* button labels: 7 mm bold */
    UI_FONT_HEADING,    /* the question / screen title: 9 mm bold */
    UI_FONT_TITLE,      /* attract screen: 12 mm bold */
    UI_FONT_HUGE,       /* queue numbers, countdown: 30 mm bold */
    UI_FONT_COUNT
} ui_font_style;

typedef enum ui_script {
    UI_SCRIPT_LATIN,
    UI_SCRIPT_KHMER,
    UI_SCRIPT_CHAM,
    UI_SCRIPT_TAI_VIET,
    UI_SCRIPT_COUNT
} ui_script;

typedef struct ui_text_run {
    size_t start, len;      /* byte range in the string */
    ui_script script;
} ui_text_run;

typedef struct ui_text_line {
    size_t start, len;
    int width;
    bool cut;               /* ends inside a word longer than the line */
} ui_text_line;

typedef struct ui_text ui_text;
typedef struct _TTF_Font TTF_Font;

/* Open the fonts of font_dir (Noto: NotoSans, NotoSansKhmer, NotoSansCham,
 * NotoSansTaiViet) at sizes for dpi. Returns NULL with err filled. */
ui_text *ui_text_open(const char *font_dir, float dpi, char *err, size_t errsize);
void ui_text_close(ui_text *t);

/* Script of a code point; UI_SCRIPT_COUNT for "inherits" (marks, spaces, digits). */
ui_script ui_text_script_of(uint32_t cp);
/* Whether cp is a combining mark (it stays in the run of the letter before it). */
bool ui_text_is_mark(uint32_t cp);
/* Whether the font of script sc draws the neutral character cp (space, digit,
 * punctuation); a neutral it lacks goes to a Latin run. Always true for Latin. */
bool ui_text_script_draws(ui_script sc, uint32_t cp);
/* ISO 15924 tag of a script ("Latn", "Khmr", "Cham", "Tavt"). */
const char *ui_text_script_tag(ui_script s);

/* Split s[0..len) into runs of one script. Returns the count (at most max). */
int ui_text_runs(const char *s, size_t len, ui_text_run *runs, int max);

TTF_Font *ui_text_font(ui_text *t, ui_font_style st, ui_script sc);
int ui_text_width(ui_text *t, ui_font_style st, const char *s, size_t len);
int ui_text_line_height(const ui_text *t, ui_font_style st);
int ui_text_ascent(const ui_text *t, ui_font_style st);
/* Cap height in pixels of the Latin font of a style (the height of "H"). */
int ui_text_cap_height(const ui_text *t, ui_font_style st);
float ui_text_dpi(const ui_text *t);

/* Break s into lines no wider than max_w at the line-break opportunities of
 * Unicode's line breaking algorithm (ICU: spaces, after hyphens, and between
 * words of Khmer text by dictionary), or between grapheme clusters inside a
 * word longer than a line. Explicit '\n' breaks too. Spaces at a line's end
 * are not part of it. Returns the number of lines. */
int ui_text_wrap(ui_text *t, ui_font_style st, const char *s, int max_w, ui_text_line *lines,
                 int max_lines);

/* Measurement cache statistics (benchmarks). */
void ui_text_cache_stats(const ui_text *t, unsigned long *hits, unsigned long *misses);

#endif
