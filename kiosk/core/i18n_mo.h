/* i18n_mo: a strict reader of GNU gettext MO files (compiled PO catalogs).
 *
 * An MO file is outside input (it comes from the SD card, a technician may
 * drop one in), so every offset and length is checked against the buffer
 * before use and every string must be NUL-terminated inside it. The reader
 * copies the file, validates all entries once, then sorts its own index of
 * keys, so a lookup is a binary search that never trusts the file's order or
 * its hash table. Keys follow gettext: "msgid", or "msgctxt\x04msgid" for a
 * message with a context; a plural entry's key is its singular msgid, and
 * its translation holds the forms separated by NUL bytes.
 *
 * The header entry (msgid "") gives Plural-Forms, parsed by i18n_plural.
 * Ownership: i18n_mo_parse returns a catalog the caller frees with
 * i18n_mo_free. A catalog is read-only after parsing, so lookups from
 * several threads are safe. */
#ifndef KIOSK_I18N_MO_H
#define KIOSK_I18N_MO_H

#include <stddef.h>
#include <stdint.h>

#include "i18n_plural.h"

typedef enum i18n_mo_status {
    I18N_MO_OK = 0,
    I18N_MO_ERR_IO,         /* the file could not be read */
    I18N_MO_ERR_TOO_SMALL,  /* shorter than an MO header */
    I18N_MO_ERR_MAGIC,      /* not an MO file */
    I18N_MO_ERR_REVISION,   /* an MO revision we do not know */
    I18N_MO_ERR_BOUNDS,     /* a table or string lies outside the file */
    I18N_MO_ERR_STRING,     /* a string is not NUL-terminated */
    I18N_MO_ERR_PLURAL,     /* the Plural-Forms header cannot be evaluated */
    I18N_MO_ERR_MEMORY,
} i18n_mo_status;

/* A message a person can act on ("recompile the PO file with msgfmt ..."). */
const char *i18n_mo_strerror(i18n_mo_status st);

typedef struct i18n_mo_entry {
    const char *key;     /* singular msgid, with "ctx\x04" prefix if any */
    const char *str;     /* first (or only) translation */
    uint32_t str_len;    /* bytes of all forms, NULs between forms included */
    uint32_t order;      /* position in the file: the first of duplicates wins */
} i18n_mo_entry;

typedef struct i18n_mo {
    uint8_t *data;        /* private copy of the file */
    size_t size;
    i18n_mo_entry *entries; /* sorted by key, unique */
    uint32_t count;
    i18n_plural plural;   /* from the header; n != 1 with 2 forms if absent */
} i18n_mo;

/* Parse size bytes at data (copied). On success *out is a new catalog. */
i18n_mo_status i18n_mo_parse(const void *data, size_t size, i18n_mo **out);
/* Read and parse a file. Files over 16 MiB are refused (I18N_MO_ERR_IO). */
i18n_mo_status i18n_mo_load(const char *path, i18n_mo **out);
void i18n_mo_free(i18n_mo *mo);

/* The translation of key, or NULL if absent or empty. */
const i18n_mo_entry *i18n_mo_find(const i18n_mo *mo, const char *key);
/* Form number `form` of an entry (0-based), or NULL if it has fewer forms. */
const char *i18n_mo_form(const i18n_mo_entry *e, unsigned long form);

#endif
