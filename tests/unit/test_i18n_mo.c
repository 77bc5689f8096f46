/* Tests for the MO reader: files written by GNU msgfmt parse and look up
 * correctly; hand-built files cover the big-endian layout; every damaged
 * form (truncation at each byte, offsets past the end, missing NUL, huge
 * counts, bad magic or revision, bad Plural-Forms) is refused, never read
 * out of bounds (the ASan build checks that). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n_mo.h"

#define EN_MO KIOSK_BINARY_DIR "/tests/data/i18n/en.mo"

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void test_msgfmt_output(void **state)
{
    (void)state;
    i18n_mo *mo = NULL;
    assert_int_equal(i18n_mo_load(EN_MO, &mo), I18N_MO_OK);
    /* Translated entries only: Tiếp tục, Quay lại, Chỉ có tiếng Anh, the
     * plural and the context entry; not the empty one, not the fuzzy one. */
    assert_int_equal(mo->count, 5);
    const i18n_mo_entry *e = i18n_mo_find(mo, "Tiếp tục");
    assert_non_null(e);
    assert_string_equal(e->str, "Continue");
    assert_null(i18n_mo_find(mo, "Chưa dịch"));
    assert_null(i18n_mo_find(mo, "Bản dịch mờ"));
    assert_null(i18n_mo_find(mo, ""));
    assert_null(i18n_mo_find(mo, NULL));
    e = i18n_mo_find(mo, "%lu hồ sơ");
    assert_non_null(e);
    assert_string_equal(i18n_mo_form(e, 0), "%lu application");
    assert_string_equal(i18n_mo_form(e, 1), "%lu applications");
    assert_null(i18n_mo_form(e, 2));
    assert_non_null(i18n_mo_find(mo, "1.001612/name\x04" "Đăng ký khai sinh"));
    assert_int_equal(mo->plural.nplurals, 2);
    i18n_mo_free(mo);
    assert_int_equal(i18n_mo_load("/nonexistent/x.mo", &mo), I18N_MO_ERR_IO);
    assert_null(mo);
    i18n_mo_free(NULL);
}

/* Every prefix of a valid file: refused or parsed, never a bad read. */
static void test_truncations(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = read_all(EN_MO, &len);
    int ok = 0;
    for (size_t n = 0; n < len; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, b, n);
        i18n_mo *mo = NULL;
        i18n_mo_status st = i18n_mo_parse(cut, n, &mo);
        if (st == I18N_MO_OK) {
            ok++;
            i18n_mo_free(mo);
        } else {
            assert_null(mo);
        }
        free(cut);
    }
    /* The strings come last, so no strict prefix holds all of them. */
    assert_int_equal(ok, 0);
    /* Flip each byte: must never crash (statuses vary). */
    for (size_t i = 0; i < len; i++) {
        b[i] ^= 0xA5;
        i18n_mo *mo = NULL;
        if (i18n_mo_parse(b, len, &mo) == I18N_MO_OK) {
            for (uint32_t k = 0; k < mo->count; k++)
                assert_ptr_equal(i18n_mo_find(mo, mo->entries[k].key), &mo->entries[k]);
            i18n_mo_free(mo);
        }
        b[i] ^= 0xA5;
    }
    free(b);
}

/* A hand-built MO file. */
typedef struct builder {
    uint8_t buf[1024];
    size_t len;
    int big;
} builder;

static void put32(builder *b, size_t at, uint32_t v)
{
    if (b->big) {
        b->buf[at] = (uint8_t)(v >> 24); b->buf[at + 1] = (uint8_t)(v >> 16);
        b->buf[at + 2] = (uint8_t)(v >> 8); b->buf[at + 3] = (uint8_t)v;
    } else {
        b->buf[at] = (uint8_t)v; b->buf[at + 1] = (uint8_t)(v >> 8);
        b->buf[at + 2] = (uint8_t)(v >> 16); b->buf[at + 3] = (uint8_t)(v >> 24);
    }
}

/* n pairs (id, str); ids and strs may contain NULs (lengths given). */
static void build(builder *b, int big, int n, const char *const *ids, const size_t *idl,
                  const char *const *strs, const size_t *strl)
{
    memset(b, 0, sizeof *b);
    b->big = big;
    size_t orig = 28, trans = orig + 8 * (size_t)n, data = trans + 8 * (size_t)n;
    put32(b, 0, 0x950412de);
    put32(b, 4, 0);
    put32(b, 8, (uint32_t)n);
    put32(b, 12, (uint32_t)orig);
    put32(b, 16, (uint32_t)trans);
    put32(b, 20, 0);
    put32(b, 24, 0);
    size_t at = data;
    for (int i = 0; i < n; i++) {
        put32(b, orig + 8 * (size_t)i, (uint32_t)idl[i]);
        put32(b, orig + 8 * (size_t)i + 4, (uint32_t)at);
        memcpy(b->buf + at, ids[i], idl[i]);
        at += idl[i] + 1;
    }
    for (int i = 0; i < n; i++) {
        put32(b, trans + 8 * (size_t)i, (uint32_t)strl[i]);
        put32(b, trans + 8 * (size_t)i + 4, (uint32_t)at);
        memcpy(b->buf + at, strs[i], strl[i]);
        at += strl[i] + 1;
    }
    b->len = at;
}

