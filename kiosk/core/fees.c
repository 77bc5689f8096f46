/* fees: parse fee rules from the catalog and compute what a citizen pays.
 *
 * The per-page rule is tiered (each page priced by the tier it falls in) and
 * capped per copy, which is how the certification fee is set; the rest are
 * flat amounts. Parsing is strict: a typo in a rule must fail the catalog
 * build, not charge a citizen the wrong amount. */
#include "fees.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

#define FEES_MAX_AMOUNT 100000000L   /* 100 million đ: anything above is a typo */

static int fail(char *err, size_t n, const char *fmt, const char *a, long v)
{
    if (err && n)
        snprintf(err, n, fmt, a, v);
    return -1;
}

static int get_amount(const json_t *j, const char *path, long *out, char *err, size_t n)
{
    if (!json_is_integer(j))
        return fail(err, n, "%s: must be a whole number of đồng%.0ld", path, 0);
    json_int_t v = json_integer_value(j);
    if (v < 0 || v > FEES_MAX_AMOUNT)
        return fail(err, n, "%s: %ld is out of range (0..100000000 đồng)", path, (long)v);
    *out = (long)v;
    return 0;
}

static int parse_exemptions(const json_t *arr, fees_rule *r, char *err, size_t n)
{
    if (!json_is_array(arr))
        return fail(err, n, "%s: must be an array of {id, name}%.0ld", "fee.exemptions", 0);
    if (json_array_size(arr) > FEES_MAX_EXEMPTIONS)
        return fail(err, n, "%s: at most %ld entries", "fee.exemptions", FEES_MAX_EXEMPTIONS);
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e) {
        const json_t *id = json_object_get(e, "id");
        const json_t *name = json_object_get(e, "name");
        char path[48];
        snprintf(path, sizeof path, "fee.exemptions[%zu]", i);
        if (!json_is_object(e) || !json_is_string(id) || !json_string_length(id))
            return fail(err, n, "%s.id: missing; give a short id such as \"poor_household\"%.0ld",
                        path, 0);
        fees_exemption *x = &r->exemptions[r->exemption_count++];
        if (!text_copy(x->id, sizeof x->id, json_string_value(id)))
            return fail(err, n, "%s.id: longer than %ld bytes", path, (long)sizeof x->id - 1);
        const json_t *vi = json_object_get(name, "vi");
        const json_t *en = json_object_get(name, "en");
        if (!json_is_string(vi))
            return fail(err, n, "%s.name.vi: missing; say who is exempt in Vietnamese%.0ld", path, 0);
        text_copy(x->name_vi, sizeof x->name_vi, json_string_value(vi));
        text_copy(x->name_en, sizeof x->name_en, json_is_string(en) ? json_string_value(en) : "");
    }
    return 0;
}

int fees_parse(const json_t *obj, fees_rule *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(obj))
        return fail(err, n, "%s: must be an object with a \"type\"%.0ld", "fee", 0);
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        if (strcmp(key, "type") && strcmp(key, "amount") && strcmp(key, "per") &&
            strcmp(key, "tiers") && strcmp(key, "cap_per_copy") && strcmp(key, "exemptions") &&
            strcmp(key, "note"))
            return fail(err, n, "fee.%s: unknown member (check the spelling)%.0ld", key, 0);
    }
    const json_t *type = json_object_get(obj, "type");
    const char *t = json_string_value(type);
    if (!t)
        return fail(err, n, "%s: missing; one of free, fixed, per_page, set_by_province, unknown%.0ld",
                    "fee.type", 0);
    if (!strcmp(t, "free")) {
        out->type = FEES_FREE;
    } else if (!strcmp(t, "fixed")) {
        out->type = FEES_FIXED;
        if (get_amount(json_object_get(obj, "amount"), "fee.amount", &out->amount, err, n))
            return -1;
        const char *per = json_string_value(json_object_get(obj, "per"));
        if (!per || !strcmp(per, "case"))
            out->per = FEES_PER_CASE;
        else if (!strcmp(per, "copy"))
            out->per = FEES_PER_COPY;
        else
            return fail(err, n, "fee.per: \"%s\" is not case or copy%.0ld", per, 0);
    } else if (!strcmp(t, "per_page")) {
        out->type = FEES_PER_PAGE;
        out->per = FEES_PER_PAGE_UNIT;
        const json_t *tiers = json_object_get(obj, "tiers");
        if (!json_is_array(tiers) || json_array_size(tiers) == 0 ||
            json_array_size(tiers) > FEES_MAX_TIERS)
            return fail(err, n, "%s: must list 1 to %ld tiers {from_page, amount}", "fee.tiers",
                        FEES_MAX_TIERS);
        size_t i;
        const json_t *tj;
        json_array_foreach(tiers, i, tj) {
            char path[48];
            snprintf(path, sizeof path, "fee.tiers[%zu].from_page", i);
            const json_t *fp = json_object_get(tj, "from_page");
            if (!json_is_integer(fp) || json_integer_value(fp) < 1 || json_integer_value(fp) > 10000)
                return fail(err, n, "%s: must be a page number from 1%.0ld", path, 0);
            int from = (int)json_integer_value(fp);
            if (i == 0 && from != 1)
                return fail(err, n, "%s: the first tier must start at page 1, not %ld", path, from);
            if (i > 0 && from <= out->tiers[i - 1].from_page)
                return fail(err, n, "%s: tiers must go up; %ld is not after the previous tier",
                            path, from);
            snprintf(path, sizeof path, "fee.tiers[%zu].amount", i);
            out->tiers[i].from_page = from;
            if (get_amount(json_object_get(tj, "amount"), path, &out->tiers[i].amount, err, n))
                return -1;
            out->tier_count++;
        }
        const json_t *cap = json_object_get(obj, "cap_per_copy");
        if (cap && get_amount(cap, "fee.cap_per_copy", &out->cap_per_copy, err, n))
            return -1;
    } else if (!strcmp(t, "set_by_province")) {
        out->type = FEES_SET_BY_PROVINCE;
    } else if (!strcmp(t, "unknown")) {
        out->type = FEES_UNKNOWN;
    } else {
        return fail(err, n,
                    "fee.type: \"%s\" is not one of free, fixed, per_page, set_by_province, unknown%.0ld",
                    t, 0);
    }
    if (out->type != FEES_FIXED && (json_object_get(obj, "amount") || json_object_get(obj, "per")))
        return fail(err, n, "fee.amount: only a \"fixed\" fee has an amount (type is %s)%.0ld", t, 0);
    const json_t *ex = json_object_get(obj, "exemptions");
    if (ex && parse_exemptions(ex, out, err, n))
        return -1;
    return 0;
}

