/* form: parse forms, check answers, prefill from the ID card, serialise.
 *
 * Every check returns a message that tells the citizen what to type, in
 * their language, because the message is shown and spoken on the question's
 * screen. Values are trimmed and normalised to NFC before any check, so text
 * typed on a keyboard that sends decomposed Vietnamese compares equal. */
#include "form.h"

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <unictype.h>

#include "fold.h"
#include "i18n.h"
#include "text.h"

static const char *const IDENTITY_FIELDS[] = {
    "id_number", "old_id_number", "full_name", "date_of_birth", "sex", "nationality",
    "ethnicity", "religion", "place_of_origin", "place_of_residence", "date_of_issue",
    "father_name", "mother_name", "spouse_name", NULL
};

bool form_identity_field_known(const char *name)
{
    for (const char *const *p = IDENTITY_FIELDS; *p; p++)
        if (!strcmp(*p, name))
            return true;
    return false;
}

static const char *identity_value(const identity *id, const char *name)
{
    if (!strcmp(name, "id_number")) return id->id_number;
    if (!strcmp(name, "old_id_number")) return id->old_id_number;
    if (!strcmp(name, "full_name")) return id->full_name;
    if (!strcmp(name, "date_of_birth")) return id->date_of_birth;
    if (!strcmp(name, "sex")) return id->sex;
    if (!strcmp(name, "nationality")) return id->nationality;
    if (!strcmp(name, "ethnicity")) return id->ethnicity;
    if (!strcmp(name, "religion")) return id->religion;
    if (!strcmp(name, "place_of_origin")) return id->place_of_origin;
    if (!strcmp(name, "place_of_residence")) return id->place_of_residence;
    if (!strcmp(name, "date_of_issue")) return id->date_of_issue;
    if (!strcmp(name, "father_name")) return id->father_name;
    if (!strcmp(name, "mother_name")) return id->mother_name;
    if (!strcmp(name, "spouse_name")) return id->spouse_name;
    return NULL;
}

const char *form_type_name(form_type t)
{
    static const char *const names[] = { "text", "name", "date", "id_number", "phone",
                                         "choice", "group", "yesno", "number" };
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static int type_from_name(const char *s, form_type *t)
{
    for (int i = 0; i <= FORM_NUMBER; i++)
        if (s && !strcmp(s, form_type_name((form_type)i))) {
            *t = (form_type)i;
            return 0;
        }
    return -1;
}

/* ---- parsing ---------------------------------------------------------------------- */

typedef struct fctx {
    const char *name;
    catalog_error *err;
    form *f;
} fctx;

static int text_pair(fctx *c, const json_t *v, const char *path, char *vi, char *en, size_t size,
                     bool required)
{
    if (!v) {
        if (required)
            return catalog_errf(c->err, "%s: %s: missing; give {\"vi\": \"...\", \"en\": \"...\"}",
                                c->name, path);
        return 0;
    }
    const char *svi = json_string_value(json_object_get(v, "vi"));
    const char *sen = json_string_value(json_object_get(v, "en"));
    if (!json_is_object(v) || !svi || !*svi)
        return catalog_errf(c->err, "%s: %s.vi: missing; every text needs Vietnamese", c->name,
                            path);
    if (required && (!sen || !*sen))
        return catalog_errf(c->err, "%s: %s.en: missing; every question needs English too", c->name,
                            path);
    if (!text_copy(vi, size, svi) || !text_copy(en, size, sen ? sen : ""))
        return catalog_errf(c->err, "%s: %s: longer than %zu bytes; shorten it", c->name, path,
                            size - 1);
    return 0;
}

static int parse_field(fctx *c, const json_t *j, int parent, const char *prefix, int depth);

static int check_field_keys(fctx *c, const json_t *j, const char *path)
{
    static const char *const keys[] = { "id", "type", "question", "label", "hint", "required",
                                        "min_length", "max_length", "pattern", "pattern_hint",
                                        "min", "max", "not_future", "not_past", "max_age_days",
                                        "prefill", "options", "fields", "show_if", "pictogram",
                                        NULL };
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)j, key, v) {
        int ok = 0;
        for (const char *const *k = keys; *k; k++)
            if (!strcmp(*k, key))
                ok = 1;
        if (!ok)
            return catalog_errf(c->err,
                                "%s: %s.%s: unknown member (check the spelling; see "
                                "assets/forms/form.schema.json)",
                                c->name, path, key);
    }
    return 0;
}

