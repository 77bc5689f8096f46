/* Unit tests for kiosk/ui: script runs, millimetre sizing, the tap logic,
 * modal dialogs, the semantic tree, contrast (WCAG formula, checked against
 * its published extremes) and wrapping. Uses the real Noto fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

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
    /* The width cache answers the second time. */
    unsigned long h0, m0, h1, m1;
    ui_text_cache_stats(text, &h0, &m0);
    ui_text_width(text, UI_FONT_BODY, s, strlen(s));
    ui_text_cache_stats(text, &h1, &m1);
    assert_int_equal(h1, h0 + 1);
    assert_int_equal(m1, m0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs),  cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_tap),   cmocka_unit_test(test_semantic_tree),
        cmocka_unit_test(test_modal), cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_wrap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
