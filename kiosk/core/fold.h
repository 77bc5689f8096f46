/* fold: Vietnamese-aware folding for search.
 *
 * Folding turns "Đăng ký KHAI SINH" into "dang ky khai sinh": lower case, tone
 * marks and other diacritics removed (precomposed or decomposed input alike),
 * đ/Đ to d, punctuation to a single space. Letters of other scripts are kept
 * (lower-cased). SQLite's unicode61 tokenizer strips tone marks but leaves đ
 * alone, so the catalog stores a column folded here and search folds queries
 * the same way.
 *
 * Telex leftovers: a citizen used to a Telex keyboard types "ddawng kys" for
 * "đăng ký". fold_telex() undoes that on one folded word. It is a guess, so
 * search uses it only when the word as typed matches nothing. */
#ifndef KIOSK_FOLD_H
#define KIOSK_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* Fold one code point: returns the folded code point, or 0 when it folds to
 * nothing (a combining mark). Punctuation and spaces come back as ' '. */
uint32_t fold_codepoint(uint32_t cp);

/* Fold len bytes of UTF-8 into out (size bytes, always NUL-terminated).
 * Runs of separators become one space; no leading or trailing space. Invalid
 * bytes are skipped. Stops at a code point boundary when out is full.
 * Returns the length written. */
size_t fold_text(const char *in, size_t len, char *out, size_t size);

/* Same, for a NUL-terminated string. */
size_t fold_str(const char *in, char *out, size_t size);

/* One word of a folded string: [start, start+len). */
typedef struct fold_token {
    const char *start;
    size_t len;
} fold_token;

/* Split a folded string at spaces. Returns the number of tokens stored (at
 * most max); further tokens are ignored. */
int fold_tokens(const char *folded, fold_token *toks, int max);

/* Undo Telex keystrokes left in a folded word: "dd" -> "d", "aa"/"ee"/"oo"
 * -> one vowel, "w" after a vowel dropped (aw, ow, uw), a lone "w" -> "u",
 * tone letters s/f/r/x/j dropped where Vietnamese spelling cannot have them
 * (after a vowel, or at the end). Writes to out (size bytes). Returns 1 if
 * the word changed, 0 if not (out then holds a copy). */
int fold_telex(const char *word, size_t len, char *out, size_t size);

/* Damerau-Levenshtein (optimal string alignment) distance between a and b,
 * but stops early: returns max+1 as soon as the distance exceeds max. */
int fold_distance(const char *a, size_t alen, const char *b, size_t blen, int max);

#endif
