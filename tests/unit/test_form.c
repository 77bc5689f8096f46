/* test_form: the nine forms load from the compiled catalog, questions come one
 * at a time (conditional ones only when they apply), answers are checked with
 * messages that say how to fix them, the chip card prefills what it knows
 * (the reference's made-up citizen), and answers serialise for the dossier. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "catalog.h"
#include "form.h"
#include "identity.h"

static catalog *cat;

static int setup(void **state)
{
    (void)state;
    catalog_error err = { { 0 } };
    cat = catalog_open(CATALOG_DB, &err);
    if (!cat)
        fail_msg("%s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    catalog_close(cat);
    return 0;
}

static const char *const FORMS[] = { "1.001193", "1.000656", "1.000894", "1.004873", "2.000815",
                                     "2.000884", "1.004222", "1.004194", "2.000635" };

static void test_all_forms_load(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof FORMS / sizeof FORMS[0]; k++) {
        catalog_error err = { { 0 } };
        form *f = form_load(cat, FORMS[k], &err);
        if (!f)
            fail_msg("%s: %s", FORMS[k], err.msg);
        assert_string_equal(f->procedure, FORMS[k]);
        int asked = 0, prefill = 0;
        for (int i = 0; i < f->field_count; i++) {
            const form_field *fd = &f->fields[i];
            assert_true(fd->question_vi[0] && fd->question_en[0]);
            if (fd->type != FORM_GROUP)
                asked++;
            prefill += fd->prefill[0] != '\0';
        }
        assert_true(asked >= 4);
        assert_true(prefill >= 1);          /* every form uses the ID card */
        /* Every field that says it comes from the card accepts the card's value. */
        form_answers *a = form_answers_new(f);
        identity id = { 0 };
        identity_fill_demo(&id);
        int filled = form_prefill(f, a, &id);
        if (filled != prefill)
            fail_msg("%s: %d of %d prefill fields took the demo card's value", FORMS[k], filled,
                     prefill);
        identity_wipe(&id);
        form_answers_free(a);
        form_free(f);
    }
    catalog_error err = { { 0 } };
    assert_null(form_load(cat, "9.999999", &err));
    assert_non_null(strstr(err.msg, "not in the catalog"));
}

static void test_birth_flow(void **state)
{
    (void)state;
    catalog_error err = { { 0 } };
    form *f = form_load(cat, "1.001193", &err);
    assert_non_null(f);
    form_answers *a = form_answers_new(f);
    identity id = { 0 };
    identity_fill_demo(&id);
    int filled = form_prefill(f, a, &id);
    assert_true(filled >= 3);
    int i = form_find(f, "applicant.full_name");
    assert_true(i >= 0);
    assert_true(a->prefilled[i]);
    assert_string_equal(a->value[i], "Nguyễn Văn An");
    assert_string_equal(a->value[form_find(f, "applicant.id_number")], "001099012345");
    /* Father's details are asked only when the father is named. */
    int father_name = form_find(f, "father.full_name");
    int known = form_find(f, "father.known");
    assert_true(father_name > known && known >= 0);
    int seen = 0;
    for (int k = form_next(f, a, -1); k >= 0; k = form_next(f, a, k)) {
        assert_int_not_equal(f->fields[k].type, FORM_GROUP);
        seen |= k == father_name;
    }
    assert_false(seen);
    char msg[256];
    assert_int_equal(form_set_answer(f, a, known, "Có", "vi", msg, sizeof msg), 0);
    assert_string_equal(a->value[known], "yes");
    seen = 0;
    for (int k = form_next(f, a, -1); k >= 0; k = form_next(f, a, k))
        seen |= k == father_name;
    assert_true(seen);
    /* Answers the citizen gives. */
    assert_int_equal(form_set_answer(f, a, form_find(f, "child.full_name"), "Nguyễn Thị Mai", "vi",
                                     msg, sizeof msg), 0);
    assert_int_equal(form_set_answer(f, a, form_find(f, "child.date_of_birth"), "05/03/2025", "vi",
                                     msg, sizeof msg), 0);
    assert_string_equal(a->value[form_find(f, "child.date_of_birth")], "2025-03-05");
    assert_int_equal(form_set_answer(f, a, form_find(f, "child.sex"), "Nữ", "vi", msg, sizeof msg), 0);
    assert_string_equal(a->value[form_find(f, "child.sex")], "nu");
    assert_int_equal(form_set_answer(f, a, father_name, "Nguyễn Văn An", "vi", msg, sizeof msg), 0);
    assert_true(form_first_missing(f, a) >= 0);
    char *json = form_answers_json(f, a);
    assert_non_null(json);
    json_t *j = json_loads(json, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "procedure")), "1.001193");
    json_t *ans = json_object_get(j, "answers");
    assert_string_equal(json_string_value(json_object_get(json_object_get(ans, "child"), "full_name")),
                        "Nguyễn Thị Mai");
    assert_string_equal(json_string_value(json_object_get(json_object_get(ans, "applicant"), "id_number")),
                        "001099012345");
    assert_string_equal(json_string_value(json_object_get(json_object_get(ans, "father"), "known")), "yes");
    json_decref(j);
    explicit_bzero(json, strlen(json));
    free(json);
    identity_wipe(&id);
    form_answers_free(a);
    form_free(f);
}

