/* ctl_catalog: `kioskctl catalog ...`, the technician's view of the catalog.
 *
 *   kioskctl catalog search QUERY... [--json] [--max N] [--explain] [--db PATH]
 *   kioskctl catalog show CODE [--lang vi|en] [--db PATH]
 *   kioskctl catalog fields [--lang vi|en] [--db PATH]
 *   kioskctl catalog form CODE [--lang vi|en] [--db PATH]
 *   kioskctl catalog due CODE [--at "YYYY-MM-DD HH:MM"] [--pages N] [--copies N]
 *                         [--holidays FILE.json] [--extra-holidays "2026-09-01,..."] [--db PATH]
 *   kioskctl catalog check DIR [--forms DIR]
 *   kioskctl catalog import FILE.json [--db PATH]
 *
 * The database is --db, else $KIOSK_CATALOG_DB, else the build tree's
 * assets/catalog.db when kioskctl runs from a build, else
 * /usr/share/kiosk/catalog.db. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "catalog.h"
#include "catalog_build.h"
#include "form.h"
#include "search.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kioskctl catalog search QUERY... [--json] [--max N] [--explain] [--db PATH]\n"
            "       kioskctl catalog show CODE [--lang vi|en] [--db PATH]\n"
            "       kioskctl catalog fields [--lang vi|en] [--db PATH]\n"
            "       kioskctl catalog form CODE [--lang vi|en] [--db PATH]\n"
            "       kioskctl catalog due CODE [--at \"YYYY-MM-DD HH:MM\"] [--pages N] [--copies N]\n"
            "                            [--holidays FILE.json] [--extra-holidays LIST]\n"
            "       kioskctl catalog check DIR [--forms DIR]\n"
            "       kioskctl catalog import FILE.json [--db PATH]\n");
}

static const char *default_db(void)
{
    if (getenv("KIOSK_CATALOG_DB") && *getenv("KIOSK_CATALOG_DB"))
        return getenv("KIOSK_CATALOG_DB");
#ifdef KIOSK_BUILD_CATALOG_DB
    if (access(KIOSK_BUILD_CATALOG_DB, R_OK) == 0)
        return KIOSK_BUILD_CATALOG_DB;
#endif
    return catalog_default_path();
}

typedef struct opts {
    const char *db, *lang, *forms, *at, *holidays, *extra;
    int json, explain, max, pages, copies;
    char query[1024];
    const char *arg;        /* first positional */
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->db = default_db();
    o->lang = "vi";
    o->max = 10;
    o->pages = 1;
    o->copies = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json"))
            o->json = 1;
        else if (!strcmp(a, "--explain"))
            o->explain = 1;
        else if (!strcmp(a, "--db") && i + 1 < argc)
            o->db = argv[++i];
        else if (!strcmp(a, "--lang") && i + 1 < argc)
            o->lang = argv[++i];
        else if (!strcmp(a, "--forms") && i + 1 < argc)
            o->forms = argv[++i];
        else if (!strcmp(a, "--holidays") && i + 1 < argc)
            o->holidays = argv[++i];
        else if (!strcmp(a, "--extra-holidays") && i + 1 < argc)
            o->extra = argv[++i];
        else if (!strcmp(a, "--at") && i + 1 < argc)
            o->at = argv[++i];
        else if (!strcmp(a, "--max") && i + 1 < argc)
            o->max = atoi(argv[++i]);
        else if (!strcmp(a, "--pages") && i + 1 < argc)
            o->pages = atoi(argv[++i]);
        else if (!strcmp(a, "--copies") && i + 1 < argc)
            o->copies = atoi(argv[++i]);
        else if (!strncmp(a, "--", 2)) {
            fprintf(stderr, "kioskctl catalog: unknown option %s\n", a);
            return -1;
        } else {
            if (!o->arg)
                o->arg = a;
            size_t l = strlen(o->query);
            snprintf(o->query + l, sizeof o->query - l, "%s%s", l ? " " : "", a);
        }
    }
    if (o->max < 1 || o->max > 100)
        o->max = 10;
    return 0;
}

static catalog *open_or_say(const char *db)
{
    catalog_error err = { { 0 } };
    catalog *cat = catalog_open(db, &err);
    if (!cat)
        fprintf(stderr, "kioskctl catalog: %s\n", err.msg);
    return cat;
}

