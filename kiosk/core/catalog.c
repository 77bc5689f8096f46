/* catalog: parse procedure records and read them back from catalog.db.
 *
 * The same parser serves the build (validation of every source file), the
 * import of a new record by a technician, and the kiosk at run time (the
 * database keeps each record's JSON), so a record that reaches a citizen has
 * passed exactly the checks the build ran. Parsing is strict: unknown members
 * are errors, because a misspelt "unconfirmd" would otherwise silently hide
 * that a fee was never checked. */
#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "text.h"

struct catalog {
    sqlite3 *db;
    int count;
};

int catalog_errf(catalog_error *e, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

bool catalog_code_valid(const char *s)
{
    if (!s || strlen(s) != 8 || s[0] < '0' || s[0] > '9' || s[1] != '.')
        return false;
    for (int i = 2; i < 8; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int catalog_code_from_text(const char *text, char *out)
{
    if (!text)
        return -1;
    const char *p = strstr(text, "ma_thu_tuc=");
    p = p ? p + strlen("ma_thu_tuc=") : text;
    while (*p == ' ')
        p++;
    char code[9];
    if (strlen(p) < 8)
        return -1;
    memcpy(code, p, 8);
    code[8] = '\0';
    if (!catalog_code_valid(code))
        return -1;
    /* After the code: end, a separator, or the localised suffix ".000.00.00.H55". */
    char next = p[8];
    if (next && next != '&' && next != '.' && next != ' ' && next != '#' && next != '/')
        return -1;
    memcpy(out, code, 9);
    return 0;
}

/* ---- parsing ---------------------------------------------------------------------- */

typedef struct parse_ctx {
    const char *name;
    const char *lang;
    catalog_error *err;
} parse_ctx;

/* A member may be a string or a {"vi": ..., "en": ...} object; pick lang, else vi. */
static const char *pick_lang(const json_t *v, const char *lang)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (!json_is_object(v))
        return NULL;
    const char *s = lang ? json_string_value(json_object_get(v, lang)) : NULL;
    return s ? s : json_string_value(json_object_get(v, "vi"));
}

static int check_keys(parse_ctx *c, const json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(key, *a))
                ok = 1;
        if (!ok)
            return catalog_errf(c->err,
                                "%s: %s%s%s: unknown member (check the spelling; see "
                                "assets/catalog/schema/procedure.schema.json)",
                                c->name, path, *path ? "." : "", key);
    }
    return 0;
}

/* A localised text {"vi": "...", "en": "...", <lang>: ...}: vi required. */
static int check_text(parse_ctx *c, const json_t *v, const char *path, size_t max, bool required)
{
    if (!v) {
        if (required)
            return catalog_errf(c->err, "%s: %s: missing; give {\"vi\": \"...\", \"en\": \"...\"}",
                                c->name, path);
        return 0;
    }
    if (!json_is_object(v))
        return catalog_errf(c->err, "%s: %s: must be an object of texts by language code", c->name,
                            path);
    const char *key;
    json_t *s;
    json_object_foreach((json_t *)v, key, s) {
        size_t kl = strlen(key);
        bool code_ok = kl >= 2 && kl <= 3;
        for (size_t i = 0; i < kl; i++)
            if (key[i] < 'a' || key[i] > 'z')
                code_ok = false;
        if (!code_ok)
            return catalog_errf(
                c->err, "%s: %s.%s: not a language code (2-3 lower-case letters: vi, en, km)",
                c->name, path, key);
        if (!json_is_string(s) || json_string_length(s) == 0)
            return catalog_errf(c->err, "%s: %s.%s: must be a non-empty string", c->name, path,
                                key);
        if (json_string_length(s) >= max)
            return catalog_errf(c->err, "%s: %s.%s: longer than %zu bytes; shorten it", c->name,
                                path, key, max - 1);
    }
    if (!json_is_string(json_object_get(v, "vi")))
        return catalog_errf(c->err, "%s: %s.vi: missing; every text needs Vietnamese", c->name,
                            path);
    return 0;
}

static int copy_str(parse_ctx *c, char *dst, size_t size, const char *src, const char *path)
{
    if (!src)
        src = "";
    if (!text_copy(dst, size, src))
        return catalog_errf(c->err, "%s: %s: longer than %zu bytes; shorten it", c->name, path,
                            size - 1);
    return 0;
}

