/* Unit tests for kiosk/core/isotime: upstream dates and times as a citizen
 * reads them. The zone is fixed to UTC+7 (POSIX TZ "ICT-7", no tzdata
 * needed): Vietnam's. Expected values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isotime.h"

static void ok(const char *iso, const char *want)
{
    char out[64];
    if (isotime_format(iso, out, sizeof out) != 0)
        fail_msg("'%s' refused", iso);
    if (strcmp(out, want) != 0)
        fail_msg("'%s': got '%s', want '%s'", iso, out, want);
}

static void bad(const char *iso)
{
    char out[64];
    if (isotime_format(iso, out, sizeof out) == 0)
        fail_msg("'%s' accepted as '%s'", iso, out);
    /* The text is kept, cut to fit: nothing is lost from the screen. */
    assert_int_equal(strncmp(out, iso, sizeof out - 1), 0);
}

static void test_dates(void **state)
{
    (void)state;
    ok("2026-12-01", "01/12/2026");
    ok("2028-02-29", "29/02/2028");   /* leap year */
    ok("2000-02-29", "29/02/2000");   /* divisible by 400 */
    bad("2100-02-29");                /* divisible by 100 only */
    bad("2026-02-29");
    bad("2026-13-01");
    bad("2026-04-31");
    bad("26-12-01");
    bad("2026/12/01");
    bad("");
}

static void test_times_to_local(void **state)
{
    (void)state;
    /* UTC to UTC+7: 13:44 UTC is 20:44 in Vietnam. */
    ok("2026-11-22T13:44:51+00:00", "20:44 22/11/2026");
    ok("2026-11-22T13:44:51Z", "20:44 22/11/2026");
    ok("2026-11-22T13:44:51.123456Z", "20:44 22/11/2026");
    /* Across midnight and the year. */
    ok("2026-12-31T18:30:00Z", "01:30 01/01/2027");
    /* Already in Vietnam's zone: unchanged. */
    ok("2026-11-22T08:05:00+07:00", "08:05 22/11/2026");
    /* A negative offset: 20:00 at -05:00 is 01:00 UTC, 08:00 at +07. */
    ok("2026-11-22T20:00:00-05:00", "08:00 23/11/2026");
    /* No zone: taken as local. */
    ok("2026-11-22T09:15", "09:15 22/11/2026");
    bad("2026-11-22T25:00:00Z");
    bad("2026-11-22T10:60:00Z");
    bad("2026-11-22T10:00:00+0700");
    bad("2026-11-22T10:00:00Zjunk");
    bad("2026-11-22T10");
}

static void test_small_buffer(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(isotime_format("2026-12-01", out, sizeof out), 0);
    assert_string_equal(out, "01/12/2");  /* cut, still terminated */
    assert_int_equal(isotime_format(NULL, out, sizeof out), -1);
    assert_string_equal(out, "");
}

int main(void)
{
    setenv("TZ", "ICT-7", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_times_to_local),
        cmocka_unit_test(test_small_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
