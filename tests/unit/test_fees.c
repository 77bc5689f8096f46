/* test_fees: fee rules and due dates, with examples worked by hand from the
 * procedure texts (certified copies: 2,000 đ a page for pages 1-2, 1,000 đ a
 * page from page 3, at most 200,000 đ a copy; birth registration: same day,
 * next working day after 15:00; permanent residence: 7 working days) and
 * Vietnam's 2026 holidays from assets/catalog/holidays.json. Weekdays and day
 * numbers were checked with Python's datetime. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "fees.h"
#include "workdays.h"

static fees_rule rule_from(const char *json)
{
    fees_rule r;
    char err[256] = "";
    json_t *j = json_loads(json, 0, NULL);
    assert_non_null(j);
    if (fees_parse(j, &r, err, sizeof err))
        fail_msg("fees_parse: %s", err);
    json_decref(j);
    return r;
}

static long fee(const fees_rule *r, int pages, int copies)
{
    long amount = -1;
    fees_request req = { pages, copies, NULL, 0 };
    assert_int_equal(fees_compute(r, &req, &amount), FEES_OK);
    return amount;
}

#define COPY_RULE "{\"type\":\"per_page\",\"tiers\":[{\"from_page\":1,\"amount\":2000}," \
                  "{\"from_page\":3,\"amount\":1000}],\"cap_per_copy\":200000}"

static void test_certified_copy_fee(void **state)
{
    (void)state;
    fees_rule r = rule_from(COPY_RULE);
    assert_int_equal(fee(&r, 1, 1), 2000);
    assert_int_equal(fee(&r, 2, 1), 4000);
    assert_int_equal(fee(&r, 3, 1), 5000);          /* 2 x 2,000 + 1 x 1,000 */
    assert_int_equal(fee(&r, 5, 2), 14000);         /* (4,000 + 3,000) x 2 */
    assert_int_equal(fee(&r, 198, 1), 200000);      /* 4,000 + 196 x 1,000: exactly the cap */
    assert_int_equal(fee(&r, 199, 1), 200000);      /* 201,000 capped */
    assert_int_equal(fee(&r, 300, 3), 600000);      /* the cap is per copy */
    long a;
    fees_request bad = { 0, 1, NULL, 0 };
    assert_int_equal(fees_compute(&r, &bad, &a), FEES_ST_BAD_REQUEST);
    fees_request bad2 = { 1, 0, NULL, 0 };
    assert_int_equal(fees_compute(&r, &bad2, &a), FEES_ST_BAD_REQUEST);
}

static void test_fixed_fees(void **state)
{
    (void)state;
    fees_rule sig = rule_from("{\"type\":\"fixed\",\"amount\":10000,\"per\":\"case\"}");
    assert_int_equal(fee(&sig, 1, 1), 10000);
    assert_int_equal(fee(&sig, 1, 3), 10000);       /* per case, not per copy */
    fees_rule extract = rule_from("{\"type\":\"fixed\",\"amount\":8000,\"per\":\"copy\"}");
    assert_int_equal(fee(&extract, 1, 3), 24000);
    fees_rule free_ = rule_from("{\"type\":\"free\"}");
    assert_int_equal(fee(&free_, 1, 5), 0);
}

static void test_exemptions(void **state)
{
    (void)state;
    fees_rule death = rule_from(
        "{\"type\":\"set_by_province\",\"exemptions\":["
        "{\"id\":\"on_time\",\"name\":{\"vi\":\"Đúng hạn\"}},"
        "{\"id\":\"poor_household\",\"name\":{\"vi\":\"Hộ nghèo\"}},"
        "{\"id\":\"disability\",\"name\":{\"vi\":\"Người khuyết tật\"}},"
        "{\"id\":\"meritorious_family\",\"name\":{\"vi\":\"Gia đình người có công\"}}]}");
    long a = -1;
    fees_request none = { 1, 1, NULL, 0 };
    assert_int_equal(fees_compute(&death, &none, &a), FEES_ST_SET_BY_PROVINCE);
    const char *poor[] = { "poor_household" };
    fees_request p = { 1, 1, poor, 1 };
    assert_int_equal(fees_compute(&death, &p, &a), FEES_OK);
    assert_int_equal(a, 0);
    const char *other[] = { "student" };
    fees_request o = { 1, 1, other, 1 };
    assert_int_equal(fees_compute(&death, &o, &a), FEES_ST_SET_BY_PROVINCE);
    assert_true(fees_has_exemption(&death, "on_time"));
    fees_rule unknown = rule_from("{\"type\":\"unknown\"}");
    assert_int_equal(fees_compute(&unknown, &none, &a), FEES_ST_UNKNOWN);
}

