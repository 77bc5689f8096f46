/* numwords_en: English number words as clip IDs ("e_..."), British usage:
 * "and" after hundred and before a last group under a hundred ("one
 * thousand and five"); groups of three up to quintillion (uint64_t).
 * Also the *_for() helpers that pick English or Vietnamese by language. */
#include <string.h>

#include "numwords.h"

/* 0..19, then tens 20..90 (index 20 + t - 2), then the rest. */
static const char *const IDS[] = {
    "e_zero", "e_one", "e_two", "e_three", "e_four", "e_five", "e_six", "e_seven", "e_eight",
    "e_nine", "e_ten", "e_eleven", "e_twelve", "e_thirteen", "e_fourteen", "e_fifteen",
    "e_sixteen", "e_seventeen", "e_eighteen", "e_nineteen",
    "e_twenty", "e_thirty", "e_forty", "e_fifty", "e_sixty", "e_seventy", "e_eighty", "e_ninety",
    "e_hundred", "e_and", "e_thousand", "e_million", "e_billion", "e_trillion", "e_quadrillion",
    "e_quintillion", "e_dong", "e_number",
    "e_january", "e_february", "e_march", "e_april", "e_may", "e_june", "e_july", "e_august",
    "e_september", "e_october", "e_november", "e_december",
    "e_a", "e_b", "e_c", "e_d", "e_e", "e_f", "e_g", "e_h", "e_i", "e_j", "e_k", "e_l", "e_m",
    "e_n", "e_o", "e_p", "e_q", "e_r", "e_s", "e_t", "e_u", "e_v", "e_w", "e_x", "e_y", "e_z",
    NULL,
};
static const char *const TEXTS[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "and", "thousand", "million", "billion", "trillion", "quadrillion",
    "quintillion", "dong", "number",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
    "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
};
#define NWORDS (sizeof TEXTS / sizeof TEXTS[0])
_Static_assert(sizeof IDS / sizeof IDS[0] == NWORDS + 1, "IDS and TEXTS must match");
#define TENS 20
#define HUNDRED 28
#define AND 29
#define SCALE 30   /* thousand; SCALE + k - 1 for 1000^k */
#define DONG 36
#define NUMBER 37
#define MONTHS 38
#define LETTERS 50

const char *const *numwords_en_all_ids(void)
{
    return IDS;
}

const char *numwords_en_text(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < NWORDS; i++)
        if (strcmp(IDS[i], id) == 0)
            return TEXTS[i];
    return NULL;
}

static void two_digits(numwords *w, unsigned r)
{
    if (r < 20) {
        numwords_push(w, IDS[r]);
        return;
    }
    numwords_push(w, IDS[TENS + r / 10 - 2]);
    if (r % 10)
        numwords_push(w, IDS[r % 10]);
}

/* 1..999; and_before: say "and" before a remainder under 100 with no hundreds. */
static void group(numwords *w, unsigned v, int and_before)
{
    unsigned h = v / 100, r = v % 100;
    if (h) {
        numwords_push(w, IDS[h]);
        numwords_push(w, IDS[HUNDRED]);
    }
    if (r) {
        if (h || and_before)
            numwords_push(w, IDS[AND]);
        two_digits(w, r);
    }
}

int numwords_en_number(numwords *w, uint64_t n)
{
    if (n == 0) {
        numwords_push(w, IDS[0]);
        return w->overflow ? -1 : 0;
    }
    unsigned g[7];
    uint64_t m = n;
    for (int i = 0; i < 7; i++) {
        g[i] = (unsigned)(m % 1000);
        m /= 1000;
    }
    for (int i = 6; i >= 0; i--) {
        if (!g[i])
            continue;
        group(w, g[i], i == 0 && n >= 1000 && g[0] < 100);
        if (i > 0)
            numwords_push(w, IDS[SCALE + i - 1]);
    }
    return w->overflow ? -1 : 0;
}

int numwords_en_amount(numwords *w, uint64_t dong)
{
    numwords_en_number(w, dong);
    numwords_push(w, IDS[DONG]);
    return w->overflow ? -1 : 0;
}

int numwords_en_queue(numwords *w, uint64_t n)
{
    numwords_push(w, IDS[NUMBER]);
    return numwords_en_number(w, n);
}

int numwords_en_ticket(numwords *w, const char *number)
{
    return numwords_ticket_ids(w, number, IDS[NUMBER], IDS + LETTERS, numwords_en_number);
}

int numwords_en_date(numwords *w, int day, int month, int year)
{
    if (day < 1 || day > 31 || month < 1 || month > 12 || year < 1 || year > 9999)
        return -1;
    numwords_en_number(w, (uint64_t)day);
    numwords_push(w, IDS[MONTHS + month - 1]);
    return numwords_en_number(w, (uint64_t)year);
}

int numwords_en_digits(numwords *w, const char *digits)
{
    for (const char *p = digits; *p; p++)
        if (*p >= '0' && *p <= '9')
            numwords_push(w, IDS[*p - '0']);
    return w->overflow ? -1 : 0;
}

static int is_en(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

int numwords_number_for(numwords *w, const char *lang, uint64_t n)
{
    return is_en(lang) ? numwords_en_number(w, n) : numwords_number(w, n);
}

int numwords_amount_for(numwords *w, const char *lang, uint64_t dong)
{
    return is_en(lang) ? numwords_en_amount(w, dong) : numwords_amount(w, dong);
}

int numwords_date_for(numwords *w, const char *lang, int day, int month, int year)
{
    return is_en(lang) ? numwords_en_date(w, day, month, year)
                       : numwords_date(w, day, month, year);
}

int numwords_queue_for(numwords *w, const char *lang, uint64_t n)
{
    return is_en(lang) ? numwords_en_queue(w, n) : numwords_queue(w, n);
}

int numwords_ticket_for(numwords *w, const char *lang, const char *number)
{
    return is_en(lang) ? numwords_en_ticket(w, number) : numwords_ticket(w, number);
}

int numwords_digits_for(numwords *w, const char *lang, const char *digits)
{
    return is_en(lang) ? numwords_en_digits(w, digits) : numwords_digits(w, digits);
}