bool fees_has_exemption(const fees_rule *r, const char *id)
{
    for (int i = 0; i < r->exemption_count; i++)
        if (!strcmp(r->exemptions[i].id, id))
            return true;
    return false;
}

fees_status fees_compute(const fees_rule *r, const fees_request *req, long *amount)
{
    *amount = 0;
    int copies = req->copies;
    if (copies < 1 || copies > 10000)
        return FEES_ST_BAD_REQUEST;
    for (int i = 0; i < req->exemption_count; i++)
        if (req->exemptions[i] && fees_has_exemption(r, req->exemptions[i]))
            return FEES_OK;
    switch (r->type) {
    case FEES_FREE:
        return FEES_OK;
    case FEES_FIXED:
        *amount = r->per == FEES_PER_COPY ? r->amount * copies : r->amount;
        return FEES_OK;
    case FEES_PER_PAGE: {
        if (req->pages < 1 || req->pages > 100000)
            return FEES_ST_BAD_REQUEST;
        long one = 0;
        for (int t = 0; t < r->tier_count; t++) {
            int first = r->tiers[t].from_page;
            int last = t + 1 < r->tier_count ? r->tiers[t + 1].from_page - 1 : req->pages;
            if (last > req->pages)
                last = req->pages;
            if (last >= first)
                one += (long)(last - first + 1) * r->tiers[t].amount;
        }
        if (r->cap_per_copy > 0 && one > r->cap_per_copy)
            one = r->cap_per_copy;
        *amount = one * copies;
        return FEES_OK;
    }
    case FEES_SET_BY_PROVINCE:
        return FEES_ST_SET_BY_PROVINCE;
    case FEES_UNKNOWN:
    default:
        return FEES_ST_UNKNOWN;
    }
}

void fees_format_amount(long amount, char *out, size_t size)
{
    char digits[32];
    char buf[48];
    snprintf(digits, sizeof digits, "%ld", amount < 0 ? -amount : amount);
    size_t len = strlen(digits), o = 0;
    if (amount < 0)
        buf[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = '.';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    snprintf(out, size, "%s đ", buf);
}

void fees_describe(const fees_rule *r, const char *lang, char *out, size_t size)
{
    char a[32], b[32], c[32];
    switch (r->type) {
    case FEES_FREE:
        snprintf(out, size, "%s", i18n_vi_en(lang, "Miễn phí", "Free"));
        break;
    case FEES_FIXED:
        fees_format_amount(r->amount, a, sizeof a);
        if (r->per == FEES_PER_COPY)
            snprintf(out, size, i18n_vi_en(lang, "%s/bản", "%s/copy"), a);
        else
            snprintf(out, size, i18n_vi_en(lang, "%s/trường hợp", "%s/case"), a);
        break;
    case FEES_PER_PAGE:
        fees_format_amount(r->tiers[0].amount, a, sizeof a);
        if (r->tier_count > 1) {
            fees_format_amount(r->tiers[1].amount, b, sizeof b);
            fees_format_amount(r->cap_per_copy, c, sizeof c);
            if (r->cap_per_copy > 0)
                snprintf(out, size,
                         i18n_vi_en(lang, "%s/trang; từ trang %d: %s/trang; tối đa %s/bản",
                                    "%s/page; from page %d: %s/page; at most %s/copy"),
                         a, r->tiers[1].from_page, b, c);
            else
                snprintf(out, size,
                         i18n_vi_en(lang, "%s/trang; từ trang %d: %s/trang",
                                    "%s/page; from page %d: %s/page"),
                         a, r->tiers[1].from_page, b);
        } else {
            snprintf(out, size, i18n_vi_en(lang, "%s/trang", "%s/page"), a);
        }
        break;
    case FEES_SET_BY_PROVINCE:
        snprintf(out, size, "%s",
                 i18n_vi_en(lang, "Theo mức do tỉnh quy định", "Set by the province"));
        break;
    case FEES_UNKNOWN:
    default:
        snprintf(out, size, "%s", i18n_vi_en(lang, "Hỏi tại quầy", "Ask at the counter"));
        break;
    }
    const char *exempt = i18n_vi_en(lang, " (có trường hợp được miễn)", " (some people are exempt)");
    if (r->exemption_count > 0 && strlen(out) + strlen(exempt) < size)
        strcat(out, exempt);
}