static int parse_time(parse_ctx *c, const json_t *t, const char *path, catalog_channel *ch)
{
    static const char *const keys[] = { "value", "unit", "cutoff", "note", NULL };
    char p[96];
    if (!json_is_object(t))
        return catalog_errf(c->err,
                            "%s: %s: missing; give {\"value\": 3, \"unit\": \"working_days\"}",
                            c->name, path);
    if (check_keys(c, t, path, keys))
        return -1;
    const char *unit = json_string_value(json_object_get(t, "unit"));
    workdays_rule *r = &ch->time;
    r->cutoff_minutes = -1;
    if (!unit)
        return catalog_errf(c->err,
                            "%s: %s.unit: missing; one of working_days, days, hours, unknown",
                            c->name, path);
    if (!strcmp(unit, "working_days"))
        r->unit = WORKDAYS_UNIT_WORKING_DAYS;
    else if (!strcmp(unit, "days"))
        r->unit = WORKDAYS_UNIT_DAYS;
    else if (!strcmp(unit, "hours"))
        r->unit = WORKDAYS_UNIT_HOURS;
    else if (!strcmp(unit, "unknown"))
        r->unit = WORKDAYS_UNIT_UNKNOWN;
    else
        return catalog_errf(c->err,
                            "%s: %s.unit: \"%s\" is not one of working_days, days, hours, unknown",
                            c->name, path, unit);
    const json_t *v = json_object_get(t, "value");
    if (r->unit == WORKDAYS_UNIT_UNKNOWN) {
        if (v)
            return catalog_errf(c->err, "%s: %s.value: an unknown time has no value", c->name,
                                path);
    } else {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 365)
            return catalog_errf(c->err, "%s: %s.value: must be a whole number 0..365", c->name,
                                path);
        r->value = (int)json_integer_value(v);
        if (r->value == 0 && r->unit != WORKDAYS_UNIT_WORKING_DAYS)
            return catalog_errf(c->err,
                                "%s: %s.value: 0 means \"same day\" and needs unit working_days",
                                c->name, path);
    }
    const json_t *cut = json_object_get(t, "cutoff");
    if (cut) {
        r->cutoff_minutes = workdays_parse_hhmm(json_string_value(cut));
        if (r->cutoff_minutes < 0)
            return catalog_errf(c->err, "%s: %s.cutoff: must be a time \"HH:MM\" such as \"15:00\"",
                                c->name, path);
        if (r->unit != WORKDAYS_UNIT_WORKING_DAYS)
            return catalog_errf(c->err, "%s: %s.cutoff: only working-day times have a cut-off",
                                c->name, path);
    }
    snprintf(p, sizeof p, "%s.note", path);
    const json_t *note = json_object_get(t, "note");
    if (check_text(c, note, p, sizeof ch->time_note, false))
        return -1;
    copy_str(c, ch->time_note, sizeof ch->time_note, pick_lang(note, c->lang), p);
    workdays_describe(r, c->lang, ch->time_text, sizeof ch->time_text);
    return 0;
}

