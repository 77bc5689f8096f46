/* test_catalog: the catalog sources compile, agree with the published
 * procedure table (tests/data/catalog/reference_facts.tsv, copied from it),
 * and malformed records are refused with a message naming file and member,
 * by the parser, by the whole-folder check and by an import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog.h"
#include "catalog_build.h"

#define SRC KIOSK_SOURCE_DIR "/assets/catalog"
#define FORMS KIOSK_SOURCE_DIR "/assets/forms"
#define BAD KIOSK_SOURCE_DIR "/tests/data/catalog/bad"

static char tmpdir[64];
static catalog *cat;
static catalog_procedure proc;

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *buf = slurp(from, &len);
    assert_non_null(buf);
    FILE *fp = fopen(to, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, len, fp), len);
    fclose(fp);
    free(buf);
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/test_catalog_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    char db[128];
    snprintf(db, sizeof db, "%s/catalog.db", tmpdir);
    catalog_error err = { { 0 } };
    int n = catalog_build_compile(SRC, FORMS, db, &err);
    if (n < 0)
        fail_msg("compile: %s", err.msg);
    cat = catalog_open(db, &err);
    if (!cat)
        fail_msg("%s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    catalog_close(cat);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_compiled(void **state)
{
    (void)state;
    assert_true(catalog_count(cat) >= 60);
    catalog_field f[CATALOG_MAX_FIELDS];
    int n = catalog_fields(cat, "vi", f, CATALOG_MAX_FIELDS);
    assert_true(n >= 5);
    int total = 0;
    for (int i = 0; i < n; i++) {
        assert_true(f[i].pictogram[0] != '\0');
        total += f[i].procedure_count;
    }
    assert_int_equal(total, catalog_count(cat));
    char codes[64][CATALOG_CODE_MAX];
    int k = catalog_list_field(cat, "ho_tich", codes, 64);
    assert_true(k >= 20);
    for (int i = 0; i < k; i++) {
        assert_int_equal(catalog_get(cat, codes[i], "vi", &proc, NULL), 0);
        assert_string_equal(proc.field, "ho_tich");
        assert_string_equal(proc.field_name, "Hộ tịch");
    }
    workdays_calendar cal;
    workdays_calendar_init(&cal);
    assert_true(catalog_load_holidays(cat, &cal) >= 8);
}

static void test_get(void **state)
{
    (void)state;
    catalog_error err = { { 0 } };
    assert_int_equal(catalog_get(cat, "2.000815.000.00.00.H55", "en", &proc, &err), 0);
    assert_string_equal(proc.code, "2.000815");
    assert_string_equal(proc.field_name, "Certification");
    assert_non_null(strstr(proc.summary, "original"));      /* the English summary */
    assert_int_equal(proc.channels[0].fee.type, FEES_PER_PAGE);
    assert_int_equal(catalog_get(cat, "1.999999", "vi", &proc, &err), 1);
    assert_int_equal(catalog_get(cat, "hello", "vi", &proc, &err), 1);
    assert_int_equal(catalog_get(cat, "1.001193", "km", &proc, &err), 0);   /* falls back to vi */
    assert_string_equal(proc.summary, proc.summary_vi);
    assert_string_equal(proc.result_code, "KQ.G15.000031");
    assert_int_equal(proc.channels[0].time.cutoff_minutes, 900);
    assert_int_equal(proc.channels[0].time.value, 0);
    int has_form = 0;
    for (int i = 0; i < proc.document_count; i++)
        has_form |= !strcmp(proc.documents[i].form, "1.001193");
    assert_true(has_form);
    char *form = catalog_form_json(cat, "1.001193");
    assert_non_null(form);
    free(form);
}

static const catalog_channel *channel(const catalog_procedure *p, const char *name)
{
    catalog_channel_kind k = !strcmp(name, "online") ? CATALOG_CHANNEL_ONLINE
                           : !strcmp(name, "post") ? CATALOG_CHANNEL_POST
                                                   : CATALOG_CHANNEL_IN_PERSON;
    for (int i = 0; i < p->channel_count; i++)
        if (p->channels[i].kind == k)
            return &p->channels[i];
    return NULL;
}

