/* numwords: Vietnamese number words as clip IDs. See numwords.h for the
 * grammar. The clip table here and assets/audio/words.tsv list the same IDs
 * (a unit test checks it), so every word spoken has a clip. */
#include "numwords.h"

#include <stdbool.h>
#include <string.h>

/* Order: digits 0..9 first (indexed by value), then the variants and units.
 * IDS and TEXTS run in parallel; IDS ends with NULL for numwords_all_ids. */
static const char *const IDS[] = {
    "n_khong", "n_mot", "n_hai", "n_ba", "n_bon", "n_nam", "n_sau", "n_bay", "n_tam", "n_chin",
    "n_mot_sac", "n_tu", "n_lam", "n_muoi", "n_muoi_ngang", "n_tram", "n_linh", "n_nghin",
    "n_trieu", "n_ty", "n_dong", "n_ngay", "n_mong", "n_thang", "n_so",
    /* Letter names, a..z at LETTERS + (c - 'a'), for queue numbers ("HT-007"). */
    "l_a", "l_b", "l_c", "l_d", "l_e", "l_f", "l_g", "l_h", "l_i", "l_j", "l_k", "l_l", "l_m",
    "l_n", "l_o", "l_p", "l_q", "l_r", "l_s", "l_t", "l_u", "l_v", "l_w", "l_x", "l_y", "l_z",
    NULL,
};
static const char *const TEXTS[] = {
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    "mốt", "tư", "lăm", "mười", "mươi", "trăm", "linh", "nghìn",
    "triệu", "tỷ", "đồng", "ngày", "mồng", "tháng", "số",
    "a", "bê", "xê", "dê", "e", "ép", "giê", "hát", "i", "gi", "ca", "e lờ", "em mờ",
    "en nờ", "o", "pê", "quy", "e rờ", "ét xì", "tê", "u", "vê", "đúp lơ vê", "ích xì",
    "i dài", "dét",
};
#define LETTERS 25
#define NWORDS (sizeof TEXTS / sizeof TEXTS[0])
_Static_assert(sizeof IDS / sizeof IDS[0] == NWORDS + 1, "IDS and TEXTS must match");

const char *const *numwords_all_ids(void)
{
    return IDS;
}

const char *numwords_text(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < NWORDS; i++)
        if (strcmp(IDS[i], id) == 0)
            return TEXTS[i];
    return numwords_en_text(id);
}

void numwords_clear(numwords *w)
{
    memset(w, 0, sizeof *w);
}

int numwords_push(numwords *w, const char *id)
{
    if (w->count >= NUMWORDS_MAX) {
        w->overflow = 1;
        return -1;
    }
    w->ids[w->count++] = id;
    return 0;
}

static void digit(numwords *w, unsigned d)
{
    numwords_push(w, IDS[d]);
}

/* One group of three digits. full: say the hundreds even when zero (an inner
 * group: "một nghìn không trăm linh năm"). */
static void triple(numwords *w, unsigned v, int full)
{
    unsigned h = v / 100, t = v / 10 % 10, u = v % 10;
    int said_hundreds = h > 0 || full;
    if (said_hundreds) {
        digit(w, h);
        numwords_push(w, "n_tram");
    }
    if (t == 0) {
        if (u == 0)
            return;
        if (said_hundreds)
            numwords_push(w, "n_linh");
        digit(w, u);
    } else if (t == 1) {
        numwords_push(w, "n_muoi");
        if (u == 5)
            numwords_push(w, "n_lam");
        else if (u > 0)
            digit(w, u);
    } else {
        digit(w, t);
        numwords_push(w, "n_muoi_ngang");
        if (u == 1)
            numwords_push(w, "n_mot_sac");
        else if (u == 4)
            numwords_push(w, "n_tu");
        else if (u == 5)
            numwords_push(w, "n_lam");
        else if (u > 0)
            digit(w, u);
    }
}

