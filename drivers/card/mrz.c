/* mrz: machine readable zone (ICAO 9303 parts 4-6): check digits, the
 * MRZ_information that BAC and PACE-MRZ hash, TD1/TD2/TD3 parsing, DG1.
 *
 * The Vietnamese card is TD1: document number = last 9 digits of the ID, the
 * 12-digit ID in optional data 1. Check digits are verified and reported in
 * checks_ok; a bad check digit does not stop the read (DG1 is covered by the
 * SOD hash, which is what we trust). */
#include "card_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int mrz_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c == '<')
        return 0;
    return -1;
}

int mrz_check_digit(const char *s, size_t n)
{
    static const int w[3] = { 7, 3, 1 };
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = mrz_value(s[i]);
        if (v < 0)
            return -1;
        sum += v * w[i % 3];
    }
    return sum % 10;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

card_err mrz_info(const char *doc, const char *dob, const char *exp, char *out, size_t size)
{
    char d[40];
    size_t dl = strlen(doc);
    if (dl == 0 || dl > 30 || strlen(dob) != 6 || strlen(exp) != 6 || !all_digits(dob, 6) ||
        !all_digits(exp, 6) || size < dl + 24)
        return CARD_E_ARG;
    for (size_t i = 0; i < dl; i++) {
        char c = (char)toupper((unsigned char)doc[i]);
        if (mrz_value(c) < 0)
            return CARD_E_ARG;
        d[i] = c;
    }
    while (dl < 9)
        d[dl++] = '<';
    d[dl] = 0;
    int c1 = mrz_check_digit(d, dl), c2 = mrz_check_digit(dob, 6), c3 = mrz_check_digit(exp, 6);
    snprintf(out, size, "%s%d%s%d%s%d", d, c1, dob, c2, exp, c3);
    explicit_bzero(d, sizeof d);
    return CARD_OK;
}

static void take(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static bool cd_ok(const char *field, size_t n, char cd)
{
    int c = mrz_check_digit(field, n);
    return c >= 0 && cd == '0' + c;
}

card_err mrz_parse(const char *mrz, size_t n, mrz_fields *m)
{
    char buf[96];
    size_t k = 0;
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < n && k < sizeof buf; i++) {
        if (mrz[i] == '\n' || mrz[i] == '\r')
            continue;
        if (mrz_value(mrz[i]) < 0)
            return CARD_E_FORMAT;
        buf[k++] = mrz[i];
    }
    bool ok = true;
    if (k == 90) {
        m->format = 1;
        take(m->doc_type, sizeof m->doc_type, buf, 2);
        take(m->issuing_state, sizeof m->issuing_state, buf + 2, 3);
        if (buf[14] == '<') {   /* long document number continues in optional data */
            size_t e = 15;
            while (e < 30 && buf[e] != '<')
                e++;
            if (e == 15)
                return CARD_E_FORMAT;
            char tmp[32];
            memcpy(tmp, buf + 5, 9);
            memcpy(tmp + 9, buf + 15, e - 16);
            take(m->doc_number, sizeof m->doc_number, tmp, 9 + e - 16);
            ok &= cd_ok(tmp, 9 + e - 16, buf[e - 1]);
            take(m->optional1, sizeof m->optional1, buf + e, 30 - e);
        } else {
            take(m->doc_number, sizeof m->doc_number, buf + 5, 9);
            ok &= cd_ok(buf + 5, 9, buf[14]);
            take(m->optional1, sizeof m->optional1, buf + 15, 15);
        }
        take(m->dob, sizeof m->dob, buf + 30, 6);
        ok &= cd_ok(buf + 30, 6, buf[36]);
        m->sex = buf[37];
        take(m->expiry, sizeof m->expiry, buf + 38, 6);
        ok &= cd_ok(buf + 38, 6, buf[44]);
        take(m->nationality, sizeof m->nationality, buf + 45, 3);
        char comp[64];
        memcpy(comp, buf + 5, 25);
        memcpy(comp + 25, buf + 30, 7);
        memcpy(comp + 32, buf + 38, 7);
        memcpy(comp + 39, buf + 48, 11);
        ok &= cd_ok(comp, 50, buf[59]);
        take(m->names, sizeof m->names, buf + 60, 30);
    } else if (k == 88 || k == 72) {
        bool td3 = k == 88;
        size_t L = td3 ? 44 : 36;
        const char *l2 = buf + L;
        m->format = td3 ? 3 : 2;
        take(m->doc_type, sizeof m->doc_type, buf, 2);
        take(m->issuing_state, sizeof m->issuing_state, buf + 2, 3);
        take(m->names, sizeof m->names, buf + 5, L - 5);
        take(m->doc_number, sizeof m->doc_number, l2, 9);
        ok &= cd_ok(l2, 9, l2[9]);
        take(m->nationality, sizeof m->nationality, l2 + 10, 3);
        take(m->dob, sizeof m->dob, l2 + 13, 6);
        ok &= cd_ok(l2 + 13, 6, l2[19]);
        m->sex = l2[20];
        take(m->expiry, sizeof m->expiry, l2 + 21, 6);
        ok &= cd_ok(l2 + 21, 6, l2[27]);
        char comp[64];
        size_t optn = td3 ? 15 : 7;    /* TD3: personal number + its cd */
        take(m->optional1, sizeof m->optional1, l2 + 28, td3 ? 14 : 7);
        memcpy(comp, l2, 10);
        memcpy(comp + 10, l2 + 13, 7);
        memcpy(comp + 17, l2 + 21, 7 + optn);
        ok &= cd_ok(comp, 24 + optn, l2[28 + optn]);
    } else {
        return CARD_E_FORMAT;
    }
    m->checks_ok = ok;
    for (char *p = m->doc_number + strlen(m->doc_number); p > m->doc_number && p[-1] == '<';)
        *--p = 0;
    explicit_bzero(buf, sizeof buf);
    return CARD_OK;
}

