#!/usr/bin/env python3
"""Integration test of the receipt printer path, end to end.

`kioskctl print test` prints a sample receipt (with a fee, so with a VietQR
code) and a queue ticket to a file and to a fake network printer on loopback
(written here in Python, answering DLE EOT status queries and able to run out
of paper after N bands). The bytes are turned back into PNG by the independent
decoder (tests/tools/escpos2png.py), and two independent barcode readers, zbar
(zbarimg) and zxing-cpp (zxread_printer), must read from the paper exactly the
texts kioskctl says it encoded. The PNGs stay in the output directory for
people to look at.

usage: printer_test.py --kioskctl PATH --zxread PATH --out DIR --tools DIR CASE
CASE: codes | network | paper_out | silent | refused
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PAPER_OUT_MSG = "Máy in hết giấy. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy."


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def crc16_ccitt_false(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def emv_fields(s):
    """ID/LEN/VALUE objects of an EMVCo string as a dict (checks structure)."""
    out, i = {}, 0
    while i < len(s):
        tag, ln = s[i:i + 2], int(s[i + 2:i + 4])
        out[tag] = s[i + 4:i + 4 + ln]
        if len(out[tag]) != ln:
            fail("VietQR object %s truncated" % tag)
        i += 4 + ln
    return out


def check_vietqr(text, dossier, amount):
    """Our own reading of the payment code, from the NAPAS rules."""
    if crc16_ccitt_false(text[:-4].encode()) != int(text[-4:], 16) or text[-8:-4] != "6304":
        fail("VietQR CRC wrong: " + text)
    f = emv_fields(text)
    if f.get("00") != "01" or f.get("01") != "12" or f.get("53") != "704" or f.get("58") != "VN":
        fail("VietQR header fields wrong: %r" % f)
    m = emv_fields(f["38"])
    if m.get("00") != "A000000727" or m.get("02") not in ("QRIBFTTA", "QRIBFTTC"):
        fail("VietQR merchant template wrong: %r" % m)
    if f.get("54") != str(amount):
        fail("VietQR amount %r, want %d" % (f.get("54"), amount))
    purpose = emv_fields(f["62"]).get("08", "")
    if dossier not in purpose or len(purpose) > 25 or not purpose.isascii():
        fail("VietQR purpose %r does not carry %s" % (purpose, dossier))


def run_kioskctl(args, kioskctl, expect_rc=0, timeout=30):
    t0 = time.monotonic()
    p = subprocess.run([kioskctl, "print"] + args, capture_output=True, timeout=timeout)
    took = time.monotonic() - t0
    out, err = p.stdout.decode(), p.stderr.decode()
    if expect_rc is not None and p.returncode != expect_rc:
        fail("kioskctl print %s: rc %d, want %d\nstdout:\n%s\nstderr:\n%s"
             % (" ".join(args), p.returncode, expect_rc, out, err))
    kv = {"png": []}
    for line in out.splitlines():
        if line.startswith("png="):
            kv["png"].append(line[4:].split(" "))
            continue
        for part in line.split(" ") if line.startswith(("receipt_rc", "ticket_rc")) else [line]:
            if "=" in part:
                k, v = part.split("=", 1)
                kv.setdefault(k, v)
    return kv, out, err, took


def decode_stream(tools, stream_path, prefix, details=None):
    p = subprocess.run([sys.executable, os.path.join(tools, "escpos2png.py"), stream_path, prefix],
                       capture_output=True)
    if p.returncode != 0:
        fail("escpos2png: " + p.stderr.decode())
    lines = [line.split() for line in p.stdout.decode().splitlines()]
    if details is not None:
        details.extend(lines)
    pages = [line[0] for line in lines]
    print("decoded: " + ", ".join(pages))
    return pages


def read_codes(png, zxread):
    """Both readers' results as sets of 'FORMAT:text'."""
    z = subprocess.run(["zbarimg", "--nodbus", "-q", png], capture_output=True)
    zbar = set(z.stdout.decode("utf-8").splitlines())
    x = subprocess.run([zxread, png], capture_output=True)
    zx = set(x.stdout.decode("utf-8").splitlines())
    return zbar, zx


