/* DG13 (Vietnamese personal data): the made-up DG13 of the reference
 * (tests/data/card/dg13_reference.hex) parsed field by field, plus the other
 * nesting of the parents entry, missing fields, text expiry, decomposed
 * (non-NFC) input, invalid UTF-8 and malformed structures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transport_mock.h"

static size_t load_hex(const char *name, uint8_t *out, size_t cap)
{
    char path[512], text[8192];
    snprintf(path, sizeof path, "%s/tests/data/card/%s", KIOSK_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    int l = card_hex(text, out, cap);
    assert_true(l > 0);
    return (size_t)l;
}

static void test_reference_dg13(void **st)
{
    (void)st;
    uint8_t b[1024];
    size_t n = load_hex("dg13_reference.hex", b, sizeof b);
    assert_int_equal(n, 431);
    identity id;
    memset(&id, 0, sizeof id);
    assert_int_equal(dg13_parse(b, n, &id), CARD_OK);
    assert_string_equal(id.id_number, "001099012345");
    assert_string_equal(id.full_name, "Nguyễn Văn An");
    assert_string_equal(id.date_of_birth, "1999-02-01");
    assert_string_equal(id.sex, "Nam");
    assert_string_equal(id.nationality, "Việt Nam");
    assert_string_equal(id.ethnicity, "Kinh");
    assert_string_equal(id.religion, "Không");
    assert_string_equal(id.place_of_origin, "Xã Thử Nghiệm, Huyện Mẫu, Hà Nội");
    assert_string_equal(id.place_of_residence, "Số 1 Phố Giả, Phường Mẫu, Quận Thử, Hà Nội");
    assert_string_equal(id.identifying_features, "Nốt ruồi C:1cm dưới trước mép trái");
    assert_string_equal(id.date_of_issue, "2021-07-10");
    assert_string_equal(id.date_of_expiry, "2039-02-01");
    assert_string_equal(id.father_name, "Nguyễn Văn Bình");
    assert_string_equal(id.mother_name, "Trần Thị Cúc");
    assert_string_equal(id.spouse_name, "");
    assert_string_equal(id.old_id_number, "012345678");
    /* matches the core's demo citizen, built independently from the reference */
    identity demo;
    memset(&demo, 0, sizeof demo);
    identity_fill_demo(&demo);
    assert_string_equal(id.place_of_residence, demo.place_of_residence);
    assert_string_equal(id.identifying_features, demo.identifying_features);
    identity_wipe(&demo);
    identity_wipe(&id);
    /* every truncation of the file fails cleanly (never crashes) */
    for (size_t k = 0; k < n; k++) {
        memset(&id, 0, sizeof id);
        assert_int_not_equal(dg13_parse(b, k, &id), CARD_OK);
    }
}

/* Build 6D { 30 { 02 01 01, 31 { entries } } } */
static size_t wrap(const uint8_t *entries, size_t el, uint8_t *out)
{
    uint8_t set[2048], seq[2100];
    size_t sl = tlv_put(set, sizeof set, 0x31, entries, el);
    uint8_t inner[2100];
    static const uint8_t ver[] = { 0x02, 0x01, 0x01 };
    memcpy(inner, ver, 3);
    memcpy(inner + 3, set, sl);
    size_t ql = tlv_put(seq, sizeof seq, 0x30, inner, 3 + sl);
    return tlv_put(out, 4096, 0x6D, seq, ql);
}

static size_t entry(uint8_t *out, int num, const char *const *strs, int n, bool nested)
{
    uint8_t body[1024];
    size_t bl = 0;
    body[bl++] = 0x02;
    body[bl++] = 0x01;
    body[bl++] = (uint8_t)num;
    for (int i = 0; i < n; i++) {
        uint8_t leaf[300];
        size_t ll = tlv_put(leaf, sizeof leaf, 0x0C, (const uint8_t *)strs[i], strlen(strs[i]));
        if (nested)
            bl += tlv_put(body + bl, sizeof body - bl, 0x30, leaf, ll);
        else {
            memcpy(body + bl, leaf, ll);
            bl += ll;
        }
    }
    return tlv_put(out, 1024, 0x30, body, bl);
}

static void test_variants(void **st)
{
    (void)st;
    uint8_t e[2048], dg[4096];
    size_t el = 0;
    const char *parents[] = { "Lê Văn Cha", "Phạm Thị Mẹ" };
    const char *expiry[] = { "Không thời hạn" };
    const char *spouse[] = { "Đỗ Thị Vợ" };
    /* decomposed "Nguyễn" (e + combining circumflex + combining tilde) */
    const char *decomposed[] = { "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An" };
    const char *badutf[] = { "Nguy\xC3\x28n" };
    const char *old16[] = { "987654321" };
    el += entry(e + el, 13, parents, 2, false);     /* flat nesting */
    el += entry(e + el, 12, expiry, 1, false);
    el += entry(e + el, 14, spouse, 1, true);
    el += entry(e + el, 2, decomposed, 1, false);
    el += entry(e + el, 5, badutf, 1, false);
    el += entry(e + el, 16, old16, 1, false);
    el += entry(e + el, 99, old16, 1, false);       /* unknown entry: ignored */
    size_t n = wrap(e, el, dg);
    identity id;
    memset(&id, 0, sizeof id);
    assert_int_equal(dg13_parse(dg, n, &id), CARD_OK);
    assert_string_equal(id.father_name, "Lê Văn Cha");
    assert_string_equal(id.mother_name, "Phạm Thị Mẹ");
    assert_string_equal(id.date_of_expiry, "Không thời hạn");
    assert_string_equal(id.spouse_name, "Đỗ Thị Vợ");
    assert_string_equal(id.full_name, "Nguyễn Văn An");
    assert_string_equal(id.nationality, "");
    assert_string_equal(id.old_id_number, "987654321");
    assert_string_equal(id.id_number, "");
    assert_string_equal(id.date_of_birth, "");
    identity_wipe(&id);
}

static void test_malformed(void **st)
{
    (void)st;
    uint8_t b[64] = { 0 };
    identity id;
    memset(&id, 0, sizeof id);
    assert_int_equal(dg13_parse(b, 0, &id), CARD_E_FORMAT);
    size_t n = (size_t)card_hex("6E03020101", b, sizeof b);     /* wrong tag */
    assert_int_equal(dg13_parse(b, n, &id), CARD_E_FORMAT);
    n = (size_t)card_hex("6D80020101", b, sizeof b);            /* indefinite length */
    assert_int_equal(dg13_parse(b, n, &id), CARD_E_FORMAT);
    n = (size_t)card_hex("6D0530033102FFFF", b, sizeof b);      /* garbage in the set */
    assert_int_equal(dg13_parse(b, n, &id), CARD_E_FORMAT);
    /* a date in the wrong form is dropped, not guessed */
    uint8_t e[256], dg[512];
    const char *iso[] = { "1999-02-01" }, *sex[] = { "Nữ" };
    size_t el = entry(e, 3, iso, 1, false);
    el += entry(e + el, 4, sex, 1, false);
    n = wrap(e, el, dg);
    memset(&id, 0, sizeof id);
    assert_int_equal(dg13_parse(dg, n, &id), CARD_OK);
    assert_string_equal(id.date_of_birth, "");
    assert_string_equal(id.sex, "Nữ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_dg13),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
