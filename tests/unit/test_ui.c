/* Unit tests for kiosk/ui: script runs, millimetre sizing, the tap logic,
 * modal dialogs, the semantic tree, contrast (WCAG formula, checked against
 * its published extremes) and wrapping. Uses the real Noto fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <SDL2/SDL_ttf.h>
#include <string.h>

#include "render.h"
#include "text.h"
#include "ui.h"

#define FONT_DIR "/usr/share/fonts/truetype/noto"

static ui_text *text;
static ui_ctx ui;

static int setup(void **state)
{
    (void)state;
    char err[256];
    text = ui_text_open(FONT_DIR, 102, err, sizeof err);
    if (!text)
        fail_msg("%s", err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ui_text_close(text);
    return 0;
}

static void test_runs(void **state)
{
    (void)state;
    ui_text_run runs[8];
    const char *s = "Xin chào សួស្តី ꪼꪕ ꨌꩌ";
    int n = ui_text_runs(s, strlen(s), runs, 8);
    assert_int_equal(n, 4);
    assert_int_equal(runs[0].script, UI_SCRIPT_LATIN);
    assert_int_equal(runs[1].script, UI_SCRIPT_KHMER);
    assert_int_equal(runs[2].script, UI_SCRIPT_TAI_VIET);
    assert_int_equal(runs[3].script, UI_SCRIPT_CHAM);
    /* Runs cover the string without gaps. */
    size_t covered = 0;
    for (int i = 0; i < n; i++) {
        assert_int_equal(runs[i].start, covered);
        covered += runs[i].len;
    }
    assert_int_equal(covered, strlen(s));
    /* A combining breve (Ê Đê) stays with its letter. */
    const char *ede = "e\xCC\x86";
    assert_int_equal(ui_text_runs(ede, strlen(ede), runs, 8), 1);
    assert_string_equal(ui_text_script_tag(UI_SCRIPT_KHMER), "Khmr");
}

/* Digits and punctuation inside Khmer or Tai Viet text go to a Latin run
 * where the script's font lacks them (Noto Sans Khmer has no ASCII digits,
 * Noto Sans Tai Viet no punctuation at all); spaces stay in the run. */
static void test_runs_neutrals(void **state)
{
    (void)state;
    ui_text_run runs[8];
    const char *km = "\xE1\x9E\x80 60 \xE1\x9E\x80"; /* "ក 60 ក" */
    assert_int_equal(ui_text_runs(km, strlen(km), runs, 8), 3);
    assert_int_equal(runs[0].script, UI_SCRIPT_KHMER);
    assert_int_equal(runs[0].len, 4); /* "ក " */
    assert_int_equal(runs[1].script, UI_SCRIPT_LATIN);
    assert_int_equal(runs[1].len, 2); /* "60" */
    assert_int_equal(runs[2].script, UI_SCRIPT_KHMER);
    /* A string opening with a digit: the digit is Latin, the space Khmer. */
    const char *km2 = "5 \xE1\x9E\x80";
    assert_int_equal(ui_text_runs(km2, strlen(km2), runs, 8), 2);
    assert_int_equal(runs[0].script, UI_SCRIPT_LATIN);
    assert_int_equal(runs[0].len, 1);
    /* Tai Viet then a colon: the colon is Latin. */
    const char *tv = "\xEA\xAA\x80:";
    assert_int_equal(ui_text_runs(tv, strlen(tv), runs, 8), 2);
    assert_int_equal(runs[1].script, UI_SCRIPT_LATIN);
    /* Khmer keeps its own punctuation (the font has "?"). */
    const char *km3 = "\xE1\x9E\x80?";
    assert_int_equal(ui_text_runs(km3, strlen(km3), runs, 8), 1);
}

/* The table of neutrals each script's font draws matches the installed fonts,
 * in both weights: a font update that drops or adds one fails here. */
static void test_neutral_table_matches_fonts(void **state)
{
    (void)state;
    static const uint32_t ranges[][2] = { { 0x20, 0x40 }, { 0x5B, 0x60 }, { 0x7B, 0x7E },
                                          { 0xA0, 0xBF }, { 0x2000, 0x206F } };
    for (int sc = UI_SCRIPT_KHMER; sc < UI_SCRIPT_COUNT; sc++)
        for (int st = UI_FONT_BODY; st <= UI_FONT_BUTTON; st++) {
            TTF_Font *f = ui_text_font(text, (ui_font_style)st, (ui_script)sc);
            for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
                for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
                    if (ui_text_script_of(cp) != UI_SCRIPT_COUNT)
                        continue;
                    bool has = TTF_GlyphIsProvided32(f, cp) != 0;
                    if (has != ui_text_script_draws((ui_script)sc, cp))
                        fail_msg("script %d style %d U+%04X: font %s it, table says %s", sc, st,
                                 (unsigned)cp, has ? "has" : "lacks", has ? "no" : "yes");
                }
        }
}

