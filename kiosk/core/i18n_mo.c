/* i18n_mo: bounds-checked MO reader. See i18n_mo.h.
 *
 * Layout (GNU gettext manual, "The Format of GNU MO Files"): a header of
 * seven 32-bit words in the file's byte order (magic 0x950412de, revision,
 * N, offset of the original-strings table, offset of the translations table,
 * hash size, hash offset), then two tables of N (length, offset) pairs.
 * The hash table is ignored: we sort our own index instead. All arithmetic
 * is done in 64 bits so no offset + length can wrap. */
#include "i18n_mo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MO_MAGIC 0x950412deU
#define MO_MAX_FILE (16u * 1024u * 1024u)

const char *i18n_mo_strerror(i18n_mo_status st)
{
    switch (st) {
    case I18N_MO_OK: return "ok";
    case I18N_MO_ERR_IO: return "cannot read the MO file (missing, unreadable or over 16 MiB): rebuild the assets";
    case I18N_MO_ERR_TOO_SMALL: return "MO file truncated: recompile the PO file with msgfmt";
    case I18N_MO_ERR_MAGIC: return "not an MO file: compile the PO file with msgfmt, do not copy the PO itself";
    case I18N_MO_ERR_REVISION: return "unknown MO revision: compile with GNU msgfmt";
    case I18N_MO_ERR_BOUNDS: return "MO file damaged (offsets out of range): recompile the PO file with msgfmt";
    case I18N_MO_ERR_STRING: return "MO file damaged (unterminated string): recompile the PO file with msgfmt";
    case I18N_MO_ERR_PLURAL: return "bad Plural-Forms header: fix the PO header, e.g. nplurals=2; plural=(n != 1);";
    case I18N_MO_ERR_MEMORY: return "out of memory";
    }
    return "unknown error";
}

static uint32_t rd32(const uint8_t *p, int big)
{
    if (big)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Check a (length, offset) descriptor: the string and its NUL lie inside. */
static i18n_mo_status check_string(const uint8_t *d, size_t size, uint32_t len, uint32_t off)
{
    uint64_t end = (uint64_t)off + (uint64_t)len; /* index of the NUL */
    if (end >= size)
        return I18N_MO_ERR_BOUNDS;
    if (d[end] != '\0')
        return I18N_MO_ERR_STRING;
    return I18N_MO_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    const i18n_mo_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

i18n_mo_status i18n_mo_parse(const void *data, size_t size, i18n_mo **out)
{
    *out = NULL;
    if (size < 28)
        return I18N_MO_ERR_TOO_SMALL;
    if (size > MO_MAX_FILE)
        return I18N_MO_ERR_IO;
    const uint8_t *raw = data;
    int big;
    if (rd32(raw, 0) == MO_MAGIC)
        big = 0;
    else if (rd32(raw, 1) == MO_MAGIC)
        big = 1;
    else
        return I18N_MO_ERR_MAGIC;
    uint32_t revision = rd32(raw + 4, big);
    if ((revision >> 16) > 1)
        return I18N_MO_ERR_REVISION;
    uint32_t n = rd32(raw + 8, big);
    uint32_t orig = rd32(raw + 12, big);
    uint32_t trans = rd32(raw + 16, big);
    uint64_t table = (uint64_t)n * 8;
    if ((uint64_t)orig + table > size || (uint64_t)trans + table > size)
        return I18N_MO_ERR_BOUNDS;

    i18n_mo *mo = calloc(1, sizeof *mo);
    if (!mo)
        return I18N_MO_ERR_MEMORY;
    i18n_plural_default(&mo->plural);
    mo->data = malloc(size + 1);
    mo->entries = calloc(n ? n : 1, sizeof *mo->entries);
    if (!mo->data || !mo->entries) {
        i18n_mo_free(mo);
        return I18N_MO_ERR_MEMORY;
    }
    memcpy(mo->data, data, size);
    mo->data[size] = '\0';
    mo->size = size;
    const uint8_t *d = mo->data;

    i18n_mo_status st = I18N_MO_OK;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t olen = rd32(d + orig + (uint64_t)i * 8, big);
        uint32_t ooff = rd32(d + orig + (uint64_t)i * 8 + 4, big);
        uint32_t tlen = rd32(d + trans + (uint64_t)i * 8, big);
        uint32_t toff = rd32(d + trans + (uint64_t)i * 8 + 4, big);
        if ((st = check_string(d, size, olen, ooff)) != I18N_MO_OK ||
            (st = check_string(d, size, tlen, toff)) != I18N_MO_OK)
            goto fail;
        const char *key = (const char *)d + ooff;
        const char *str = (const char *)d + toff;
        if (key[0] == '\0') {
            /* The header. A bad Plural-Forms makes the whole catalog suspect
             * for plurals only: refuse it so msgfmt --check is used. */
            if (i18n_plural_from_header(&mo->plural, str) != 0) {
                st = I18N_MO_ERR_PLURAL;
                goto fail;
            }
            continue;
        }
        if (tlen == 0 || str[0] == '\0')
            continue; /* untranslated: let the fallback chain answer */
        mo->entries[kept].key = key;
        mo->entries[kept].str = str;
        mo->entries[kept].str_len = tlen;
        mo->entries[kept].order = i;
        kept++;
    }
    qsort(mo->entries, kept, sizeof *mo->entries, cmp_entry);
    /* Drop duplicate keys (a hand-made file might repeat one): keep the first. */
    uint32_t w = 0;
    for (uint32_t r = 0; r < kept; r++) {
        if (w > 0 && strcmp(mo->entries[w - 1].key, mo->entries[r].key) == 0)
            continue;
        mo->entries[w++] = mo->entries[r];
    }
    mo->count = w;
    *out = mo;
    return I18N_MO_OK;
fail:
    i18n_mo_free(mo);
    return st;
}

i18n_mo_status i18n_mo_load(const char *path, i18n_mo **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return I18N_MO_ERR_IO;
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    i18n_mo_status st = I18N_MO_OK;
    for (;;) {
        if (len == cap) {
            if (cap >= MO_MAX_FILE) {
                st = I18N_MO_ERR_IO;
                break;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, ncap + 1);
            if (!nb) {
                st = I18N_MO_ERR_MEMORY;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                st = I18N_MO_ERR_IO;
            break;
        }
    }
    fclose(f);
    if (st == I18N_MO_OK)
        st = i18n_mo_parse(buf, len, out);
    free(buf);
    return st;
}

void i18n_mo_free(i18n_mo *mo)
{
    if (!mo)
        return;
    free(mo->entries);
    free(mo->data);
    free(mo);
}

const i18n_mo_entry *i18n_mo_find(const i18n_mo *mo, const char *key)
{
    if (!mo || !key)
        return NULL;
    uint32_t lo = 0, hi = mo->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, mo->entries[mid].key);
        if (c == 0)
            return &mo->entries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *i18n_mo_form(const i18n_mo_entry *e, unsigned long form)
{
    const char *s = e->str;
    const char *end = e->str + e->str_len; /* the final NUL, inside the file */
    for (unsigned long i = 0; i < form; i++) {
        size_t l = strlen(s);
        if (s + l >= end)
            return NULL;
        s += l + 1;
    }
    return s[0] ? s : NULL;
}
