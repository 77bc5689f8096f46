#!/usr/bin/python3
"""card_emulator: a made-up Vietnamese chip ID card (ICAO 9303 LDS1) for vpcd/pcscd.

Connects to vsmartcard's vpcd (a pcscd reader driver) as its virtual card and answers
its messages: 2-byte big-endian length + payload; a 1-byte payload is a control code
(0 power off, 1 power on, 2 reset, 4 get ATR), a longer one is a C-APDU. See README.md for
every option and fault. Test use only: made-up citizens, keys generated at test time."""

import argparse
import json
import os
import signal
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emrtd.card import Card, seeded_rng  # noqa: E402
from emrtd.lds import PROFILES, CardData  # noqa: E402
from emrtd.pki import Pki  # noqa: E402

VPCD_OFF, VPCD_ON, VPCD_RESET, VPCD_ATR = 0, 1, 2, 4
SIMPLE_FAULTS = {"wrong-key", "tamper-dg13", "unknown-signer", "expired-signer",
                 "bad-signature", "aa-fail", "long-response", "no-bac", "no-pace",
                 "sm-plain-error", "no-extended", "multi-pace-info"}
VALUE_FAULTS = {"pull-after", "small-le", "slow", "overlong-data", "rate"}
HEX_FAULTS = {"wrong-key-sw"}


def default_atr():
    hist = b"KIOSKEMU"
    body = bytes([0x80 | len(hist), 0x80, 0x01]) + hist
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3B" + body + bytes([tck])


def parse_faults(items):
    faults = {}
    for item in items or []:
        for f in item.split(","):
            f = f.strip()
            if not f:
                continue
            name, _, val = f.partition("=")
            if name in SIMPLE_FAULTS and not val:
                faults[name] = True
            elif name in VALUE_FAULTS and val.isdigit():
                faults[name] = int(val)
            elif name in HEX_FAULTS and len(val) == 4:
                faults[name] = int(val, 16)
            else:
                raise SystemExit("card_emulator: unknown fault %r (see README.md)" % f)
    return faults


