/* form: a procedure's form as data, asked one question per screen.
 *
 * Forms live in assets/forms/<id>.json (format in docs/catalog.md and
 * assets/forms/form.schema.json) and are compiled into catalog.db with the
 * catalog. A form is a list of fields; a "group" field (a person: the mother,
 * the father, the applicant) holds sub-fields and is flattened here into one
 * array where each sub-field has `parent` set and a dotted path id
 * ("mother.full_name").
 *
 * The UI's loop:
 *
 *   form *f = form_load(cat, "1.001193", &err);
 *   form_answers *a = form_answers_new(f);
 *   form_prefill(f, a, &identity);              // what the chip card knows
 *   for (int i = form_next(f, a, -1); i >= 0; i = form_next(f, a, i)) {
 *       show f->fields[i].question[lang], hint, the parent group's label;
 *       on "Tiếp tục": if (form_set_answer(f, a, i, typed, lang, msg, sizeof msg))
 *                          show msg (it says how to fix the answer), stay;
 *   }
 *   char *json = form_answers_json(f, a);        // into the dossier
 *   ... explicit_bzero(json, strlen(json)); free(json);
 *   form_answers_free(a);                        // wipes every answer
 *   form_free(f);
 *
 * Answers are personal data: kept in form_answers only, wiped on free, never
 * logged. Dates are stored as ISO "YYYY-MM-DD" (typed as dd/mm/yyyy or ISO);
 * yes/no as "yes"/"no"; a choice as its option value. */
#ifndef KIOSK_FORM_H
#define KIOSK_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "identity.h"

#define FORM_MAX_FIELDS 64
#define FORM_MAX_OPTIONS 12
#define FORM_VALUE_MAX 256

typedef enum form_type {
    FORM_TEXT = 0,      /* free text */
    FORM_NAME,          /* a person's name: letters, spaces, apostrophe, hyphen (stored NFC) */
    FORM_DATE,          /* a date */
    FORM_ID_NUMBER,     /* 12-digit personal ID (or 9-digit old ID when the field allows) */
    FORM_PHONE,         /* Vietnamese phone number */
    FORM_CHOICE,        /* one of options[] */
    FORM_GROUP,         /* a person or block: has sub-fields, asks nothing itself */
    FORM_YESNO,         /* "yes" / "no" */
    FORM_NUMBER         /* a whole number */
} form_type;

typedef struct form_option {
    char value[32];
    char label_vi[160];
    char label_en[160];
} form_option;

typedef struct form_field {
    char id[64];                /* path id: "mother.full_name" */
    form_type type;
    int parent;                 /* index of the group field, -1 at top level */
    char question_vi[300];      /* the question as asked, one per screen */
    char question_en[300];
    char hint_vi[300];          /* how to answer ("Ví dụ: 12/05/2025") */
    char hint_en[300];
    char pictogram[32];         /* optional icon id */
    bool required;
    int min_length, max_length; /* in characters; 0 = no limit */
    char pattern[128];          /* POSIX extended regex the whole answer must match, or "" */
    char pattern_hint_vi[200];  /* what the pattern means, for the error message */
    char pattern_hint_en[200];
    long min, max;              /* FORM_NUMBER range (min <= max when set) */
    bool has_range;
    bool not_future;            /* FORM_DATE: not after today */
    bool not_past;              /* FORM_DATE: not before today */
    int max_age_days;           /* FORM_DATE: not more than this many days ago (0 = no limit) */
    char prefill[32];           /* identity member name ("full_name") or "" */
    char show_if_field[64];     /* ask only if that field (path id) ... */
    char show_if_value[32];     /* ... has this value */
    form_option options[FORM_MAX_OPTIONS];
    int option_count;
} form_field;

typedef struct form {
    char id[CATALOG_CODE_MAX];
    char procedure[CATALOG_CODE_MAX];
    char title_vi[300];
    char title_en[300];
    form_field fields[FORM_MAX_FIELDS];
    int field_count;
} form;

typedef struct form_answers {
    int count;                              /* == form->field_count */
    bool set[FORM_MAX_FIELDS];
    bool prefilled[FORM_MAX_FIELDS];        /* came from the ID card */
    char value[FORM_MAX_FIELDS][FORM_VALUE_MAX];
} form_answers;

/* The identity members a field may prefill from (names of struct identity). */
bool form_identity_field_known(const char *name);

/* Parse and validate a form (JSON text); name is used in messages. Returns a
 * malloc'd form (free with form_free) or NULL with err set. */
form *form_parse(const char *json, size_t len, const char *name, catalog_error *err);

/* Load the form with this id (a procedure code) from the catalog. */
form *form_load(catalog *cat, const char *id, catalog_error *err);

void form_free(form *f);

/* Index of a field by path id, -1 if none. */
int form_find(const form *f, const char *id);

/* Empty answers for f (free with form_answers_free, which wipes them). */
form_answers *form_answers_new(const form *f);
void form_answers_free(form_answers *a);

/* Next field to ask after index `after` (-1 to start): skips groups and
 * fields whose show_if condition is not met. Returns -1 at the end. */
int form_next(const form *f, const form_answers *a, int after);

/* A form text in lang: the Vietnamese for vi, the English for en (or the
 * Vietnamese if the form has none), else the Vietnamese's translation in
 * catalog-<lang>.po (context "form") or, without one, the Vietnamese. */
const char *form_text(const char *lang, const char *vi, const char *en);

/* Check a value for field i. `today` is "YYYY-MM-DD" (NULL: the local date).
 * On success returns 0 and writes the normalised value to norm (size bytes,
 * may be NULL). On failure returns -1 and writes to msg a message in lang
 * ("vi"/"en") that says how to fix the answer. */
int form_validate(const form *f, int i, const char *value, const char *lang, const char *today,
                  char *norm, size_t normsize, char *msg, size_t msgsize);

/* Validate and store an answer (empty clears an optional field). */
int form_set_answer(const form *f, form_answers *a, int i, const char *value, const char *lang,
                    char *msg, size_t msgsize);

/* Fill every field with a prefill source from the identity (only values
 * that validate). Returns the number of fields filled. */
int form_prefill(const form *f, form_answers *a, const identity *id);

/* Index of the first required, shown field still without an answer, or -1
 * when the form is complete. */
int form_first_missing(const form *f, const form_answers *a);

/* The answers as a JSON object for the dossier: {"form": id, "procedure":
 * code, "answers": {"applicant": {"full_name": ...}, ...}}. Groups become
 * nested objects; unanswered fields are left out. malloc'd: wipe and free. */
char *form_answers_json(const form *f, const form_answers *a);

const char *form_type_name(form_type t);

#endif
