#!/usr/bin/python3
"""bench: time `kioskctl card read` end to end against the emulator and count, from the card
side, the APDUs and bytes each read costs.

    bench.py --kioskctl build/bin/kioskctl [--runs 5] [--rate 424000] [--slow MS]

For each scenario it starts a private pcscd (vpcd only) once, then per run a fresh emulator
(with --stats), runs kioskctl, and reports the median of the driver's own "ms", the wall time
of the kioskctl process, and the emulator's counts (apdus, bytes in+out, time the emulator
itself spent). --rate models the contactless link (bit/s, ~10 bits a byte; ISO 14443 runs at
106000..848000), --slow adds a fixed delay per APDU (card processing). Needs root."""

import argparse
import fcntl
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PCSCD_SH = os.path.join(os.path.dirname(HERE), "integration", "card", "pcscd_vpcd.sh")
EMULATOR = os.path.join(HERE, "card_emulator.py")

SCENARIOS = [
    ("PACE-CAN, no photo", [], "can", False),
    ("PACE-CAN + photo (DG2)", [], "can", True),
    ("PACE-CAN + photo, short APDUs only", ["no-extended"], "can", True),
    ("BAC (MRZ) + photo", ["no-pace"], "mrz", True),
]


def run_once(kioskctl, tmp, port, faults, via, photo):
    stats_p = os.path.join(tmp, "stats.json")
    ready_p = os.path.join(tmp, "ready")
    served_p = os.path.join(tmp, "served.json")
    for p in (stats_p, ready_p):
        if os.path.exists(p):
            os.unlink(p)
    cmd = [sys.executable, EMULATOR, "--port", str(port), "--pki", os.path.join(tmp, "pki"),
           "--stats", stats_p, "--ready", ready_p, "--served", served_p]
    for f in faults:
        cmd += ["--fault", f]
    emu = subprocess.Popen(cmd)
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(ready_p):
            if time.monotonic() > deadline or emu.poll() is not None:
                raise SystemExit("bench: the emulated card did not come up")
            time.sleep(0.02)
        time.sleep(0.1)
        with open(served_p, encoding="utf-8") as f:
            a = json.load(f)["access"]
        args = [kioskctl, "card", "read", "--reader", "Virtual PCD 00 00", "--json",
                "--trust", os.path.join(tmp, "pki", "trust")]
        args += ["--can", a["can"]] if via == "can" else [
            "--mrz", "%s,%s,%s" % (a["doc_number"], a["dob"], a["expiry"])]
        if photo:
            args += ["--photo", os.path.join(tmp, "photo.jpg")]
        t0 = time.monotonic()
        r = subprocess.run(args, capture_output=True, text=True, timeout=120)
        wall = (time.monotonic() - t0) * 1000
        if r.returncode != 0:
            raise SystemExit("bench: kioskctl failed: " + r.stderr.strip())
        res = json.loads(r.stdout[r.stdout.index("{"):])
    finally:
        emu.send_signal(signal.SIGTERM)
        emu.wait(10)
    with open(stats_p) as f:
        st = json.load(f)
    return res.get("ms", 0), wall, st


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kioskctl", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rate", type=int, default=0, help="link bit/s (0 = no delay)")
    ap.add_argument("--slow", type=int, default=0, help="ms per APDU")
    args = ap.parse_args()
    extra = []
    if args.rate:
        extra.append("rate=%d" % args.rate)
    if args.slow:
        extra.append("slow=%d" % args.slow)
    tmp = tempfile.mkdtemp(prefix="card-bench-")
    port = 36000 + os.getpid() % 3000
    lock = open(os.environ.get("KIOSK_PCSCD_LOCK", "/tmp/kiosk-pcscd-test.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    subprocess.run([PCSCD_SH, "start", os.path.join(tmp, "pcscd"), str(port)], check=True,
                   capture_output=True)
    try:
        print("%-38s %8s %8s %6s %8s %9s" % ("scenario (median of %d)" % args.runs,
                                            "drv ms", "wall ms", "APDUs", "bytes",
                                            "card ms"))
        for name, faults, via, photo in SCENARIOS:
            rows = [run_once(args.kioskctl, tmp, port, faults + extra, via, photo)
                    for _ in range(args.runs)]
            st = rows[-1][2]
            print("%-38s %8.0f %8.0f %6d %8d %9.1f" % (
                name, statistics.median(r[0] for r in rows),
                statistics.median(r[1] for r in rows), st["apdus"],
                st["bytes_in"] + st["bytes_out"],
                statistics.median(r[2].get("busy_ms", 0) for r in rows)))
    finally:
        subprocess.run([PCSCD_SH, "stop", os.path.join(tmp, "pcscd")])
        subprocess.run(["rm", "-rf", tmp])
    return 0


if __name__ == "__main__":
    sys.exit(main())