static void check_parse_error(const char *json, const char *want)
{
    fees_rule r;
    char err[256] = "";
    json_t *j = json_loads(json, 0, NULL);
    assert_non_null(j);
    assert_int_equal(fees_parse(j, &r, err, sizeof err), -1);
    json_decref(j);
    if (!strstr(err, want))
        fail_msg("error \"%s\" does not contain \"%s\"", err, want);
}

static void test_parse_errors(void **state)
{
    (void)state;
    check_parse_error("{\"type\":\"fre\"}", "fee.type: \"fre\" is not one of");
    check_parse_error("{\"type\":\"fixed\"}", "fee.amount");
    check_parse_error("{\"type\":\"fixed\",\"amount\":-5}", "out of range");
    check_parse_error("{\"type\":\"fixed\",\"amount\":5,\"per\":\"page\"}", "fee.per");
    check_parse_error("{\"type\":\"per_page\",\"tiers\":[{\"from_page\":2,\"amount\":1}]}",
                      "first tier must start at page 1");
    check_parse_error("{\"type\":\"per_page\",\"tiers\":[{\"from_page\":1,\"amount\":1},"
                      "{\"from_page\":1,\"amount\":1}]}", "tiers must go up");
    check_parse_error("{\"type\":\"free\",\"amonut\":5}", "fee.amonut: unknown member");
    check_parse_error("{\"type\":\"free\",\"amount\":5}", "only a \"fixed\" fee has an amount");
    check_parse_error("{\"type\":\"free\",\"exemptions\":[{\"name\":{\"vi\":\"x\"}}]}",
                      "fee.exemptions[0].id");
}

static void test_format(void **state)
{
    (void)state;
    char s[64];
    fees_format_amount(200000, s, sizeof s);
    assert_string_equal(s, "200.000 đ");
    fees_format_amount(1000, s, sizeof s);
    assert_string_equal(s, "1.000 đ");
    fees_format_amount(0, s, sizeof s);
    assert_string_equal(s, "0 đ");
    fees_format_amount(1234567, s, sizeof s);
    assert_string_equal(s, "1.234.567 đ");
    fees_rule r = rule_from(COPY_RULE);
    fees_describe(&r, "vi", s, sizeof s);
    assert_non_null(strstr(s, "2.000 đ/trang"));
}

/* ---- due dates -------------------------------------------------------------------- */

static workdays_calendar cal;

static int load_calendar(void **state)
{
    (void)state;
    char err[256];
    workdays_calendar_init(&cal);
    if (workdays_calendar_load(&cal, KIOSK_SOURCE_DIR "/assets/catalog/holidays.json", err,
                               sizeof err))
        fail_msg("%s", err);
    return 0;
}

static void check_due(workdays_unit unit, int value, int cutoff, const char *at, const char *want)
{
    workdays_rule r = { unit, value, cutoff };
    workdays_time t = { 0 }, due;
    assert_int_equal(sscanf(at, "%d-%d-%d %d:%d", &t.year, &t.month, &t.day, &t.hour, &t.minute), 5);
    assert_int_equal(workdays_due(&cal, &r, &t, &due), 0);
    char got[32];
    if (unit == WORKDAYS_UNIT_HOURS)
        snprintf(got, sizeof got, "%04d-%02d-%02d %02d:%02d", due.year, due.month, due.day,
                 due.hour, due.minute);
    else
        snprintf(got, sizeof got, "%04d-%02d-%02d", due.year, due.month, due.day);
    if (strcmp(got, want))
        fail_msg("received %s, %d units: due %s, want %s", at, value, got, want);
}

static void test_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(workdays_day_number(1970, 1, 1), 0);
    assert_int_equal(workdays_day_number(2026, 3, 2), 20514);     /* Python: date(2026,3,2) */
    assert_int_equal(workdays_weekday(20514), 0);                  /* Monday */
    assert_int_equal(workdays_weekday(workdays_day_number(2026, 11, 22)), 6);   /* Sunday */
    int y, m, d;
    workdays_civil(20574, &y, &m, &d);
    assert_true(y == 2026 && m == 5 && d == 1);
    assert_int_equal(workdays_parse_date("2026-02-29", &y, &m, &d), -1);
    assert_int_equal(workdays_parse_date("2028-02-29", &y, &m, &d), 0);
    assert_int_equal(workdays_parse_hhmm("15:00"), 900);
    assert_int_equal(workdays_parse_hhmm("24:00"), -1);
    assert_false(workdays_is_working_day(&cal, workdays_day_number(2026, 4, 30)));
    assert_false(workdays_is_working_day(&cal, workdays_day_number(2026, 2, 17)));
    assert_true(workdays_is_working_day(&cal, workdays_day_number(2026, 2, 23)));
}