static int parse_channels(parse_ctx *c, const json_t *arr, catalog_procedure *out)
{
    static const char *const keys[] = { "channel", "time", "fee", NULL };
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return catalog_errf(c->err, "%s: channels: missing; list at least the in_person channel",
                            c->name);
    if (json_array_size(arr) > CATALOG_MAX_CHANNELS)
        return catalog_errf(c->err, "%s: channels: at most %d (in_person, online, post)", c->name,
                            CATALOG_MAX_CHANNELS);
    size_t i;
    const json_t *ch;
    unsigned seen = 0;
    json_array_foreach(arr, i, ch) {
        char path[64];
        snprintf(path, sizeof path, "channels[%zu]", i);
        if (!json_is_object(ch))
            return catalog_errf(c->err, "%s: %s: must be an object", c->name, path);
        if (check_keys(c, ch, path, keys))
            return -1;
        catalog_channel *o = &out->channels[out->channel_count++];
        const char *kind = json_string_value(json_object_get(ch, "channel"));
        if (!kind)
            return catalog_errf(c->err, "%s: %s.channel: missing; one of in_person, online, post",
                                c->name, path);
        if (!strcmp(kind, "in_person"))
            o->kind = CATALOG_CHANNEL_IN_PERSON;
        else if (!strcmp(kind, "online"))
            o->kind = CATALOG_CHANNEL_ONLINE;
        else if (!strcmp(kind, "post"))
            o->kind = CATALOG_CHANNEL_POST;
        else
            return catalog_errf(c->err,
                                "%s: %s.channel: \"%s\" is not one of in_person, online, post",
                                c->name, path, kind);
        if (seen & (1u << o->kind))
            return catalog_errf(c->err, "%s: %s.channel: \"%s\" is listed twice", c->name, path,
                                kind);
        seen |= 1u << o->kind;
        char tp[80];
        snprintf(tp, sizeof tp, "%s.time", path);
        if (parse_time(c, json_object_get(ch, "time"), tp, o))
            return -1;
        char ferr[400];
        const json_t *fee = json_object_get(ch, "fee");
        if (!fee)
            return catalog_errf(c->err,
                                "%s: %s.fee: missing; use {\"type\": \"unknown\"} if not published",
                                c->name, path);
        if (fees_parse(fee, &o->fee, ferr, sizeof ferr))
            return catalog_errf(c->err, "%s: %s.%s", c->name, path, ferr);
        fees_describe(&o->fee, c->lang, o->fee_text, sizeof o->fee_text);
    }
    return 0;
}

static int parse_documents(parse_ctx *c, const json_t *arr, catalog_procedure *out)
{
    static const char *const keys[] = { "name", "count", "quantity", "kind", "form", NULL };
    if (!json_is_array(arr))
        return catalog_errf(c->err, "%s: documents: missing; list the dossier components", c->name);
    if (json_array_size(arr) > CATALOG_MAX_DOCUMENTS)
        return catalog_errf(c->err, "%s: documents: at most %d", c->name, CATALOG_MAX_DOCUMENTS);
    size_t i;
    const json_t *d;
    json_array_foreach(arr, i, d) {
        char path[64], p2[96];
        snprintf(path, sizeof path, "documents[%zu]", i);
        if (!json_is_object(d))
            return catalog_errf(c->err, "%s: %s: must be an object", c->name, path);
        if (check_keys(c, d, path, keys))
            return -1;
        catalog_document *o = &out->documents[out->document_count++];
        snprintf(p2, sizeof p2, "%s.name", path);
        if (check_text(c, json_object_get(d, "name"), p2, sizeof o->name, true) ||
            copy_str(c, o->name, sizeof o->name, pick_lang(json_object_get(d, "name"), c->lang), p2))
            return -1;
        snprintf(p2, sizeof p2, "%s.count", path);
        if (check_text(c, json_object_get(d, "count"), p2, sizeof o->count, true) ||
            copy_str(c, o->count, sizeof o->count, pick_lang(json_object_get(d, "count"), c->lang), p2))
            return -1;
        const json_t *q = json_object_get(d, "quantity");
        if (!json_is_integer(q) || json_integer_value(q) < 0 || json_integer_value(q) > 100)
            return catalog_errf(c->err, "%s: %s.quantity: must be a whole number 0..100", c->name,
                                path);
        o->quantity = (int)json_integer_value(q);
        const char *kind = json_string_value(json_object_get(d, "kind"));
        if (!kind || (strcmp(kind, "original") && strcmp(kind, "copy") &&
                      strcmp(kind, "certified_copy") && strcmp(kind, "shown")))
            return catalog_errf(c->err,
                                "%s: %s.kind: must be one of original, copy, certified_copy, shown",
                                c->name, path);
        strcpy(o->kind, kind);
        const json_t *form = json_object_get(d, "form");
        if (form) {
            if (!catalog_code_valid(json_string_value(form)))
                return catalog_errf(c->err,
                                    "%s: %s.form: must be a form id like \"1.001193\" "
                                    "(the file assets/forms/<id>.json)",
                                    c->name, path);
            strcpy(o->form, json_string_value(form));
        }
    }
    return 0;
}