static int unconfirmed(const catalog_procedure *p, const char *what)
{
    for (int i = 0; i < p->unconfirmed_count; i++)
        if (!strcmp(p->unconfirmed[i], what))
            return 1;
    return 0;
}

static void test_reference_facts(void **state)
{
    (void)state;
    FILE *fp = fopen(KIOSK_SOURCE_DIR "/tests/data/catalog/reference_facts.tsv", "r");
    assert_non_null(fp);
    char line[256];
    int rows = 0, seen_codes = 0;
    char last[16] = "";
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *cols[5];
        char *save = NULL, *tok = strtok_r(line, "\t", &save);
        int n = 0;
        while (tok && n < 5) {
            cols[n++] = tok;
            tok = strtok_r(NULL, "\t", &save);
        }
        assert_int_equal(n, 5);
        const char *code = cols[0], *ch = cols[1], *time = cols[2], *fee = cols[3], *rc = cols[4];
        char tval[16] = "-", tunit[32] = "";
        if (strcmp(time, "-"))
            assert_int_equal(sscanf(time, "%15s %31s", tval, tunit), 2);
        rows++;
        if (strcmp(last, code)) {
            seen_codes++;
            strcpy(last, code);
        }
        if (catalog_get(cat, code, "vi", &proc, NULL) != 0)
            fail_msg("%s is in the published table but not in the catalog", code);
        const catalog_channel *c = channel(&proc, ch);
        if (!c)
            fail_msg("%s: no %s channel", code, ch);
        if (strcmp(tval, "-")) {
            workdays_unit u = !strcmp(tunit, "working_days") ? WORKDAYS_UNIT_WORKING_DAYS
                            : !strcmp(tunit, "days") ? WORKDAYS_UNIT_DAYS : WORKDAYS_UNIT_HOURS;
            if (c->time.unit != u || c->time.value != atoi(tval))
                fail_msg("%s: time %d/%d, published %s %s", code, c->time.value, c->time.unit,
                         tval, tunit);
        }
        if (!strcmp(fee, "free")) {
            /* Published "free"; a rule with exemptions (free for those who qualify) is
             * what the procedure text says for 1.000656. */
            if (c->fee.type != FEES_FREE && !(c->fee.exemption_count > 0))
                fail_msg("%s: published free, catalog type %d", code, c->fee.type);
        } else if (strcmp(fee, "-")) {
            long want = atol(fee);
            long got = c->fee.type == FEES_FIXED ? c->fee.amount
                     : c->fee.type == FEES_PER_PAGE ? c->fee.tiers[0].amount : -1;
            if (got != want)
                fail_msg("%s %s: fee %ld, published %ld", code, ch, got, want);
        }
        if (strcmp(rc, "-") && !unconfirmed(&proc, "result") && strcmp(proc.result_code, rc))
            fail_msg("%s: result code %s, published %s", code, proc.result_code, rc);
    }
    fclose(fp);
    assert_int_equal(seen_codes, 62);
    assert_true(rows >= 62);
}

static void test_bad_records(void **state)
{
    (void)state;
    FILE *fp = fopen(BAD "/expected.tsv", "r");
    assert_non_null(fp);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *want = strchr(line, '\t');
        assert_non_null(want);
        *want++ = '\0';
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", BAD, line);
        char *json = slurp(path, &len);
        assert_non_null(json);
        catalog_error err = { { 0 } };
        int rc = catalog_parse_procedure(json, len, line, "vi", &proc, &err);
        free(json);
        if (rc != -1 || strncmp(err.msg, want, strlen(want)))
            fail_msg("%s: got \"%s\", want \"%s...\"", line, err.msg, want);
        /* The same file is refused by an import, and the database is unchanged. */
        char db[128];
        snprintf(db, sizeof db, "%s/catalog.db", tmpdir);
        int before = catalog_count(cat);
        catalog_error ierr = { { 0 } };
        assert_int_equal(catalog_build_import(db, path, &ierr), -1);
        assert_string_equal(ierr.msg, err.msg);
        catalog_error oerr;
        catalog *c2 = catalog_open(db, &oerr);
        assert_non_null(c2);
        assert_int_equal(catalog_count(c2), before);
        catalog_close(c2);
        n++;
    }
    fclose(fp);
    assert_true(n >= 10);
}

