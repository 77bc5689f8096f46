/* keyboard: letter keyboard and number pad widgets. See keyboard.h. */
#include "keyboard.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unicase.h>

#include "text.h"
#include "vnkey.h"

static const char *const rows[4] = { "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm.-" };
static const char *const vn_letters[7] = { "ă", "â", "đ", "ê", "ô", "ơ", "ư" };
static const struct {
    const char *label;
    const char *glyph;
    vn_tone tone;
} tone_keys[5] = {
    { "Dấu sắc", "á", VN_TONE_ACUTE },  { "Dấu huyền", "à", VN_TONE_GRAVE },
    { "Dấu hỏi", "ả", VN_TONE_HOOK },   { "Dấu ngã", "ã", VN_TONE_TILDE },
    { "Dấu nặng", "ạ", VN_TONE_DOT },
};

/* A key: draws its label (or glyph) and reports a tap. The node is named by
 * the label in the visit's language (letters translate to themselves). */
static bool key(ui_ctx *ui, ui_rect r, const char *label, const char *glyph, bool active)
{
    const char *name = _(label);
    bool tapped = ui_button_enabled(ui, r, glyph ? glyph : name, NULL, true, active);
    ui_node *n = &ui->nodes[ui->nnodes - 1];
    n->role = UI_ROLE_KEY;
    text_copy(n->label, sizeof n->label, name);
    return tapped;
}

/* The width a key needs for its label (the wider of two, translated) on one
 * line in the small style, with the button's insets. */
static float label_need(ui_ctx *ui, const char *label, const char *other)
{
    float w = 0;
    for (const char *l = label; l; l = l == label ? other : NULL) {
        const char *t = _(l);
        w = fmaxf(w, (float)ui_text_width(ui->text, UI_FONT_SMALL, t, strlen(t)));
    }
    return w + ui_mm(ui, 8);
}

static bool append_utf8(char *text, size_t size, const char *s)
{
    size_t len = strlen(text), add = strlen(s);
    if (len + add + 1 > size)
        return false;
    memcpy(text + len, s, add + 1);
    return true;
}

static void upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 32);
}

/* A key that types one letter (ă, ĕ, ƀ ...), its capital while Shift is on.
 * Returns true when the text changed. */
static bool letter_key(ui_ctx *ui, ui_rect kr, const char *letter, bool upper, kb_state *kb,
                       char *text, size_t size)
{
    char lab[16];
    snprintf(lab, sizeof lab, "%s", letter);
    uint32_t cp;
    size_t k = text_utf8_decode(lab, strlen(lab), &cp);
    if (upper && k && k == strlen(lab))
        lab[text_utf8_encode(uc_toupper(cp), lab)] = '\0';
    if (!key(ui, kr, lab, NULL, false))
        return false;
    kb->shift = false;
    return append_utf8(text, size, lab);
}