static int get_int(fctx *c, const json_t *j, const char *key, const char *path, long lo, long hi,
                   long *out)
{
    const json_t *v = json_object_get(j, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return catalog_errf(c->err, "%s: %s.%s: must be a whole number %ld..%ld", c->name, path,
                            key, lo, hi);
    *out = (long)json_integer_value(v);
    return 0;
}

static int get_bool(fctx *c, const json_t *j, const char *key, const char *path, bool *out)
{
    const json_t *v = json_object_get(j, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return catalog_errf(c->err, "%s: %s.%s: must be true or false", c->name, path, key);
    *out = json_is_true(v);
    return 0;
}

static int parse_field(fctx *c, const json_t *j, int parent, const char *prefix, int depth)
{
    form *f = c->f;
    char path[128];
    snprintf(path, sizeof path, "fields[%d]", f->field_count);
    if (!json_is_object(j))
        return catalog_errf(c->err, "%s: %s: must be an object", c->name, path);
    if (f->field_count >= FORM_MAX_FIELDS)
        return catalog_errf(c->err, "%s: fields: more than %d fields in all; split the form",
                            c->name, FORM_MAX_FIELDS);
    if (check_field_keys(c, j, path))
        return -1;
    const char *id = json_string_value(json_object_get(j, "id"));
    if (!id || !*id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(id) ||
        strlen(id) > 30)
        return catalog_errf(c->err,
                            "%s: %s.id: missing or not an id (lower-case letters, digits, _)",
                            c->name, path);
    int idx = f->field_count++;
    form_field *fd = &f->fields[idx];
    memset(fd, 0, sizeof *fd);
    fd->parent = parent;
    snprintf(fd->id, sizeof fd->id, "%s%s%s", prefix, *prefix ? "." : "", id);
    snprintf(path, sizeof path, "fields[%s]", fd->id);
    for (int k = 0; k < idx; k++)
        if (!strcmp(f->fields[k].id, fd->id))
            return catalog_errf(c->err, "%s: %s.id: \"%s\" is used twice", c->name, path, fd->id);
    const char *type = json_string_value(json_object_get(j, "type"));
    if (type_from_name(type, &fd->type))
        return catalog_errf(c->err,
                            "%s: %s.type: \"%s\" is not one of text, name, date, id_number, phone, "
                            "choice, group, yesno, number",
                            c->name, path, type ? type : "(missing)");
    char p2[160];
    if (fd->type == FORM_GROUP) {
        snprintf(p2, sizeof p2, "%s.label", path);
        if (text_pair(c, json_object_get(j, "label"), p2, fd->question_vi, fd->question_en,
                      sizeof fd->question_vi, true))
            return -1;
        if (depth > 0)
            return catalog_errf(c->err, "%s: %s: groups cannot hold groups", c->name, path);
        const json_t *sub = json_object_get(j, "fields");
        if (!json_is_array(sub) || json_array_size(sub) == 0)
            return catalog_errf(c->err, "%s: %s.fields: a group needs its sub-fields", c->name,
                                path);
        size_t i;
        const json_t *s;
        json_array_foreach(sub, i, s)
            if (parse_field(c, s, idx, fd->id, depth + 1))
                return -1;
    } else {
        snprintf(p2, sizeof p2, "%s.question", path);
        if (text_pair(c, json_object_get(j, "question"), p2, fd->question_vi, fd->question_en,
                      sizeof fd->question_vi, true))
            return -1;
        if (json_object_get(j, "fields"))
            return catalog_errf(c->err, "%s: %s.fields: only a group has sub-fields", c->name,
                                path);
    }
    snprintf(p2, sizeof p2, "%s.hint", path);
    if (text_pair(c, json_object_get(j, "hint"), p2, fd->hint_vi, fd->hint_en, sizeof fd->hint_vi,
                  false))
        return -1;
    if (get_bool(c, j, "required", path, &fd->required) ||
        get_bool(c, j, "not_future", path, &fd->not_future) ||
        get_bool(c, j, "not_past", path, &fd->not_past))
        return -1;
    long v = 0;
    if (get_int(c, j, "min_length", path, 0, FORM_VALUE_MAX - 1, &v))
        return -1;
    fd->min_length = (int)v;
    v = 0;
    if (get_int(c, j, "max_length", path, 0, FORM_VALUE_MAX - 1, &v))
        return -1;
    fd->max_length = (int)v;
    if (fd->max_length && fd->min_length > fd->max_length)
        return catalog_errf(c->err, "%s: %s.min_length: larger than max_length", c->name, path);
    v = 0;
    if (get_int(c, j, "max_age_days", path, 0, 100000, &v))
        return -1;
    fd->max_age_days = (int)v;
    if (json_object_get(j, "min") || json_object_get(j, "max")) {
        fd->min = -1000000000L;
        fd->max = 1000000000L;
        if (get_int(c, j, "min", path, -1000000000L, 1000000000L, &fd->min) ||
            get_int(c, j, "max", path, -1000000000L, 1000000000L, &fd->max))
            return -1;
        if (fd->min > fd->max)
            return catalog_errf(c->err, "%s: %s.min: larger than max", c->name, path);
        if (fd->type != FORM_NUMBER)
            return catalog_errf(c->err, "%s: %s.min: only a number field has a range", c->name,
                                path);
        fd->has_range = true;
    }
    const json_t *pat = json_object_get(j, "pattern");
    if (pat) {
        if (!json_is_string(pat) || !text_copy(fd->pattern, sizeof fd->pattern, json_string_value(pat)))
            return catalog_errf(c->err,
                                "%s: %s.pattern: must be a regular expression under 128 bytes",
                                c->name, path);
        char anchored[160];
        snprintf(anchored, sizeof anchored, "^(%s)$", fd->pattern);
        regex_t re;
        if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0)
            return catalog_errf(c->err,
                                "%s: %s.pattern: not a valid POSIX extended regular expression",
                                c->name, path);
        regfree(&re);
        snprintf(p2, sizeof p2, "%s.pattern_hint", path);
        if (text_pair(c, json_object_get(j, "pattern_hint"), p2, fd->pattern_hint_vi,
                      fd->pattern_hint_en, sizeof fd->pattern_hint_vi, true))
            return -1;
    }
    const json_t *pre = json_object_get(j, "prefill");
    if (pre) {
        const char *ps = json_string_value(pre);
        if (!ps || !form_identity_field_known(ps))
            return catalog_errf(c->err,
                                "%s: %s.prefill: \"%s\" is not an identity field (id_number, "
                                "full_name, date_of_birth, sex, place_of_residence, ...)",
                                c->name, path, ps ? ps : "?");
        strcpy(fd->prefill, ps);
    }
    const json_t *pict = json_object_get(j, "pictogram");
    if (pict && (!json_is_string(pict) ||
                 !text_copy(fd->pictogram, sizeof fd->pictogram, json_string_value(pict))))
        return catalog_errf(c->err, "%s: %s.pictogram: must be an icon id under 32 bytes", c->name,
                            path);
    const json_t *opts = json_object_get(j, "options");
    if (fd->type == FORM_CHOICE) {
        if (!json_is_array(opts) || json_array_size(opts) < 2 ||
            json_array_size(opts) > FORM_MAX_OPTIONS)
            return catalog_errf(c->err, "%s: %s.options: a choice needs 2 to %d options", c->name,
                                path, FORM_MAX_OPTIONS);
        size_t i;
        const json_t *o;
        json_array_foreach(opts, i, o) {
            form_option *op = &fd->options[fd->option_count++];
            const char *val = json_string_value(json_object_get(o, "value"));
            snprintf(p2, sizeof p2, "%s.options[%zu]", path, i);
            if (!val || !*val || !text_copy(op->value, sizeof op->value, val))
                return catalog_errf(c->err, "%s: %s.value: missing or too long", c->name, p2);
            for (int k = 0; k + 1 < fd->option_count; k++)
                if (!strcmp(fd->options[k].value, val))
                    return catalog_errf(c->err, "%s: %s.value: \"%s\" is used twice", c->name, p2,
                                        val);
            char p3[200];
            snprintf(p3, sizeof p3, "%s.label", p2);
            if (text_pair(c, json_object_get(o, "label"), p3, op->label_vi, op->label_en,
                          sizeof op->label_vi, true))
                return -1;
        }
    } else if (opts) {
        return catalog_errf(c->err, "%s: %s.options: only a choice has options", c->name, path);
    }
    const json_t *si = json_object_get(j, "show_if");
    if (si) {
        const char *sf = json_string_value(json_object_get(si, "field"));
        const char *sv = json_string_value(json_object_get(si, "equals"));
        if (!sf || !sv || !text_copy(fd->show_if_field, sizeof fd->show_if_field, sf) ||
            !text_copy(fd->show_if_value, sizeof fd->show_if_value, sv))
            return catalog_errf(
                c->err, "%s: %s.show_if: give {\"field\": \"path.id\", \"equals\": \"value\"}",
                c->name, path);
    }
    return 0;
}

form *form_parse(const char *json, size_t len, const char *name, catalog_error *err)
{
    fctx c = { name ? name : "form", err, NULL };
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        catalog_errf(err, "%s:%d:%d: not valid JSON: %s", c.name, je.line, je.column, je.text);
        return NULL;
    }
    form *f = calloc(1, sizeof *f);
    if (!f) {
        json_decref(root);
        catalog_errf(err, "out of memory");
        return NULL;
    }
    c.f = f;
    int rc = -1;
    static const char *const keys[] = { "id", "procedure", "title", "fields", NULL };
    if (!json_is_object(root)) {
        catalog_errf(err, "%s: a form must be a JSON object", c.name);
        goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        int ok = 0;
        for (const char *const *k = keys; *k; k++)
            if (!strcmp(*k, key))
                ok = 1;
        if (!ok) {
            catalog_errf(err, "%s: %s: unknown member (check the spelling)", c.name, key);
            goto out;
        }
    }
    const char *id = json_string_value(json_object_get(root, "id"));
    const char *proc = json_string_value(json_object_get(root, "procedure"));
    if (!catalog_code_valid(id)) {
        catalog_errf(err, "%s: id: must be the form id, a procedure code such as \"1.001193\"",
                     c.name);
        goto out;
    }
    if (!catalog_code_valid(proc)) {
        catalog_errf(err, "%s: procedure: must be the procedure code such as \"1.001193\"", c.name);
        goto out;
    }
    strcpy(f->id, id);
    strcpy(f->procedure, proc);
    if (text_pair(&c, json_object_get(root, "title"), "title", f->title_vi, f->title_en,
                  sizeof f->title_vi, true))
        goto out;
    const json_t *fields = json_object_get(root, "fields");
    if (!json_is_array(fields) || json_array_size(fields) == 0) {
        catalog_errf(err, "%s: fields: missing; a form asks at least one question", c.name);
        goto out;
    }
    size_t i;
    const json_t *fj;
    json_array_foreach(fields, i, fj)
        if (parse_field(&c, fj, -1, "", 0))
            goto out;
    for (int k = 0; k < f->field_count; k++) {
        const form_field *fd = &f->fields[k];
        if (!fd->show_if_field[0])
            continue;
        int t = form_find(f, fd->show_if_field);
        if (t < 0 || t == k) {
            catalog_errf(err,
                         "%s: fields[%s].show_if.field: \"%s\" is not another field of this form",
                         c.name, fd->id, fd->show_if_field);
            goto out;
        }
    }
    rc = 0;
out:
    json_decref(root);
    if (rc) {
        free(f);
        return NULL;
    }
    return f;
}