static void test_sizes(void **state)
{
    (void)state;
    ui_init(&ui, text, 1920, 1080, 102);
    assert_true(fabsf(ui_mm(&ui, 25.4f) - 102.0f) < 0.01f);
    /* Body text: cap height of at least 7 mm (within a pixel of rounding). */
    float cap_mm = (float)ui_text_cap_height(text, UI_FONT_BODY) * 25.4f / 102.0f;
    assert_true(cap_mm >= 6.75f);
    assert_true(cap_mm <= 8.0f);
    float title_mm = (float)ui_text_cap_height(text, UI_FONT_TITLE) * 25.4f / 102.0f;
    assert_true(title_mm > cap_mm);
}

static bool frame_button(ui_ctx *u, ui_rect r, bool enabled)
{
    ui_begin_frame(u);
    bool t = ui_button_enabled(u, r, "Tiếp tục", "next", enabled, true);
    ui_end_frame(u);
    return t;
}

static void test_tap(void **state)
{
    (void)state;
    ui_init(&ui, text, 1920, 1080, 102);
    ui_rect r = { 100, 100, 300, 100 };
    /* Press and release inside: a tap, reported once. */
    ui_input_down(&ui, 150, 150);
    assert_false(frame_button(&ui, r, true));
    ui_input_up(&ui, 160, 150);
    assert_true(frame_button(&ui, r, true));
    assert_false(frame_button(&ui, r, true));
    /* Slide off before releasing: no tap. */
    ui_input_down(&ui, 150, 150);
    frame_button(&ui, r, true);
    ui_input_up(&ui, 500, 500);
    assert_false(frame_button(&ui, r, true));
    /* Press outside, release inside: no tap. */
    ui_input_down(&ui, 10, 10);
    frame_button(&ui, r, true);
    ui_input_up(&ui, 150, 150);
    assert_false(frame_button(&ui, r, true));
    /* Disabled: never. */
    ui_input_down(&ui, 150, 150);
    frame_button(&ui, r, false);
    ui_input_up(&ui, 150, 150);
    assert_false(frame_button(&ui, r, false));
}

static void test_semantic_tree(void **state)
{
    (void)state;
    ui_init(&ui, text, 1920, 1080, 102);
    ui_begin_frame(&ui);
    ui_heading(&ui, ui_rect_make(0, 0, 800, 80), "Bạn cần làm gì hôm nay?");
    ui_tile(&ui, ui_rect_make(0, 100, 400, 300), "Nộp hồ sơ", "submit");
    ui_button_enabled(&ui, ui_rect_make(500, 100, 300, 100), "Làm lại", NULL, false, false);
    ui_end_frame(&ui);
    assert_int_equal(ui.nnodes, 3);
    assert_int_equal(ui.nodes[0].role, UI_ROLE_HEADING);
    const ui_node *n = ui_find_node(&ui, "hồ sơ", true, true);
    assert_non_null(n);
    assert_int_equal(n->role, UI_ROLE_TILE);
    assert_null(ui_find_node(&ui, "Làm lại", true, true));
    assert_non_null(ui_find_node(&ui, "Làm lại", false, true));
    assert_true(ui_text_visible(&ui, "hôm nay"));
    assert_false(ui_text_visible(&ui, "Đánh giá"));
    assert_false(ui.overflow);
}

/* One line in a widget too short for it keeps its size and is reported; a
 * line that only loses its leading is not. */
static void test_one_line_too_tall(void **state)
{
    (void)state;
    ui_init(&ui, text, 1920, 1080, 102);
    float cap = (float)ui_text_cap_height(text, UI_FONT_HEADING);
    ui_begin_frame(&ui);
    ui_label(&ui, ui_rect_make(0, 0, 400, cap * 1.6f), "29", UI_FONT_HEADING, UI_ALIGN_CENTER);
    ui_label(&ui, ui_rect_make(0, 200, 400, cap * 1.2f), "28", UI_FONT_HEADING, UI_ALIGN_CENTER);
    ui_end_frame(&ui);
    assert_int_equal(ui.nnodes, 2);
    assert_false(ui.nodes[0].clipped);
    assert_int_equal(ui.nodes[0].style, UI_FONT_HEADING);
    assert_true(ui.nodes[1].clipped);
    assert_int_equal(ui.nodes[1].style, UI_FONT_HEADING); /* not shrunk to the small style */
}