bool ui_keyboard(ui_ctx *ui, ui_rect r, kb_state *kb, char *text, size_t size)
{
    float gap = ui_mm(ui, 2.5f);
    float row_h = (r.h - gap * 5) / 6;
    bool changed = false;
    bool upper = kb->shift || kb->caps;
    /* Rows 0-2: letters (the top row turns into digits with the "Số" key). */
    for (int ri = 0; ri < 3; ri++) {
        ui_rect row = { r.x, r.y + (float)ri * (row_h + gap), r.w, row_h };
        const char *keys = ri == 0 && kb->digits ? rows[0] : rows[ri + 1];
        int n = (int)strlen(keys);
        float kw = (r.w - gap * 9) / 10;
        float x0 = row.x + (r.w - ((float)n * kw + (float)(n - 1) * gap)) / 2;
        for (int i = 0; i < n; i++) {
            char lab[2] = { keys[i], 0 };
            if (upper)
                upper_ascii(lab);
            ui_rect kr = { x0 + (float)i * (kw + gap), row.y, kw, row_h };
            if (key(ui, kr, lab, NULL, false)) {
                if (kb->mode == KB_MODE_TELEX)
                    changed = vn_telex_feed(text, size, lab[0]);
                else if (kb->mode == KB_MODE_VNI)
                    changed = vn_vni_feed(text, size, lab[0]);
                else
                    changed = append_utf8(text, size, lab);
                kb->shift = false;
            }
        }
    }
    /* Row 3: the Vietnamese letters or, behind a toggle key at its end, the
     * visit language's own (Ê Đê: ĕ ĭ ŏ ŭ ƀ č ñ and the breve for ê̆ ô̆ ơ̆ ư̆);
     * row 4: the tone marks. At most 10 keys a row, like the letter rows. */
    ui_rect row4 = { r.x, r.y + 3 * (row_h + gap), r.w, row_h };
    ui_rect row_tones = { r.x, r.y + 4 * (row_h + gap), r.w, row_h };
    char extra[KB_EXTRA_MAX][16];
    int nextra = kb_extra_letters(kb->letters, extra);
    if (nextra == 0)
        kb->own_letters = false;
    int nkeys = (kb->own_letters ? nextra : 7) + (nextra > 0);
    float kw = (r.w - gap * 9) / 10;
    float x0 = row4.x + (r.w - ((float)nkeys * kw + (float)(nkeys - 1) * gap)) / 2;
    if (nextra > 0) {
        ui_rect kr = { x0 + (float)(nkeys - 1) * (kw + gap), row4.y, kw, row_h };
        char glyph[40];
        if (kb->own_letters)
            snprintf(glyph, sizeof glyph, "%s %s", vn_letters[0], vn_letters[1]);
        else
            snprintf(glyph, sizeof glyph, "%s %s", extra[0], nextra > 1 ? extra[1] : "");
        if (key(ui, kr, kb->own_letters ? KB_KEY_VN_LETTERS : KB_KEY_OWN_LETTERS, glyph, true))
            kb->own_letters = !kb->own_letters;
    }
    for (int i = 0; kb->own_letters && i < nextra; i++) {
        ui_rect kr = { x0 + (float)i * (kw + gap), row4.y, kw, row_h };
        uint32_t cp;
        size_t k = text_utf8_decode(extra[i], strlen(extra[i]), &cp);
        if (k && cp == 0x25CC) { /* "◌" + a combining mark: adds the mark to the last letter */
            if (key(ui, kr, extra[i], NULL, false) && text[0]) {
                char joined[512], nfc[512];
                if (snprintf(joined, sizeof joined, "%s%s", text, extra[i] + k) < (int)sizeof joined &&
                    text_to_nfc(joined, strlen(joined), nfc, sizeof nfc) == 0 && strlen(nfc) < size) {
                    memcpy(text, nfc, strlen(nfc) + 1);
                    changed = true;
                }
            }
            continue;
        }
        changed |= letter_key(ui, kr, extra[i], upper, kb, text, size);
    }
    for (int i = 0; !kb->own_letters && i < 7; i++) {
        ui_rect kr = { x0 + (float)i * (kw + gap), row4.y, kw, row_h };
        changed |= letter_key(ui, kr, vn_letters[i], upper, kb, text, size);
    }
    float tw = (r.w - gap * 4) / 5;
    for (int i = 0; i < 5; i++) {
        ui_rect kr = { row_tones.x + (float)i * (tw + gap), row_tones.y, tw, row_h };
        if (key(ui, kr, tone_keys[i].label, tone_keys[i].glyph, false))
            changed = vn_apply_tone(text, size, tone_keys[i].tone);
    }
    /* Row 5: shift, digits, mode, space, backspace; each key at least as wide
     * as its label needs (small keyboards, long translations), space the rest. */
    static const char *const mode_labels[3] = { N_("Kiểu gõ: Đơn giản"), N_("Kiểu gõ: Telex"),
                                                N_("Kiểu gõ: VNI") };
    static const char *const mode_glyphs[3] = { N_("Đơn giản"), "Telex", "VNI" };
    float need[4] = { label_need(ui, KB_KEY_SHIFT, NULL), label_need(ui, KB_KEY_DIGITS, KB_KEY_LETTERS),
                      0, label_need(ui, KB_KEY_BACKSPACE, NULL) };
    for (int m = 0; m < 3; m++) /* as wide in every mode: the row does not jump */
        need[2] = fmaxf(need[2], label_need(ui, mode_glyphs[m], NULL));
    static const float share[4] = { 0.18f, 0.1f, 0.18f, 0.15f };
    float w5[4];
    for (int i = 0; i < 4; i++)
        w5[i] = fmaxf(r.w * share[i], need[i]);
    ui_rect row5 = { r.x, r.y + 5 * (row_h + gap), r.w, row_h };
    ui_rect shift_r = ui_cut_left(&row5, w5[0]);
    ui_cut_left(&row5, gap);
    ui_rect digits_r = ui_cut_left(&row5, w5[1]);
    ui_cut_left(&row5, gap);
    ui_rect mode_r = ui_cut_left(&row5, w5[2]);
    ui_cut_left(&row5, gap);
    ui_rect back_r = ui_cut_right(&row5, w5[3]);
    ui_cut_right(&row5, gap);
    if (key(ui, shift_r, KB_KEY_SHIFT, NULL, kb->shift || kb->caps)) {
        if (kb->caps) {
            kb->caps = false;
            kb->shift = false;
        } else if (kb->shift) {
            kb->caps = true;
        } else {
            kb->shift = true;
        }
    }
    if (key(ui, digits_r, kb->digits ? KB_KEY_LETTERS : KB_KEY_DIGITS, NULL, kb->digits))
        kb->digits = !kb->digits;
    if (key(ui, mode_r, mode_labels[kb->mode], _(mode_glyphs[kb->mode]), false))
        kb->mode = (kb_mode)((kb->mode + 1) % 3);
    if (key(ui, row5, KB_KEY_SPACE, NULL, false))
        changed = append_utf8(text, size, " ");
    if (key(ui, back_r, KB_KEY_BACKSPACE, NULL, false) && text[0]) {
        text_pop_codepoint(text);
        changed = true;
    }
    return changed;
}