form *form_load(catalog *cat, const char *id, catalog_error *err)
{
    char *json = catalog_form_json(cat, id);
    if (!json) {
        catalog_errf(err,
                     "form %s: not in the catalog; rebuild catalog.db with assets/forms/%s.json",
                     id, id);
        return NULL;
    }
    form *f = form_parse(json, strlen(json), id, err);
    free(json);
    return f;
}

void form_free(form *f)
{
    free(f);
}

int form_find(const form *f, const char *id)
{
    for (int i = 0; i < f->field_count; i++)
        if (!strcmp(f->fields[i].id, id))
            return i;
    return -1;
}

form_answers *form_answers_new(const form *f)
{
    form_answers *a = calloc(1, sizeof *a);
    if (a)
        a->count = f->field_count;
    return a;
}

void form_answers_free(form_answers *a)
{
    if (!a)
        return;
    explicit_bzero(a, sizeof *a);
    free(a);
}

static bool shown(const form *f, const form_answers *a, int i)
{
    const form_field *fd = &f->fields[i];
    if (fd->parent >= 0 && !shown(f, a, fd->parent))
        return false;
    if (!fd->show_if_field[0])
        return true;
    int t = form_find(f, fd->show_if_field);
    return t >= 0 && a->set[t] && !strcmp(a->value[t], fd->show_if_value);
}

