/* code128: encoder. See code128.h. The width table is the one of ISO/IEC
 * 15417 (values 0..102, starts A/B/C, stop); the unit test checks its
 * invariants (11 modules, even bar sum, all distinct) and the integration
 * test has zbar and ZXing read what we print. */
#include "code128.h"

#include <string.h>

static const char *const patterns[107] = {
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312",
    "132212", "221213", "221312", "231212", "112232", "122132", "122231", "113222",
    "123122", "123221", "223211", "221132", "221231", "213212", "223112", "312131",
    "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321",
    "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121",
    "313121", "211331", "231131", "213113", "213311", "213131", "311123", "311321",
    "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224",
    "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113",
    "114311", "411113", "411311", "113141", "114131", "311141", "411131", "211412",
    "211214", "211232", "2331112",
};

const char *code128_pattern(int value)
{
    return value >= 0 && value < 107 ? patterns[value] : NULL;
}

int code128_checksum(const int *values, int count)
{
    long sum = count > 0 ? values[0] : 0;
    for (int i = 1; i < count; i++)
        sum += (long)values[i] * i;
    return (int)(sum % 103);
}

static size_t digit_run(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

static int push(code128 *c, int v)
{
    if (c->count >= CODE128_MAX_SYMBOLS)
        return -1;
    c->symbols[c->count++] = v;
    return 0;
}

int code128_encode(const char *text, code128 *c)
{
    memset(c, 0, sizeof *c);
    size_t len = text ? strlen(text) : 0;
    if (len == 0 || len > 80)
        return -1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] > 0x7E)
            return -1;
    size_t i = 0;
    int set = 'B';
    if (digit_run(text) >= 4) {
        set = 'C';
        push(c, CODE128_START_C);
    } else {
        push(c, CODE128_START_B);
    }
    while (i < len) {
        size_t run = digit_run(text + i);
        if (set == 'C') {
            if (run >= 2) {
                if (push(c, (text[i] - '0') * 10 + (text[i + 1] - '0')))
                    return -1;
                i += 2;
                continue;
            }
            if (push(c, CODE128_CODE_B))
                return -1;
            set = 'B';
        }
        /* In B: switch to C for a run of digits where it saves symbols. */
        if (run >= 6 || (i + run == len && run >= 4)) {
            if (run % 2) {  /* odd: one digit in B first */
                if (push(c, text[i] - 32))
                    return -1;
                i++;
            }
            if (push(c, CODE128_CODE_C))
                return -1;
            set = 'C';
            continue;
        }
        if (push(c, text[i] - 32))
            return -1;
        i++;
    }
    if (push(c, code128_checksum(c->symbols, c->count)) || push(c, CODE128_STOP))
        return -1;
    c->modules = (c->count - 1) * 11 + 13;
    return 0;
}

int code128_module(const code128 *c, int i)
{
    if (i < 0 || i >= c->modules)
        return 0;
    int sym = i / 11;
    int off = i % 11;
    if (sym >= c->count) {   /* inside the 13-module stop */
        sym = c->count - 1;
        off = i - (c->count - 1) * 11;
    }
    const char *p = patterns[c->symbols[sym]];
    int pos = 0;
    for (int e = 0; p[e]; e++) {
        pos += p[e] - '0';
        if (off < pos)
            return (e % 2) == 0;
    }
    return 0;
}
