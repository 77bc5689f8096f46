/* test_escpos_code128: the CODE128 encoder against the symbol table's
 * published properties and worked checksum examples. zbar and ZXing read our
 * barcodes from the printed page in the integration test (printer_codes) and
 * in test_receipt_render. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "code128.h"

/* Every symbol is 3 bars and 3 spaces over 11 modules (the stop: 4 bars, 13
 * modules); bar widths sum to an even number and space widths to an odd one
 * (the parity rule of ISO/IEC 15417), each element 1..4; all distinct. */
static void test_table_properties(void **state)
{
    (void)state;
    for (int v = 0; v < 107; v++) {
        const char *p = code128_pattern(v);
        assert_non_null(p);
        size_t n = strlen(p);
        assert_int_equal(n, v == CODE128_STOP ? 7 : 6);
        int bars = 0, spaces = 0;
        for (size_t i = 0; i < n; i++) {
            int w = p[i] - '0';
            assert_true(w >= 1 && w <= 4);
            if (i % 2 == 0)
                bars += w;
            else
                spaces += w;
        }
        assert_int_equal(bars + spaces, v == CODE128_STOP ? 13 : 11);
        assert_int_equal(bars % 2, 0);
        assert_int_equal(spaces % 2, 1);
        for (int u = 0; u < v; u++)
            assert_string_not_equal(p, code128_pattern(u));
    }
    assert_null(code128_pattern(107));
    assert_null(code128_pattern(-1));
    /* Well-known values: 0 is "212222", Start B "211214", Stop "2331112". */
    assert_string_equal(code128_pattern(0), "212222");
    assert_string_equal(code128_pattern(CODE128_START_B), "211214");
    assert_string_equal(code128_pattern(CODE128_START_C), "211232");
    assert_string_equal(code128_pattern(CODE128_STOP), "2331112");
}

/* The worked example of the CODE128 literature: "PJJ123C" in code set B,
 * weighted sum 104 + 48 + 42*2 + 42*3 + 17*4 + 18*5 + 19*6 + 35*7 = 879,
 * check value 879 mod 103 = 55. The values are written out so the test does
 * not depend on the encoder. */
static void test_checksum_examples(void **state)
{
    (void)state;
    const int pjj[] = { 104, 48, 42, 42, 17, 18, 19, 35 };
    assert_int_equal(code128_checksum(pjj, 8), 55);
    code128 c;
    assert_int_equal(code128_encode("PJJ123C", &c), 0);
    const int want[] = { 104, 48, 42, 42, 17, 18, 19, 35, 55, 106 };
    assert_int_equal(c.count, 10);
    assert_memory_equal(c.symbols, want, sizeof want);
    assert_int_equal(c.modules, 9 * 11 + 13);
}

/* Digits go in code set C: "0042" is Start C, 00, 42, check, stop. */
static void test_code_c(void **state)
{
    (void)state;
    code128 c;
    assert_int_equal(code128_encode("0042", &c), 0);
    const int want[] = { 105, 0, 42, (105 + 0 * 1 + 42 * 2) % 103, 106 };
    assert_int_equal(c.count, 5);
    assert_memory_equal(c.symbols, want, sizeof want);

    /* A dossier code: B for the agency, C for the 6-digit date, B for '-',
     * C for the 4-digit sequence at the end. */
    assert_int_equal(code128_encode("38.98.H29-210519-0013", &c), 0);
    const int dossier[] = { 104, 19, 24, 14, 25, 24, 14, 40, 18, 25, 13,  /* 38.98.H29- */
                            99, 21, 5, 19,                                  /* C 21 05 19 */
                            100, 13,                                        /* B - */
                            99, 0, 13 };                                    /* C 00 13 */
    int n = (int)(sizeof dossier / sizeof dossier[0]);
    assert_int_equal(c.count, n + 2);
    assert_memory_equal(c.symbols, dossier, sizeof dossier);
    assert_int_equal(c.symbols[n], code128_checksum(dossier, n));
    assert_int_equal(c.symbols[n + 1], CODE128_STOP);

    /* Odd run at the end: one digit in B, then pairs in C. */
    assert_int_equal(code128_encode("A12345", &c), 0);
    const int odd[] = { 104, 33, 17, 99, 23, 45 };
    assert_memory_equal(c.symbols, odd, sizeof odd);
    /* Short inner runs stay in B. */
    assert_int_equal(code128_encode("A1234B", &c), 0);
    assert_int_equal(c.count, 1 + 6 + 2);
}

static void test_modules(void **state)
{
    (void)state;
    code128 c;
    assert_int_equal(code128_encode("A", &c), 0);
    /* Start B = 11010010000, ..., Stop = 1100011101011. */
    const char *start = "11010010000";
    for (int i = 0; i < 11; i++)
        assert_int_equal(code128_module(&c, i), start[i] - '0');
    const char *stop = "1100011101011";
    for (int i = 0; i < 13; i++)
        assert_int_equal(code128_module(&c, c.modules - 13 + i), stop[i] - '0');
    assert_int_equal(code128_module(&c, c.modules), 0);
    assert_int_equal(code128_module(&c, -1), 0);
}

static void test_rejects(void **state)
{
    (void)state;
    code128 c;
    assert_int_equal(code128_encode("", &c), -1);
    assert_int_equal(code128_encode(NULL, &c), -1);
    assert_int_equal(code128_encode("a\tb", &c), -1);
    assert_int_equal(code128_encode("H\xc3\xa0", &c), -1);   /* "Hà" */
    char longtext[100];
    memset(longtext, 'x', 99);
    longtext[99] = '\0';
    assert_int_equal(code128_encode(longtext, &c), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_properties),
        cmocka_unit_test(test_checksum_examples),
        cmocka_unit_test(test_code_c),
        cmocka_unit_test(test_modules),
        cmocka_unit_test(test_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
