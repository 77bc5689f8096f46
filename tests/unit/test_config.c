/* Unit tests for core/config: overrides, typed getters with clear errors,
 * and files edited on a laptop (CRLF, smart quotes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

static config c;

static void test_override(void **state)
{
    (void)state;
    config_init(&c);
    assert_int_equal(config_load_string(&c, "[center]\nname = Xã A\n[kiosk]\ndpi = 96\n", "base"), 0);
    assert_int_equal(config_load_string(&c, "[center]\r\nname = \xE2\x80\x9CX\xC3\xA3 B\xE2\x80\x9D\r\n",
                                        "fat"), 0);
    assert_string_equal(config_get(&c, "center", "name", "?"), "Xã B");
    assert_int_equal(config_get_int(&c, "kiosk", "dpi", 0, 50, 600), 96);
    assert_string_equal(config_get(&c, "kiosk", "missing", "def"), "def");
    config_set(&c, "kiosk", "dpi", "120");
    assert_int_equal(config_get_int(&c, "kiosk", "dpi", 0, 50, 600), 120);
    assert_string_equal(c.error, "");
}

static void test_bad_values(void **state)
{
    (void)state;
    config_init(&c);
    assert_int_equal(config_load_string(&c, "[kiosk]\ndpi = lots\nwifi = maybe\n", "kiosk.conf"), 0);
    assert_int_equal(config_get_int(&c, "kiosk", "dpi", 102, 50, 600), 102);
    assert_non_null(strstr(c.error, "dpi must be a whole number between 50 and 600"));
    assert_non_null(strstr(c.error, "kiosk.conf"));
    config_init(&c);
    assert_int_equal(config_load_string(&c, "[kiosk]\nwifi = maybe\n", "kiosk.conf"), 0);
    assert_true(config_get_bool(&c, "kiosk", "wifi", true));
    assert_non_null(strstr(c.error, "wifi must be yes or no"));
}

static void test_syntax_error(void **state)
{
    (void)state;
    config_init(&c);
    assert_int_equal(config_load_string(&c, "[kiosk]\ndpi = 96\nthis line is wrong\n", "k.conf"), -1);
    assert_non_null(strstr(c.error, "k.conf:3"));
}

static void test_missing_file(void **state)
{
    (void)state;
    config_init(&c);
    assert_int_equal(config_load_file(&c, "/nonexistent/kiosk.conf", true), 0);
    assert_int_equal(config_load_file(&c, "/nonexistent/kiosk.conf", false), -1);
    assert_non_null(strstr(c.error, "cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
