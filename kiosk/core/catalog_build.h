/* catalog_build: validate catalog sources and compile them into catalog.db.
 *
 * Sources (a directory DIR, normally assets/catalog):
 *   DIR/procedures/<code>.json   one record per procedure (catalog.h parses it)
 *   DIR/fields.json              the fields (lĩnh vực): id, name, pictogram, order
 *   DIR/synonyms.json            what people type -> words of the catalog; stopwords
 *   DIR/holidays.json            public holidays for working-day counting
 *   FORMS/<id>.json              forms (form.h parses them), FORMS normally assets/forms
 *
 * Validation runs every record check, then the cross checks: the file is
 * named after its code, codes are unique, every field exists, every form a
 * document names exists and belongs to that procedure. The first problem is
 * reported as "<file>: <member>: <what is wrong; what to do>". The build tool,
 * `kioskctl catalog check` and `kioskctl catalog import` all call these. */
#ifndef KIOSK_CATALOG_BUILD_H
#define KIOSK_CATALOG_BUILD_H

#include "catalog.h"

/* Validate everything under dir and forms_dir (forms_dir NULL: dir/../forms).
 * Returns the number of procedures checked, or -1 with err set. */
int catalog_build_check(const char *dir, const char *forms_dir, catalog_error *err);

/* Validate, then write a fresh catalog.db at out_path (replaced atomically:
 * written to out_path.tmp and renamed). Returns the number of procedures,
 * or -1 with err set (out_path is then left as it was). */
int catalog_build_compile(const char *dir, const char *forms_dir, const char *out_path,
                          catalog_error *err);

/* Add or replace one procedure record (a JSON file) in an existing
 * catalog.db, after the same checks against what the database holds (field
 * known, forms present). A malformed file is refused with err set and the
 * database is left unchanged. Returns 0 or -1. */
int catalog_build_import(const char *db_path, const char *json_path, catalog_error *err);

/* Fold and index text the way the compiler does (also used by the benchmark
 * to add generated records): inserts one record's rows into an open
 * writable catalog database. The record must already be valid. */
int catalog_build_insert(struct sqlite3 *db, const char *json, size_t len, catalog_error *err);

#endif