static void expect_bad(const form *f, const char *field, const char *value, const char *lang,
                       const char *want)
{
    char msg[256] = "";
    int i = form_find(f, field);
    assert_true(i >= 0);
    int rc = form_validate(f, i, value, lang, "2026-03-10", NULL, 0, msg, sizeof msg);
    if (rc != -1 || !strstr(msg, want))
        fail_msg("%s = \"%s\": rc %d \"%s\", want \"%s\"", field, value, rc, msg, want);
}

static void expect_good(const form *f, const char *field, const char *value, const char *want)
{
    char msg[256] = "", norm[FORM_VALUE_MAX];
    int i = form_find(f, field);
    assert_true(i >= 0);
    if (form_validate(f, i, value, "vi", "2026-03-10", norm, sizeof norm, msg, sizeof msg))
        fail_msg("%s = \"%s\" refused: %s", field, value, msg);
    if (strcmp(norm, want))
        fail_msg("%s = \"%s\" stored as \"%s\", want \"%s\"", field, value, norm, want);
}

static void test_validation(void **state)
{
    (void)state;
    catalog_error err = { { 0 } };
    form *f = form_load(cat, "1.001193", &err);
    assert_non_null(f);
    expect_bad(f, "child.date_of_birth", "11/03/2026", "vi", "tương lai");
    expect_bad(f, "child.date_of_birth", "11/03/2026", "en", "future");
    expect_bad(f, "child.date_of_birth", "31/02/2025", "vi", "ngày/tháng/năm");
    expect_bad(f, "child.date_of_birth", "hôm qua", "vi", "ngày/tháng/năm");
    expect_good(f, "child.date_of_birth", "10/03/2026", "2026-03-10");
    expect_good(f, "child.date_of_birth", "2025-12-31", "2025-12-31");
    expect_good(f, "child.date_of_birth", "1-2-2026", "2026-02-01");
    expect_bad(f, "child.full_name", "Mai 2", "vi", "chữ cái");
    expect_bad(f, "child.full_name", "", "vi", "cần trả lời");
    expect_bad(f, "child.full_name", "A", "en", "too short");
    expect_good(f, "child.full_name", "  Nguyễn Thị Mai ", "Nguyễn Thị Mai");
    /* Decomposed input is stored in NFC. */
    expect_good(f, "child.full_name", "Nguye\xcc\x82\xcc\x83n Mai", "Nguyễn Mai");
    expect_bad(f, "applicant.id_number", "12345", "vi", "12 chữ số");
    expect_bad(f, "applicant.id_number", "00109901234X", "en", "12 digits");
    expect_good(f, "applicant.id_number", "0010 9901 2345", "001099012345");
    expect_bad(f, "applicant.phone", "12345", "vi", "10 chữ số");
    expect_good(f, "applicant.phone", "+84 912 345 678", "0912345678");
    expect_good(f, "applicant.phone", "0912.345.678", "0912345678");
    expect_bad(f, "child.sex", "khác", "vi", "Hãy chọn");
    expect_good(f, "child.sex", "NAM", "nam");
    expect_good(f, "child.sex", "Female", "nu");
    expect_bad(f, "father.known", "có lẽ", "vi", "Có hoặc Không");
    expect_good(f, "father.known", "khong", "no");
    form_free(f);
    f = form_load(cat, "2.000815", &err);
    assert_non_null(f);
    expect_bad(f, "pages", "0", "vi", "từ 1 đến 1000");
    expect_bad(f, "pages", "ba", "vi", "chữ số");
    expect_good(f, "pages", "12", "12");
    expect_bad(f, "copies", "51", "en", "from 1 to 50");
    form_free(f);
    f = form_load(cat, "1.004194", &err);
    assert_non_null(f);
    expect_bad(f, "from_date", "01/01/2025", "vi", "366");
    expect_good(f, "from_date", "01/04/2026", "2026-04-01");  /* a future start is allowed */
    form_free(f);
}