/* n < 10^9: triệu, nghìn, units. full: the leading group is an inner one. */
static void below_billion(numwords *w, uint32_t n, int full)
{
    static const char *const unit[] = { NULL, "n_nghin", "n_trieu" };
    unsigned g[3] = { n % 1000, n / 1000 % 1000, n / 1000000 };
    for (int i = 2; i >= 0; i--) {
        if (g[i] == 0)
            continue;
        triple(w, g[i], full);
        if (unit[i])
            numwords_push(w, unit[i]);
        full = 1;
    }
}

static void number(numwords *w, uint64_t n, int full)
{
    const uint64_t billion = 1000000000u;
    if (n >= billion) {
        number(w, n / billion, full);
        numwords_push(w, "n_ty");
        uint32_t rest = (uint32_t)(n % billion);
        if (rest)
            below_billion(w, rest, 1);
        return;
    }
    below_billion(w, (uint32_t)n, full);
}

static int status(const numwords *w)
{
    return w->overflow ? -1 : 0;
}

int numwords_number(numwords *w, uint64_t n)
{
    if (n == 0)
        digit(w, 0);
    else
        number(w, n, 0);
    return status(w);
}

int numwords_amount(numwords *w, uint64_t dong)
{
    numwords_number(w, dong);
    numwords_push(w, "n_dong");
    return status(w);
}

int numwords_queue(numwords *w, uint64_t n)
{
    numwords_push(w, "n_so");
    return numwords_number(w, n);
}

int numwords_ticket(numwords *w, const char *number)
{
    return numwords_ticket_ids(w, number, "n_so", IDS + LETTERS, numwords_number);
}

int numwords_ticket_ids(numwords *w, const char *number, const char *prefix,
                        const char *const *letters, int (*say_number)(numwords *, uint64_t))
{
    if (!number)
        return -1;
    bool any = false, digits = false;
    uint64_t n = 0;
    numwords_push(w, prefix);
    for (const char *p = number; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') {
            if (digits) /* letters after the digits: read what came so far, then go on */
                say_number(w, n);
            digits = false;
            n = 0;
            numwords_push(w, letters[c - 'a']);
            any = true;
        } else if (c >= '0' && c <= '9') {
            if (n > (UINT64_MAX - 9) / 10)
                return -1;
            n = n * 10 + (uint64_t)(c - '0');
            digits = any = true;
        }
    }
    if (digits)
        say_number(w, n);
    return any && !w->overflow ? 0 : -1;
}

int numwords_date(numwords *w, int day, int month, int year)
{
    if (day < 1 || day > 31 || month < 1 || month > 12 || year < 1 || year > 9999)
        return -1;
    numwords_push(w, "n_ngay");
    if (day <= 10)
        numwords_push(w, "n_mong");
    numwords_number(w, (uint64_t)day);
    numwords_push(w, "n_thang");
    if (month == 4)
        numwords_push(w, "n_tu");
    else
        numwords_number(w, (uint64_t)month);
    numwords_push(w, "n_nam");
    return numwords_number(w, (uint64_t)year);
}

int numwords_digits(numwords *w, const char *digits)
{
    for (const char *p = digits; *p; p++)
        if (*p >= '0' && *p <= '9')
            digit(w, (unsigned)(*p - '0'));
    return status(w);
}

int numwords_join(const numwords *w, char *out, size_t cap)
{
    size_t len = 0;
    if (cap == 0)
        return -1;
    out[0] = '\0';
    for (int i = 0; i < w->count; i++) {
        const char *t = numwords_text(w->ids[i]);
        if (!t)
            t = w->ids[i];
        size_t tl = strlen(t);
        size_t need = len + (i > 0) + tl + 1;
        if (need > cap) {
            out[0] = '\0';
            return -1;
        }
        if (i > 0)
            out[len++] = ' ';
        memcpy(out + len, t, tl + 1);
        len += tl;
    }
    return 0;
}
