/* config: INI loading on inih with overrides and typed getters. See config.h.
 *
 * One fixed array, no allocation: the file is small and a kiosk reads it once. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_init(config *c)
{
    memset(c, 0, sizeof *c);
}

static void set_error(config *c, const char *fmt, const char *a, const char *b, const char *d)
{
    if (c->error[0])
        return;
    snprintf(c->error, sizeof c->error, fmt, a, b, d);
}

/* Strip whitespace, CR, and a pair of quotes, straight or typographic. */
static void clean_value(char *v)
{
    static const char *const quotes[] = { "\"", "'", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                          "\xE2\x80\x98", "\xE2\x80\x99" };
    size_t len = strlen(v);
    while (len && (v[len - 1] == '\r' || v[len - 1] == ' ' || v[len - 1] == '\t'))
        v[--len] = '\0';
    size_t start = 0;
    while (v[start] == ' ' || v[start] == '\t')
        start++;
    memmove(v, v + start, len - start + 1);
    len -= start;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t q = 0; q < sizeof quotes / sizeof quotes[0]; q++) {
            size_t ql = strlen(quotes[q]);
            if (pass == 0 && len >= ql && memcmp(v, quotes[q], ql) == 0) {
                memmove(v, v + ql, len - ql + 1);
                len -= ql;
                break;
            }
            if (pass == 1 && len >= ql && memcmp(v + len - ql, quotes[q], ql) == 0) {
                v[len - ql] = '\0';
                len -= ql;
                break;
            }
        }
    }
}

static config_entry *find(const config *c, const char *section, const char *key)
{
    for (int i = c->count - 1; i >= 0; i--)
        if (strcmp(c->entries[i].section, section) == 0 && strcmp(c->entries[i].key, key) == 0)
            return (config_entry *)&c->entries[i];
    return NULL;
}

static void put(config *c, const char *section, const char *key, const char *value,
                const char *origin)
{
    config_entry *e = find(c, section, key);
    if (!e) {
        if (c->count >= CONFIG_MAX_ENTRIES) {
            set_error(c, "%s: too many settings (at most 256); remove unused lines%s%s", origin,
                      "", "");
            return;
        }
        e = &c->entries[c->count++];
        snprintf(e->section, sizeof e->section, "%s", section);
        snprintf(e->key, sizeof e->key, "%s", key);
    }
    if (strlen(value) >= sizeof e->value)
        set_error(c, "%s: value of %s is too long (at most 255 bytes)%s", origin, key, "");
    snprintf(e->value, sizeof e->value, "%s", value);
    clean_value(e->value);
    snprintf(e->origin, sizeof e->origin, "%s", origin);
}

void config_set(config *c, const char *section, const char *key, const char *value)
{
    put(c, section, key, value, "command line");
}

struct load_ctx {
    config *c;
    const char *name;
};

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    /* Debian's inih is built without INI_HANDLER_LINENO: we name the file and key. */
    struct load_ctx *ctx = user;
    char origin[128];
    snprintf(origin, sizeof origin, "%.100s [%.20s]", ctx->name, section);
    if (!name) /* new section, nothing to store */
        return 1;
    put(ctx->c, section, name, value, origin);
    return 1;
}

static int report(config *c, int rc, const char *name)
{
    if (rc > 0) {
        char line[16];
        snprintf(line, sizeof line, "%d", rc);
        set_error(c, "%s:%s: this line is not 'key = value' or '[section]'; fix or remove it%s",
                  name, line, "");
        return -1;
    }
    return c->error[0] ? -1 : 0;
}

int config_load_file(config *c, const char *path, bool optional)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (optional && errno == ENOENT)
            return 0;
        set_error(c, "%s: cannot open (%s)%s", path, strerror(errno), "");
        return -1;
    }
    struct load_ctx ctx = { c, path };
    int rc = ini_parse_file(f, on_entry, &ctx);
    fclose(f);
    return report(c, rc, path);
}

int config_load_string(config *c, const char *text, const char *name)
{
    struct load_ctx ctx = { c, name };
    int rc = ini_parse_string(text, on_entry, &ctx);
    return report(c, rc, name);
}

const char *config_get(const config *c, const char *section, const char *key, const char *def)
{
    const config_entry *e = find(c, section, key);
    return e ? e->value : def;
}

long config_get_int(config *c, const char *section, const char *key, long def, long min, long max)
{
    const config_entry *e = find(c, section, key);
    if (!e)
        return def;
    char *end;
    errno = 0;
    long v = strtol(e->value, &end, 10);
    if (errno || end == e->value || *end || v < min || v > max) {
        char range[64];
        snprintf(range, sizeof range, "%ld and %ld", min, max);
        set_error(c, "%s: %s must be a whole number between %s; using the default", e->origin,
                  key, range);
        return def;
    }
    return v;
}

double config_get_double(config *c, const char *section, const char *key, double def,
                         double min, double max)
{
    const config_entry *e = find(c, section, key);
    if (!e)
        return def;
    char *end;
    errno = 0;
    double v = strtod(e->value, &end);
    if (errno || end == e->value || *end || !(v >= min && v <= max)) {
        char range[64];
        snprintf(range, sizeof range, "%g and %g", min, max);
        set_error(c, "%s: %s must be a number between %s; using the default", e->origin, key,
                  range);
        return def;
    }
    return v;
}

bool config_get_bool(config *c, const char *section, const char *key, bool def)
{
    const config_entry *e = find(c, section, key);
    if (!e)
        return def;
    const char *v = e->value;
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "on")
        || !strcasecmp(v, "có"))
        return true;
    if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "off")
        || !strcasecmp(v, "không"))
        return false;
    set_error(c, "%s: %s must be yes or no; using the default%s", e->origin, key, "");
    return def;
}
