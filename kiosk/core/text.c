/* text: strict UTF-8 handling and NFC normalisation. See text.h.
 *
 * Outside input (card files, QR payloads, keyboard) all passes through
 * text_utf8_valid before it is trusted, so the decoder here is the one place
 * where malformed sequences are rejected. */
#include "text.h"

#include <string.h>
#include <stdlib.h>
#include <uninorm.h>

size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if ((u[0] & 0xE0) == 0xC0) { n = 2; c = u[0] & 0x1F; min = 0x80; }
    else if ((u[0] & 0xF0) == 0xE0) { n = 3; c = u[0] & 0x0F; min = 0x800; }
    else if ((u[0] & 0xF8) == 0xF0) { n = 4; c = u[0] & 0x07; min = 0x10000; }
    else return 0;
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

size_t text_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

bool text_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t text_utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int text_to_nfc(const char *src, size_t len, char *out, size_t size)
{
    if (!text_utf8_valid(src, len) || size == 0)
        return -1;
    size_t outlen = size - 1;
    uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)src, len, (uint8_t *)out, &outlen);
    if (!r)
        return -1;
    if (r != (uint8_t *)out) {
        /* libunistring allocated because our buffer was too small. */
        explicit_bzero(r, outlen);
        free(r);
        return -1;
    }
    out[outlen] = '\0';
    return 0;
}

bool text_copy(char *out, size_t size, const char *src)
{
    if (size == 0)
        return false;
    size_t len = strlen(src);
    if (len < size) {
        memcpy(out, src, len + 1);
        return true;
    }
    size_t cut = size - 1;
    while (cut > 0 && ((unsigned char)src[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(out, src, cut);
    out[cut] = '\0';
    return false;
}

void text_pop_codepoint(char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        len--;
        if (((unsigned char)s[len] & 0xC0) != 0x80)
            break;
    }
    s[len] = '\0';
}
