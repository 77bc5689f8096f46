/* keys: access keys from what the citizen has at hand.
 *
 * From the QR code on the card (ID|old ID|name|DOB ddmmyyyy|sex|address|issue
 * ddmmyyyy[|...]): CAN = last 6 digits of the ID, BAC document number = last 9
 * digits, DOB, and the expiry the law gives, since the QR holds none:
 * renewal ages {25,40,60} (Luật CCCD 2014) or {14,25,40,60} for cards issued
 * from 2024-07-01 (Luật Căn cước 2023); the first milestone m with
 * age < m - 2 gives expiry = DOB in year+m; none left = 991231. Because the
 * boundary day and 29 February are uncertain, neighbouring candidates follow
 * the computed one: the other reading of the boundary, the next milestone,
 * the other law's answer, 991231, and 28/02 / 01/03 for a 29/02 birthday. */
#include "card_int.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void card_keys_wipe(card_keys *k)
{
    if (k)
        explicit_bzero(k, sizeof *k);
}

static bool digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static void put6(char out[7], int y, int m, int d)
{
    int v[3] = { y % 100, m % 100, d % 100 };
    for (int i = 0; i < 3; i++) {
        out[2 * i] = (char)('0' + v[i] / 10);
        out[2 * i + 1] = (char)('0' + v[i] % 10);
    }
    out[6] = 0;
}

static void add_cand(card_keys *k, int y, int m, int d)
{
    char c[7];
    if (y < 0)
        snprintf(c, sizeof c, "991231");
    else
        put6(c, y, m, d);
    for (int i = 0; i < k->n_expiry; i++)
        if (!strcmp(k->expiry[i], c))
            return;
    if (k->n_expiry < CARD_MAX_EXPIRY)
        memcpy(k->expiry[k->n_expiry++], c, 7);
}

/* Milestone year offset for this age, or -1 (no expiry). strict: age < m-2. */
static int milestone(int age, bool law2024, bool strict, int after)
{
    static const int m2014[] = { 25, 40, 60 }, m2024[] = { 14, 25, 40, 60 };
    const int *ms = law2024 ? m2024 : m2014;
    int n = law2024 ? 4 : 3;
    for (int i = 0; i < n; i++) {
        if (ms[i] <= after)
            continue;
        if (strict ? age < ms[i] - 2 : age <= ms[i] - 2)
            return ms[i];
    }
    return -1;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void add_year(card_keys *k, int by, int bm, int bd, int m)
{
    if (m < 0) {
        add_cand(k, -1, 0, 0);
        return;
    }
    int y = by + m;
    if (bm == 2 && bd == 29 && !leap(y)) {
        add_cand(k, y, 2, 28);
        add_cand(k, y, 3, 1);
    } else {
        add_cand(k, y, bm, bd);
    }
}

/* Expiry candidates for DOB and issue date (tests call it through the QR). */
static void expiry_candidates(card_keys *k, int by, int bm, int bd, int iy, int im, int id)
{
    int age = iy - by - ((im < bm || (im == bm && id < bd)) ? 1 : 0);
    bool law2024 = iy * 10000 + im * 100 + id >= 20240701;
    int m = milestone(age, law2024, true, 0);
    add_year(k, by, bm, bd, m);
    add_year(k, by, bm, bd, milestone(age, law2024, false, 0));
    if (m > 0)
        add_year(k, by, bm, bd, milestone(age, law2024, true, m));
    add_year(k, by, bm, bd, milestone(age, !law2024, true, 0));
    add_cand(k, -1, 0, 0);
    if (bm == 2 && bd == 29 && m > 0) {   /* the other 29/02 readings */
        add_cand(k, by + m, 2, 28);
        add_cand(k, by + m, 3, 1);
    }
}

static bool parse_dmy8(const char *s, int *y, int *m, int *d)
{
    if (!digits(s, 8))
        return false;
    *d = (s[0] - '0') * 10 + (s[1] - '0');
    *m = (s[2] - '0') * 10 + (s[3] - '0');
    *y = (s[4] - '0') * 1000 + (s[5] - '0') * 100 + (s[6] - '0') * 10 + (s[7] - '0');
    return *d >= 1 && *d <= 31 && *m >= 1 && *m <= 12 && *y >= 1900 && *y <= 2199;
}

card_err card_keys_from_qr(const char *qr, card_keys *out)
{
    char buf[1024];
    char *f[16];
    int nf = 0;
    memset(out, 0, sizeof *out);
    if (!qr || strlen(qr) >= sizeof buf)
        return CARD_E_ARG;
    snprintf(buf, sizeof buf, "%s", qr);
    size_t l = strlen(buf);
    while (l > 0 && (buf[l - 1] == '\n' || buf[l - 1] == '\r'))
        buf[--l] = 0;
    char *p = buf;
    f[nf++] = p;
    while ((p = strchr(p, '|')) && nf < 16) {
        *p++ = 0;
        f[nf++] = p;
    }
    card_err rc = CARD_E_ARG;
    int by, bm, bd, iy, im, id;
    char sex[16] = "";
    if (nf < 7 || !digits(f[0], 12) || !parse_dmy8(f[3], &by, &bm, &bd) ||
        !parse_dmy8(f[6], &iy, &im, &id))
        goto out;
    /* a scanner may hand over decomposed text: compare in NFC */
    if (text_to_nfc(f[4], strlen(f[4]), sex, sizeof sex) != 0 ||
        (strcmp(sex, "Nam") && strcmp(sex, "Nữ")))
        goto out;
    memcpy(out->can, f[0] + 6, 7);
    memcpy(out->doc_number, f[0] + 3, 10);
    put6(out->date_of_birth, by, bm, bd);
    expiry_candidates(out, by, bm, bd, iy, im, id);
    rc = CARD_OK;
out:
    explicit_bzero(buf, sizeof buf);
    if (rc)
        card_keys_wipe(out);
    return rc;
}

card_err card_keys_from_id(const char *s, card_keys *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return CARD_E_ARG;
    if (digits(s, 12)) {
        memcpy(out->can, s + 6, 7);
        return CARD_OK;
    }
    if (digits(s, 6)) {
        memcpy(out->can, s, 7);
        return CARD_OK;
    }
    return CARD_E_ARG;
}

card_err card_keys_from_mrz(const char *doc, const char *dob, const char *exp, card_keys *out)
{
    char info[64];
    memset(out, 0, sizeof *out);
    if (!doc || !dob || !exp || strlen(doc) >= sizeof out->doc_number ||
        mrz_info(doc, dob, exp, info, sizeof info) != CARD_OK)
        return CARD_E_ARG;
    explicit_bzero(info, sizeof info);
    for (size_t i = 0; doc[i]; i++)
        out->doc_number[i] = (char)toupper((unsigned char)doc[i]);
    memcpy(out->date_of_birth, dob, 7);
    memcpy(out->expiry[0], exp, 7);
    out->n_expiry = 1;
    return CARD_OK;
}
