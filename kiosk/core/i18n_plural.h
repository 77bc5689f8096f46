/* i18n_plural: the Plural-Forms header of a PO/MO catalog, evaluated safely.
 *
 * The header reads "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : ...);",
 * a C expression over n. It comes from a catalog file (outside input), so it
 * is never handed to a general evaluator: a small recursive-descent parser
 * accepts only the gettext grammar (n, decimal constants, ! * / % + - < > <=
 * >= == != && || ?: and parentheses), with a nesting limit, unsigned
 * arithmetic, and division by zero treated as an error. The expression is
 * checked once at load; evaluation re-reads the stored text (short) and
 * clamps the result to 0..nplurals-1. */
#ifndef KIOSK_I18N_PLURAL_H
#define KIOSK_I18N_PLURAL_H

#include <stdbool.h>

#define I18N_PLURAL_EXPR_MAX 256

typedef struct i18n_plural {
    unsigned nplurals;                 /* 1..16 */
    char expr[I18N_PLURAL_EXPR_MAX];   /* the expression, spaces kept */
} i18n_plural;

/* Germanic default (English): nplurals=2; plural=n != 1. */
void i18n_plural_default(i18n_plural *p);

/* Parse a header value such as "nplurals=2; plural=(n != 1);" (the text after
 * "Plural-Forms:" up to the end of the line). Returns 0, or -1 if malformed
 * (p is then set to the default). */
int i18n_plural_parse(i18n_plural *p, const char *header_value);

/* Find "Plural-Forms:" in a whole MO header (the msgstr of msgid "") and parse
 * it. Returns 0 if absent (default kept) or parsed, -1 if present but bad. */
int i18n_plural_from_header(i18n_plural *p, const char *header);

/* The form index for n, in 0..nplurals-1 (0 on an evaluation error). */
unsigned long i18n_plural_select(const i18n_plural *p, unsigned long n);

/* Evaluate a bare expression (tests). Returns 0 and *result, or -1. */
int i18n_plural_eval(const char *expr, unsigned long n, unsigned long *result);

#endif
