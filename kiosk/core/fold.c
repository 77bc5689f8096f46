/* fold: Vietnamese folding, tokens, Telex leftovers and edit distance.
 *
 * Folding decomposes each code point with libunistring's canonical
 * decomposition and keeps the base letter, so every precomposed Vietnamese
 * letter (U+1EA0..U+1EF9, ă â ê ô ơ ư) and every decomposed sequence fold the
 * same way without a hand-made table. đ has no decomposition and is mapped by
 * hand. Marks are dropped only in the Latin combining ranges: Khmer or Cham
 * vowel signs are letters of their word and stay. */
#include "fold.h"

#include <string.h>
#include <unictype.h>
#include <unicase.h>
#include <uninorm.h>

#include "text.h"

static int is_latin_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

uint32_t fold_codepoint(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return cp + 32;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            return cp;
        return ' ';
    }
    if (is_latin_mark(cp))
        return 0;
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0 || cp == 0x0189)
        return 'd';
    /* Keep the base of the canonical decomposition, repeatedly:
     * U+1EAD (ậ) -> U+1EA1 (ạ) + U+0302 -> a + U+0323. */
    for (int depth = 0; depth < 4; depth++) {
        ucs4_t dec[UC_DECOMPOSITION_MAX_LENGTH];
        int n = uc_canonical_decomposition((ucs4_t)cp, dec);
        if (n <= 0)
            break;
        cp = dec[0];
    }
    cp = uc_tolower((ucs4_t)cp);
    if (cp < 0x80)
        return fold_codepoint(cp);
    if (cp == 0x0111)
        return 'd';
    if (uc_is_alnum((ucs4_t)cp) || uc_is_general_category((ucs4_t)cp, UC_CATEGORY_M))
        return cp;
    return ' ';
}

size_t fold_text(const char *in, size_t len, char *out, size_t size)
{
    size_t o = 0, i = 0;
    int pending_space = 0;
    if (size == 0)
        return 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_utf8_decode(in + i, len - i, &cp);
        if (n == 0) {           /* invalid byte: skip it */
            i++;
            continue;
        }
        i += n;
        uint32_t f = fold_codepoint(cp);
        if (f == 0)
            continue;
        if (f == ' ') {
            pending_space = o > 0;
            continue;
        }
        char buf[4];
        size_t m = text_utf8_encode(f, buf);
        if (m == 0)
            continue;
        size_t need = m + (pending_space ? 1 : 0);
        if (o + need + 1 > size)
            break;
        if (pending_space)
            out[o++] = ' ';
        pending_space = 0;
        memcpy(out + o, buf, m);
        o += m;
    }
    out[o] = '\0';
    return o;
}

size_t fold_str(const char *in, char *out, size_t size)
{
    return fold_text(in, in ? strlen(in) : 0, out, size);
}

int fold_tokens(const char *folded, fold_token *toks, int max)
{
    int n = 0;
    const char *p = folded;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        toks[n].start = s;
        toks[n].len = (size_t)(p - s);
        n++;
    }
    return n;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

int fold_telex(const char *word, size_t len, char *out, size_t size)
{
    size_t o = 0;
    if (size == 0)
        return 0;
    for (size_t i = 0; i < len && o + 1 < size; i++) {
        char c = word[i];
        char prev = o > 0 ? out[o - 1] : 0;
        if (o > 0 && c == prev && (c == 'd' || c == 'a' || c == 'e' || c == 'o'))
            continue;                       /* dd aa ee oo */
        if (c == 'w') {
            if (prev == 'a' || prev == 'o' || prev == 'u')
                continue;                   /* aw ow uw */
            c = 'u';                        /* a lone w is ư */
        } else if (c == 'f' || c == 'j' || c == 'z') {
            if (o > 0)
                continue;                   /* never in Vietnamese spelling */
        } else if (c == 's' || c == 'r' || c == 'x') {
            if (o > 0 && (is_vowel(prev) || i + 1 == len))
                continue;                   /* a tone key after a vowel or at the end */
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return o != len || memcmp(out, word, len) != 0;
}

int fold_distance(const char *a, size_t alen, const char *b, size_t blen, int max)
{
    enum { L = 48 };
    if (alen > L || blen > L)
        return max + 1;
    int diff = (int)alen - (int)blen;
    if (diff > max || -diff > max)
        return max + 1;
    int d[L + 1][L + 1];
    for (size_t i = 0; i <= alen; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= blen; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= alen; i++) {
        int rowmin = max + 1;
        for (size_t j = 1; j <= blen; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > max)
            return max + 1;
    }
    return d[alen][blen] > max ? max + 1 : d[alen][blen];
}