int form_next(const form *f, const form_answers *a, int after)
{
    for (int i = after + 1; i < f->field_count; i++)
        if (f->fields[i].type != FORM_GROUP && shown(f, a, i))
            return i;
    return -1;
}

int form_first_missing(const form *f, const form_answers *a)
{
    for (int i = 0; i < f->field_count; i++)
        if (f->fields[i].type != FORM_GROUP && f->fields[i].required && !a->set[i] &&
            shown(f, a, i))
            return i;
    return -1;
}

/* ---- checking answers ------------------------------------------------------------- */

const char *form_text(const char *lang, const char *vi, const char *en)
{
    return i18n_pvi_en(lang, "form", vi, en);
}

/* The message, in lang: English and Vietnamese from here, other languages
 * from their catalog-<lang>.po (context "form", extracted from these calls by
 * scripts/po-update.sh; msgfmt --check keeps their placeholders the same). */
static int say(char *msg, size_t n, const char *lang, const char *vi, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    if (msg && n)
        vsnprintf(msg, n, form_text(lang, vi, en), ap);
    va_end(ap);
    return -1;
}

static int parse_user_date(const char *s, int *y, int *m, int *d)
{
    if (workdays_parse_date(s, y, m, d) == 0)
        return 0;
    int a, b, c;
    char s1, s2, tail;
    if (sscanf(s, "%d%c%d%c%d%c", &a, &s1, &b, &s2, &c, &tail) != 5)
        return -1;
    if ((s1 != '/' && s1 != '-' && s1 != '.') || s2 != s1 || c < 1900 || c > 2200)
        return -1;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", c, b, a);
    return workdays_parse_date(iso, y, m, d);
}