class Emulator:
    def __init__(self, args, card):
        self.args = args
        self.card = card
        self.atr = bytes.fromhex(args.atr) if args.atr else default_atr()
        self.sock = None
        self.apdus_this_session = 0
        self.powered = False
        self.logf = None
        if args.log == "-":
            self.logf = sys.stderr
        elif args.log:
            self.logf = open(args.log, "a", buffering=1)

    def connect(self):
        deadline = time.monotonic() + self.args.connect_timeout
        while True:
            try:
                s = socket.create_connection((self.args.host, self.args.port), timeout=2)
                s.settimeout(None)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.sock = s
                return
            except OSError as e:
                if time.monotonic() > deadline:
                    raise SystemExit("card_emulator: cannot connect to vpcd at %s:%d: %s"
                                     % (self.args.host, self.args.port, e))
                time.sleep(0.1)

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            if not chunk:
                return None
            buf += chunk
        return buf

    def send(self, payload):
        self.sock.sendall(len(payload).to_bytes(2, "big") + payload)

    def write_stats(self):
        if self.args.stats:
            tmp = self.args.stats + ".tmp"
            with open(tmp, "w") as f:
                json.dump(self.card.stats, f, indent=1, sort_keys=True)
            os.replace(tmp, self.args.stats)

    def log(self, n, apdu, resp, ms):
        if not self.logf:
            return
        sw = resp[-2:].hex().upper() if len(resp) >= 2 else "----"
        self.logf.write("n=%d ins=%02X clen=%d sw=%s rlen=%d ms=%.1f\n"
                        % (n, apdu[1] if len(apdu) > 1 else 0, len(apdu), sw, len(resp), ms))

    def run(self):
        self.connect()
        st = self.card.stats
        pull = self.card.faults.get("pull-after")
        slow = self.card.faults.get("slow", 0) / 1000.0
        rate = self.card.faults.get("rate", 0)
        while True:
            hdr = self.recv_exact(2)
            if hdr is None:
                break
            size = int.from_bytes(hdr, "big")
            msg = self.recv_exact(size) if size else b""
            if msg is None:
                break
            if len(msg) == 1:
                code = msg[0]
                if code == VPCD_ATR:
                    self.send(self.atr)
                    if self.args.ready and self.powered and not os.path.exists(self.args.ready):
                        with open(self.args.ready, "w") as f:
                            f.write("ready\n")
                elif code in (VPCD_ON, VPCD_RESET):
                    self.card.power_on()
                    self.powered = True
                elif code == VPCD_OFF:
                    self.write_stats()
                    if self.args.exit_after_session and self.apdus_this_session:
                        break
                    self.card.power_on()
                    self.apdus_this_session = 0
                continue
            if pull is not None and st["apdus"] >= pull:
                # the card leaves the field before answering
                if self.logf:
                    self.logf.write("card pulled after %d APDUs\n" % st["apdus"])
                break
            t0 = time.monotonic()
            if slow:
                time.sleep(slow)
            try:
                resp = self.card.process(msg)
            except Exception as e:  # a bug of ours must not look like a card removal
                sys.stderr.write("card_emulator: internal error on INS %02X: %r\n"
                                 % (msg[1] if len(msg) > 1 else 0, e))
                st["internal_errors"] = st.get("internal_errors", 0) + 1
                resp = b"\x6F\x00"
            if rate:
                # contactless transfer time: ~10 bits per byte each way at `rate` bit/s
                time.sleep((len(msg) + len(resp)) * 10.0 / rate)
            st["apdus"] += 1
            self.apdus_this_session += 1
            st["bytes_in"] += len(msg)
            st["bytes_out"] += len(resp)
            key = "%02X" % msg[1]
            st["by_ins"][key] = st["by_ins"].get(key, 0) + 1
            ms = (time.monotonic() - t0) * 1000
            st["busy_ms"] = round(st.get("busy_ms", 0) + ms, 3)
            self.log(st["apdus"], msg, resp, ms)
            self.send(resp)
        self.close()

    def close(self):
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
            self.sock = None
        self.write_stats()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=35963)
    ap.add_argument("--connect-timeout", type=float, default=10.0)
    ap.add_argument("--profile", default="vn-male", choices=sorted(PROFILES))
    ap.add_argument("--list-profiles", action="store_true")
    ap.add_argument("--pki")
    ap.add_argument("--gen-pki-only", action="store_true")
    ap.add_argument("--photo-jpeg")
    ap.add_argument("--aa", default="rsa", choices=["rsa", "ecdsa", "none"])
    ap.add_argument("--pace-curve", default="brainpoolP256r1",
                    choices=["brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1",
                             "secp256r1"])
    ap.add_argument("--pace-aes", type=int, default=128, choices=[128, 192, 256])
    ap.add_argument("--can")
    ap.add_argument("--fault", action="append")
    ap.add_argument("--served")
    ap.add_argument("--stats")
    ap.add_argument("--log")
    ap.add_argument("--exit-after-session", action="store_true")
    ap.add_argument("--ready")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--atr")
    ap.add_argument("--mf-select", default="6d00", choices=["6d00", "ok"])
    args = ap.parse_args(argv)

    if args.list_profiles:
        for name, p in sorted(PROFILES.items()):
            can = p.get("can") or p["id_number"][-6:]
            print("%-20s %s; MRZ doc %s dob %s exp %s; CAN %s"
                  % (name, p["describe"], p["doc_number"], p["dob"], p["expiry"], can))
        return 0

    faults = parse_faults(args.fault)
    pki_dir = args.pki or tempfile.mkdtemp(prefix="card-pki-")
    pki = Pki(pki_dir)
    if args.gen_pki_only:
        print(os.path.join(pki_dir, "trust"))
        return 0

    data = CardData(args.profile, pki, jpeg=args.photo_jpeg,
                    aa=args.aa, pace_curve=args.pace_curve, pace_aes=args.pace_aes,
                    faults=set(faults))
    if args.can:
        data.can = args.can
    if args.served:
        served = data.served()
        served["trust_dir"] = os.path.join(pki_dir, "trust")
        with open(args.served, "w", encoding="utf-8") as f:
            json.dump(served, f, ensure_ascii=False, indent=1)
    card = Card(data, faults=faults, rng=seeded_rng(args.seed), mf_select=args.mf_select)
    emu = Emulator(args, card)

    def on_signal(signum, frame):
        emu.close()
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    emu.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
