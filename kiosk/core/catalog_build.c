/* catalog_build: from reviewable JSON sources to the kiosk's catalog.db.
 *
 * The database keeps each record's JSON as written (the kiosk parses it with
 * the same code that validated it) plus what search needs: an FTS5 table of
 * folded text (name, summary in every language, keywords and result, field
 * names). Folding is ours (fold.h) because unicode61 leaves đ alone. */
#include "catalog_build.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "fold.h"
#include "form.h"
#include "text.h"

#define MAX_FILES 20000

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > (8u << 20)) {     /* no source file is 8 MiB */
                free(buf);
                fclose(fp);
                return NULL;
            }
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, fp);
        n += r;
        if (r == 0)
            break;
    }
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the *.json files in dir (malloc'd array of malloc'd names). */
static int list_json(const char *dir, char ***out, catalog_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return catalog_errf(err, "%s: cannot open the folder (%s)", dir, strerror(errno));
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") || e->d_name[0] == '.')
            continue;
        if (l > 12 && !strcmp(e->d_name + l - 12, ".schema.json"))
            continue;                   /* the JSON Schema that documents the folder */
        if (n >= MAX_FILES)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 128;
            char **nn = realloc(names, (size_t)cap * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, (size_t)n, sizeof *names, cmp_str);
    *out = names;
    return n;
}