static void today_iso(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    snprintf(out, 11, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The check itself; v and out are the caller's scratch buffers (wiped there, on
 * every path, because they hold the citizen's answer). */
static int validate(const form *f, int i, const char *value, const char *lang, const char *today,
                    char *norm, size_t normsize, char *msg, size_t msgsize,
                    char v[FORM_VALUE_MAX * 2], char out[FORM_VALUE_MAX])
{
    if (i < 0 || i >= f->field_count || !value)
        return say(msg, msgsize, lang, "Không có câu hỏi này.", "There is no such question.");
    const form_field *fd = &f->fields[i];
    size_t len = strlen(value);
    while (len && isspace((unsigned char)value[len - 1]))
        len--;
    while (len && isspace((unsigned char)*value)) {
        value++;
        len--;
    }
    if (len >= FORM_VALUE_MAX)
        return say(msg, msgsize, lang, "Câu trả lời quá dài: tối đa %d ký tự.",
                   "The answer is too long: at most %d characters.", FORM_VALUE_MAX - 1);
    if (!text_utf8_valid(value, len) || text_to_nfc(value, len, v, FORM_VALUE_MAX * 2))
        return say(msg, msgsize, lang, "Có ký tự không đọc được. Hãy xóa và nhập lại.",
                   "Some characters could not be read. Clear the answer and type it again.");
    if (strlen(v) >= FORM_VALUE_MAX)
        return say(msg, msgsize, lang, "Câu trả lời quá dài.", "The answer is too long.");
    if (!*v) {
        if (fd->required)
            return say(msg, msgsize, lang, "Câu hỏi này cần trả lời. %s",
                       "This question needs an answer. %s",
                       form_text(lang, fd->hint_vi, fd->hint_en));
        if (norm && normsize)
            norm[0] = '\0';
        return 0;
    }
    size_t chars = text_utf8_length(v);
    text_copy(out, FORM_VALUE_MAX, v);
    switch (fd->type) {
    case FORM_NAME: {
        size_t p = 0;
        while (v[p]) {
            uint32_t cp;
            size_t n = text_utf8_decode(v + p, strlen(v + p), &cp);
            if (!n)
                break;
            if (!(uc_is_alpha(cp) || cp == ' ' || cp == '\'' || cp == '-' ||
                  uc_is_general_category(cp, UC_CATEGORY_M)))
                return say(msg, msgsize, lang,
                           "Tên chỉ gồm chữ cái và dấu cách, không có số hay ký hiệu. Ví dụ: Lê Thị Hoa.",
                           "A name has only letters and spaces, no digits or symbols. Example: Lê Thị Hoa.");
            p += n;
        }
        if (chars < 2)
            return say(msg, msgsize, lang, "Tên quá ngắn. Hãy nhập đầy đủ họ, chữ đệm và tên.",
                       "The name is too short. Type the full name.");
        break;
    }
    case FORM_DATE: {
        int y, m, d, ty, tm, td;
        if (parse_user_date(v, &y, &m, &d))
            return say(msg, msgsize, lang, "Ngày chưa đúng. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2025.",
                       "That is not a date. Type day/month/year, for example 05/03/2025.");
        char t[11];
        if (!today) {
            today_iso(t);
            today = t;
        }
        if (workdays_parse_date(today, &ty, &tm, &td))
            return say(msg, msgsize, lang, "Đồng hồ của máy chưa đúng; hãy báo cán bộ.",
                       "The kiosk's clock is wrong; please tell a staff member.");
        long dn = workdays_day_number(y, m, d), tn = workdays_day_number(ty, tm, td);
        if (fd->not_future && dn > tn)
            return say(msg, msgsize, lang, "Ngày này ở tương lai. Hãy kiểm tra lại ngày, tháng, năm.",
                       "This date is in the future. Check the day, month and year.");
        if (fd->not_past && dn < tn)
            return say(msg, msgsize, lang, "Ngày này đã qua. Hãy chọn từ hôm nay trở đi.",
                       "This date has passed. Choose today or later.");
        if (fd->max_age_days && tn - dn > fd->max_age_days)
            return say(msg, msgsize, lang, "Ngày này đã quá %d ngày. Hãy kiểm tra lại, hoặc hỏi cán bộ.",
                       "This date is more than %d days ago. Check it, or ask a staff member.",
                       fd->max_age_days);
        snprintf(out, FORM_VALUE_MAX, "%04d-%02d-%02d", y, m, d);
        break;
    }
    case FORM_ID_NUMBER: {
        size_t o = 0;
        for (const char *p = v; *p; p++) {
            if (*p == ' ' || *p == '.' || *p == '-')
                continue;
            if (*p < '0' || *p > '9' || o >= 12) {
                o = 99;
                break;
            }
            out[o++] = *p;
        }
        if (o != 12)
            return say(msg, msgsize, lang, "Số định danh cá nhân gồm đúng 12 chữ số (in trên thẻ căn cước).",
                       "The personal ID number has exactly 12 digits (printed on the ID card).");
        out[o] = '\0';
        break;
    }
    case FORM_PHONE: {
        size_t o = 0;
        const char *p = v;
        if (p[0] == '+' && p[1] == '8' && p[2] == '4') {
            out[o++] = '0';
            p += 3;
        }
        for (; *p; p++) {
            if (*p == ' ' || *p == '.' || *p == '-')
                continue;
            if (*p < '0' || *p > '9' || o >= 11) {
                o = 99;
                break;
            }
            out[o++] = *p;
        }
        if (o < 10 || o > 11 || out[0] != '0')
            return say(msg, msgsize, lang, "Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0. Ví dụ: 0912345678.",
                       "A phone number has 10 digits and starts with 0. Example: 0912345678.");
        out[o] = '\0';
        break;
    }
    case FORM_CHOICE: {
        char fv[FORM_VALUE_MAX], fl[FORM_VALUE_MAX];
        fold_str(v, fv, sizeof fv);
        int hit = -1;
        for (int k = 0; k < fd->option_count && hit < 0; k++) {
            const form_option *op = &fd->options[k];
            if (!strcmp(v, op->value))
                hit = k;
            fold_str(op->label_vi, fl, sizeof fl);
            if (!strcmp(fv, fl))
                hit = k;
            fold_str(op->label_en, fl, sizeof fl);
            if (*fl && !strcmp(fv, fl))
                hit = k;
        }
        explicit_bzero(fv, sizeof fv);
        if (hit < 0)
            return say(msg, msgsize, lang, "Hãy chọn một trong các ô trên màn hình.",
                       "Choose one of the options on the screen.");
        text_copy(out, FORM_VALUE_MAX, fd->options[hit].value);
        break;
    }
    case FORM_YESNO: {
        char fv[32];
        fold_str(v, fv, sizeof fv);
        if (!strcmp(fv, "yes") || !strcmp(fv, "co") || !strcmp(fv, "y") || !strcmp(fv, "1"))
            strcpy(out, "yes");
        else if (!strcmp(fv, "no") || !strcmp(fv, "khong") || !strcmp(fv, "n") || !strcmp(fv, "0"))
            strcpy(out, "no");
        else
            return say(msg, msgsize, lang, "Hãy chọn Có hoặc Không.", "Choose Yes or No.");
        break;
    }
    case FORM_NUMBER: {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || end == v || strlen(v) > 10)
            return say(msg, msgsize, lang, "Hãy nhập một số, chỉ gồm chữ số.", "Type a number, digits only.");
        if (fd->has_range && (n < fd->min || n > fd->max))
            return say(msg, msgsize, lang, "Số phải từ %ld đến %ld.", "The number must be from %ld to %ld.",
                       fd->min, fd->max);
        snprintf(out, FORM_VALUE_MAX, "%ld", n);
        break;
    }
    case FORM_TEXT:
    case FORM_GROUP:
    default:
        break;
    }
    size_t outchars = text_utf8_length(out);
    if (fd->min_length && outchars < (size_t)fd->min_length)
        return say(msg, msgsize, lang, "Câu trả lời quá ngắn: cần ít nhất %d ký tự.",
                   "The answer is too short: at least %d characters.", fd->min_length);
    if (fd->max_length && outchars > (size_t)fd->max_length)
        return say(msg, msgsize, lang, "Câu trả lời quá dài: tối đa %d ký tự.",
                   "The answer is too long: at most %d characters.", fd->max_length);
    if (fd->pattern[0]) {
        char anchored[160];
        snprintf(anchored, sizeof anchored, "^(%s)$", fd->pattern);
        regex_t re;
        if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0)
            return say(msg, msgsize, lang, "Biểu mẫu bị lỗi; hãy báo cán bộ.",
                       "The form is broken; please tell a staff member.");
        int m = regexec(&re, out, 0, NULL, 0);
        regfree(&re);
        if (m != 0)
            return say(msg, msgsize, lang, "%s", "%s",
                       form_text(lang, fd->pattern_hint_vi, fd->pattern_hint_en));
    }
    if (norm && normsize)
        text_copy(norm, normsize, out);
    return 0;
}