static void test_modal(void **state)
{
    (void)state;
    ui_init(&ui, text, 1920, 1080, 102);
    ui_rect behind = { 100, 100, 300, 100 }, inside = { 800, 500, 300, 100 };
    bool tapped_behind = false, tapped_inside = false;
    for (int f = 0; f < 4; f++) {
        if (f == 1)
            ui_input_down(&ui, 150, 150);
        if (f == 2)
            ui_input_up(&ui, 150, 150);
        ui_begin_frame(&ui);
        tapped_behind |= ui_button(&ui, behind, "Quay lại", NULL);
        ui_modal_begin(&ui, ui_rect_make(700, 400, 500, 300), "Bạn vẫn đang sử dụng chứ?");
        tapped_inside |= ui_button(&ui, inside, "Tôi vẫn đang dùng", NULL);
        ui_modal_end(&ui);
        ui_end_frame(&ui);
    }
    assert_false(tapped_behind);
    for (int f = 0; f < 3; f++) {
        if (f == 1)
            ui_input_down(&ui, 900, 550);
        if (f == 2)
            ui_input_up(&ui, 900, 550);
        ui_begin_frame(&ui);
        ui_modal_begin(&ui, ui_rect_make(700, 400, 500, 300), "Bạn vẫn đang sử dụng chứ?");
        tapped_inside |= ui_button(&ui, inside, "Tôi vẫn đang dùng", NULL);
        ui_modal_end(&ui);
        ui_end_frame(&ui);
    }
    assert_true(tapped_inside);
}

static void test_contrast(void **state)
{
    (void)state;
    ui_color black = { 0, 0, 0, 255 }, white = { 255, 255, 255, 255 };
    assert_true(fabs(ui_contrast_ratio(black, white) - 21.0) < 0.01);
    assert_true(fabs(ui_contrast_ratio(white, white) - 1.0) < 0.01);
    /* WCAG's example: #777777 on white is about 4.48:1. */
    ui_color grey = { 0x77, 0x77, 0x77, 255 };
    assert_true(fabs(ui_contrast_ratio(grey, white) - 4.48) < 0.02);
    ui_init(&ui, text, 1920, 1080, 102);
    const ui_theme *t = &ui.theme;
    assert_true(ui_contrast_ratio(t->text, t->background) >= 7.0);
    assert_true(ui_contrast_ratio(t->on_primary, t->primary) >= 7.0);
    assert_true(ui_contrast_ratio(t->on_secondary, t->secondary) >= 7.0);
    assert_true(ui_contrast_ratio(t->muted, t->surface) >= 7.0);
}

static void test_wrap(void **state)
{
    (void)state;
    ui_text_line lines[16];
    const char *s = "Đặt thẻ nằm phẳng, mặt có chip úp xuống, và giữ yên cho đến khi nghe tiếng báo.";
    int full = ui_text_width(text, UI_FONT_BODY, s, strlen(s));
    int n = ui_text_wrap(text, UI_FONT_BODY, s, full / 2 + 10, lines, 16);
    assert_true(n >= 2 && n <= 3);
    for (int i = 0; i < n; i++)
        assert_true(lines[i].width <= full / 2 + 10);
    /* A word longer than the line is cut, not overflowed. */
    n = ui_text_wrap(text, UI_FONT_BODY, "0123456789012345678901234567890123456789", 100, lines, 16);
    assert_true(n > 1);
    for (int i = 0; i < n; i++)
        assert_true(lines[i].width <= 100);
    /* Line widths leave out the space at the break. */
    n = ui_text_wrap(text, UI_FONT_BODY, "aaaa aaaa", ui_text_width(text, UI_FONT_BODY, "aaaa", 4),
                     lines, 16);
    assert_int_equal(n, 2);
    assert_int_equal(lines[0].len, 4);
    assert_int_equal(lines[1].start, 5);
    /* Empty hard lines are kept. */
    assert_int_equal(ui_text_wrap(text, UI_FONT_BODY, "a\n\nb", 1000, lines, 16), 3);
    assert_int_equal(lines[1].len, 0);
    /* The width cache answers the second time. */
    unsigned long h0, m0, h1, m1;
    ui_text_cache_stats(text, &h0, &m0);
    ui_text_width(text, UI_FONT_BODY, s, strlen(s));
    ui_text_cache_stats(text, &h1, &m1);
    assert_int_equal(h1, h0 + 1);
    assert_int_equal(m1, m0);
}