static void free_list(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- the side files --------------------------------------------------------------- */

typedef struct src_field {
    char id[32];
    char *name_json;        /* {"vi":..,"en":..} */
    char names_folded[512]; /* every language, folded */
    char pictogram[32];
    int order;
} src_field;

typedef struct sources {
    src_field fields[CATALOG_MAX_FIELDS];
    int field_count;
    json_t *synonyms;       /* the parsed synonyms.json */
    json_t *holidays;
    char **proc_names;
    int proc_count;
    char **form_names;
    int form_count;
    char dir[1024];
    char forms_dir[1024];
} sources;

static void sources_free(sources *s)
{
    for (int i = 0; i < s->field_count; i++)
        free(s->fields[i].name_json);
    json_decref(s->synonyms);
    json_decref(s->holidays);
    free_list(s->proc_names, s->proc_count);
    free_list(s->form_names, s->form_count);
    memset(s, 0, sizeof *s);
}

static json_t *load_json(const char *path, const char *shown, catalog_error *err)
{
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        catalog_errf(err, "%s:%d:%d: %s", shown, je.line, je.column, je.text);
    return j;
}

static int load_fields(sources *s, catalog_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/fields.json", s->dir);
    json_t *root = load_json(path, "fields.json", err);
    if (!root)
        return -1;
    const json_t *arr = json_object_get(root, "fields");
    int rc = -1;
    if (!json_is_array(arr) || json_array_size(arr) == 0 ||
        json_array_size(arr) > CATALOG_MAX_FIELDS) {
        catalog_errf(err, "fields.json: fields: must list 1 to %d fields", CATALOG_MAX_FIELDS);
        goto out;
    }
    size_t i;
    const json_t *f;
    json_array_foreach(arr, i, f) {
        const char *id = json_string_value(json_object_get(f, "id"));
        const json_t *name = json_object_get(f, "name");
        const char *vi = json_string_value(json_object_get(name, "vi"));
        const char *en = json_string_value(json_object_get(name, "en"));
        const char *pict = json_string_value(json_object_get(f, "pictogram"));
        const json_t *ord = json_object_get(f, "order");
        if (!id || !*id || strlen(id) >= 32 || strspn(id, "abcdefghijklmnopqrstuvwxyz_") != strlen(id)) {
            catalog_errf(err, "fields.json: fields[%zu].id: missing or not a lower-case id", i);
            goto out;
        }
        if (!vi || !en) {
            catalog_errf(err, "fields.json: fields[%zu].name: give {\"vi\": ..., \"en\": ...}", i);
            goto out;
        }
        if (!pict || !*pict || strlen(pict) >= 32) {
            catalog_errf(err, "fields.json: fields[%zu].pictogram: missing; name an icon id", i);
            goto out;
        }
        if (!json_is_integer(ord)) {
            catalog_errf(err, "fields.json: fields[%zu].order: must be a whole number", i);
            goto out;
        }
        for (int k = 0; k < s->field_count; k++)
            if (!strcmp(s->fields[k].id, id)) {
                catalog_errf(err, "fields.json: fields[%zu].id: \"%s\" is listed twice", i, id);
                goto out;
            }
        src_field *sf = &s->fields[s->field_count++];
        strcpy(sf->id, id);
        strcpy(sf->pictogram, pict);
        sf->order = (int)json_integer_value(ord);
        sf->name_json = json_dumps(name, JSON_COMPACT);
        const char *k;
        const json_t *v;
        char all[1024] = "";
        json_object_foreach((json_t *)name, k, v) {
            if (json_is_string(v) && strlen(all) + json_string_length(v) + 2 < sizeof all) {
                strcat(all, json_string_value(v));
                strcat(all, " ");
            }
        }
        fold_str(all, sf->names_folded, sizeof sf->names_folded);
    }
    rc = 0;
out:
    json_decref(root);
    return rc;
}

static int load_synonyms(sources *s, catalog_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/synonyms.json", s->dir);
    s->synonyms = load_json(path, "synonyms.json", err);
    if (!s->synonyms)
        return -1;
    const json_t *syn = json_object_get(s->synonyms, "synonyms");
    const json_t *stop = json_object_get(s->synonyms, "stopwords");
    if (!json_is_array(syn) || !json_is_array(stop))
        return catalog_errf(err,
                            "synonyms.json: must hold \"synonyms\": [{\"phrase\", \"means\"}] and "
                            "\"stopwords\": [...]");
    size_t i;
    const json_t *e;
    json_array_foreach(syn, i, e) {
        const char *p = json_string_value(json_object_get(e, "phrase"));
        const char *m = json_string_value(json_object_get(e, "means"));
        char fp[256], fm[256];
        if (!p || !m || fold_str(p, fp, sizeof fp) == 0 || fold_str(m, fm, sizeof fm) == 0)
            return catalog_errf(
                err, "synonyms.json: synonyms[%zu]: give a non-empty \"phrase\" and \"means\"", i);
    }
    json_array_foreach(stop, i, e) {
        char fs[64];
        if (!json_is_string(e) || fold_str(json_string_value(e), fs, sizeof fs) == 0)
            return catalog_errf(err, "synonyms.json: stopwords[%zu]: must be a non-empty word", i);
    }
    return 0;
}

static int load_holidays(sources *s, catalog_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/holidays.json", s->dir);
    workdays_calendar cal;
    workdays_calendar_init(&cal);
    char msg[400];
    if (workdays_calendar_load(&cal, path, msg, sizeof msg)) {
        const char *base = strrchr(msg, '/');
        return catalog_errf(err, "%s", base ? base + 1 : msg);
    }
    s->holidays = load_json(path, "holidays.json", err);
    return s->holidays ? 0 : -1;
}

static const src_field *find_field(const sources *s, const char *id)
{
    for (int i = 0; i < s->field_count; i++)
        if (!strcmp(s->fields[i].id, id))
            return &s->fields[i];
    return NULL;
}

static int form_known(const sources *s, const char *id)
{
    char want[40];
    snprintf(want, sizeof want, "%s.json", id);
    for (int i = 0; i < s->form_count; i++)
        if (!strcmp(s->form_names[i], want))
            return 1;
    return 0;
}

/* Load and check every source; on success s holds the lists. */
static int check_all(const char *dir, const char *forms_dir, sources *s, catalog_error *err)
{
    memset(s, 0, sizeof *s);
    text_copy(s->dir, sizeof s->dir, dir);
    if (forms_dir)
        text_copy(s->forms_dir, sizeof s->forms_dir, forms_dir);
    else
        snprintf(s->forms_dir, sizeof s->forms_dir, "%s/../forms", dir);
    if (load_fields(s, err) || load_synonyms(s, err) || load_holidays(s, err))
        return -1;
    char pdir[1100];
    snprintf(pdir, sizeof pdir, "%s/procedures", dir);
    s->proc_count = list_json(pdir, &s->proc_names, err);
    if (s->proc_count < 0) {
        s->proc_count = 0;
        return -1;
    }
    if (s->proc_count == 0)
        return catalog_errf(err, "%s: no procedure files (*.json)", pdir);
    struct stat st;
    if (stat(s->forms_dir, &st) == 0) {
        s->form_count = list_json(s->forms_dir, &s->form_names, err);
        if (s->form_count < 0) {
            s->form_count = 0;
            return -1;
        }
    }
    catalog_procedure *p = malloc(sizeof *p);
    char (*codes)[CATALOG_CODE_MAX] = calloc((size_t)s->proc_count, CATALOG_CODE_MAX);
    int rc = -1;
    if (!p || !codes) {
        catalog_errf(err, "out of memory");
        goto out;
    }
    for (int i = 0; i < s->proc_count; i++) {
        char path[1400];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", pdir, s->proc_names[i]);
        char *json = read_file(path, &len);
        if (!json) {
            catalog_errf(err, "%s: cannot read the file", s->proc_names[i]);
            goto out;
        }
        int r = catalog_parse_procedure(json, len, s->proc_names[i], "vi", p, err);
        free(json);
        if (r)
            goto out;
        char want[40];
        snprintf(want, sizeof want, "%s.json", p->code);
        if (strcmp(want, s->proc_names[i])) {
            catalog_errf(err, "%s: code: \"%s\" does not match the file name; name the file %s",
                         s->proc_names[i], p->code, want);
            goto out;
        }
        /* Names are sorted and equal code + ".json", so a duplicate code is impossible
         * within one folder; keep the check for imports and future layouts. */
        for (int k = 0; k < i; k++)
            if (!strcmp(codes[k], p->code)) {
                catalog_errf(err, "%s: code: \"%s\" is used twice", s->proc_names[i], p->code);
                goto out;
            }
        strcpy(codes[i], p->code);
        if (!find_field(s, p->field)) {
            catalog_errf(err, "%s: field: \"%s\" is not in fields.json; add it there or fix the id",
                         s->proc_names[i], p->field);
            goto out;
        }
        for (int d = 0; d < p->document_count; d++)
            if (p->documents[d].form[0] && !form_known(s, p->documents[d].form)) {
                catalog_errf(err,
                             "%s: documents[%d].form: \"%s\" has no form file; add "
                             "assets/forms/%s.json or remove the reference",
                             s->proc_names[i], d, p->documents[d].form, p->documents[d].form);
                goto out;
            }
    }
    for (int i = 0; i < s->form_count; i++) {
        char path[1400];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", s->forms_dir, s->form_names[i]);
        char *json = read_file(path, &len);
        if (!json) {
            catalog_errf(err, "%s: cannot read the file", s->form_names[i]);
            goto out;
        }
        char shown[300];
        snprintf(shown, sizeof shown, "forms/%s", s->form_names[i]);
        form *f = form_parse(json, len, shown, err);
        free(json);
        if (!f)
            goto out;
        char want[40];
        snprintf(want, sizeof want, "%s.json", f->id);
        int bad_name = strcmp(want, s->form_names[i]) != 0;
        int has_proc = 0;
        for (int k = 0; k < s->proc_count; k++)
            if (!strcmp(codes[k], f->procedure))
                has_proc = 1;
        char procedure[CATALOG_CODE_MAX];
        strcpy(procedure, f->procedure);
        form_free(f);
        if (bad_name) {
            catalog_errf(err, "%s: id: does not match the file name", shown);
            goto out;
        }
        if (!has_proc) {
            catalog_errf(err, "%s: procedure: \"%s\" is not in the catalog", shown, procedure);
            goto out;
        }
    }
    rc = s->proc_count;
out:
    free(p);
    free(codes);
    return rc;
}

int catalog_build_check(const char *dir, const char *forms_dir, catalog_error *err)
{
    sources s;
    int rc = check_all(dir, forms_dir, &s, err);
    sources_free(&s);
    return rc;
}

/* ---- writing the database --------------------------------------------------------- */

static const char SCHEMA[] =
    "PRAGMA journal_mode=OFF;"
    "PRAGMA synchronous=OFF;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE fields(id TEXT PRIMARY KEY, ord INTEGER, name_json TEXT NOT NULL,"
    "  pictogram TEXT NOT NULL, names_folded TEXT NOT NULL);"
    "CREATE TABLE procedures(code TEXT PRIMARY KEY, field TEXT NOT NULL, name TEXT NOT NULL,"
    "  sort_name TEXT NOT NULL, weight INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL);"
    "CREATE INDEX procedures_field ON procedures(field, sort_name);"
    "CREATE TABLE forms(id TEXT PRIMARY KEY, procedure TEXT NOT NULL, json TEXT NOT NULL);"
    "CREATE TABLE synonyms(phrase TEXT NOT NULL, means TEXT NOT NULL);"
    "CREATE TABLE stopwords(word TEXT PRIMARY KEY);"
    "CREATE TABLE holidays(date TEXT PRIMARY KEY, name TEXT, confirmed INTEGER);"
    "CREATE VIRTUAL TABLE procedure_fts USING fts5(code UNINDEXED, name_f, summary_f,"
    "  keywords_f, field_f, tokenize = 'unicode61 remove_diacritics 2');";

static int exec(sqlite3 *db, const char *sql, catalog_error *err)
{
    char *m = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &m) != SQLITE_OK) {
        catalog_errf(err, "catalog.db: %s", m ? m : "error");
        sqlite3_free(m);
        return -1;
    }
    return 0;
}

