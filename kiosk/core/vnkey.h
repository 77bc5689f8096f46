/* vnkey: Vietnamese input: tone marks and letter modifiers placed the way a
 * Vietnamese reader expects, for the on-screen keyboard's three modes.
 *
 * - simple: tap a letter, then tap a tone or a modifier key (â ă ê ô ơ ư đ);
 * - Telex: s f r x j for the tones, z to remove, aa ee oo aw ow uw w dd;
 * - VNI: digits 1-5 for the tones, 0 to remove, 6 circumflex, 7 horn, 8 breve, 9 đ.
 *
 * The tone goes on the right vowel of the last syllable ("hoà" is written
 * "hòa", old style, as most Vietnamese keyboards default to; "qu" and "gi"
 * count as consonants; a vowel with a modifier takes the tone: "người").
 * All text is NFC UTF-8; buffers are NUL-terminated with their size given. */
#ifndef KIOSK_VNKEY_H
#define KIOSK_VNKEY_H

#include <stdbool.h>
#include <stddef.h>

typedef enum vn_tone {
    VN_TONE_NONE = 0, /* ngang */
    VN_TONE_GRAVE,    /* huyền */
    VN_TONE_ACUTE,    /* sắc */
    VN_TONE_HOOK,     /* hỏi */
    VN_TONE_TILDE,    /* ngã */
    VN_TONE_DOT       /* nặng */
} vn_tone;

typedef enum vn_mark {
    VN_MARK_CIRCUMFLEX, /* â ê ô */
    VN_MARK_BREVE,      /* ă */
    VN_MARK_HORN,       /* ơ ư (uo -> ươ) */
    VN_MARK_DBAR        /* đ */
} vn_mark;

/* Put a tone on the last syllable of text. Returns true if the text changed. */
bool vn_apply_tone(char *text, size_t size, vn_tone tone);
/* Apply a letter modifier to the last syllable. Returns true if it changed. */
bool vn_apply_mark(char *text, size_t size, vn_mark mark);

/* Feed one typed ASCII key in Telex (or VNI) mode: either it modifies the
 * last syllable, or it is appended. Returns false if the buffer is full. */
bool vn_telex_feed(char *text, size_t size, char key);
bool vn_vni_feed(char *text, size_t size, char key);

/* Split a precomposed letter into base letter (no tone, modifiers kept) and tone.
 * Returns false if cp is not a Vietnamese vowel. */
bool vn_decompose(unsigned cp, unsigned *base, vn_tone *tone);

#endif