/* Byte offsets in s where a line of text may begin: a line's start must be
 * one of them. */
static void assert_breaks_in(const char *s, int max_w, const size_t *allowed, size_t n_allowed,
                             int min_lines)
{
    ui_text_line lines[32];
    int n = ui_text_wrap(text, UI_FONT_BODY, s, max_w, lines, 32);
    assert_true(n >= min_lines);
    size_t covered = 0;
    for (int i = 0; i < n; i++) {
        assert_true(lines[i].width <= max_w);
        assert_true(lines[i].start >= covered);
        covered = lines[i].start + lines[i].len;
        if (i == 0)
            continue;
        bool ok = false;
        for (size_t k = 0; k < n_allowed; k++)
            ok = ok || allowed[k] == lines[i].start;
        if (!ok)
            fail_msg("line %d starts at byte %zu, not at a word boundary", i, lines[i].start);
    }
    assert_int_equal(covered, strlen(s));
}

/* Khmer is written without spaces between words: lines break between words
 * (ICU's dictionary), never inside one. The word boundaries below are a
 * hand segmentation, independent of ICU:
 * ចុះ|បញ្ជី|កំណើត|សម្រាប់|ទារក|ទើប|នឹង|កើត ("register the birth of a
 * newborn child"). */
static void test_wrap_khmer_words(void **state)
{
    (void)state;
    static const char *const words[] = {
        "\xE1\x9E\x85\xE1\x9E\xBB\xE1\x9F\x87",                         /* ចុះ */
        "\xE1\x9E\x94\xE1\x9E\x89\xE1\x9F\x92\xE1\x9E\x87\xE1\x9E\xB8", /* បញ្ជី */
        "\xE1\x9E\x80\xE1\x9F\x86\xE1\x9E\x8E\xE1\x9E\xBE\xE1\x9E\x8F", /* កំណើត */
        "\xE1\x9E\x9F\xE1\x9E\x98\xE1\x9F\x92\xE1\x9E\x9A\xE1\x9E\xB6"
        "\xE1\x9E\x94\xE1\x9F\x8B",                                           /* សម្រាប់ */
        "\xE1\x9E\x91\xE1\x9E\xB6\xE1\x9E\x9A\xE1\x9E\x80",             /* ទារក */
        "\xE1\x9E\x91\xE1\x9E\xBE\xE1\x9E\x94",                         /* ទើប */
        "\xE1\x9E\x93\xE1\x9E\xB9\xE1\x9E\x84",                         /* នឹង */
        "\xE1\x9E\x80\xE1\x9E\xBE\xE1\x9E\x8F",                         /* កើត */
    };
    char s[256] = "";
    size_t allowed[16], n_allowed = 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        allowed[n_allowed++] = strlen(s);
        strcat(s, words[i]);
    }
    int full = ui_text_width(text, UI_FONT_BODY, s, strlen(s));
    assert_breaks_in(s, full / 3, allowed, n_allowed, 3);
    assert_breaks_in(s, full / 2, allowed, n_allowed, 2);
}

/* A word longer than the line is cut between grapheme clusters: no piece
 * starts with a Khmer vowel sign, a coeng or its subscript consonant, nor with
 * an Ê Đê combining breve. */