static int parse_string_list(parse_ctx *c, const json_t *arr, const char *path, char *dst,
                             size_t item_size, int max, int *count, bool localised)
{
    if (!json_is_array(arr))
        return catalog_errf(c->err, "%s: %s: must be an array", c->name, path);
    if ((int)json_array_size(arr) > max)
        return catalog_errf(c->err, "%s: %s: at most %d entries", c->name, path, max);
    size_t i;
    const json_t *s;
    json_array_foreach(arr, i, s) {
        char p[64];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (localised) {
            if (check_text(c, s, p, item_size, true))
                return -1;
        } else if (!json_is_string(s) || json_string_length(s) == 0) {
            return catalog_errf(c->err, "%s: %s: must be a non-empty string", c->name, p);
        }
        if (copy_str(c, dst + (size_t)(*count) * item_size, item_size, pick_lang(s, c->lang), p))
            return -1;
        (*count)++;
    }
    return 0;
}

static const char *const UNCONFIRMABLE[] = { "name", "summary", "time", "fee", "documents",
                                             "steps", "conditions", "legal_basis", "result",
                                             "channels", NULL };

int catalog_parse_procedure(const char *json, size_t len, const char *name, const char *lang,
                            catalog_procedure *out, catalog_error *err)
{
    static const char *const keys[] = { "code", "name", "summary", "field", "levels", "decision",
                                        "keywords", "channels", "documents", "steps",
                                        "conditions", "legal_basis", "result", "unconfirmed",
                                        "notes", "search_weight", NULL };
    parse_ctx c = { name ? name : "record", lang ? lang : "vi", err };
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return catalog_errf(err, "%s:%d:%d: not valid JSON: %s", c.name, je.line, je.column,
                            je.text);
    int rc = -1;
    if (!json_is_object(root)) {
        catalog_errf(err, "%s: the record must be a JSON object", c.name);
        goto out;
    }
    if (check_keys(&c, root, "", keys))
        goto out;
    const char *code = json_string_value(json_object_get(root, "code"));
    if (!code) {
        catalog_errf(err, "%s: code: missing; the procedure code such as \"1.001193\"", c.name);
        goto out;
    }
    if (!catalog_code_valid(code)) {
        catalog_errf(err,
                     "%s: code: \"%.40s\" is not a procedure code (one digit, a dot, six digits: "
                     "1.001193)",
                     c.name, code);
        goto out;
    }
    strcpy(out->code, code);
    const json_t *nm = json_object_get(root, "name");
    if (!json_is_string(nm) || json_string_length(nm) < 3) {
        catalog_errf(err, "%s: name: missing; the official Vietnamese name", c.name);
        goto out;
    }
    if (copy_str(&c, out->name, sizeof out->name, json_string_value(nm), "name"))
        goto out;
    const json_t *sum = json_object_get(root, "summary");
    if (check_text(&c, sum, "summary", sizeof out->summary, true))
        goto out;
    if (!json_is_string(json_object_get(sum, "en"))) {
        catalog_errf(err, "%s: summary.en: missing; every summary needs English too", c.name);
        goto out;
    }
    copy_str(&c, out->summary, sizeof out->summary, pick_lang(sum, c.lang), "summary");
    copy_str(&c, out->summary_vi, sizeof out->summary_vi, pick_lang(sum, "vi"), "summary");
    const char *field = json_string_value(json_object_get(root, "field"));
    if (!field || !*field || strlen(field) >= sizeof out->field ||
        strspn(field, "abcdefghijklmnopqrstuvwxyz_") != strlen(field)) {
        catalog_errf(err,
                     "%s: field: missing or not a field id (lower-case id from fields.json, "
                     "such as \"ho_tich\")",
                     c.name);
        goto out;
    }
    strcpy(out->field, field);
    if (parse_string_list(&c, json_object_get(root, "levels"), "levels", &out->levels[0][0],
                          sizeof out->levels[0], CATALOG_MAX_LEVELS, &out->level_count, false))
        goto out;
    if (out->level_count == 0) {
        catalog_errf(err,
                     "%s: levels: list at least one level (commune, province, ministry, other)",
                     c.name);
        goto out;
    }
    for (int i = 0; i < out->level_count; i++) {
        const char *l = out->levels[i];
        if (strcmp(l, "commune") && strcmp(l, "province") && strcmp(l, "ministry") &&
            strcmp(l, "other")) {
            catalog_errf(err,
                         "%s: levels[%d]: \"%s\" is not one of commune, province, ministry, other",
                         c.name, i, l);
            goto out;
        }
    }
    const json_t *dec = json_object_get(root, "decision");
    if (dec && (!json_is_string(dec) ||
                copy_str(&c, out->decision, sizeof out->decision, json_string_value(dec), "decision"))) {
        if (!err || !strstr(err->msg, "longer"))
            catalog_errf(err, "%s: decision: must be a string such as \"163/QĐ-BTP\"", c.name);
        goto out;
    }
    const json_t *kw = json_object_get(root, "keywords");
    if (kw && parse_string_list(&c, kw, "keywords", &out->keywords[0][0], sizeof out->keywords[0],
                                CATALOG_MAX_KEYWORDS, &out->keyword_count, false))
        goto out;
    if (parse_channels(&c, json_object_get(root, "channels"), out))
        goto out;
    if (parse_documents(&c, json_object_get(root, "documents"), out))
        goto out;
    if (parse_string_list(&c, json_object_get(root, "steps"), "steps", &out->steps[0][0],
                          sizeof out->steps[0], CATALOG_MAX_STEPS, &out->step_count, true))
        goto out;
    const json_t *cond = json_object_get(root, "conditions");
    if (check_text(&c, cond, "conditions", sizeof out->conditions, false))
        goto out;
    copy_str(&c, out->conditions, sizeof out->conditions, pick_lang(cond, c.lang), "conditions");
    const json_t *lb = json_object_get(root, "legal_basis");
    if (lb && parse_string_list(&c, lb, "legal_basis", &out->legal_basis[0][0],
                                sizeof out->legal_basis[0], CATALOG_MAX_LEGAL, &out->legal_count,
                                false))
        goto out;
    const json_t *res = json_object_get(root, "result");
    static const char *const rkeys[] = { "name", "code", NULL };
    if (!json_is_object(res)) {
        catalog_errf(err,
                     "%s: result: missing; give {\"name\": {\"vi\": ...}, \"code\": \"KQ....\"}",
                     c.name);
        goto out;
    }
    if (check_keys(&c, res, "result", rkeys) ||
        check_text(&c, json_object_get(res, "name"), "result.name", sizeof out->result_name, true))
        goto out;
    copy_str(&c, out->result_name, sizeof out->result_name,
             pick_lang(json_object_get(res, "name"), c.lang), "result.name");
    const json_t *rc_j = json_object_get(res, "code");
    if (rc_j) {
        const char *rcs = json_string_value(rc_j);
        if (!rcs || strncmp(rcs, "KQ.G", 4) || strlen(rcs) >= sizeof out->result_code) {
            catalog_errf(err, "%s: result.code: must look like \"KQ.G15.000031\"", c.name);
            goto out;
        }
        strcpy(out->result_code, rcs);
    }
    const json_t *unc = json_object_get(root, "unconfirmed");
    if (unc) {
        if (parse_string_list(&c, unc, "unconfirmed", &out->unconfirmed[0][0],
                              sizeof out->unconfirmed[0], CATALOG_MAX_UNCONFIRMED,
                              &out->unconfirmed_count, false))
            goto out;
        for (int i = 0; i < out->unconfirmed_count; i++) {
            int ok = 0;
            for (const char *const *u = UNCONFIRMABLE; *u; u++)
                if (!strcmp(*u, out->unconfirmed[i]))
                    ok = 1;
            if (!ok) {
                catalog_errf(
                    err,
                    "%s: unconfirmed[%d]: \"%s\" is not a part of a record (name, summary, "
                    "time, fee, documents, steps, conditions, legal_basis, result, channels)",
                    c.name, i, out->unconfirmed[i]);
                goto out;
            }
        }
    }
    const json_t *sw = json_object_get(root, "search_weight");
    if (sw && (!json_is_integer(sw) || json_integer_value(sw) < 0 || json_integer_value(sw) > 9)) {
        catalog_errf(
            err, "%s: search_weight: must be a whole number 0..9 (how often citizens ask for it)",
            c.name);
        goto out;
    }
    out->search_weight = sw ? (int)json_integer_value(sw) : 0;
    const json_t *notes = json_object_get(root, "notes");
    if (check_text(&c, notes, "notes", 2000, false))
        goto out;
    rc = 0;
out:
    json_decref(root);
    return rc;
}

