/* search: find procedures as the citizen types.
 *
 * Diacritic-blind ("dang ky khai sinh" finds "Đăng ký khai sinh"), prefix
 * matching per keystroke ("dang ky kh"), one typo forgiven in words of five
 * letters or more ("thuongg tru"), Telex leftovers undone ("ddawng kys",
 * "khai sinhf"), synonyms people use ("sổ hộ khẩu" -> residence, "công
 * chứng" -> chứng thực), and codes or portal links ("1.001193",
 * "...?ma_thu_tuc=1.001193").
 *
 * Ranking: an exact code first; then procedures where every word of the
 * query is in the name; then in the name or summary (with keywords and the
 * result's name); then anywhere including the field. Within a tier: better
 * word matches (exact > prefix > Telex > typo), query words in the same order
 * in the name, fewer extra words in the name (counted up to six), the
 * record's search_weight (common procedures first), then the code.
 *
 * The index lives in memory (built once from catalog.db's folded columns in a
 * few milliseconds, with a posting list per word) so that a keystroke costs
 * well under a millisecond even with thousands of procedures. Queries are not
 * logged. A search_index is not safe to share between threads. */
#ifndef KIOSK_SEARCH_H
#define KIOSK_SEARCH_H

#include <stddef.h>

#include "catalog.h"

typedef enum search_tier {
    SEARCH_TIER_PARTIAL = 0,    /* all words but one matched */
    SEARCH_TIER_FIELD = 1,
    SEARCH_TIER_SUMMARY = 2,
    SEARCH_TIER_NAME = 3,
    SEARCH_TIER_CODE = 4
} search_tier;

typedef struct search_result {
    char code[CATALOG_CODE_MAX];
    search_tier tier;
    long score;                 /* higher is better; only for ordering */
} search_result;

typedef struct search_index search_index;

/* Build the index from an open catalog. NULL with err set on failure. */
search_index *search_open(catalog *cat, catalog_error *err);

/* An empty index, filled with search_add*() (tests, fuzzing, benchmarks). */
search_index *search_new(void);

/* Add a procedure: texts are folded here (any case, with or without marks).
 * weight 0..9 is the record's search_weight: how often citizens ask for it;
 * it orders procedures only within a tier. */
int search_add(search_index *ix, const char *code, const char *name, const char *summary,
               const char *keywords, const char *field, int weight);

/* Add a synonym (phrase -> words of the catalog) or a stopword. */
int search_add_synonym(search_index *ix, const char *phrase, const char *means);
int search_add_stopword(search_index *ix, const char *word);

void search_close(search_index *ix);

/* Run a query: fills up to max results, best first. Returns the count (0
 * when nothing matches or the query is empty). */
int search_query(search_index *ix, const char *query, search_result *out, int max);

/* Tests only: score by scanning every procedure (the simple reference the
 * posting lists must agree with) instead of walking posting lists. */
void search_set_reference_scan(search_index *ix, int on);

/* The words the query is matched with after folding, Telex repair and
 * synonyms, space-separated (optional words in brackets): for tests and
 * `kioskctl catalog search --explain`. */
void search_explain(search_index *ix, const char *query, char *out, size_t size);

#endif
