/* catalog: the procedures the kiosk knows, as the UI shows them.
 *
 * Sources are JSON files, one per procedure (assets/catalog/procedures/
 * <code>.json, format in docs/catalog.md and assets/catalog/schema/), compiled
 * at build time into catalog.db (SQLite with an FTS5 table of folded text).
 * At run time the kiosk opens catalog.db read-only:
 *
 *   catalog *cat = catalog_open("catalog.db", &err);
 *   catalog_procedure *p = malloc(sizeof *p);
 *   if (catalog_get(cat, "1.001193", "vi", p, &err) == 0) { show p->name ... }
 *   catalog_close(cat);
 *
 * Browsing tiles: catalog_fields() then catalog_list_field(). Searching as
 * the citizen types: search.h. Forms: form.h. Fee and due date: fees.h and
 * workdays.h, with the rules found in catalog_procedure.channels[].
 *
 * Ownership: catalog_open returns a handle the caller closes; every struct
 * filled here is plain data owned by the caller (no pointers inside). No
 * personal data passes through this module. */
#ifndef KIOSK_CATALOG_H
#define KIOSK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "fees.h"
#include "workdays.h"

#define CATALOG_CODE_MAX 16
#define CATALOG_MAX_CHANNELS 3
#define CATALOG_MAX_DOCUMENTS 12
#define CATALOG_MAX_STEPS 12
#define CATALOG_MAX_LEVELS 4
#define CATALOG_MAX_LEGAL 8
#define CATALOG_MAX_KEYWORDS 16
#define CATALOG_MAX_UNCONFIRMED 12
#define CATALOG_MAX_FIELDS 64

/* An error that names the file and the JSON member: "1.001193.json:
 * channels[0].fee.type: \"fre\" is not one of ...". */
typedef struct catalog_error {
    char msg[512];
} catalog_error;

/* Writes the message into e (when there is one) and returns -1, for
 * "return catalog_errf(err, ...)". */
int catalog_errf(catalog_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef enum catalog_channel_kind {
    CATALOG_CHANNEL_IN_PERSON = 0,  /* "in_person": at the centre (trực tiếp) */
    CATALOG_CHANNEL_ONLINE,         /* "online": on the public service portal (trực tuyến) */
    CATALOG_CHANNEL_POST            /* "post": by public postal service (bưu chính) */
} catalog_channel_kind;

typedef struct catalog_channel {
    catalog_channel_kind kind;
    workdays_rule time;             /* processing time; unit UNKNOWN when not published */
    fees_rule fee;
    char time_text[200];            /* workdays_describe() in the requested language */
    char time_note[300];            /* extra words from the record ("17, 20 or 27 ..."), may be "" */
    char fee_text[200];             /* fees_describe() */
} catalog_channel;

typedef struct catalog_document {
    char name[300];                 /* "Tờ khai đăng ký khai sinh" */
    char count[80];                 /* "1 bản chính" */
    int quantity;
    char kind[16];                  /* original, copy, certified_copy, shown */
    char form[CATALOG_CODE_MAX];    /* form id (assets/forms/<id>.json) or "" */
} catalog_document;

typedef struct catalog_procedure {
    char code[CATALOG_CODE_MAX];    /* "1.001193" */
    char name[600];                 /* official Vietnamese name */
    char summary[600];              /* plain-language summary, in the asked language or Vietnamese */
    char summary_vi[600];
    char field[32];                 /* field id: "ho_tich" */
    char field_name[160];           /* "Hộ tịch" (asked language or Vietnamese) */
    char pictogram[32];             /* the field's pictogram id */
    char levels[CATALOG_MAX_LEVELS][16];   /* commune, province, ministry, other */
    int level_count;
    char decision[64];              /* publishing decision, "163/QĐ-BTP" */
    catalog_channel channels[CATALOG_MAX_CHANNELS];
    int channel_count;
    catalog_document documents[CATALOG_MAX_DOCUMENTS];
    int document_count;
    char steps[CATALOG_MAX_STEPS][400];
    int step_count;
    char conditions[600];
    char legal_basis[CATALOG_MAX_LEGAL][200];
    int legal_count;
    char result_name[300];
    char result_code[32];           /* "KQ.G15.000031" or "" */
    char keywords[CATALOG_MAX_KEYWORDS][96];   /* what people call it (always Vietnamese/English as written) */
    int keyword_count;
    char unconfirmed[CATALOG_MAX_UNCONFIRMED][24];  /* parts not yet checked: "fee", "time", ... */
    int unconfirmed_count;
    int search_weight;              /* 0..9: how often asked for (our ranking hint, not a fact) */
} catalog_procedure;

/* A field (lĩnh vực) for the browse tiles. */
typedef struct catalog_field {
    char id[32];
    char name[160];                 /* in the asked language or Vietnamese */
    char pictogram[32];
    int procedure_count;
} catalog_field;

typedef struct catalog catalog;

/* True if s is a procedure code: one digit, a dot, six digits. */
bool catalog_code_valid(const char *s);

/* Parse and validate one procedure record (JSON text). `name` is used in
 * messages (usually the file name). lang picks the summary and texts ("vi",
 * "en", ...; missing languages fall back to "vi"). Cross-record checks (the
 * field exists, forms resolve, codes are unique) are in catalog_build.h.
 * Returns 0, or -1 with err set. */
int catalog_parse_procedure(const char *json, size_t len, const char *name, const char *lang,
                            catalog_procedure *out, catalog_error *err);

/* Open a compiled catalog.db read-only. NULL with err set on failure. */
catalog *catalog_open(const char *path, catalog_error *err);
void catalog_close(catalog *cat);

/* The default database path: $KIOSK_CATALOG_DB, else
 * /usr/share/kiosk/catalog.db. (kioskctl also tries the build tree's.) */
const char *catalog_default_path(void);

/* Number of procedures. */
int catalog_count(const catalog *cat);

/* Fill *out with the procedure `code` (a code, or a province-localised code
 * such as 2.000815.000.00.00.H55). Returns 0, 1 if there is no such
 * procedure, -1 on error. */
int catalog_get(catalog *cat, const char *code, const char *lang, catalog_procedure *out,
                catalog_error *err);

/* The fields for the browse screen, in display order. Returns how many were
 * stored (at most max), -1 on error. */
int catalog_fields(catalog *cat, const char *lang, catalog_field *out, int max);

/* Codes of the procedures of one field, in name order. codes is an array of
 * max slots of CATALOG_CODE_MAX bytes. Returns the count stored, -1 on error. */
int catalog_list_field(catalog *cat, const char *field, char (*codes)[CATALOG_CODE_MAX], int max);

/* The public holidays stored in the catalog (from holidays.json), added to c. */
int catalog_load_holidays(catalog *cat, workdays_calendar *c);

/* The raw JSON of a form by id (malloc'd, caller frees) or NULL. form.h parses it. */
char *catalog_form_json(catalog *cat, const char *form_id);

/* The SQLite handle (search.c builds its index from it). */
struct sqlite3 *catalog_db(catalog *cat);

/* Extract a procedure code from a portal link or text carrying
 * "ma_thu_tuc=1.001193", or a province-localised code. Writes the 8-char
 * code to out (CATALOG_CODE_MAX bytes). Returns 0 or -1 if none. */
int catalog_code_from_text(const char *text, char *out);

#endif
