/* fees: a procedure's fee rule as data, and what a citizen pays.
 *
 * Rules come from the catalog (assets/catalog/procedures/<code>.json, channel
 * "fee" object): free; fixed per case, per copy or per document; per page with
 * tiers and a cap per copy (certified copies: 2,000 đ a page for pages 1-2,
 * 1,000 đ a page from page 3, at most 200,000 đ a copy); set by the province;
 * unknown. A rule may list exemptions (who pays nothing). Amounts are whole
 * đồng (VND) in a long. No personal data here. */
#ifndef KIOSK_FEES_H
#define KIOSK_FEES_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define FEES_MAX_TIERS 4
#define FEES_MAX_EXEMPTIONS 8

typedef enum fees_type {
    FEES_FREE = 0,
    FEES_FIXED,
    FEES_PER_PAGE,
    FEES_SET_BY_PROVINCE,   /* amount decided by the provincial People's Council */
    FEES_UNKNOWN            /* not published: ask at the counter */
} fees_type;

typedef enum fees_per {
    FEES_PER_CASE = 0,      /* once per dossier */
    FEES_PER_COPY,          /* per copy issued */
    FEES_PER_PAGE_UNIT      /* (internal) per page, see tiers */
} fees_per;

typedef struct fees_tier {
    int from_page;          /* first page (1-based) this price applies to */
    long amount;            /* đồng per page */
} fees_tier;

typedef struct fees_exemption {
    char id[32];            /* "on_time", "poor_household", ... */
    char name_vi[128];
    char name_en[128];
} fees_exemption;

typedef struct fees_rule {
    fees_type type;
    long amount;            /* FEES_FIXED */
    fees_per per;           /* FEES_FIXED: case or copy */
    fees_tier tiers[FEES_MAX_TIERS];    /* FEES_PER_PAGE, ascending from_page, first is 1 */
    int tier_count;
    long cap_per_copy;      /* FEES_PER_PAGE: 0 = no cap */
    fees_exemption exemptions[FEES_MAX_EXEMPTIONS];
    int exemption_count;
} fees_rule;

/* What the citizen asks for. pages: pages of one copy (per-page rules);
 * copies: number of copies (>= 1); exemptions: ids the citizen qualifies for
 * (checked by the officer; the kiosk shows the amount as "expected"). */
typedef struct fees_request {
    int pages;
    int copies;
    const char *const *exemptions;
    int exemption_count;
} fees_request;

typedef enum fees_status {
    FEES_OK = 0,                /* *amount holds the fee (0 when free or exempt) */
    FEES_ST_SET_BY_PROVINCE,    /* not computable here: the province sets it */
    FEES_ST_UNKNOWN,            /* not published */
    FEES_ST_BAD_REQUEST         /* pages or copies out of range */
} fees_status;

/* Parse a fee object (as in the catalog). On error returns -1 and writes a
 * message naming the member ("fee.tiers[1].from_page: ...") to err. */
int fees_parse(const json_t *obj, fees_rule *out, char *err, size_t errsize);

/* Compute the fee for a request. Exemptions apply to every rule type. */
fees_status fees_compute(const fees_rule *r, const fees_request *req, long *amount);

/* True if the rule lists exemption id. */
bool fees_has_exemption(const fees_rule *r, const char *id);

/* Format an amount the Vietnamese way: 200000 -> "200.000 đ". */
void fees_format_amount(long amount, char *out, size_t size);

/* Describe a rule for the procedure page, in "vi" or "en" (others fall back
 * to "vi"): "Miễn phí", "10.000 đ/trường hợp", "2.000 đ/trang; từ trang 3:
 * 1.000 đ/trang; tối đa 200.000 đ/bản", "Do tỉnh quy định". */
void fees_describe(const fees_rule *r, const char *lang, char *out, size_t size);

#endif