static int cmd_search(const opts *o)
{
    catalog *cat = open_or_say(o->db);
    if (!cat)
        return 1;
    catalog_error err = { { 0 } };
    search_index *ix = search_open(cat, &err);
    if (!ix) {
        fprintf(stderr, "kioskctl catalog: %s\n", err.msg);
        catalog_close(cat);
        return 1;
    }
    search_result r[100];
    int n = search_query(ix, o->query, r, o->max);
    static const char *const tiers[] = { "partial", "field", "summary", "name", "code" };
    catalog_procedure *p = malloc(sizeof *p);
    json_t *arr = json_array();
    if (o->explain) {
        char ex[512];
        search_explain(ix, o->query, ex, sizeof ex);
        fprintf(o->json ? stderr : stdout, "query words: %s\n", ex);
    }
    for (int i = 0; i < n && p; i++) {
        if (catalog_get(cat, r[i].code, o->lang, p, &err) != 0)
            continue;
        if (o->json)
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:I}", "code", p->code, "name",
                                                 p->name, "match", tiers[r[i].tier], "score",
                                                 (json_int_t)r[i].score));
        else
            printf("%d. %s  %s  [%s]\n", i + 1, p->code, p->name, tiers[r[i].tier]);
    }
    if (o->json) {
        char *s = json_dumps(arr, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
    } else if (n == 0) {
        printf("no procedure matches \"%s\"\n", o->query);
    }
    json_decref(arr);
    free(p);
    search_close(ix);
    catalog_close(cat);
    return 0;
}

static const char *channel_name(catalog_channel_kind k, int en)
{
    switch (k) {
    case CATALOG_CHANNEL_ONLINE: return en ? "online" : "Trực tuyến";
    case CATALOG_CHANNEL_POST: return en ? "by post" : "Bưu chính";
    default: return en ? "in person" : "Trực tiếp";
    }
}

static int cmd_show(const opts *o)
{
    if (!o->arg) {
        usage(stderr);
        return 2;
    }
    catalog *cat = open_or_say(o->db);
    if (!cat)
        return 1;
    catalog_procedure *p = malloc(sizeof *p);
    catalog_error err = { { 0 } };
    int rc = p ? catalog_get(cat, o->arg, o->lang, p, &err) : -1;
    if (rc == 1)
        fprintf(stderr, "kioskctl catalog: no procedure %s; try `kioskctl catalog search`\n", o->arg);
    else if (rc < 0)
        fprintf(stderr, "kioskctl catalog: %s\n", err.msg);
    if (rc) {
        free(p);
        catalog_close(cat);
        return 1;
    }
    int en = !strcmp(o->lang, "en");
    printf("%s  %s\n", p->code, p->name);
    printf("%s: %s (%s)\n", en ? "Field" : "Lĩnh vực", p->field_name, p->pictogram);
    printf("%s: %s\n", en ? "Summary" : "Tóm tắt", p->summary);
    for (int i = 0; i < p->channel_count; i++) {
        const catalog_channel *c = &p->channels[i];
        printf("%s: %s; %s%s%s\n", channel_name(c->kind, en), c->time_text, c->fee_text,
               c->time_note[0] ? "; " : "", c->time_note);
    }
    printf("%s:\n", en ? "Documents" : "Thành phần hồ sơ");
    for (int i = 0; i < p->document_count; i++)
        printf("  - %s (%s)%s%s\n", p->documents[i].name, p->documents[i].count,
               p->documents[i].form[0] ? " form " : "", p->documents[i].form);
    printf("%s:\n", en ? "Steps" : "Trình tự");
    for (int i = 0; i < p->step_count; i++)
        printf("  %d. %s\n", i + 1, p->steps[i]);
    if (p->conditions[0])
        printf("%s: %s\n", en ? "Conditions" : "Điều kiện", p->conditions);
    printf("%s: %s%s%s\n", en ? "Result" : "Kết quả", p->result_name, p->result_code[0] ? " " : "",
           p->result_code);
    for (int i = 0; i < p->legal_count; i++)
        printf("  %s %s\n", i ? "  " : (en ? "Legal basis:" : "Căn cứ:"), p->legal_basis[i]);
    if (p->unconfirmed_count) {
        printf("%s:", en ? "Not yet confirmed" : "Chưa xác minh");
        for (int i = 0; i < p->unconfirmed_count; i++)
            printf(" %s", p->unconfirmed[i]);
        printf("\n");
    }
    free(p);
    catalog_close(cat);
    return 0;
}

static int cmd_fields(const opts *o)
{
    catalog *cat = open_or_say(o->db);
    if (!cat)
        return 1;
    catalog_field f[CATALOG_MAX_FIELDS];
    int n = catalog_fields(cat, o->lang, f, CATALOG_MAX_FIELDS);
    for (int i = 0; i < n; i++)
        printf("%-14s %-14s %3d  %s\n", f[i].id, f[i].pictogram, f[i].procedure_count, f[i].name);
    catalog_close(cat);
    return n < 0;
}