int kb_extra_letters(const char *letters, char out[KB_EXTRA_MAX][16])
{
    int n = 0;
    const char *p = letters ? letters : "";
    while (*p && n < KB_EXTRA_MAX) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        /* One letter, or "◌" and a mark: a few code points, valid UTF-8. */
        if (len < 16 && text_utf8_valid(p, len)) {
            memcpy(out[n], p, len);
            out[n][len] = '\0';
            n++;
        }
        p += len;
    }
    return n;
}

bool ui_numpad(ui_ctx *ui, ui_rect r, char *text, size_t size, size_t max_digits)
{
    static const char *const labels[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
                                            KB_KEY_BACKSPACE, "0", "" };
    float gap = ui_mm(ui, 3);
    bool changed = false;
    for (int i = 0; i < 11; i++) {
        if (!labels[i][0])
            continue;
        ui_rect kr = ui_grid_cell(r, 3, 4, gap, i);
        if (!key(ui, kr, labels[i], NULL, false))
            continue;
        size_t len = strlen(text);
        if (i == 9) {
            if (len) {
                text[len - 1] = '\0';
                changed = true;
            }
        } else if (len < max_digits && len + 1 < size) {
            text[len] = labels[i][0];
            text[len + 1] = '\0';
            changed = true;
        }
    }
    return changed;
}

int kb_keys_for(unsigned cp, const char *keys[3], char scratch[3][8])
{
    int n = 0;
    unsigned lower = cp;
    bool up = false;
    if (cp >= 'A' && cp <= 'Z') {
        lower = cp + 32;
        up = true;
    }
    if (cp >= '0' && cp <= '9') { /* the digit row is behind the "Số" key */
        keys[n++] = KB_KEY_DIGITS;
        scratch[0][0] = (char)cp;
        scratch[0][1] = '\0';
        keys[n++] = scratch[0];
        keys[n++] = KB_KEY_LETTERS;
        return n;
    }
    if (lower >= 'a' && lower <= 'z') {
        if (up)
            keys[n++] = KB_KEY_SHIFT;
        scratch[0][0] = (char)cp;
        scratch[0][1] = '\0';
        keys[n++] = scratch[0];
        return n;
    }
    if (cp == ' ') {
        keys[n++] = KB_KEY_SPACE;
        return n;
    }
    if (cp == '.' || cp == '-') {
        scratch[0][0] = (char)cp;
        scratch[0][1] = '\0';
        keys[n++] = scratch[0];
        return n;
    }
    if (cp == 0x111 || cp == 0x110) {
        if (cp == 0x110)
            keys[n++] = KB_KEY_SHIFT;
        scratch[0][text_utf8_encode(0x111, scratch[0])] = '\0';
        if (cp == 0x110)
            scratch[0][text_utf8_encode(0x110, scratch[0])] = '\0';
        keys[n++] = scratch[0];
        return n;
    }
    unsigned base;
    vn_tone tone;
    if (!vn_decompose(cp, &base, &tone))
        return 0;
    bool is_upper = base < 0x80 ? (base >= 'A' && base <= 'Z')
                                : (base == 0xC2 || base == 0xCA || base == 0xD4 || base == 0x102 ||
                                   base == 0x1A0 || base == 0x1AF);
    if (is_upper)
        keys[n++] = KB_KEY_SHIFT;
    scratch[0][text_utf8_encode(base, scratch[0])] = '\0';
    keys[n++] = scratch[0];
    for (int i = 0; i < 5; i++)
        if (tone_keys[i].tone == tone)
            keys[n++] = tone_keys[i].label;
    return n;
}
