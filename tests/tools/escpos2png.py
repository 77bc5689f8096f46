#!/usr/bin/env python3
"""escpos2png: turn an ESC/POS byte stream back into PNG pages.

The test suite's independent reading of what the kiosk sends to its printer
(written separately from the C driver, in another language, from the Epson
ESC/POS command descriptions), so that a test compares what a scanner reads
from the *paper* with what the kiosk meant to print. Standard library only.

Understood: ESC @ (initialise), GS v 0 m xL xH yL yH d... (raster bit image;
m = 0 normal, 1 double width, 2 double height, 3 quadruple), ESC J n (feed n
dots), ESC d n (feed n lines of 30 dots), LF, GS V m [n] (cut: ends a page),
DLE EOT n and GS r n (status queries: no ink). Any other byte is an error
unless --lenient is given, because a printer would print it as text.

usage: escpos2png.py STREAM OUT_PREFIX [--border DOTS] [--lenient]
writes OUT_PREFIX-1.png, OUT_PREFIX-2.png, ... (one per cut page) and prints
one line per page: path width height black_dots
"""
import struct
import sys
import zlib

LINE_DOTS = 30


class DecodeError(Exception):
    pass


class Page:
    def __init__(self):
        self.rows = []       # list of bytearray, 1 = black dot
        self.width = 0

    def feed(self, dots):
        for _ in range(dots):
            self.rows.append(bytearray())

    def band(self, xbytes, rows, data, sx, sy):
        w = xbytes * 8 * sx
        self.width = max(self.width, w)
        for y in range(rows):
            line = data[y * xbytes:(y + 1) * xbytes]
            row = bytearray(w)
            for bx, byte in enumerate(line):
                if not byte:
                    continue
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        x = (bx * 8 + bit) * sx
                        for dx in range(sx):
                            row[x + dx] = 1
            for _ in range(sy):
                self.rows.append(row)


def decode(stream, lenient=False):
    pages = []
    page = None
    i = 0
    n = len(stream)

    def need(k):
        if i + k > n:
            raise DecodeError("stream ends inside a command at byte %d" % i)

    while i < n:
        b = stream[i]
        if b == 0x1B:                              # ESC
            need(2)
            c = stream[i + 1]
            if c == 0x40:                          # ESC @
                i += 2
                continue
            if c in (0x4A, 0x64):                  # ESC J n / ESC d n
                need(3)
                if page is None:
                    page = Page()
                    pages.append(page)
                page.feed(stream[i + 2] * (1 if c == 0x4A else LINE_DOTS))
                i += 3
                continue
        elif b == 0x1D:                            # GS
            need(2)
            c = stream[i + 1]
            if c == 0x76:                          # GS v 0
                need(8)
                if stream[i + 2] not in (0x00, 0x30):
                    raise DecodeError("GS v %d at byte %d" % (stream[i + 2], i))
                m = stream[i + 3]
                if m >= 48:
                    m -= 48
                if m > 3:
                    raise DecodeError("GS v 0 mode %d at byte %d" % (m, i))
                xbytes = stream[i + 4] | stream[i + 5] << 8
                rows = stream[i + 6] | stream[i + 7] << 8
                size = xbytes * rows
                need(8 + size)
                if page is None:
                    page = Page()
                    pages.append(page)
                page.band(xbytes, rows, stream[i + 8:i + 8 + size],
                          2 if m & 1 else 1, 2 if m & 2 else 1)
                i += 8 + size
                continue
            if c == 0x56:                          # GS V m [n]
                need(3)
                m = stream[i + 2]
                if m in (0, 1, 48, 49):
                    i += 3
                elif m in (65, 66):
                    need(4)
                    if page is not None:
                        page.feed(stream[i + 3])
                    i += 4
                else:
                    raise DecodeError("GS V %d at byte %d" % (m, i))
                page = None
                continue
            if c == 0x72:                          # GS r n
                need(3)
                i += 3
                continue
        elif b == 0x10:                            # DLE EOT n
            need(3)
            if stream[i + 1] == 0x04 and 1 <= stream[i + 2] <= 4:
                i += 3
                continue
        elif b == 0x0A:                            # LF
            if page is None:
                page = Page()
                pages.append(page)
            page.feed(LINE_DOTS)
            i += 1
            continue
        if not lenient:
            raise DecodeError("unexpected byte 0x%02X at %d" % (b, i))
        i += 1
    return pages


def png_bytes(page, border):
    """8-bit grey PNG, black dots 0, paper 255, with a white border."""
    w = page.width + 2 * border
    h = len(page.rows) + 2 * border
    raw = bytearray()
    blank = b"\x00" + b"\xff" * w
    for _ in range(border):
        raw += blank
    for row in page.rows:
        line = bytearray(b"\xff" * w)
        for x, v in enumerate(row):
            if v:
                line[border + x] = 0
        raw += b"\x00" + line
    for _ in range(border):
        raw += blank

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
            chunk(b"IEND", b""))


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    lenient = "--lenient" in argv
    border = 16
    if "--border" in argv:
        border = int(argv[argv.index("--border") + 1])
        args.remove(str(border))
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    with open(args[0], "rb") as f:
        stream = f.read()
    try:
        pages = decode(stream, lenient)
    except DecodeError as e:
        sys.stderr.write("escpos2png: %s\n" % e)
        return 1
    pages = [p for p in pages if p.rows]
    for k, page in enumerate(pages, 1):
        path = "%s-%d.png" % (args[1], k)
        with open(path, "wb") as f:
            f.write(png_bytes(page, border))
        black = sum(sum(r) for r in page.rows)
        print("%s %d %d %d" % (path, page.width, len(page.rows), black))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
