/* keyboard: the on-screen keyboards.
 *
 * The letter keyboard types Vietnamese three ways: simple (tap a letter, then
 * a tone key; the modified letters â ă ê ô ơ ư đ have their own keys), Telex
 * and VNI (for people used to them), all through core/vnkey. The number pad is
 * for ID numbers, phone numbers and dates. Keys are at least 15 mm with gaps;
 * there is no auto-repeat. Each key is a semantic node with role KEY, labelled
 * with what it types ("a", "â") or what it does ("Xóa", "Dấu sắc"), so scripts
 * and speech can use it. Output is NFC. */
#ifndef KIOSK_UI_KEYBOARD_H
#define KIOSK_UI_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"
#include "ui.h"

typedef enum kb_mode { KB_MODE_SIMPLE, KB_MODE_TELEX, KB_MODE_VNI } kb_mode;

typedef struct kb_state {
    const char *letters; /* the language's extra letters (i18n_lang_info.letters), or NULL */
    bool own_letters;    /* row 3 shows those letters instead of ă â đ ê ô ơ ư */
    kb_mode mode;
    bool shift;     /* next letter upper case */
    bool caps;      /* all letters upper case */
    bool digits;    /* the top row shows digits instead of q..p */
} kb_state;

/* The letter keyboard in r. Edits text (NUL-terminated, size bytes). Returns
 * true when the text changed this frame. */
bool ui_keyboard(ui_ctx *ui, ui_rect r, kb_state *kb, char *text, size_t size);

/* The number pad in r (digits and Xóa). max_digits limits the length. */
bool ui_numpad(ui_ctx *ui, ui_rect r, char *text, size_t size, size_t max_digits);

/* Labels of the special keys (message IDs: a key shows and is named by the
 * label's translation in the visit's language; scripts pass these through _()). */
#define KB_KEY_BACKSPACE N_("Xóa")
#define KB_KEY_SPACE N_("Dấu cách")
#define KB_KEY_SHIFT N_("Chữ hoa")
#define KB_KEY_DIGITS N_("Số")
#define KB_KEY_LETTERS N_("Chữ")
#define KB_KEY_OWN_LETTERS N_("Thêm chữ")         /* to the language's own letters */
#define KB_KEY_VN_LETTERS N_("Chữ tiếng Việt")    /* back to ă â đ ê ô ơ ư */

/* The letter keyboard's width for keys of 20 mm (ten keys, nine 2.5 mm gaps). */
#define KB_MIN_WIDTH_MM 223.0f

/* At most this many extra letters (with the toggle key, 10 keys a row). */
#define KB_EXTRA_MAX 9

/* Split a language's space-separated extra letters ("ĕ ĭ ◌̆") into out;
 * returns how many (tokens that are not short valid UTF-8 are skipped). A
 * token "◌" + combining mark is a key that adds the mark to the last letter. */
int kb_extra_letters(const char *letters, char out[KB_EXTRA_MAX][16]);

/* The key presses that type cp on the letter keyboard in simple mode: writes
 * up to 3 key labels (untranslated message IDs) into keys. Returns the number, 0 if cp can't be typed. */
int kb_keys_for(unsigned cp, const char *keys[3], char scratch[3][8]);

#endif
