/* vnkey: tone placement and Telex/VNI composition. See vnkey.h.
 *
 * Text is handled as an array of code points for the last syllable: each
 * vowel is (base vowel with its modifiers) + tone, looked up in one table of
 * the 12 base vowels x 6 tones, lower and upper case. */
#include "vnkey.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Rows: base vowel; columns: none, grave, acute, hook, tilde, dot. */
static const uint32_t vowels[24][6] = {
    { 0x61, 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1 },      /* a */
    { 0x103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7 }, /* ă */
    { 0xE2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD },  /* â */
    { 0x65, 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9 },      /* e */
    { 0xEA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7 },  /* ê */
    { 0x69, 0xEC, 0xED, 0x1EC9, 0x129, 0x1ECB },       /* i */
    { 0x6F, 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD },        /* o */
    { 0xF4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9 },  /* ô */
    { 0x1A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3 }, /* ơ */
    { 0x75, 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5 },       /* u */
    { 0x1B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1 }, /* ư */
    { 0x79, 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5 },    /* y */
    { 0x41, 0xC0, 0xC1, 0x1EA2, 0xC3, 0x1EA0 },        /* A */
    { 0x102, 0x1EB0, 0x1EAE, 0x1EB2, 0x1EB4, 0x1EB6 }, /* Ă */
    { 0xC2, 0x1EA6, 0x1EA4, 0x1EA8, 0x1EAA, 0x1EAC },  /* Â */
    { 0x45, 0xC8, 0xC9, 0x1EBA, 0x1EBC, 0x1EB8 },      /* E */
    { 0xCA, 0x1EC0, 0x1EBE, 0x1EC2, 0x1EC4, 0x1EC6 },  /* Ê */
    { 0x49, 0xCC, 0xCD, 0x1EC8, 0x128, 0x1ECA },       /* I */
    { 0x4F, 0xD2, 0xD3, 0x1ECE, 0xD5, 0x1ECC },        /* O */
    { 0xD4, 0x1ED2, 0x1ED0, 0x1ED4, 0x1ED6, 0x1ED8 },  /* Ô */
    { 0x1A0, 0x1EDC, 0x1EDA, 0x1EDE, 0x1EE0, 0x1EE2 }, /* Ơ */
    { 0x55, 0xD9, 0xDA, 0x1EE6, 0x168, 0x1EE4 },       /* U */
    { 0x1AF, 0x1EEA, 0x1EE8, 0x1EEC, 0x1EEE, 0x1EF0 }, /* Ư */
    { 0x59, 0x1EF2, 0xDD, 0x1EF6, 0x1EF8, 0x1EF4 },    /* Y */
};

static bool find_vowel(uint32_t cp, int *row, int *tone)
{
    for (int r = 0; r < 24; r++)
        for (int t = 0; t < 6; t++)
            if (vowels[r][t] == cp) {
                *row = r;
                *tone = t;
                return true;
            }
    return false;
}

bool vn_decompose(unsigned cp, unsigned *base, vn_tone *tone)
{
    int r = 0, t = 0;
    if (!find_vowel(cp, &r, &t))
        return false;
    *base = vowels[r][0];
    *tone = (vn_tone)t;
    return true;
}

#define MAXCP 64

struct syl {
    uint32_t cp[MAXCP];
    int n;          /* code points in the whole text */
    int start;      /* first code point of the last syllable */
};

static bool decode_all(const char *text, struct syl *s)
{
    size_t len = strlen(text), i = 0;
    s->n = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_decode(text + i, len - i, &cp);
        if (!k || s->n >= MAXCP)
            return false;
        s->cp[s->n++] = cp;
        i += k;
    }
    s->start = s->n;
    while (s->start > 0) {
        uint32_t c = s->cp[s->start - 1];
        int r = 0, t = 0;
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0x111 ||
                      c == 0x110 || find_vowel(c, &r, &t);
        if (!letter)
            break;
        s->start--;
    }
    return true;
}

static bool encode_all(const struct syl *s, char *text, size_t size)
{
    char tmp[MAXCP * 4 + 1];
    size_t o = 0;
    for (int i = 0; i < s->n; i++) {
        size_t k = text_utf8_encode(s->cp[i], tmp + o);
        if (!k)
            return false;
        o += k;
    }
    tmp[o] = '\0';
    if (o + 1 > size)
        return false;
    memcpy(text, tmp, o + 1);
    return true;
}

