/* fuzz_card_tlv: BER-TLV parsing (tlv_parse, tlv_total, tlv_find) and a
 * recursive walk, on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "card_int.h"

static void walk(const uint8_t *b, size_t n, int depth)
{
    size_t off = 0;
    while (off < n && depth < 16) {
        tlv t;
        size_t used = tlv_parse(b + off, n - off, &t);
        if (!used)
            return;
        if (t.hdr + t.len != used || t.val + t.len > b + n)
            __builtin_trap();
        if (tlv_constructed(t.tag))
            walk(t.val, t.len, depth + 1);
        off += used;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total;
    tlv t;
    (void)tlv_total(data, size, &total);
    (void)tlv_find(data, size, 0x5F1F, &t);
    walk(data, size, 0);
    return 0;
}