/* The questions of a form, one per line, as the kiosk asks them. */
static int cmd_form(const opts *o)
{
    if (!o->arg) {
        usage(stderr);
        return 2;
    }
    catalog *cat = open_or_say(o->db);
    if (!cat)
        return 1;
    catalog_error err = { { 0 } };
    form *f = form_load(cat, o->arg, &err);
    if (!f) {
        fprintf(stderr, "kioskctl catalog: %s\n", err.msg);
        catalog_close(cat);
        return 1;
    }
    int en = !strcmp(o->lang, "en");
    printf("%s  %s\n", f->id, en ? f->title_en : f->title_vi);
    for (int i = 0; i < f->field_count; i++) {
        const form_field *fd = &f->fields[i];
        if (fd->type == FORM_GROUP) {
            printf("[%s] %s\n", fd->id, en ? fd->question_en : fd->question_vi);
            continue;
        }
        printf("  %-28s %-9s %s%s", fd->id, form_type_name(fd->type),
               en ? fd->question_en : fd->question_vi, fd->required ? " *" : "");
        if (fd->prefill[0])
            printf("  <- card:%s", fd->prefill);
        if (fd->show_if_field[0])
            printf("  (if %s = %s)", fd->show_if_field, fd->show_if_value);
        printf("\n");
        for (int k = 0; k < fd->option_count; k++)
            printf("  %-28s           - %s: %s\n", "", fd->options[k].value,
                   en ? fd->options[k].label_en : fd->options[k].label_vi);
    }
    form_free(f);
    catalog_close(cat);
    return 0;
}

static int cmd_due(const opts *o)
{
    if (!o->arg) {
        usage(stderr);
        return 2;
    }
    catalog *cat = open_or_say(o->db);
    if (!cat)
        return 1;
    catalog_procedure *p = malloc(sizeof *p);
    catalog_error err = { { 0 } };
    if (!p || catalog_get(cat, o->arg, o->lang, p, &err) != 0) {
        fprintf(stderr, "kioskctl catalog: no procedure %s\n", o->arg);
        free(p);
        catalog_close(cat);
        return 1;
    }
    workdays_calendar cal;
    workdays_calendar_init(&cal);
    char herr[400];
    if (o->holidays ? workdays_calendar_load(&cal, o->holidays, herr, sizeof herr)
                    : (catalog_load_holidays(cat, &cal) < 0 ? -1 : 0)) {
        fprintf(stderr, "kioskctl catalog: %s\n", o->holidays ? herr : "cannot read the holidays");
        free(p);
        catalog_close(cat);
        return 1;
    }
    if (o->extra && workdays_calendar_add_list(&cal, o->extra) < 0) {
        fprintf(stderr, "kioskctl catalog: --extra-holidays wants dates as YYYY-MM-DD, comma-separated\n");
        free(p);
        catalog_close(cat);
        return 2;
    }
    workdays_time at = { 0 };
    if (o->at) {
        if (sscanf(o->at, "%d-%d-%d %d:%d", &at.year, &at.month, &at.day, &at.hour, &at.minute) != 5) {
            fprintf(stderr, "kioskctl catalog: --at wants \"YYYY-MM-DD HH:MM\"\n");
            free(p);
            catalog_close(cat);
            return 2;
        }
    } else {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        at = (workdays_time){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min };
    }
    for (int i = 0; i < p->channel_count; i++) {
        const catalog_channel *c = &p->channels[i];
        workdays_time due;
        char when[64] = "no due date (time not published)";
        if (workdays_due(&cal, &c->time, &at, &due) == 0)
            snprintf(when, sizeof when, "due %02d:%02d %02d/%02d/%04d", due.hour, due.minute,
                     due.day, due.month, due.year);
        long amount = 0;
        fees_request req = { o->pages, o->copies, NULL, 0 };
        fees_status st = fees_compute(&c->fee, &req, &amount);
        char fee[64];
        if (st == FEES_OK)
            fees_format_amount(amount, fee, sizeof fee);
        else
            snprintf(fee, sizeof fee, "%s", c->fee_text);
        printf("%s: %s; fee %s\n", channel_name(c->kind, 1), when, fee);
    }
    free(p);
    catalog_close(cat);
    return 0;
}

int ctl_catalog(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    opts o;
    if (parse_opts(argc, argv, &o))
        return 2;
    const char *cmd = argv[1];
    if (!strcmp(cmd, "search"))
        return cmd_search(&o);
    if (!strcmp(cmd, "show"))
        return cmd_show(&o);
    if (!strcmp(cmd, "fields"))
        return cmd_fields(&o);
    if (!strcmp(cmd, "due"))
        return cmd_due(&o);
    if (!strcmp(cmd, "form"))
        return cmd_form(&o);
    catalog_error err = { { 0 } };
    if (!strcmp(cmd, "check")) {
        if (!o.arg) {
            usage(stderr);
            return 2;
        }
        int n = catalog_build_check(o.arg, o.forms, &err);
        if (n < 0) {
            fprintf(stderr, "kioskctl catalog: error: %s\n", err.msg);
            return 1;
        }
        printf("%d procedures OK\n", n);
        return 0;
    }
    if (!strcmp(cmd, "import")) {
        if (!o.arg) {
            usage(stderr);
            return 2;
        }
        if (catalog_build_import(o.db, o.arg, &err)) {
            fprintf(stderr, "kioskctl catalog: refused: %s\n", err.msg);
            return 1;
        }
        printf("imported %s into %s\n", o.arg, o.db);
        return 0;
    }
    fprintf(stderr, "kioskctl catalog: unknown subcommand '%s'\n", cmd);
    usage(stderr);
    return 2;
}
