"""ber: minimal BER-TLV / DER encoding and decoding (ISO 7816-4 and X.690 tags)."""


def enc_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, value):
    """tag as int (multi-byte tags like 0x7F49 or 0x5F1F allowed)."""
    t = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return t + enc_len(len(value)) + value


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_of(*items, sort=True):
    items = list(items)
    if sort:
        items.sort()
    return tlv(0x31, b"".join(items))


def integer(n):
    if n == 0:
        return tlv(0x02, b"\x00")
    length = (n.bit_length() + 8) // 8  # room for the sign bit
    return tlv(0x02, n.to_bytes(length, "big"))


def octets(b):
    return tlv(0x04, b)


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def oid_body(dotted):
    return oid(dotted)[2:]


def printable(s):
    return tlv(0x13, s.encode("ascii"))


def utf8(s):
    return tlv(0x0C, s.encode("utf-8"))


def null():
    return b"\x05\x00"


def ctx(n, value, constructed=True):
    return tlv((0xA0 if constructed else 0x80) | n, value)


def read_tlv(buf, pos=0):
    """Return (tag, value, next_pos). Raises ValueError on malformed input."""
    if pos >= len(buf):
        raise ValueError("no tag")
    tag = buf[pos]
    pos += 1
    if tag & 0x1F == 0x1F:
        while True:
            if pos >= len(buf):
                raise ValueError("truncated tag")
            tag = (tag << 8) | buf[pos]
            pos += 1
            if not buf[pos - 1] & 0x80:
                break
    if pos >= len(buf):
        raise ValueError("no length")
    ln = buf[pos]
    pos += 1
    if ln & 0x80:
        k = ln & 0x7F
        if k == 0 or k > 3 or pos + k > len(buf):
            raise ValueError("bad length")
        ln = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    if pos + ln > len(buf):
        raise ValueError("truncated value")
    return tag, buf[pos:pos + ln], pos + ln


def parse_all(buf):
    """All top-level TLVs of buf as a list of (tag, value)."""
    out, pos = [], 0
    while pos < len(buf):
        t, v, pos = read_tlv(buf, pos)
        out.append((t, v))
    return out


def is_constructed(tag):
    first = tag
    while first > 0xFF:
        first >>= 8
    return bool(first & 0x20)