static void test_marriage_prefill(void **state)
{
    (void)state;
    catalog_error err = { { 0 } };
    form *f = form_load(cat, "1.000894", &err);
    assert_non_null(f);
    form_answers *a = form_answers_new(f);
    identity id = { 0 };
    identity_fill_demo(&id);
    assert_true(form_prefill(f, a, &id) >= 6);
    assert_string_equal(a->value[form_find(f, "party_a.sex")], "nam");     /* "Nam" on the card */
    assert_string_equal(a->value[form_find(f, "party_a.date_of_birth")], "1999-02-01");
    assert_false(a->set[form_find(f, "party_b.full_name")]);             /* the partner is not prefilled */
    identity_wipe(&id);
    form_answers_free(a);
    form_free(f);
}

static void expect_parse_error(const char *json, const char *want)
{
    catalog_error err = { { 0 } };
    form *f = form_parse(json, strlen(json), "t.json", &err);
    if (f || !strstr(err.msg, want)) {
        form_free(f);
        fail_msg("got \"%s\", want \"%s\"", err.msg, want);
    }
}

#define HEAD "{\"id\":\"1.001193\",\"procedure\":\"1.001193\",\"title\":{\"vi\":\"a\",\"en\":\"b\"},\"fields\":["
#define Q ",\"question\":{\"vi\":\"a\",\"en\":\"b\"}"

static void test_parse_errors(void **state)
{
    (void)state;
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"text\"" Q ",\"prefill\":\"shoe_size\"}]}",
                       "t.json: fields[x].prefill: \"shoe_size\" is not an identity field");
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"choice\"" Q ",\"options\":[]}]}",
                       "fields[x].options: a choice needs 2 to");
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"text\"" Q ",\"show_if\":{\"field\":\"y\",\"equals\":\"1\"}}]}",
                       "fields[x].show_if.field: \"y\" is not another field");
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"text\"" Q "},{\"id\":\"x\",\"type\":\"text\"" Q "}]}",
                       "\"x\" is used twice");
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"text\",\"question\":{\"vi\":\"a\"}}]}",
                       "fields[x].question.en: missing");
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"text\"" Q ",\"pattern\":\"(\",\"pattern_hint\":{\"vi\":\"a\",\"en\":\"b\"}}]}",
                       "not a valid POSIX extended regular expression");
    expect_parse_error(HEAD "{\"id\":\"x\",\"type\":\"text\"" Q ",\"requird\":true}]}",
                       "fields[0].requird: unknown member");
    expect_parse_error(HEAD "]}", "fields: missing");
    expect_parse_error("[1]", "a form must be a JSON object");
    /* A pattern is enforced with its hint as the message. */
    const char *ok = HEAD "{\"id\":\"plate\",\"type\":\"text\"" Q ",\"pattern\":\"[0-9]{2}[A-Z]-[0-9]{4,5}\","
                     "\"pattern_hint\":{\"vi\":\"Biển số như 29A-12345\",\"en\":\"A plate like 29A-12345\"}}]}";
    catalog_error err;
    form *f = form_parse(ok, strlen(ok), "t.json", &err);
    assert_non_null(f);
    char msg[128];
    assert_int_equal(form_validate(f, 0, "29A-12345", "vi", NULL, NULL, 0, msg, sizeof msg), 0);
    assert_int_equal(form_validate(f, 0, "29A12345", "en", NULL, NULL, 0, msg, sizeof msg), -1);
    assert_string_equal(msg, "A plate like 29A-12345");
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_forms_load),
        cmocka_unit_test(test_birth_flow),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_marriage_prefill),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
