/* BER-TLV edge cases: multi-byte tags, long-form lengths, indefinite and
 * oversized lengths, truncation, tlv_total on partial headers, building. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "transport_mock.h"

static void test_parse(void **st)
{
    (void)st;
    uint8_t b[300];
    tlv t;
    int n = card_hex("5F1F 03 414243", b, sizeof b);
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 6);
    assert_int_equal(t.tag, 0x5F1F);
    assert_int_equal(t.len, 3);
    assert_int_equal(t.hdr, 3);
    assert_memory_equal(t.val, "ABC", 3);
    n = card_hex("7F49 81 02 AABB", b, sizeof b);
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 6);
    assert_int_equal(t.tag, 0x7F49);
    assert_true(tlv_constructed(t.tag));
    assert_false(tlv_constructed(0x5F1F));
    n = card_hex("04 00", b, sizeof b);
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 2);
    assert_int_equal(t.len, 0);
    /* three-byte tag */
    n = card_hex("5F8101 01 00", b, sizeof b);
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 5);
    assert_int_equal(t.tag, 0x5F8101);
    /* four-byte tag: refused */
    n = card_hex("5F818101 01 00", b, sizeof b);
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 0);
}

static void test_rejects(void **st)
{
    (void)st;
    uint8_t b[16];
    tlv t;
    int n = card_hex("30 80 0000", b, sizeof b);             /* indefinite */
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 0);
    n = card_hex("30 84 00000001 00", b, sizeof b);          /* 4 length bytes */
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 0);
    n = card_hex("30 05 010203", b, sizeof b);               /* value past the end */
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 0);
    n = card_hex("30 82 01", b, sizeof b);                   /* length cut */
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 0);
    n = card_hex("5F", b, sizeof b);                         /* tag cut */
    assert_int_equal(tlv_parse(b, (size_t)n, &t), 0);
    assert_int_equal(tlv_parse(b, 0, &t), 0);
    assert_int_equal(card_hex("0", b, sizeof b), -1);
}

static void test_total(void **st)
{
    (void)st;
    uint8_t b[16];
    size_t total = 0;
    int n = card_hex("75 82 3A 10", b, sizeof b);
    assert_int_equal(tlv_total(b, (size_t)n, &total), 1);
    assert_int_equal(total, 4 + 0x3A10);
    assert_int_equal(tlv_total(b, 3, &total), 0);            /* need more */
    assert_int_equal(tlv_total(b, 1, &total), 0);
    assert_int_equal(tlv_total(b, 0, &total), 0);
    n = card_hex("77 83 01 00 00", b, sizeof b);
    assert_int_equal(tlv_total(b, (size_t)n, &total), 1);
    assert_int_equal(total, 5 + 0x10000);
    n = card_hex("60 80", b, sizeof b);
    assert_int_equal(tlv_total(b, (size_t)n, &total), -1);
    n = card_hex("60 85 00", b, sizeof b);
    assert_int_equal(tlv_total(b, (size_t)n, &total), -1);
    n = card_hex("7F 21", b, sizeof b);
    assert_int_equal(tlv_total(b, (size_t)n, &total), 0);
    n = card_hex("7F 81 81", b, sizeof b);
    assert_int_equal(tlv_total(b, (size_t)n, &total), -1);
}

static void test_build_and_find(void **st)
{
    (void)st;
    uint8_t v[300], out[400];
    memset(v, 0xAB, sizeof v);
    assert_int_equal(tlv_put(out, sizeof out, 0x87, v, 5), 7);
    assert_int_equal(tlv_put(out, sizeof out, 0x87, v, 200), 203);
    assert_int_equal(out[1], 0x81);
    assert_int_equal(tlv_put(out, sizeof out, 0x7F49, v, 300), 305);
    assert_int_equal(out[2], 0x82);
    assert_int_equal(tlv_put(out, 100, 0x7F49, v, 300), 0);
    assert_int_equal(tlv_put_hdr(NULL, 0x04, 0x10000), 5);
    tlv t;
    assert_int_equal(tlv_parse(out, 305, &t), 305);
    assert_int_equal(t.len, 300);
    uint8_t seq[32];
    int n = card_hex("020101 0403 AABBCC 0C00", seq, sizeof seq);
    assert_true(tlv_find(seq, (size_t)n, 0x04, &t));
    assert_int_equal(t.len, 3);
    assert_true(tlv_find(seq, (size_t)n, 0x0C, &t));
    assert_false(tlv_find(seq, (size_t)n, 0x30, &t));
    assert_false(tlv_find(seq, (size_t)n - 1, 0x0C, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_total),
        cmocka_unit_test(test_build_and_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