def expect_codes(png, zxread, want):
    zbar, zx = read_codes(png, zxread)
    for reader, got in (("zbar", zbar), ("zxing", zx)):
        for w in want:
            if w not in got:
                fail("%s did not read %r from %s; it read %r" % (reader, w, png, sorted(got)))
    print("%s: zbar and zxing read %d codes exactly" % (os.path.basename(png), len(want)))
    return zbar


class FakePrinter(threading.Thread):
    """A network ESC/POS printer on loopback: stores what it prints, answers
    DLE EOT 1..4, runs out of paper after out_after bands, or stays silent."""

    def __init__(self, out_after=None, silent=False):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.out_after, self.silent = out_after, silent
        self.paper = bytearray()
        self.bands_received = self.bands_printed = 0

    def paper_out(self):
        return self.out_after is not None and self.bands_printed >= self.out_after

    def reply(self, n):
        out = self.paper_out()
        return bytes([{1: 0x12 | (0x08 if out else 0),
                       2: 0x12 | (0x20 if out else 0),
                       3: 0x12,
                       4: 0x12 | (0x6C if out else 0)}[n]])

    def run(self):
        self.sock.settimeout(20)
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        conn.settimeout(20)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = bytearray()
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                break
            if not data:
                break
            buf += data
            while buf:
                b0 = buf[0]
                if b0 == 0x10 and len(buf) >= 3:
                    if not self.silent:
                        conn.sendall(self.reply(buf[2]))
                    del buf[:3]
                elif b0 == 0x1D and len(buf) >= 8 and buf[1] == 0x76:
                    size = 8 + (buf[4] | buf[5] << 8) * (buf[6] | buf[7] << 8)
                    if len(buf) < size:
                        break
                    self.bands_received += 1
                    if not self.paper_out():
                        self.paper += buf[:size]
                        self.bands_printed += 1
                    del buf[:size]
                elif b0 == 0x1D and len(buf) >= 4 and buf[1] == 0x56:
                    if not self.paper_out():
                        self.paper += buf[:4]
                    del buf[:4]
                elif b0 == 0x1B and len(buf) >= 2 and buf[1] == 0x40:
                    del buf[:2]
                elif b0 == 0x1B and len(buf) >= 3 and buf[1] == 0x4A:
                    if not self.paper_out():
                        self.paper += buf[:3]
                    del buf[:3]
                elif b0 in (0x10, 0x1B, 0x1D):
                    break       # incomplete command
                else:
                    fail("fake printer: unexpected byte 0x%02X" % b0)
        conn.close()
        self.sock.close()


def receipt_codes(kv, paper_mm):
    return ["QR-Code:" + kv["tracking_qr"], "QR-Code:" + kv["vietqr"],
            "CODE-128:" + kv["dossier_code"]]


def case_codes(a):
    for paper in (58, 80):
        stream = os.path.join(a.out, "stream-%d.bin" % paper)
        png = os.path.join(a.out, "kioskctl-%d.png" % paper)
        kv, _, _, _ = run_kioskctl(["test", "--to", "file:" + stream, "--paper", str(paper),
                                    "--png", png], a.kioskctl)
        if kv.get("receipt_rc") != "0" or kv.get("ticket_rc") != "0":
            fail("print rc: %r" % kv)
        check_vietqr(kv["vietqr"], kv["dossier_code"], 8000)
        details = []
        pages = decode_stream(a.tools, stream, os.path.join(a.out, "paper-%d" % paper), details)
        if len(pages) != 2:
            fail("want 2 pages (receipt, ticket), got %d" % len(pages))
        # The two decoders (C behind --png, Python here) must see the same
        # pages: width, height and number of black dots.
        c_pages = [(int(w[6:]), int(h[7:]), int(b[6:])) for _, w, h, b in kv["png"]]
        py_pages = [(int(w), int(h), int(b)) for _, w, h, b in details]
        if c_pages != py_pages or len(c_pages) != 2 or c_pages[0][0] != (384 if paper == 58 else 576):
            fail("decoders disagree: C %r, Python %r" % (c_pages, py_pages))
        expect_codes(pages[0], a.zxread, receipt_codes(kv, paper))
        expect_codes(pages[1], a.zxread, ["QR-Code:" + kv["ticket_qr"]])
        # The C decoder behind --png must agree with the independent one.
        expect_codes(png, a.zxread, receipt_codes(kv, paper))
        # Each VietQR the scanners read passes our own NAPAS check.
        zbar, _ = read_codes(pages[0], a.zxread)
        for code in zbar:
            if code.startswith("QR-Code:000201"):
                check_vietqr(code[8:], kv["dossier_code"], 8000)