int form_validate(const form *f, int i, const char *value, const char *lang, const char *today,
                  char *norm, size_t normsize, char *msg, size_t msgsize)
{
    char v[FORM_VALUE_MAX * 2], out[FORM_VALUE_MAX];
    int rc = validate(f, i, value, lang, today, norm, normsize, msg, msgsize, v, out);
    explicit_bzero(v, sizeof v);
    explicit_bzero(out, sizeof out);
    return rc;
}

int form_set_answer(const form *f, form_answers *a, int i, const char *value, const char *lang,
                    char *msg, size_t msgsize)
{
    char norm[FORM_VALUE_MAX];
    if (form_validate(f, i, value, lang, NULL, norm, sizeof norm, msg, msgsize))
        return -1;
    text_copy(a->value[i], sizeof a->value[i], norm);
    a->set[i] = norm[0] != '\0';
    a->prefilled[i] = false;
    explicit_bzero(norm, sizeof norm);
    return 0;
}

int form_prefill(const form *f, form_answers *a, const identity *id)
{
    int n = 0;
    for (int i = 0; i < f->field_count; i++) {
        const form_field *fd = &f->fields[i];
        if (!fd->prefill[0])
            continue;
        const char *v = identity_value(id, fd->prefill);
        if (!v || !*v)
            continue;
        char norm[FORM_VALUE_MAX];
        if (form_validate(f, i, v, "vi", NULL, norm, sizeof norm, NULL, 0) == 0 && norm[0]) {
            text_copy(a->value[i], sizeof a->value[i], norm);
            a->set[i] = true;
            a->prefilled[i] = true;
            n++;
        }
        explicit_bzero(norm, sizeof norm);
    }
    return n;
}

char *form_answers_json(const form *f, const form_answers *a)
{
    json_t *root = json_object();
    json_t *ans = json_object();
    json_object_set_new(root, "form", json_string(f->id));
    json_object_set_new(root, "procedure", json_string(f->procedure));
    for (int i = 0; i < f->field_count; i++) {
        const form_field *fd = &f->fields[i];
        if (fd->type == FORM_GROUP || !a->set[i] || !shown(f, a, i))
            continue;
        json_t *parent = ans;
        const char *leaf = fd->id;
        if (fd->parent >= 0) {
            const char *gid = f->fields[fd->parent].id;
            parent = json_object_get(ans, gid);
            if (!parent) {
                parent = json_object();
                json_object_set_new(ans, gid, parent);
            }
            leaf = fd->id + strlen(gid) + 1;
        }
        json_object_set_new(parent, leaf, json_string(a->value[i]));
    }
    json_object_set_new(root, "answers", ans);
    char *s = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(root);
    return s;
}
