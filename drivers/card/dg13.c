/* dg13: the Vietnamese personal-data group (tag 6D).
 *
 * Sources disagree on the nesting of some entries, so this is a generic BER
 * walk, never fixed offsets: every SEQUENCE that is a child of a SET and
 * starts with an INTEGER n is entry n. Entries 1-12, 15 and 16 take their
 * first string leaf; 13 (parents) and 14 (spouse) collect every string leaf in
 * order. Strings are validated as UTF-8 and normalised to NFC; dates
 * dd/mm/yyyy become ISO. Every field is optional. */
#include "card_int.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DG13_MAX_DEPTH 8

static bool is_string_tag(uint32_t t)
{
    return t == 0x0C || t == 0x13 || t == 0x16 || t == 0x14 || t == 0x1A || t == 0x04;
}

/* Copy a string leaf into out as NFC UTF-8; false if invalid. */
static bool leaf_text(const tlv *t, char *out, size_t size)
{
    if (t->len == 0) {
        out[0] = 0;
        return true;
    }
    if (memchr(t->val, 0, t->len) || !text_utf8_valid((const char *)t->val, t->len))
        return false;
    if (text_to_nfc((const char *)t->val, t->len, out, size) != 0) {
        out[0] = 0;
        return false;
    }
    /* trim surrounding spaces */
    size_t n = strlen(out), s = 0;
    while (n > 0 && out[n - 1] == ' ')
        out[--n] = 0;
    while (out[s] == ' ')
        s++;
    if (s)
        memmove(out, out + s, n - s + 1);
    return true;
}

typedef struct leaves {
    char (*out)[256];
    int max, n;
} leaves;

static void collect(const uint8_t *v, size_t n, leaves *L, int depth)
{
    size_t off = 0;
    if (depth > DG13_MAX_DEPTH)
        return;
    while (off < n && L->n < L->max) {
        tlv t;
        size_t used = tlv_parse(v + off, n - off, &t);
        if (!used)
            return;
        if (is_string_tag(t.tag)) {
            if (leaf_text(&t, L->out[L->n], sizeof L->out[0]) && L->out[L->n][0])
                L->n++;
        } else if (tlv_constructed(t.tag)) {
            collect(t.val, t.len, L, depth + 1);
        }
        off += used;
    }
}

static bool dmy_to_iso(const char *s, char out[11])
{
    int d, m, y;
    char extra;
    if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
        return false;
    if (sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &extra) != 3)
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 2 && i != 5 && !isdigit((unsigned char)s[i]))
            return false;
    if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1900 || y > 2999)
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}

static void set_field(char *dst, size_t size, const char *src)
{
    if (!text_copy(dst, size, src))
        dst[0] = 0;     /* too long for the field: better empty than cut */
}

static void entry(int num, const uint8_t *v, size_t n, identity *id)
{
    char vals[4][256];
    leaves L = { vals, 4, 0 };
    collect(v, n, &L, 0);
    if (L.n == 0)
        goto out;
    const char *s = vals[0];
    switch (num) {
    case 1: set_field(id->id_number, sizeof id->id_number, s); break;
    case 2: set_field(id->full_name, sizeof id->full_name, s); break;
    case 3: if (!dmy_to_iso(s, id->date_of_birth)) id->date_of_birth[0] = 0; break;
    case 4: set_field(id->sex, sizeof id->sex, s); break;
    case 5: set_field(id->nationality, sizeof id->nationality, s); break;
    case 6: set_field(id->ethnicity, sizeof id->ethnicity, s); break;
    case 7: set_field(id->religion, sizeof id->religion, s); break;
    case 8: set_field(id->place_of_origin, sizeof id->place_of_origin, s); break;
    case 9: set_field(id->place_of_residence, sizeof id->place_of_residence, s); break;
    case 10: set_field(id->identifying_features, sizeof id->identifying_features, s); break;
    case 11: if (!dmy_to_iso(s, id->date_of_issue)) id->date_of_issue[0] = 0; break;
    case 12:
        if (!dmy_to_iso(s, id->date_of_expiry))
            set_field(id->date_of_expiry, sizeof id->date_of_expiry, s);
        break;
    case 13:
        set_field(id->father_name, sizeof id->father_name, vals[0]);
        if (L.n > 1)
            set_field(id->mother_name, sizeof id->mother_name, vals[1]);
        break;
    case 14: set_field(id->spouse_name, sizeof id->spouse_name, s); break;
    case 15: set_field(id->old_id_number, sizeof id->old_id_number, s); break;
    case 16:
        /* meaning unknown; one source says the old ID: use it only as a fallback */
        if (!id->old_id_number[0] && strlen(s) == 9) {
            bool digits = true;
            for (int i = 0; i < 9; i++)
                digits &= isdigit((unsigned char)s[i]) != 0;
            if (digits)
                set_field(id->old_id_number, sizeof id->old_id_number, s);
        }
        break;
    default: break;
    }
out:
    explicit_bzero(vals, sizeof vals);
}

static int entries_in_set(const uint8_t *v, size_t n, identity *id)
{
    size_t off = 0;
    int found = 0;
    while (off < n) {
        tlv seq, num;
        size_t used = tlv_parse(v + off, n - off, &seq);
        if (!used)
            break;
        off += used;
        if (seq.tag != 0x30)
            continue;
        size_t u = tlv_parse(seq.val, seq.len, &num);
        if (!u || num.tag != 0x02 || num.len < 1 || num.len > 2)
            continue;
        int k = 0;
        for (size_t i = 0; i < num.len; i++)
            k = (k << 8) | num.val[i];
        entry(k, seq.val + u, seq.len - u, id);
        found++;
    }
    return found;
}

static int walk(const uint8_t *v, size_t n, identity *id, int depth)
{
    size_t off = 0;
    int found = 0;
    if (depth > DG13_MAX_DEPTH)
        return 0;
    while (off < n) {
        tlv t;
        size_t used = tlv_parse(v + off, n - off, &t);
        if (!used)
            break;
        if (t.tag == 0x31)
            found += entries_in_set(t.val, t.len, id);
        else if (tlv_constructed(t.tag))
            found += walk(t.val, t.len, id, depth + 1);
        off += used;
    }
    return found;
}

card_err dg13_parse(const uint8_t *buf, size_t n, identity *out)
{
    tlv top;
    if (!tlv_parse(buf, n, &top) || top.tag != 0x6D)
        return CARD_E_FORMAT;
    return walk(top.val, top.len, out, 0) > 0 ? CARD_OK : CARD_E_FORMAT;
}