static void test_hand_built(void **state)
{
    (void)state;
    const char *hdr = "Plural-Forms: nplurals=3; plural=n%3;\n";
    const char *ids[] = { "", "b", "a", "a", "p\0pp" };
    size_t idl[] = { 0, 1, 1, 1, 4 };
    const char *strs[] = { hdr, "B", "A1", "A2", "f0\0f1\0f2" };
    size_t strl[] = { strlen(hdr), 1, 2, 2, 8 };
    for (int big = 0; big <= 1; big++) {
        builder b;
        build(&b, big, 5, ids, idl, strs, strl);
        i18n_mo *mo = NULL;
        assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_OK);
        assert_int_equal(mo->count, 3); /* header dropped, duplicate "a" kept once */
        assert_string_equal(i18n_mo_find(mo, "a")->str, "A1");
        assert_string_equal(i18n_mo_find(mo, "b")->str, "B");
        const i18n_mo_entry *p = i18n_mo_find(mo, "p");
        assert_non_null(p);
        assert_string_equal(i18n_mo_form(p, i18n_plural_select(&mo->plural, 5)), "f2");
        assert_string_equal(i18n_mo_form(p, i18n_plural_select(&mo->plural, 4)), "f1");
        assert_null(i18n_mo_form(p, 3));
        assert_int_equal(mo->plural.nplurals, 3);
        i18n_mo_free(mo);
    }
}

static void test_damaged(void **state)
{
    (void)state;
    const char *ids[] = { "a" };
    size_t idl[] = { 1 };
    const char *strs[] = { "A" };
    size_t strl[] = { 1 };
    builder b;
    i18n_mo *mo = NULL;

    build(&b, 0, 1, ids, idl, strs, strl);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_OK);
    i18n_mo_free(mo);

    assert_int_equal(i18n_mo_parse(b.buf, 27, &mo), I18N_MO_ERR_TOO_SMALL);
    assert_null(mo);

    build(&b, 0, 1, ids, idl, strs, strl);
    b.buf[0] ^= 1;
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_MAGIC);

    build(&b, 0, 1, ids, idl, strs, strl);
    put32(&b, 4, 0x00020000);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_REVISION);

    /* Count so large that the table would wrap a 32-bit offset. */
    build(&b, 0, 1, ids, idl, strs, strl);
    put32(&b, 8, 0x20000000);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_BOUNDS);
    put32(&b, 8, 0xFFFFFFFF);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_BOUNDS);

    /* Table offsets past the end. */
    build(&b, 0, 1, ids, idl, strs, strl);
    put32(&b, 12, (uint32_t)b.len - 4);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_BOUNDS);
    build(&b, 0, 1, ids, idl, strs, strl);
    put32(&b, 16, 0xFFFFFFF8);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_BOUNDS);

    /* A string whose offset + length wraps around 2^32. */
    build(&b, 0, 1, ids, idl, strs, strl);
    put32(&b, 28, 0xFFFFFFFF);
    put32(&b, 32, 0x10);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_BOUNDS);

    /* A string that ends exactly at the end of the file (no room for NUL). */
    build(&b, 0, 1, ids, idl, strs, strl);
    assert_int_equal(i18n_mo_parse(b.buf, b.len - 1, &mo), I18N_MO_ERR_BOUNDS);

    /* A string not followed by NUL. */
    build(&b, 0, 1, ids, idl, strs, strl);
    put32(&b, 36, 0); /* translation length 0 while "A" is there: NUL check fails */
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_STRING);

    /* A bad Plural-Forms header refuses the catalog. */
    const char *hids[] = { "" };
    size_t hidl[] = { 0 };
    const char *hstr[] = { "Plural-Forms: nplurals=2; plural=n/0;\n" };
    size_t hstrl[] = { strlen(hstr[0]) };
    build(&b, 0, 1, hids, hidl, hstr, hstrl);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_ERR_PLURAL);

    /* An empty catalog is valid. */
    build(&b, 0, 0, NULL, NULL, NULL, NULL);
    assert_int_equal(i18n_mo_parse(b.buf, b.len, &mo), I18N_MO_OK);
    assert_int_equal(mo->count, 0);
    assert_null(i18n_mo_find(mo, "a"));
    i18n_mo_free(mo);

    for (int st = I18N_MO_OK; st <= I18N_MO_ERR_MEMORY; st++)
        assert_true(strlen(i18n_mo_strerror((i18n_mo_status)st)) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msgfmt_output),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_hand_built),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