/* ---- the compiled database -------------------------------------------------------- */

const char *catalog_default_path(void)
{
    const char *env = getenv("KIOSK_CATALOG_DB");
    if (env && *env)
        return env;
    return "/usr/share/kiosk/catalog.db";
}

catalog *catalog_open(const char *path, catalog_error *err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        catalog_errf(err,
                     "%s: cannot open the catalog (%s); check the path or rebuild it with "
                     "`cmake --build`",
                     path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM procedures", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (n < 0) {
        catalog_errf(err, "%s: not a kiosk catalog (%s); rebuild it with the catalog compiler",
                     path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    catalog *cat = calloc(1, sizeof *cat);
    if (!cat) {
        sqlite3_close(db);
        catalog_errf(err, "out of memory");
        return NULL;
    }
    cat->db = db;
    cat->count = n;
    return cat;
}

void catalog_close(catalog *cat)
{
    if (!cat)
        return;
    sqlite3_close(cat->db);
    free(cat);
}

int catalog_count(const catalog *cat)
{
    return cat ? cat->count : 0;
}

struct sqlite3 *catalog_db(catalog *cat)
{
    return cat ? cat->db : NULL;
}

static void field_name(catalog *cat, const char *id, const char *lang, char *name, size_t nsize,
                       char *pict, size_t psize)
{
    sqlite3_stmt *st = NULL;
    name[0] = '\0';
    if (pict)
        pict[0] = '\0';
    if (sqlite3_prepare_v2(cat->db, "SELECT name_json, pictogram FROM fields WHERE id = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_t *j = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
        text_copy(name, nsize, pick_lang(j, lang) ? pick_lang(j, lang) : id);
        json_decref(j);
        if (pict)
            text_copy(pict, psize, (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
}

int catalog_get(catalog *cat, const char *code, const char *lang, catalog_procedure *out,
                catalog_error *err)
{
    char base[CATALOG_CODE_MAX];
    if (catalog_code_from_text(code, base))
        return 1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cat->db, "SELECT json FROM procedures WHERE code = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return catalog_errf(err, "catalog: %s", sqlite3_errmsg(cat->db));
    sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *j = (const char *)sqlite3_column_text(st, 0);
        rc = catalog_parse_procedure(j, (size_t)sqlite3_column_bytes(st, 0), base, lang, out, err);
        if (rc == 0)
            field_name(cat, out->field, lang, out->field_name, sizeof out->field_name,
                       out->pictogram, sizeof out->pictogram);
    }
    sqlite3_finalize(st);
    return rc;
}

int catalog_fields(catalog *cat, const char *lang, catalog_field *out, int max)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cat->db,
                           "SELECT f.id, f.name_json, f.pictogram, "
                           "(SELECT count(*) FROM procedures p WHERE p.field = f.id) "
                           "FROM fields f ORDER BY f.ord", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        catalog_field *f = &out[n++];
        memset(f, 0, sizeof *f);
        text_copy(f->id, sizeof f->id, (const char *)sqlite3_column_text(st, 0));
        json_t *j = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
        text_copy(f->name, sizeof f->name, pick_lang(j, lang) ? pick_lang(j, lang) : f->id);
        json_decref(j);
        text_copy(f->pictogram, sizeof f->pictogram, (const char *)sqlite3_column_text(st, 2));
        f->procedure_count = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    return n;
}

int catalog_list_field(catalog *cat, const char *field, char (*codes)[CATALOG_CODE_MAX], int max)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cat->db,
                           "SELECT code FROM procedures WHERE field = ? ORDER BY sort_name, code",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, field, -1, SQLITE_STATIC);
    int n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        text_copy(codes[n++], CATALOG_CODE_MAX, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return n;
}

int catalog_load_holidays(catalog *cat, workdays_calendar *c)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cat->db, "SELECT date FROM holidays ORDER BY date", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (workdays_calendar_add(c, (const char *)sqlite3_column_text(st, 0)) == 0)
            n++;
    sqlite3_finalize(st);
    return n;
}

char *catalog_form_json(catalog *cat, const char *form_id)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(cat->db, "SELECT json FROM forms WHERE id = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, form_id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *j = (const char *)sqlite3_column_text(st, 0);
        out = j ? strdup(j) : NULL;
    }
    sqlite3_finalize(st);
    return out;
}
