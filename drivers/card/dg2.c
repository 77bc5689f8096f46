/* dg2: the face image inside DG2 (ICAO 9303-10: 75 / 7F61 / 7F60 / 5F2E or
 * 7F2E, holding an ISO/IEC 19794-5 record "FAC\0").
 *
 * The 19794-5 headers are walked to the image (facial record header of 20
 * bytes, 8 bytes per feature point, 12 bytes of image information); if they
 * do not add up, the first JPEG/JPEG 2000 signature in the block is used. The
 * image is returned as a pointer into the DG2 buffer. */
#include "card_int.h"

#include <string.h>

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool find_bdb(const uint8_t *v, size_t n, tlv *out, int depth)
{
    size_t off = 0;
    if (depth > 6)
        return false;
    while (off < n) {
        tlv t;
        size_t used = tlv_parse(v + off, n - off, &t);
        if (!used)
            return false;
        if (t.tag == 0x5F2E || t.tag == 0x7F2E) {
            *out = t;
            return true;
        }
        if (tlv_constructed(t.tag) && find_bdb(t.val, t.len, out, depth + 1))
            return true;
        off += used;
    }
    return false;
}

static bool image_sig(const uint8_t *p, size_t n, bool *jpeg)
{
    static const uint8_t jp2[] = { 0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20 };
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
        *jpeg = true;
        return true;
    }
    if ((n >= 8 && !memcmp(p, jp2, 8)) || (n >= 4 && p[0] == 0xFF && p[1] == 0x4F && p[2] == 0xFF && p[3] == 0x51)) {
        *jpeg = false;
        return true;
    }
    return false;
}

card_err dg2_find_image(const uint8_t *buf, size_t n, const uint8_t **img, size_t *img_len,
                        bool *is_jpeg)
{
    tlv top, bdb;
    if (!tlv_parse(buf, n, &top) || top.tag != 0x75)
        return CARD_E_FORMAT;
    if (!find_bdb(top.val, top.len, &bdb, 0))
        return CARD_E_FORMAT;
    const uint8_t *p = bdb.val;
    size_t len = bdb.len;
    /* ISO 19794-5: general header 14 bytes, facial record header 20 bytes */
    if (len >= 14 + 20 + 12 && !memcmp(p, "FAC\0", 4)) {
        uint32_t rec_len = be32(p + 14);
        size_t nfp = (size_t)p[18] << 8 | p[19];
        size_t start = 14 + 20 + 8 * nfp + 12;
        if (rec_len <= len - 14 && start < 14 + (size_t)rec_len) {
            size_t ilen = 14 + rec_len - start;
            if (image_sig(p + start, ilen, is_jpeg)) {
                *img = p + start;
                *img_len = ilen;
                return CARD_OK;
            }
        }
    }
    for (size_t i = 0; i + 3 < len; i++) {
        if (image_sig(p + i, len - i, is_jpeg)) {
            *img = p + i;
            *img_len = len - i;
            return CARD_OK;
        }
    }
    return CARD_E_FORMAT;
}
