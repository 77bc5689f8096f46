/* workdays: processing times and due dates.
 *
 * A procedure's time is a value and a unit (working days, calendar days,
 * hours) and may carry the cut-off rule "a dossier received after 15:00
 * counts as received the next working day". Working days skip Saturdays,
 * Sundays and the public holidays of a calendar, loaded from the catalog's
 * holiday data (assets/catalog/holidays.json, to be checked every year) or
 * from a file a technician names in kiosk.conf.
 *
 * Counting, as commune centres do:
 * - working days, no cut-off: the day of receipt is not counted; a dossier
 *   received on a weekend or holiday counts as received on the next working
 *   day; due = that day + N working days.
 * - working days with cut-off (N = 0 means "same day"): start on the day of
 *   receipt if it is a working day and the time is before the cut-off, else on
 *   the next working day; due = start + N working days.
 * - calendar days: due = received + N days, moved to the next working day if
 *   it falls on a weekend or holiday.
 * - hours: due = received + N hours. */
#ifndef KIOSK_WORKDAYS_H
#define KIOSK_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>

#define WORKDAYS_MAX_HOLIDAYS 128

typedef enum workdays_unit {
    WORKDAYS_UNIT_WORKING_DAYS = 0,
    WORKDAYS_UNIT_DAYS,
    WORKDAYS_UNIT_HOURS,
    WORKDAYS_UNIT_UNKNOWN       /* not published: no due date */
} workdays_unit;

typedef struct workdays_rule {
    workdays_unit unit;
    int value;
    int cutoff_minutes;         /* minutes after midnight (15:00 = 900), -1 for none */
} workdays_rule;

/* A civil date and time, local to the kiosk (no time zone games). */
typedef struct workdays_time {
    int year, month, day;       /* 2026, 1..12, 1..31 */
    int hour, minute;
} workdays_time;

typedef struct workdays_calendar {
    int count;
    long days[WORKDAYS_MAX_HOLIDAYS];   /* days since 1970-01-01, sorted */
} workdays_calendar;

/* Days since 1970-01-01 of a civil date (proleptic Gregorian), and back. */
long workdays_day_number(int year, int month, int day);
void workdays_civil(long days, int *year, int *month, int *day);

/* 0 = Monday ... 6 = Sunday. */
int workdays_weekday(long days);

void workdays_calendar_init(workdays_calendar *c);

/* Add one holiday as "YYYY-MM-DD". Returns 0, or -1 if malformed or full. */
int workdays_calendar_add(workdays_calendar *c, const char *iso_date);

/* Add holidays from a list "2026-09-01, 2026-09-03" (commas or spaces), as a
 * technician writes them in kiosk.conf (suggested key: [catalog]
 * extra_holidays). Returns the number added, or -1 at the first bad date. */
int workdays_calendar_add_list(workdays_calendar *c, const char *list);

/* Load a holidays JSON file: {"holidays": [{"date": "2026-01-01", ...}]}.
 * Returns 0, or -1 with a message naming the file and entry in err. */
int workdays_calendar_load(workdays_calendar *c, const char *path, char *err, size_t errsize);

bool workdays_is_working_day(const workdays_calendar *c, long days);

/* Parse "HH:MM" to minutes, -1 if malformed. */
int workdays_parse_hhmm(const char *s);

/* Parse "YYYY-MM-DD" strictly (a real calendar date). Returns 0 or -1. */
int workdays_parse_date(const char *s, int *year, int *month, int *day);

/* Due date for a dossier received at `received`. Returns 0 and fills *due
 * (hour and minute: the received time for hour rules, 0:00 otherwise), or -1
 * when the unit is unknown or the input is out of range. */
int workdays_due(const workdays_calendar *c, const workdays_rule *r,
                 const workdays_time *received, workdays_time *due);

/* Describe a rule for the procedure page in "vi" or "en" ("Trong ngày; sau
 * 15:00 trả ngày làm việc tiếp theo", "3 ngày làm việc", "1 giờ", ...). */
void workdays_describe(const workdays_rule *r, const char *lang, char *out, size_t size);

#endif