static void test_wrap_cuts_clusters(void **state)
{
    (void)state;
    const char *words[] = {
        /* សម្រាប់សម្រាប់សម្រាប់ (one "word" to the dictionary-less cut) */
        "\xE1\x9E\x9F\xE1\x9E\x98\xE1\x9F\x92\xE1\x9E\x9A\xE1\x9E\xB6\xE1\x9E\x94"
        "\xE1\x9F\x8B\xE1\x9E\x9F\xE1\x9E\x98\xE1\x9F\x92\xE1\x9E\x9A\xE1\x9E\xB6"
        "\xE1\x9E\x94\xE1\x9F\x8B",
        "e\xCC\x86" "e\xCC\x86" "e\xCC\x86" "e\xCC\x86" "e\xCC\x86" "e\xCC\x86" "e\xCC\x86"
        "e\xCC\x86",
    };
    for (size_t w = 0; w < 2; w++) {
        ui_text_line lines[32];
        int n = ui_text_wrap(text, UI_FONT_BODY, words[w], 40, lines, 32);
        assert_true(n >= 3);
        for (int i = 1; i < n; i++) {
            uint32_t cp;
            const char *p = words[w] + lines[i].start;
            assert_true(text_utf8_decode(p, strlen(p), &cp) > 0);
            assert_false(cp >= 0x17B6 && cp <= 0x17D3);
            assert_false(cp == 0x0306);
            /* The consonant after a coeng: the byte before is not the coeng. */
            assert_false(lines[i].start >= 3 &&
                         memcmp(words[w] + lines[i].start - 3, "\xE1\x9F\x92", 3) == 0);
        }
    }
}

/* The pixel at (x, y) of a 32-bit surface, as 0xRRGGBB. */
static uint32_t pixel(SDL_Surface *s, int x, int y)
{
    uint32_t v = ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x];
    uint8_t r, g, b;
    SDL_GetRGB(v, s->format, &r, &g, &b);
    return (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

/* A panel mounted turned ([kiosk] rotation): the frame, laid out for the
 * turned size, is drawn turned clockwise onto the panel, and a touch on the
 * panel maps back to the frame. A red square in the frame's top-left corner
 * must land in the panel's top-right corner for 90, bottom-right for 180 and
 * bottom-left for 270 (worked out by hand), and touching it there must hit it. */
static void test_rotation(void **state)
{
    (void)state;
    static const struct {
        int deg;
        int x, y; /* where on the 200x100 panel the square's middle must be */
    } cases[] = { { 0, 10, 10 }, { 90, 189, 10 }, { 180, 189, 89 }, { 270, 10, 89 } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SDL_Surface *panel = SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *r = SDL_CreateSoftwareRenderer(panel);
        assert_non_null(r);
        render *rd = render_create(r, text, FONT_DIR);
        int lw, lh;
        assert_int_equal(render_set_rotation(rd, cases[i].deg, 200, 100, &lw, &lh), 0);
        bool turned = cases[i].deg % 180 != 0;
        assert_int_equal(lw, turned ? 100 : 200);
        assert_int_equal(lh, turned ? 200 : 100);
        ui_ctx u;
        ui_init(&u, text, lw, lh, 102);
        ui_begin_frame(&u);
        ui_draw_rect(&u, (ui_rect){ 0, 0, 20, 20 }, (ui_color){ 255, 0, 0, 255 }, 0);
        ui_end_frame(&u);
        render_frame(rd, &u);
        render_present(rd);
        assert_int_equal(pixel(panel, cases[i].x, cases[i].y), 0xFF0000);
        /* The opposite corner of the panel is not the square. */
        assert_int_not_equal(pixel(panel, 199 - cases[i].x, 99 - cases[i].y), 0xFF0000);
        /* A touch on the square's middle on the panel lands inside it. */
        float x, y;
        render_map_point(rd, (float)cases[i].x + 0.5f, (float)cases[i].y + 0.5f, &x, &y);
        assert_true(x >= 0 && x < 20 && y >= 0 && y < 20);
        /* And back: the panel point of a UI point. */
        float px, py;
        render_unmap_point(rd, x, y, &px, &py);
        assert_true(fabsf(px - ((float)cases[i].x + 0.5f)) < 0.01f);
        assert_true(fabsf(py - ((float)cases[i].y + 0.5f)) < 0.01f);
        /* Only right angles turn the picture. */
        assert_int_equal(render_set_rotation(rd, 45, 200, 100, &lw, &lh), 0);
        assert_int_equal(lw, 200);
        render_destroy(rd);
        SDL_DestroyRenderer(r);
        SDL_FreeSurface(panel);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs),  cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_tap),   cmocka_unit_test(test_semantic_tree),
        cmocka_unit_test(test_modal), cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_wrap),  cmocka_unit_test(test_runs_neutrals),
        cmocka_unit_test(test_neutral_table_matches_fonts),
        cmocka_unit_test(test_wrap_khmer_words), cmocka_unit_test(test_wrap_cuts_clusters),
        cmocka_unit_test(test_rotation), cmocka_unit_test(test_one_line_too_tall),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
