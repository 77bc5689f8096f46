/* i18n_plural: safe evaluation of gettext Plural-Forms. See i18n_plural.h.
 *
 * Grammar (C precedence, as GNU gettext's plural.y):
 *   expr    := or ['?' expr ':' expr]
 *   or      := and {'||' and}
 *   and     := eq {'&&' eq}
 *   eq      := rel {('=='|'!=') rel}
 *   rel     := add {('<'|'>'|'<='|'>=') add}
 *   add     := mul {('+'|'-') mul}
 *   mul     := unary {('*'|'/'|'%') unary}
 *   unary   := '!' unary | primary
 *   primary := 'n' | number | '(' expr ')'
 * Both branches of ?: and both sides of && || are parsed (so a syntax error
 * anywhere is caught) but every operation is total: no undefined behaviour on
 * any input, and division by zero is reported as an error. */
#include "i18n_plural.h"

#include <stdio.h>
#include <string.h>

#define DEPTH_MAX 48

typedef struct parser {
    const char *s;
    unsigned long n;
    int depth;
    int error;
} parser;

static unsigned long p_expr(parser *p);

static void skip_space(parser *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static int accept(parser *p, const char *tok)
{
    skip_space(p);
    size_t len = strlen(tok);
    if (strncmp(p->s, tok, len) != 0)
        return 0;
    /* "<" must not match "<=", "!" must not match "!=", "=" is never alone. */
    if (len == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!') && p->s[1] == '=')
        return 0;
    p->s += len;
    return 1;
}

static unsigned long p_primary(parser *p)
{
    skip_space(p);
    if (*p->s == 'n') {
        p->s++;
        return p->n;
    }
    if (*p->s >= '0' && *p->s <= '9') {
        unsigned long v = 0;
        while (*p->s >= '0' && *p->s <= '9') {
            unsigned long d = (unsigned long)(*p->s - '0');
            if (v > (~0UL - d) / 10) {
                p->error = 1;
                return 0;
            }
            v = v * 10 + d;
            p->s++;
        }
        return v;
    }
    if (accept(p, "(")) {
        unsigned long v = p_expr(p);
        if (!accept(p, ")"))
            p->error = 1;
        return v;
    }
    p->error = 1;
    return 0;
}

static unsigned long p_unary(parser *p)
{
    if (accept(p, "!")) {
        if (++p->depth > DEPTH_MAX) {
            p->error = 1;
            return 0;
        }
        unsigned long v = !p_unary(p);
        p->depth--;
        return v;
    }
    return p_primary(p);
}

static unsigned long p_mul(parser *p)
{
    unsigned long v = p_unary(p);
    for (;;) {
        if (p->error)
            return 0;
        if (accept(p, "*")) {
            v = v * p_unary(p);
        } else if (accept(p, "/") || accept(p, "%")) {
            char op = p->s[-1];
            unsigned long r = p_unary(p);
            if (r == 0) {
                p->error = 1;
                return 0;
            }
            v = op == '/' ? v / r : v % r;
        } else {
            return v;
        }
    }
}

static unsigned long p_add(parser *p)
{
    unsigned long v = p_mul(p);
    for (;;) {
        if (p->error)
            return 0;
        if (accept(p, "+"))
            v = v + p_mul(p);
        else if (accept(p, "-"))
            v = v - p_mul(p);
        else
            return v;
    }
}

static unsigned long p_rel(parser *p)
{
    unsigned long v = p_add(p);
    for (;;) {
        if (p->error)
            return 0;
        if (accept(p, "<="))
            v = v <= p_add(p);
        else if (accept(p, ">="))
            v = v >= p_add(p);
        else if (accept(p, "<"))
            v = v < p_add(p);
        else if (accept(p, ">"))
            v = v > p_add(p);
        else
            return v;
    }
}

static unsigned long p_eq(parser *p)
{
    unsigned long v = p_rel(p);
    for (;;) {
        if (p->error)
            return 0;
        if (accept(p, "=="))
            v = v == p_rel(p);
        else if (accept(p, "!="))
            v = v != p_rel(p);
        else
            return v;
    }
}

static unsigned long p_and(parser *p)
{
    unsigned long v = p_eq(p);
    while (!p->error && accept(p, "&&")) {
        unsigned long r = p_eq(p);
        v = v && r;
    }
    return v;
}

static unsigned long p_or(parser *p)
{
    unsigned long v = p_and(p);
    while (!p->error && accept(p, "||")) {
        unsigned long r = p_and(p);
        v = v || r;
    }
    return v;
}

static unsigned long p_expr(parser *p)
{
    if (++p->depth > DEPTH_MAX) {
        p->error = 1;
        return 0;
    }
    unsigned long c = p_or(p);
    unsigned long v = c;
    if (!p->error && accept(p, "?")) {
        unsigned long a = p_expr(p);
        if (!accept(p, ":"))
            p->error = 1;
        unsigned long b = p->error ? 0 : p_expr(p);
        v = c ? a : b;
    }
    p->depth--;
    return v;
}

int i18n_plural_eval(const char *expr, unsigned long n, unsigned long *result)
{
    parser p = { .s = expr, .n = n };
    unsigned long v = p_expr(&p);
    skip_space(&p);
    if (*p.s == ';')
        p.s++;
    skip_space(&p);
    if (p.error || *p.s != '\0')
        return -1;
    *result = v;
    return 0;
}

void i18n_plural_default(i18n_plural *p)
{
    p->nplurals = 2;
    snprintf(p->expr, sizeof p->expr, "n != 1");
}

int i18n_plural_parse(i18n_plural *p, const char *value)
{
    const char *np = strstr(value, "nplurals");
    const char *pl = strstr(value, "plural=");
    if (!pl)
        pl = strstr(value, "plural =");
    if (!np || !pl)
        goto bad;
    np += strlen("nplurals");
    while (*np == ' ')
        np++;
    if (*np++ != '=')
        goto bad;
    while (*np == ' ')
        np++;
    unsigned nplurals = 0;
    if (*np < '0' || *np > '9')
        goto bad;
    while (*np >= '0' && *np <= '9' && nplurals < 100)
        nplurals = nplurals * 10 + (unsigned)(*np++ - '0');
    if (nplurals < 1 || nplurals > 16)
        goto bad;
    pl = strchr(pl, '=') + 1;
    /* The expression runs to ';' or the end of the line. */
    size_t len = strcspn(pl, ";\n");
    if (len == 0 || len >= sizeof p->expr)
        goto bad;
    char expr[I18N_PLURAL_EXPR_MAX];
    memcpy(expr, pl, len);
    expr[len] = '\0';
    unsigned long r;
    /* Check the syntax with a sample n (division by zero can only come from
     * a constant divisor, since n is never a divisor in practice; test two
     * values to catch "n/(n-1)"-style traps too). */
    if (i18n_plural_eval(expr, 1, &r) != 0 || i18n_plural_eval(expr, 2, &r) != 0)
        goto bad;
    p->nplurals = nplurals;
    memcpy(p->expr, expr, len + 1);
    return 0;
bad:
    i18n_plural_default(p);
    return -1;
}

int i18n_plural_from_header(i18n_plural *p, const char *header)
{
    i18n_plural_default(p);
    const char *h = strstr(header, "Plural-Forms:");
    if (!h)
        return 0;
    h += strlen("Plural-Forms:");
    char line[I18N_PLURAL_EXPR_MAX + 64];
    size_t len = strcspn(h, "\n");
    if (len >= sizeof line)
        return -1;
    memcpy(line, h, len);
    line[len] = '\0';
    return i18n_plural_parse(p, line);
}

unsigned long i18n_plural_select(const i18n_plural *p, unsigned long n)
{
    unsigned long r;
    if (i18n_plural_eval(p->expr, n, &r) != 0)
        return 0;
    if (r >= p->nplurals)
        return 0;
    return r;
}
