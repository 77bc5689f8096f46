/* tlv: BER-TLV as used by ISO 7816-4 and ICAO 9303 files.
 *
 * Strict on outside input: definite lengths only (no 0x80), at most 3 length
 * bytes (files are < 16 MiB), tags of at most 3 bytes, and a value must fit in
 * the buffer. Parsing never copies: a tlv points into the caller's buffer. */
#include "card_int.h"

#include <string.h>

static size_t parse_tag(const uint8_t *b, size_t n, uint32_t *tag)
{
    if (n < 1)
        return 0;
    uint32_t t = b[0];
    size_t i = 1;
    if ((b[0] & 0x1F) == 0x1F) {
        for (;;) {
            if (i >= n || i >= 3)
                return 0;
            t = (t << 8) | b[i];
            if (!(b[i++] & 0x80))
                break;
        }
    }
    *tag = t;
    return i;
}

static size_t parse_len(const uint8_t *b, size_t n, size_t *len)
{
    if (n < 1)
        return 0;
    if (b[0] < 0x80) {
        *len = b[0];
        return 1;
    }
    size_t k = b[0] & 0x7F;
    if (k == 0 || k > 3 || n < 1 + k)
        return 0;
    size_t l = 0;
    for (size_t i = 0; i < k; i++)
        l = (l << 8) | b[1 + i];
    *len = l;
    return 1 + k;
}

int tlv_total(const uint8_t *buf, size_t n, size_t *total)
{
    uint32_t tag;
    size_t len;
    if (n == 0)
        return 0;
    size_t a = parse_tag(buf, n, &tag);
    if (!a)
        return ((buf[0] & 0x1F) == 0x1F && n < 3) ? 0 : -1;
    if (a >= n)
        return 0;
    if (buf[a] == 0x80 || buf[a] > 0x83)
        return -1;
    size_t b = parse_len(buf + a, n - a, &len);
    if (!b)
        return 0;
    *total = a + b + len;
    return 1;
}

size_t tlv_parse(const uint8_t *buf, size_t n, tlv *out)
{
    uint32_t tag;
    size_t len;
    size_t a = parse_tag(buf, n, &tag);
    if (!a)
        return 0;
    size_t b = parse_len(buf + a, n - a, &len);
    if (!b || len > n - a - b)
        return 0;
    out->tag = tag;
    out->len = len;
    out->val = buf + a + b;
    out->hdr = a + b;
    return a + b + len;
}

bool tlv_constructed(uint32_t tag)
{
    while (tag > 0xFF)
        tag >>= 8;
    return (tag & 0x20) != 0;
}

bool tlv_find(const uint8_t *val, size_t n, uint32_t tag, tlv *out)
{
    size_t off = 0;
    while (off < n) {
        tlv t;
        size_t used = tlv_parse(val + off, n - off, &t);
        if (!used)
            return false;
        if (t.tag == tag) {
            *out = t;
            return true;
        }
        off += used;
    }
    return false;
}

size_t tlv_put_hdr(uint8_t *out, uint32_t tag, size_t len)
{
    uint8_t h[8];
    size_t i = 0;
    if (tag > 0xFFFF)
        h[i++] = (uint8_t)(tag >> 16);
    if (tag > 0xFF)
        h[i++] = (uint8_t)(tag >> 8);
    h[i++] = (uint8_t)tag;
    if (len < 0x80) {
        h[i++] = (uint8_t)len;
    } else if (len <= 0xFF) {
        h[i++] = 0x81;
        h[i++] = (uint8_t)len;
    } else if (len <= 0xFFFF) {
        h[i++] = 0x82;
        h[i++] = (uint8_t)(len >> 8);
        h[i++] = (uint8_t)len;
    } else {
        h[i++] = 0x83;
        h[i++] = (uint8_t)(len >> 16);
        h[i++] = (uint8_t)(len >> 8);
        h[i++] = (uint8_t)len;
    }
    if (out)
        memcpy(out, h, i);
    return i;
}

size_t tlv_put(uint8_t *out, size_t cap, uint32_t tag, const uint8_t *val, size_t len)
{
    size_t h = tlv_put_hdr(NULL, tag, len);
    if (h + len > cap || len > 0xFFFFFF)
        return 0;
    tlv_put_hdr(out, tag, len);
    if (len)
        memmove(out + h, val, len);
    return h + len;
}