card_err dg1_parse(const uint8_t *buf, size_t n, mrz_fields *out)
{
    tlv outer, mrz;
    if (!tlv_parse(buf, n, &outer) || outer.tag != 0x61)
        return CARD_E_FORMAT;
    if (!tlv_find(outer.val, outer.len, 0x5F1F, &mrz))
        return CARD_E_FORMAT;
    return mrz_parse((const char *)mrz.val, mrz.len, out);
}

static void strip_fillers(char *dst, size_t size, const char *src)
{
    size_t o = 0;
    for (const char *p = src; *p && o + 1 < size; p++) {
        if (*p == '<') {
            if (o > 0 && dst[o - 1] != ' ')
                dst[o++] = ' ';
        } else {
            dst[o++] = *p;
        }
    }
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = 0;
}

static void yymmdd_iso(const char *s, int century, char out[11])
{
    if (strlen(s) != 6 || !all_digits(s, 6)) {
        out[0] = 0;
        return;
    }
    out[0] = (char)('0' + (century / 10) % 10);
    out[1] = (char)('0' + century % 10);
    out[2] = s[0];
    out[3] = s[1];
    out[4] = '-';
    out[5] = s[2];
    out[6] = s[3];
    out[7] = '-';
    out[8] = s[4];
    out[9] = s[5];
    out[10] = 0;
}

void dg1_fill_identity(const mrz_fields *m, identity *id)
{
    char tmp[64];
    strip_fillers(tmp, sizeof tmp, m->doc_type);
    take(id->document_type, sizeof id->document_type, tmp, strlen(tmp));
    take(id->document_number, sizeof id->document_number, m->doc_number, strlen(m->doc_number));
    strip_fillers(tmp, sizeof tmp, m->issuing_state);
    take(id->issuing_state, sizeof id->issuing_state, tmp, strlen(tmp));
    bool vn = !strcmp(m->issuing_state, "VNM") && strlen(m->optional1) >= 12 &&
              all_digits(m->optional1, 12);
    if (!id->id_number[0] && vn)
        take(id->id_number, sizeof id->id_number, m->optional1, 12);
    if (!id->full_name[0]) {
        strip_fillers(id->full_name, sizeof id->full_name, m->names);
    }
    if (!id->date_of_birth[0]) {
        int century;
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        int yy = (m->dob[0] - '0') * 10 + (m->dob[1] - '0');
        if (vn)
            century = 19 + (m->optional1[3] - '0') / 2;
        else
            century = yy > (tm.tm_year % 100) ? 19 : 20;
        yymmdd_iso(m->dob, century, id->date_of_birth);
    }
    if (!id->nationality[0]) {
        strip_fillers(tmp, sizeof tmp, m->nationality);
        take(id->nationality, sizeof id->nationality, tmp, strlen(tmp));
    }
    if (!id->sex[0]) {
        if (m->sex == 'M')
            snprintf(id->sex, sizeof id->sex, "Nam");
        else if (m->sex == 'F')
            snprintf(id->sex, sizeof id->sex, "Nữ");
    }
    if (!id->date_of_expiry[0] && strcmp(m->expiry, "991231") != 0)
        yymmdd_iso(m->expiry, 20, id->date_of_expiry);
    explicit_bzero(tmp, sizeof tmp);
}
