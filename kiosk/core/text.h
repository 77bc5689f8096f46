/* text: UTF-8 helpers shared by every part.
 *
 * Validation and decoding are our own (small, strict: no overlongs, no
 * surrogates); normalisation to NFC uses libunistring. Strings are always
 * NUL-terminated; functions that write take the buffer size and report
 * truncation instead of cutting a character in half. */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0..len) is well-formed UTF-8 (RFC 3629). */
bool text_utf8_valid(const char *s, size_t len);

/* Decode one code point at s (len bytes available). Returns the number of bytes
 * used (1..4) and stores the code point, or returns 0 at an invalid sequence. */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (at least 4 bytes). Returns bytes written, 0 if cp is invalid. */
size_t text_utf8_encode(uint32_t cp, char *out);

/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_length(const char *s);

/* Normalise src (len bytes of valid UTF-8) to NFC into out (size bytes, NUL
 * added). Returns 0, or -1 if src is invalid or out too small. */
int text_to_nfc(const char *src, size_t len, char *out, size_t size);

/* Copy src into out (size bytes) without splitting a UTF-8 sequence. Returns
 * true if everything fit. */
bool text_copy(char *out, size_t size, const char *src);

/* Remove the last code point of a NUL-terminated UTF-8 string (backspace). */
void text_pop_codepoint(char *s);

/* Case-insensitive, diacritic-aware search for needle in haystack is in fold.h. */

#endif