static void test_birth_cutoff(void **state)
{
    (void)state;
    /* 1.001193: same day; a dossier received after 15:00 -> next working day. */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 0, 900, "2026-03-02 14:59", "2026-03-02");
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 0, 900, "2026-03-02 15:00", "2026-03-03");
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 0, 900, "2026-03-06 16:00", "2026-03-09");  /* Fri -> Mon */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 0, 900, "2026-03-07 09:00", "2026-03-09");  /* Sat -> Mon */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 0, 900, "2026-02-12 16:00", "2026-02-13");
    /* Friday before Tết after 15:00: Tết 16-20 Feb, weekend 21-22 -> Monday 23 Feb. */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 0, 900, "2026-02-13 15:30", "2026-02-23");
}

static void test_working_days(void **state)
{
    (void)state;
    /* 1.004222, 7 working days from Thu 23 Apr 2026: Fri 24 (1), Mon 27 is the Hùng Kings
     * day off, Tue 28 (2), Wed 29 (3), 30 Apr and 1 May holidays, Mon 4 (4), Tue 5 (5),
     * Wed 6 (6), Thu 7 May (7). */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 7, -1, "2026-04-23 10:00", "2026-05-07");
    /* 1.004873, 3 working days: Fri 2 Jan -> Mon 5, Tue 6, Wed 7. */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 3, -1, "2026-01-02 08:00", "2026-01-07");
    /* Received on New Year's Day (holiday) counts from Fri 2 Jan: same due date. */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 3, -1, "2026-01-01 09:00", "2026-01-07");
    /* Received Saturday: counts from Monday 9 Mar; 1 working day -> Tue 10. */
    check_due(WORKDAYS_UNIT_WORKING_DAYS, 1, -1, "2026-03-07 09:00", "2026-03-10");
}

static void test_calendar_days_and_hours(void **state)
{
    (void)state;
    /* 15 days from Thu 16 Apr lands on 1 May (holiday), then the weekend: Mon 4 May. */
    check_due(WORKDAYS_UNIT_DAYS, 15, -1, "2026-04-16 10:00", "2026-05-04");
    check_due(WORKDAYS_UNIT_DAYS, 20, -1, "2026-03-02 10:00", "2026-03-23");
    /* 2.001159, 1 hour, across midnight. */
    check_due(WORKDAYS_UNIT_HOURS, 1, -1, "2026-03-02 23:30", "2026-03-03 00:30");
    workdays_rule unk = { WORKDAYS_UNIT_UNKNOWN, 0, -1 };
    workdays_time t = { 2026, 3, 2, 10, 0 }, due;
    assert_int_equal(workdays_due(&cal, &unk, &t, &due), -1);
    /* A technician adds the second National Day holiday from kiosk.conf. */
    workdays_calendar c2 = cal;
    assert_int_equal(workdays_calendar_add_list(&c2, "2026-09-03, 2026-09-02"), 2);
    assert_int_equal(workdays_calendar_add_list(&c2, "2026-09-31"), -1);
    workdays_rule one = { WORKDAYS_UNIT_WORKING_DAYS, 1, -1 };
    workdays_time tue = { 2026, 9, 1, 9, 0 };
    assert_int_equal(workdays_due(&cal, &one, &tue, &due), 0);
    assert_int_equal(due.day, 3);                    /* 2 Sep off: Thu 3 Sep */
    assert_int_equal(workdays_due(&c2, &one, &tue, &due), 0);
    assert_int_equal(due.day, 4);                    /* 2 and 3 Sep off: Fri 4 Sep */
    workdays_time bad = { 2026, 2, 30, 10, 0 };
    workdays_rule wd = { WORKDAYS_UNIT_WORKING_DAYS, 1, -1 };
    assert_int_equal(workdays_due(&cal, &wd, &bad, &due), -1);
    char s[128];
    workdays_rule same = { WORKDAYS_UNIT_WORKING_DAYS, 0, 900 };
    workdays_describe(&same, "vi", s, sizeof s);
    assert_non_null(strstr(s, "Trong ngày"));
    assert_non_null(strstr(s, "15:00"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certified_copy_fee),
        cmocka_unit_test(test_fixed_fees),
        cmocka_unit_test(test_exemptions),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_birth_cutoff),
        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_calendar_days_and_hours),
    };
    return cmocka_run_group_tests(tests, load_calendar, NULL);
}