/* Append every string of a localised value (string or {lang: text}) to buf. */
static void append_texts(const json_t *v, char *buf, size_t size)
{
    if (json_is_string(v)) {
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s ", json_string_value(v));
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
            append_texts(x, buf, size);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            append_texts(x, buf, size);
    }
}

int catalog_build_insert(sqlite3 *db, const char *json, size_t len, catalog_error *err)
{
    json_t *root = json_loadb(json, len, 0, NULL);
    if (!root)
        return catalog_errf(err, "record: not valid JSON");
    enum { B = 8192 };
    char *raw = malloc(B), *fname = malloc(B), *fsum = malloc(B), *fkw = malloc(B), *ffield = malloc(1024);
    int rc = -1;
    sqlite3_stmt *st = NULL;
    if (!raw || !fname || !fsum || !fkw || !ffield) {
        catalog_errf(err, "out of memory");
        goto out;
    }
    const char *code = json_string_value(json_object_get(root, "code"));
    const char *name = json_string_value(json_object_get(root, "name"));
    const char *field = json_string_value(json_object_get(root, "field"));
    if (!code || !name || !field) {
        catalog_errf(err, "record: code, name or field missing");
        goto out;
    }
    fold_str(name, fname, B);
    raw[0] = '\0';
    append_texts(json_object_get(root, "summary"), raw, B);
    fold_str(raw, fsum, B);
    raw[0] = '\0';
    append_texts(json_object_get(root, "keywords"), raw, B);
    append_texts(json_object_get(json_object_get(root, "result"), "name"), raw, B);
    fold_str(raw, fkw, B);
    ffield[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT names_folded FROM fields WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, field, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            text_copy(ffield, 1024, (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "DELETE FROM procedure_fts WHERE code = ?", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO procedures(code, field, name, sort_name, "
                               "weight, json) VALUES(?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, fname, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, (int)json_integer_value(json_object_get(root, "search_weight")));
    sqlite3_bind_text(st, 6, json, (int)len, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT INTO procedure_fts(code, name_f, summary_f, keywords_f, field_f) "
                               "VALUES(?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, fname, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, fsum, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, fkw, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ffield, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto sqlerr;
    rc = 0;
    goto out;
sqlerr:
    catalog_errf(err, "catalog.db: %s", sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    free(raw);
    free(fname);
    free(fsum);
    free(fkw);
    free(ffield);
    json_decref(root);
    return rc;
}

static int insert_side_tables(sqlite3 *db, const sources *s, catalog_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO fields VALUES(?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        return catalog_errf(err, "catalog.db: %s", sqlite3_errmsg(db));
    for (int i = 0; i < s->field_count; i++) {
        const src_field *f = &s->fields[i];
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, f->order);
        sqlite3_bind_text(st, 3, f->name_json, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f->pictogram, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f->names_folded, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto sqlerr;
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT INTO synonyms VALUES(?,?)", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(s->synonyms, "synonyms"), i, e) {
        char fp[256], fm[256];
        fold_str(json_string_value(json_object_get(e, "phrase")), fp, sizeof fp);
        fold_str(json_string_value(json_object_get(e, "means")), fm, sizeof fm);
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, fm, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto sqlerr;
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO stopwords VALUES(?)", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    json_array_foreach(json_object_get(s->synonyms, "stopwords"), i, e) {
        char fs[64];
        fold_str(json_string_value(e), fs, sizeof fs);
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, fs, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto sqlerr;
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO holidays VALUES(?,?,?)", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    json_array_foreach(json_object_get(s->holidays, "holidays"), i, e) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, json_string_value(json_object_get(e, "date")), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, json_string_value(json_object_get(e, "name")), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, json_is_true(json_object_get(e, "confirmed")));
        if (sqlite3_step(st) != SQLITE_DONE)
            goto sqlerr;
    }
    sqlite3_finalize(st);
    return 0;
sqlerr:
    catalog_errf(err, "catalog.db: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
}

static int insert_files(sqlite3 *db, const char *dir, char **names, int n, int forms,
                        catalog_error *err)
{
    for (int i = 0; i < n; i++) {
        char path[1400];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *json = read_file(path, &len);
        if (!json)
            return catalog_errf(err, "%s: cannot read the file", names[i]);
        int rc;
        if (forms) {
            sqlite3_stmt *st = NULL;
            json_t *j = json_loadb(json, len, 0, NULL);
            rc = -1;
            if (j && sqlite3_prepare_v2(db, "INSERT INTO forms VALUES(?,?,?)", -1, &st, NULL) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, json_string_value(json_object_get(j, "id")), -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 2, json_string_value(json_object_get(j, "procedure")), -1,
                                  SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 3, json, (int)len, SQLITE_STATIC);
                rc = sqlite3_step(st) == SQLITE_DONE
                         ? 0
                         : catalog_errf(err, "catalog.db: %s", sqlite3_errmsg(db));
            }
            sqlite3_finalize(st);
            json_decref(j);
        } else {
            rc = catalog_build_insert(db, json, len, err);
        }
        free(json);
        if (rc)
            return -1;
    }
    return 0;
}

int catalog_build_compile(const char *dir, const char *forms_dir, const char *out_path,
                          catalog_error *err)
{
    sources s;
    int n = check_all(dir, forms_dir, &s, err);
    if (n < 0) {
        sources_free(&s);
        return -1;
    }
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    unlink(tmp);
    sqlite3 *db = NULL;
    int rc = -1;
    if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        catalog_errf(err, "%s: cannot create (%s)", tmp, db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    char pdir[1100];
    snprintf(pdir, sizeof pdir, "%s/procedures", dir);
    if (exec(db, SCHEMA, err) || exec(db, "BEGIN", err) || insert_side_tables(db, &s, err) ||
        insert_files(db, pdir, s.proc_names, s.proc_count, 0, err) ||
        insert_files(db, s.forms_dir, s.form_names, s.form_count, 1, err))
        goto out;
    char meta[200];
    snprintf(meta, sizeof meta, "INSERT INTO meta VALUES('format','1'),('procedures','%d');", n);
    if (exec(db, meta, err) || exec(db, "COMMIT", err) ||
        exec(db, "INSERT INTO procedure_fts(procedure_fts) VALUES('optimize')", err))
        goto out;
    if (sqlite3_close(db) != SQLITE_OK) {
        catalog_errf(err, "%s: cannot close", tmp);
        db = NULL;
        goto out;
    }
    db = NULL;
    if (rename(tmp, out_path)) {
        catalog_errf(err, "%s: cannot replace (%s)", out_path, strerror(errno));
        goto out;
    }
    rc = n;
out:
    if (db)
        sqlite3_close(db);
    if (rc < 0)
        unlink(tmp);
    sources_free(&s);
    return rc;
}

int catalog_build_import(const char *db_path, const char *json_path, catalog_error *err)
{
    size_t len;
    const char *base = strrchr(json_path, '/');
    base = base ? base + 1 : json_path;
    char *json = read_file(json_path, &len);
    if (!json)
        return catalog_errf(err, "%s: cannot read the file", base);
    catalog_procedure *p = malloc(sizeof *p);
    sqlite3 *db = NULL;
    int rc = -1;
    if (!p) {
        catalog_errf(err, "out of memory");
        goto out;
    }
    if (catalog_parse_procedure(json, len, base, "vi", p, err))
        goto out;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        catalog_errf(err, "%s: cannot open for writing (%s)", db_path,
                     db ? sqlite3_errmsg(db) : "?");
        goto out;
    }
    sqlite3_stmt *st = NULL;
    int known = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM fields WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, p->field, -1, SQLITE_STATIC);
        known = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    if (!known) {
        catalog_errf(err, "%s: field: \"%s\" is not a field of this catalog", base, p->field);
        goto out;
    }
    for (int d = 0; d < p->document_count; d++) {
        if (!p->documents[d].form[0])
            continue;
        int found = 0;
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM forms WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, p->documents[d].form, -1, SQLITE_STATIC);
            found = sqlite3_step(st) == SQLITE_ROW;
        }
        sqlite3_finalize(st);
        if (!found) {
            catalog_errf(err, "%s: documents[%d].form: \"%s\" is not in this catalog", base, d,
                         p->documents[d].form);
            goto out;
        }
    }
    if (exec(db, "BEGIN IMMEDIATE", err))
        goto out;
    if (catalog_build_insert(db, json, len, err)) {
        exec(db, "ROLLBACK", NULL);
        goto out;
    }
    if (exec(db, "UPDATE meta SET value = (SELECT count(*) FROM procedures) WHERE key = 'procedures'",
             err) || exec(db, "COMMIT", err))
        goto out;
    rc = 0;
out:
    if (db)
        sqlite3_close(db);
    free(p);
    free(json);
    return rc;
}
