/* workdays: civil-date arithmetic and due dates.
 *
 * Dates are kept as day numbers (days since 1970-01-01) computed with the
 * days-from-civil algorithm, so there is no dependence on the C library's time
 * zone or mktime(): the kiosk's clock is local time and so are the rules. */
#include "workdays.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "i18n.h"

long workdays_day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void workdays_civil(long z, int *year, int *month, int *day)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

int workdays_weekday(long days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    long w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

void workdays_calendar_init(workdays_calendar *c)
{
    memset(c, 0, sizeof *c);
}

static int days_in_month(int y, int m)
{
    static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int workdays_parse_date(const char *s, int *year, int *month, int *day)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *year = y;
    *month = m;
    *day = d;
    return 0;
}

int workdays_parse_hhmm(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    if (s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' ||
        s[4] < '0' || s[4] > '9')
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23)
        return -1;
    return h * 60 + m;
}

int workdays_calendar_add(workdays_calendar *c, const char *iso)
{
    int y, m, d;
    if (workdays_parse_date(iso, &y, &m, &d) || c->count >= WORKDAYS_MAX_HOLIDAYS)
        return -1;
    long n = workdays_day_number(y, m, d);
    int i = c->count;
    while (i > 0 && c->days[i - 1] > n) {
        c->days[i] = c->days[i - 1];
        i--;
    }
    if (i > 0 && c->days[i - 1] == n) {   /* already there: undo the shift */
        memmove(&c->days[i], &c->days[i + 1], (size_t)(c->count - i) * sizeof c->days[0]);
        return 0;
    }
    c->days[i] = n;
    c->count++;
    return 0;
}

int workdays_calendar_add_list(workdays_calendar *c, const char *list)
{
    int n = 0;
    const char *p = list ? list : "";
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == ';' || *p == '\t')
            p++;
        if (!*p)
            break;
        char date[16];
        size_t len = strcspn(p, ", ;\t");
        if (len >= sizeof date)
            return -1;
        memcpy(date, p, len);
        date[len] = '\0';
        if (workdays_calendar_add(c, date))
            return -1;
        n++;
        p += len;
    }
    return n;
}

int workdays_calendar_load(workdays_calendar *c, const char *path, char *err, size_t n)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        snprintf(err, n, "%s:%d: %s", path, je.line, je.text);
        return -1;
    }
    const json_t *arr = json_object_get(root, "holidays");
    if (!json_is_array(arr)) {
        snprintf(err, n, "%s: holidays: missing; expected an array of {\"date\": \"YYYY-MM-DD\"}",
                 path);
        json_decref(root);
        return -1;
    }
    size_t i;
    const json_t *h;
    json_array_foreach(arr, i, h) {
        const char *date = json_string_value(json_object_get(h, "date"));
        if (!date || workdays_calendar_add(c, date)) {
            snprintf(err, n, "%s: holidays[%zu].date: not a date as YYYY-MM-DD (or too many)",
                     path, i);
            json_decref(root);
            return -1;
        }
    }
    json_decref(root);
    return 0;
}

bool workdays_is_working_day(const workdays_calendar *c, long days)
{
    if (workdays_weekday(days) >= 5)
        return false;
    if (!c)
        return true;
    int lo = 0, hi = c->count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->days[mid] == days)
            return false;
        if (c->days[mid] < days)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return true;
}

static long next_working(const workdays_calendar *c, long d)
{
    do
        d++;
    while (!workdays_is_working_day(c, d));
    return d;
}

static int valid_time(const workdays_time *t)
{
    return t->year >= 1900 && t->year <= 2200 && t->month >= 1 && t->month <= 12 &&
           t->day >= 1 && t->day <= days_in_month(t->year, t->month) && t->hour >= 0 &&
           t->hour <= 23 && t->minute >= 0 && t->minute <= 59;
}

int workdays_due(const workdays_calendar *c, const workdays_rule *r,
                 const workdays_time *rec, workdays_time *due)
{
    if (!valid_time(rec) || r->value < 0 || r->value > 3650)
        return -1;
    long day = workdays_day_number(rec->year, rec->month, rec->day);
    int minutes = rec->hour * 60 + rec->minute;
    memset(due, 0, sizeof *due);
    switch (r->unit) {
    case WORKDAYS_UNIT_WORKING_DAYS: {
        long start;
        if (r->cutoff_minutes >= 0) {
            start = day;
            if (!workdays_is_working_day(c, day) || minutes >= r->cutoff_minutes)
                start = next_working(c, day);
        } else {
            start = workdays_is_working_day(c, day) ? day : next_working(c, day);
        }
        for (int i = 0; i < r->value; i++)
            start = next_working(c, start);
        workdays_civil(start, &due->year, &due->month, &due->day);
        return 0;
    }
    case WORKDAYS_UNIT_DAYS: {
        long d = day + r->value;
        if (!workdays_is_working_day(c, d))
            d = next_working(c, d);
        workdays_civil(d, &due->year, &due->month, &due->day);
        return 0;
    }
    case WORKDAYS_UNIT_HOURS: {
        long total = (long)minutes + (long)r->value * 60;
        long d = day + total / (24 * 60);
        total %= 24 * 60;
        workdays_civil(d, &due->year, &due->month, &due->day);
        due->hour = (int)(total / 60);
        due->minute = (int)(total % 60);
        return 0;
    }
    case WORKDAYS_UNIT_UNKNOWN:
    default:
        return -1;
    }
}

void workdays_describe(const workdays_rule *r, const char *lang, char *out, size_t size)
{
    bool one = r->value == 1;
    char cut[160] = "";
    if (r->cutoff_minutes >= 0)
        snprintf(cut, sizeof cut,
                 i18n_vi_en(lang, "; nhận sau %02d:%02d thì ngày làm việc tiếp theo",
                            "; after %02d:%02d, the next working day"),
                 r->cutoff_minutes / 60, r->cutoff_minutes % 60);
    switch (r->unit) {
    case WORKDAYS_UNIT_WORKING_DAYS:
        if (r->value == 0) {
            snprintf(out, size, "%s%s", i18n_vi_en(lang, "Trong ngày", "Same day"), cut);
        } else {
            char n[96];
            snprintf(n, sizeof n,
                     i18n_vi_en(lang, "%d ngày làm việc", one ? "%d working day" : "%d working days"),
                     r->value);
            snprintf(out, size, "%s%s", n, cut);
        }
        break;
    case WORKDAYS_UNIT_DAYS:
        snprintf(out, size, i18n_vi_en(lang, "%d ngày", one ? "%d day" : "%d days"), r->value);
        break;
    case WORKDAYS_UNIT_HOURS:
        snprintf(out, size, i18n_vi_en(lang, "%d giờ", one ? "%d hour" : "%d hours"), r->value);
        break;
    case WORKDAYS_UNIT_UNKNOWN:
    default:
        snprintf(out, size, "%s",
                 i18n_vi_en(lang, "Chưa công bố: hỏi tại quầy", "Not published: ask at the counter"));
        break;
    }
}