/* A catalog folder with one good record and one extra file, checked as a whole. */
static const char *side_name, *side_json;   /* replaces one side file when set */

static void check_folder(const char *extra_name, const char *extra_json, const char *form_name,
                         const char *form_json, const char *want)
{
    char dir[128], p[256];
    snprintf(dir, sizeof dir, "%s/src", tmpdir);
    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(p, sizeof p, "%s/procedures", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/forms", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    const char *side[] = { "fields.json", "synonyms.json", "holidays.json" };
    for (int i = 0; i < 3; i++) {
        char from[256];
        snprintf(from, sizeof from, "%s/%s", SRC, side[i]);
        snprintf(p, sizeof p, "%s/%s", dir, side[i]);
        if (side_name && !strcmp(side_name, side[i])) {
            FILE *fp = fopen(p, "w");
            assert_non_null(fp);
            fputs(side_json, fp);
            fclose(fp);
        } else {
            copy_file(from, p);
        }
    }
    snprintf(p, sizeof p, "%s/procedures/1.001193.json", dir);
    copy_file(SRC "/procedures/1.001193.json", p);
    snprintf(p, sizeof p, "%s/forms/1.001193.json", dir);
    copy_file(FORMS "/1.001193.json", p);
    if (extra_name) {
        snprintf(p, sizeof p, "%s/procedures/%s", dir, extra_name);
        FILE *fp = fopen(p, "w");
        assert_non_null(fp);
        fputs(extra_json, fp);
        fclose(fp);
    }
    if (form_name) {
        snprintf(p, sizeof p, "%s/forms/%s", dir, form_name);
        FILE *fp = fopen(p, "w");
        assert_non_null(fp);
        fputs(form_json, fp);
        fclose(fp);
    }
    catalog_error err = { { 0 } };
    char forms[160];
    snprintf(forms, sizeof forms, "%s/forms", dir);
    int rc = catalog_build_check(dir, forms, &err);
    if (!want) {
        if (rc != 2 && rc != 1)
            fail_msg("good folder refused: %s", err.msg);
        return;
    }
    if (rc != -1 || !strstr(err.msg, want))
        fail_msg("got %d \"%s\", want \"%s\"", rc, err.msg, want);
    /* The compiler refuses the same way and leaves no database behind. */
    snprintf(p, sizeof p, "%s/out.db", tmpdir);
    assert_int_equal(catalog_build_compile(dir, forms, p, &err), -1);
    assert_int_not_equal(access(p, F_OK), 0);
}

#define MINI(code, field, form)                                                                \
    "{\"code\":\"" code "\",\"name\":\"Thủ tục thử\",\"summary\":{\"vi\":\"Thử\",\"en\":\"Test\"},"\
    "\"field\":\"" field "\",\"levels\":[\"commune\"],\"channels\":[{\"channel\":\"in_person\","  \
    "\"time\":{\"value\":1,\"unit\":\"working_days\"},\"fee\":{\"type\":\"free\"}}],"            \
    "\"documents\":[{\"name\":{\"vi\":\"Tờ khai\"},\"count\":{\"vi\":\"1 bản\"},\"quantity\":1,"   \
    "\"kind\":\"original\"" form "}],\"steps\":[],\"result\":{\"name\":{\"vi\":\"Kết quả\"}}}"

static void test_folder_checks(void **state)
{
    (void)state;
    check_folder("1.999999.json", MINI("1.999999", "ho_tich", ""), NULL, NULL, NULL);
    check_folder("1.999999.json", MINI("1.999999", "khong_co", ""), NULL, NULL,
                 "1.999999.json: field: \"khong_co\" is not in fields.json");
    check_folder("1.999999.json", MINI("1.999999", "ho_tich", ",\"form\":\"1.999999\""), NULL,
                 NULL, "1.999999.json: documents[0].form: \"1.999999\" has no form file");
    check_folder("1.999998.json", MINI("1.999999", "ho_tich", ""), NULL, NULL,
                 "1.999998.json: code: \"1.999999\" does not match the file name");
    check_folder(NULL, NULL, "1.001193.json",
                 "{\"id\":\"1.001193\",\"procedure\":\"1.001193\",\"title\":{\"vi\":\"a\",\"en\":\"b\"},"
                 "\"fields\":[{\"id\":\"x\",\"type\":\"colour\",\"question\":{\"vi\":\"a\",\"en\":\"b\"}}]}",
                 "forms/1.001193.json: fields[x].type: \"colour\" is not one of");
    check_folder(NULL, NULL, "1.000656.json",
                 "{\"id\":\"1.000656\",\"procedure\":\"1.000656\",\"title\":{\"vi\":\"a\",\"en\":\"b\"},"
                 "\"fields\":[{\"id\":\"x\",\"type\":\"text\",\"question\":{\"vi\":\"a\",\"en\":\"b\"}}]}",
                 "forms/1.000656.json: procedure: \"1.000656\" is not in the catalog");
}

static void check_side(const char *name, const char *json, const char *want)
{
    side_name = name;
    side_json = json;
    check_folder(NULL, NULL, NULL, NULL, want);
    side_name = side_json = NULL;
}

static void test_side_files(void **state)
{
    (void)state;
    check_side("holidays.json", "{\"holidays\":[{\"date\":\"2026-02-30\"}]}",
               "holidays.json: holidays[0].date: not a date as YYYY-MM-DD");
    check_side("holidays.json", "{\"days\":[]}", "holidays.json: holidays: missing");
    check_side("fields.json", "{\"fields\":[{\"id\":\"Ho Tich\"}]}",
               "fields.json: fields[0].id: missing or not a lower-case id");
    check_side("fields.json",
               "{\"fields\":[{\"id\":\"ho_tich\",\"name\":{\"vi\":\"a\",\"en\":\"b\"},"
               "\"pictogram\":\"family\",\"order\":1},{\"id\":\"ho_tich\",\"name\":{\"vi\":\"a\","
               "\"en\":\"b\"},\"pictogram\":\"family\",\"order\":2}]}",
               "fields.json: fields[1].id: \"ho_tich\" is listed twice");
    check_side("synonyms.json", "{\"synonyms\":[{\"phrase\":\"...\",\"means\":\"x\"}],\"stopwords\":[]}",
               "synonyms.json: synonyms[0]: give a non-empty");
    check_side("synonyms.json", "{\"synonyms\":[", "synonyms.json:1:");
}

static void test_import_good(void **state)
{
    (void)state;
    char db[128], path[160];
    snprintf(db, sizeof db, "%s/catalog.db", tmpdir);
    snprintf(path, sizeof path, "%s/1.999997.json", tmpdir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(MINI("1.999997", "ho_tich", ",\"form\":\"1.001193\""), fp);
    fclose(fp);
    catalog_error err = { { 0 } };
    int before = catalog_count(cat);
    if (catalog_build_import(db, path, &err))
        fail_msg("%s", err.msg);
    catalog *c2 = catalog_open(db, &err);
    assert_non_null(c2);
    assert_int_equal(catalog_count(c2), before + 1);
    assert_int_equal(catalog_get(c2, "1.999997", "vi", &proc, &err), 0);
    catalog_close(c2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compiled),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_reference_facts),
        cmocka_unit_test(test_bad_records),
        cmocka_unit_test(test_folder_checks),
        cmocka_unit_test(test_side_files),
        cmocka_unit_test(test_import_good),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
