/* isotime: see isotime.h. */
#include "isotime.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* n decimal digits at s into *v; false if any is not a digit. */
static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

static bool valid_date(int y, int m, int d)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

static int fail(const char *iso, char *out, size_t size)
{
    snprintf(out, size, "%s", iso);
    return -1;
}

int isotime_format(const char *iso, char *out, size_t size)
{
    if (!out || size == 0)
        return -1;
    if (!iso)
        return fail("", out, size);
    size_t len = strlen(iso);
    int y, mo, d;
    if (len < 10 || !digits(iso, 4, &y) || iso[4] != '-' || !digits(iso + 5, 2, &mo) ||
        iso[7] != '-' || !digits(iso + 8, 2, &d) || !valid_date(y, mo, d))
        return fail(iso, out, size);
    if (len == 10 || (iso[10] != 'T' && iso[10] != 't' && iso[10] != ' ')) {
        snprintf(out, size, "%02d/%02d/%04d", d, mo, y);
        return 0;
    }
    const char *t = iso + 11;
    int h, mi, s = 0;
    if (strlen(t) < 5 || !digits(t, 2, &h) || t[2] != ':' || !digits(t + 3, 2, &mi) || h > 23 ||
        mi > 59)
        return fail(iso, out, size);
    t += 5;
    if (*t == ':') {
        if (!digits(t + 1, 2, &s) || s > 60)
            return fail(iso, out, size);
        t += 3;
        if (*t == '.' || *t == ',')
            for (t++; *t >= '0' && *t <= '9'; t++)
                ;
    }
    struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
                     .tm_min = mi, .tm_sec = s > 59 ? 59 : s };
    time_t when;
    if (*t == '\0') { /* no zone: local */
        tm.tm_isdst = -1;
        when = mktime(&tm);
    } else {
        int off = 0;
        if (*t == 'Z' || *t == 'z') {
            t++;
        } else if (*t == '+' || *t == '-') {
            int oh, om;
            if (!digits(t + 1, 2, &oh) || t[3] != ':' || !digits(t + 4, 2, &om) || oh > 23 || om > 59)
                return fail(iso, out, size);
            off = (oh * 60 + om) * 60 * (*t == '-' ? -1 : 1);
            t += 6;
        } else {
            return fail(iso, out, size);
        }
        if (*t != '\0')
            return fail(iso, out, size);
        when = timegm(&tm) - off;
    }
    struct tm local;
    if (when == (time_t)-1 || !localtime_r(&when, &local))
        return fail(iso, out, size);
    snprintf(out, size, "%02d:%02d %02d/%02d/%04d", local.tm_hour, local.tm_min, local.tm_mday,
             local.tm_mon + 1, local.tm_year + 1900);
    return 0;
}