def case_network(a):
    fp = FakePrinter()
    fp.start()
    kv, _, _, _ = run_kioskctl(["test", "--to", "tcp:127.0.0.1:%d" % fp.port], a.kioskctl)
    fp.join(10)
    if kv.get("status_known") != "1" or kv.get("complete") != "1":
        fail("network print did not use status: %r" % kv)
    stream = os.path.join(a.out, "network.bin")
    with open(stream, "wb") as f:
        f.write(fp.paper)
    pages = decode_stream(a.tools, stream, os.path.join(a.out, "network"))
    expect_codes(pages[0], a.zxread, receipt_codes(kv, 80))
    expect_codes(pages[1], a.zxread, ["QR-Code:" + kv["ticket_qr"]])


def case_paper_out(a):
    fp = FakePrinter(out_after=5)
    fp.start()
    kv, out, err, _ = run_kioskctl(["test", "--to", "tcp:127.0.0.1:%d" % fp.port], a.kioskctl,
                                   expect_rc=1)
    fp.join(10)
    if PAPER_OUT_MSG not in err:
        fail("paper-out message missing; stderr:\n" + err)
    if kv.get("receipt_rc") != "-8" or kv.get("complete") != "0":
        fail("receipt not reported as failed: %r" % kv)
    total, sent, confirmed = int(kv["bands_total"]), int(kv["bands_sent"]), int(kv["bands_confirmed"])
    if not (confirmed == 4 and sent == 5 and total > sent):
        fail("bands total=%d sent=%d confirmed=%d, want confirmed 4, sent 5" % (total, sent, confirmed))
    if "not printed" not in err:
        fail("the rest of the job is not reported as not printed:\n" + err)
    if "ticket_rc" in out or fp.bands_received != sent:
        fail("kioskctl went on printing after paper out (%d bands received)" % fp.bands_received)
    stream = os.path.join(a.out, "paper-out.bin")
    with open(stream, "wb") as f:
        f.write(fp.paper)
    pages = decode_stream(a.tools, stream, os.path.join(a.out, "paper-out"))
    zbar, zx = read_codes(pages[0], a.zxread)
    if any(c.startswith("QR-Code:") for c in zbar | zx):
        fail("QR codes on paper after paper out: %r" % (zbar | zx))
    print("paper out after 5 bands: reported, %d of %d bands not printed" % (total - confirmed, total))


def case_silent(a):
    fp = FakePrinter(silent=True)
    fp.start()
    conf = os.path.join(a.tmp, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("[printer]\ntimeout_ms = 400\n")
    kv, _, _, took = run_kioskctl(["test", "--to", "tcp:127.0.0.1:%d" % fp.port, "--config", conf,
                                   "--only", "receipt"], a.kioskctl)
    fp.join(10)
    if kv.get("status_known") != "0" or kv.get("complete") != "1":
        fail("silent printer: want a blind, complete job: %r" % kv)
    if took > 5:
        fail("silent printer took %.1f s" % took)
    print("silent printer: printed blind in %.2f s" % took)


def case_refused(a):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()       # nothing listens there now
    _, _, err, took = run_kioskctl(["test", "--to", "tcp:127.0.0.1:%d" % port], a.kioskctl,
                                   expect_rc=1)
    if "Không kết nối được máy in qua mạng" not in err or took > 5:
        fail("refused connection: %.1f s, stderr:\n%s" % (took, err))
    print("refused: reported in %.2f s" % took)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kioskctl", required=True)
    ap.add_argument("--zxread", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tools", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        a.tmp = tmp
        {"codes": case_codes, "network": case_network, "paper_out": case_paper_out,
         "silent": case_silent, "refused": case_refused}[a.case](a)
    print("PASS " + a.case)


if __name__ == "__main__":
    main()