static bool is_modified(int row)
{
    int r = row % 12;
    return r == 1 || r == 2 || r == 4 || r == 7 || r == 8 || r == 10;
}

static uint32_t lower_ascii(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Index of the vowel in the last syllable that carries the tone, or -1. */
static int tone_position(const struct syl *s)
{
    int first = -1, last = -1, count = 0;
    int idx[8];
    for (int i = s->start; i < s->n; i++) {
        int r = 0, t = 0;
        if (find_vowel(s->cp[i], &r, &t)) {
            if (first < 0)
                first = i;
            else if (last != i - 1)
                break; /* a second vowel group: stop at the first */
            last = i;
            if (count < 8)
                idx[count++] = i;
        } else if (first >= 0) {
            break;
        }
    }
    if (count == 0)
        return -1;
    /* "qu" and "gi" before another vowel: the u / i belongs to the consonant. */
    if (count > 1 && first > s->start) {
        uint32_t prev = lower_ascii(s->cp[first - 1]);
        uint32_t v = lower_ascii(s->cp[first]);
        if ((prev == 'q' && v == 'u') || (prev == 'g' && v == 'i')) {
            memmove(idx, idx + 1, sizeof(int) * (size_t)(count - 1));
            count--;
            first++;
        }
    }
    if (count == 1)
        return idx[0];
    /* A modified vowel takes the tone (the last one: "ươ" -> ơ). */
    for (int k = count - 1; k >= 0; k--) {
        int r = 0, t = 0;
        find_vowel(s->cp[idx[k]], &r, &t);
        if (is_modified(r))
            return idx[k];
    }
    if (count >= 3)
        return idx[1];              /* ngoài, khuỷu */
    bool closed = last + 1 < s->n;  /* a final consonant follows: toán, hoàng */
    return closed ? idx[count - 1] : idx[0];
}

bool vn_apply_tone(char *text, size_t size, vn_tone tone)
{
    struct syl s;
    if (!decode_all(text, &s))
        return false;
    int pos = tone_position(&s);
    if (pos < 0)
        return false;
    /* Remove any tone already in the syllable, then place the new one. */
    for (int i = s.start; i < s.n; i++) {
        int r = 0, t = 0;
        if (find_vowel(s.cp[i], &r, &t))
            s.cp[i] = vowels[r][0];
    }
    int r = 0, t = 0;
    find_vowel(s.cp[pos], &r, &t);
    s.cp[pos] = vowels[r][tone];
    char before[MAXCP * 4 + 1];
    snprintf(before, sizeof before, "%s", text);
    if (!encode_all(&s, text, size))
        return false;
    return strcmp(before, text) != 0;
}

/* Current tone of the syllable (from any vowel carrying one). */
static int syllable_tone(const struct syl *s)
{
    for (int i = s->start; i < s->n; i++) {
        int r = 0, t = 0;
        if (find_vowel(s->cp[i], &r, &t) && t)
            return t;
    }
    return 0;
}

bool vn_apply_mark(char *text, size_t size, vn_mark mark)
{
    struct syl s;
    if (!decode_all(text, &s) || s.start == s.n)
        return false;
    int tone = syllable_tone(&s);
    bool changed = false;
    if (mark == VN_MARK_DBAR) {
        for (int i = s.start; i < s.n; i++) {
            if (s.cp[i] == 'd' || s.cp[i] == 'D') {
                s.cp[i] = s.cp[i] == 'd' ? 0x111 : 0x110;
                changed = true;
                break;
            }
        }
    } else {
        /* Apply to the last matching vowel of the syllable (for horn, "uo" -> "ươ"). */
        for (int i = s.n - 1; i >= s.start && !changed; i--) {
            int r = 0, t = 0;
            if (!find_vowel(s.cp[i], &r, &t))
                continue;
            int base = r % 12, upper = r >= 12 ? 12 : 0, to = -1;
            if (mark == VN_MARK_CIRCUMFLEX)
                to = base == 0 || base == 1 ? 2 : base == 3 ? 4 : base == 6 || base == 8 ? 7 : -1;
            else if (mark == VN_MARK_BREVE)
                to = base == 0 || base == 2 ? 1 : -1;
            else if (mark == VN_MARK_HORN) {
                to = base == 6 || base == 7 ? 8 : base == 9 ? 10 : -1;
                if (to == 8 && i > s.start) {
                    int r2 = 0, t2 = 0;
                    if (find_vowel(s.cp[i - 1], &r2, &t2) && r2 % 12 == 9)
                        s.cp[i - 1] = vowels[10 + (r2 >= 12 ? 12 : 0)][t2];
                }
            }
            if (to >= 0) {
                s.cp[i] = vowels[to + upper][t];
                changed = true;
            }
        }
    }
    if (!changed || !encode_all(&s, text, size))
        return false;
    if (tone)
        vn_apply_tone(text, size, (vn_tone)tone);
    return true;
}

static bool append_char(char *text, size_t size, char key)
{
    size_t len = strlen(text);
    if (len + 2 > size)
        return false;
    text[len] = key;
    text[len + 1] = '\0';
    return true;
}

static uint32_t last_cp(const char *text)
{
    struct syl s;
    if (!decode_all(text, &s) || s.n == 0)
        return 0;
    return s.cp[s.n - 1];
}

bool vn_telex_feed(char *text, size_t size, char key)
{
    char k = (char)(key | 0x20);
    struct syl s;
    bool in_word = decode_all(text, &s) && s.start < s.n;
    if (in_word) {
        vn_tone tone = VN_TONE_NONE;
        bool is_tone = true;
        switch (k) {
        case 's': tone = VN_TONE_ACUTE; break;
        case 'f': tone = VN_TONE_GRAVE; break;
        case 'r': tone = VN_TONE_HOOK; break;
        case 'x': tone = VN_TONE_TILDE; break;
        case 'j': tone = VN_TONE_DOT; break;
        case 'z': tone = VN_TONE_NONE; break;
        default: is_tone = false;
        }
        if (is_tone && tone_position(&s) >= 0) {
            if (tone != VN_TONE_NONE && syllable_tone(&s) == (int)tone) {
                /* Typing the tone key twice undoes it and types the letter. */
                vn_apply_tone(text, size, VN_TONE_NONE);
                return append_char(text, size, key);
            }
            if (vn_apply_tone(text, size, tone) || tone == VN_TONE_NONE)
                return true;
        }
        uint32_t prev = lower_ascii(last_cp(text));
        unsigned base;
        vn_tone t;
        if (vn_decompose(prev, &base, &t))
            prev = base;
        if ((k == 'a' && prev == 'a') || (k == 'e' && prev == 'e') || (k == 'o' && prev == 'o'))
            if (vn_apply_mark(text, size, VN_MARK_CIRCUMFLEX))
                return true;
        if (k == 'd' && (prev == 'd') && vn_apply_mark(text, size, VN_MARK_DBAR))
            return true;
        if (k == 'w') {
            if (vn_apply_mark(text, size, VN_MARK_HORN) || vn_apply_mark(text, size, VN_MARK_BREVE))
                return true;
        }
    }
    if (k == 'w') { /* a lone w types ư */
        size_t len = strlen(text);
        if (len + 3 > size)
            return false;
        len += text_utf8_encode(key == 'W' ? 0x1AF : 0x1B0, text + len);
        text[len] = '\0';
        return true;
    }
    return append_char(text, size, key);
}

bool vn_vni_feed(char *text, size_t size, char key)
{
    struct syl s;
    bool in_word = decode_all(text, &s) && s.start < s.n;
    if (in_word && key >= '0' && key <= '9') {
        static const vn_tone tones[6] = { VN_TONE_NONE, VN_TONE_ACUTE, VN_TONE_GRAVE, VN_TONE_HOOK,
                                          VN_TONE_TILDE, VN_TONE_DOT };
        bool ok = false;
        if (key <= '5')
            ok = vn_apply_tone(text, size, tones[key - '0']) || key == '0';
        else if (key == '6')
            ok = vn_apply_mark(text, size, VN_MARK_CIRCUMFLEX);
        else if (key == '7')
            ok = vn_apply_mark(text, size, VN_MARK_HORN);
        else if (key == '8')
            ok = vn_apply_mark(text, size, VN_MARK_BREVE);
        else if (key == '9')
            ok = vn_apply_mark(text, size, VN_MARK_DBAR);
        if (ok)
            return true;
    }
    return append_char(text, size, key);
}
