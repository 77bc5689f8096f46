#!/usr/bin/python3
"""devices_card: the kiosk's card thread (kiosk/app/devices.c) against the card emulator.

    devices_card.py --test-devices PATH [--keep]      exit 0 pass, 1 fail, 77 skip

Reuses the harness of tests/integration/card (card_e2e.py: the pcscd lock, a free port,
pcscd_vpcd.sh, the emulator's path; not edited): takes the machine-wide pcscd lock, starts a
private pcscd with only the vpcd reader, starts the emulator (profile vn-male, the made-up
demo citizen) with a fresh test PKI, then runs `test_devices card` with the access data the
emulator says it serves. Checks the key=value lines it prints against the emulator's
served.json (never hard-coded driver output): access, verification "verified", active
authentication, identity fields, photo size; a wrong CAN gives error wrong-key; then the card
is removed, pcscd stopped and started again (the program must find reader and card again). The device
log (stderr, logging switched on) must hold none of the citizen's data."""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "card"))
import card_e2e  # noqa: E402  (the card tests' harness: lock, port, pcscd script, emulator)

IDENTITY_CHIP_VERIFIED = "4"   # kiosk/core/identity.h


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def parse(out):
    res = {}
    for line in out.splitlines():
        if "=" in line and "." in line.split("=", 1)[0] and not line.startswith(" "):
            k, v = line.split("=", 1)
            res[k] = v
    return res


def check(res, served, errors):
    s = served["identity"]
    for tag, photo in (("read1", True), ("read3", False)):
        want = {"access": "PACE", "verification": "verified", "active_auth": "passed",
                "assurance": IDENTITY_CHIP_VERIFIED, "id_number": s["id_number"],
                "full_name": s["full_name"], "date_of_birth": s["date_of_birth"],
                "place_of_residence": s["place_of_residence"],
                "photo_len": str(served["photo_bytes"] if photo else 0)}
        for k, v in want.items():
            got = res.get(tag + "." + k)
            if got != v:
                errors.append("%s.%s = %r, expected %r" % (tag, k, got, v))
    if res.get("read2.error") != "wrong-key":
        errors.append("read2.error = %r, expected 'wrong-key'" % res.get("read2.error"))


def check_log_private(err, served, errors):
    s = served["identity"]
    a = served["access"]
    for what in (s.get("full_name"), s.get("id_number"), s.get("place_of_residence"),
                 s.get("father_name"), a.get("can"), a.get("qr")):
        if what and what in err:
            errors.append("the device log (stderr) shows personal data (%d chars)" % len(what))


def run(test_devices, keep):
    tmp = tempfile.mkdtemp(prefix="card-e2e-devices-")
    pdir = os.path.join(tmp, "pcscd")
    emu = None
    started = False
    errors = []
    try:
        port = card_e2e.free_port()
        r = subprocess.run([card_e2e.PCSCD_SH, "start", pdir, str(port)], capture_output=True,
                           text=True)
        if r.returncode == 77:
            skip(r.stderr.strip())
        if r.returncode != 0:
            raise card_e2e.Fail("pcscd did not start: " + r.stderr.strip())
        started = True
        served_p = os.path.join(tmp, "served.json")
        ready_p = os.path.join(tmp, "ready")
        emu_cmd = [sys.executable, card_e2e.EMULATOR, "--port", str(port),
                   "--profile", "vn-male", "--pki", os.path.join(tmp, "pki"),
                   "--served", served_p, "--ready", ready_p,
                   # 25 ms per APDU (~0.5 s a read, a real card takes ~1 s): the
                   # test ends a visit while a read is surely in flight
                   "--fault", "slow=25",
                   "--log", os.path.join(tmp, "emulator.log")]
        emu = subprocess.Popen(emu_cmd)
        deadline = time.monotonic() + 10
        while not os.path.exists(ready_p):
            if emu.poll() is not None:
                raise card_e2e.Fail("emulator exited with %d" % emu.returncode)
            if time.monotonic() > deadline:
                raise card_e2e.Fail("pcscd never powered the emulated card")
            time.sleep(0.02)
        time.sleep(0.1)
        with open(served_p, encoding="utf-8") as f:
            served = json.load(f)
        a = served["access"]
        if not a.get("qr"):
            raise card_e2e.Fail("the emulator serves no card QR for vn-male")
        args = [test_devices, "card", card_e2e.READER, served["trust_dir"], a["qr"], a["can"]]
        env = dict(os.environ, DEVICES_TEST_LOG="1")
        errf = open(os.path.join(tmp, "test_devices.err"), "w+b")
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errf, env=env)
        lines = []
        # the program has its own timeouts; it asks for the card and the reader to go
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append(line)
            if line == "READY-FOR-REMOVE":
                emu.send_signal(signal.SIGTERM)     # vpcd: connection closed = card removed
                emu.wait(5)
                emu = None
            elif line == "READY-FOR-READER-STOP":
                subprocess.run([card_e2e.PCSCD_SH, "stop", pdir])
                started = False
            elif line == "READY-FOR-READER-BACK":
                r = subprocess.run([card_e2e.PCSCD_SH, "start", pdir, str(port)],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    errors.append("pcscd did not restart: " + r.stderr.strip())
                else:
                    started = True
                    emu = subprocess.Popen(emu_cmd)
        try:
            rc = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise card_e2e.Fail("test_devices did not finish")
        out = "\n".join(lines)
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace")
        errf.close()
        print(out.strip())
        if err.strip():
            print("stderr (device log):\n" + err.strip()[:4000])
        if rc != 0:
            errors.append("test_devices exit status %d" % rc)
        check(parse(out), served, errors)
        check_log_private(err, served, errors)
    except card_e2e.Fail as e:
        errors.append(str(e))
    finally:
        if emu is not None:
            emu.send_signal(signal.SIGTERM)
            try:
                emu.wait(5)
            except subprocess.TimeoutExpired:
                emu.kill()
                emu.wait()
        if started:
            subprocess.run([card_e2e.PCSCD_SH, "stop", pdir])
        if errors or keep:
            print("logs kept in " + tmp)
            p = os.path.join(tmp, "pcscd", "pcscd.log")
            if errors and os.path.exists(p):
                with open(p, errors="replace") as f:
                    print("--- pcscd.log (tail)\n" + f.read()[-2000:])
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for e in errors:
        print("FAIL: " + e)
    return not errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test-devices", required=True)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if os.geteuid() != 0:
        skip("needs root (pcscd owns /run/pcscd)")
    r = subprocess.run([card_e2e.PCSCD_SH, "check"], capture_output=True, text=True)
    if r.returncode == 77:
        skip(r.stderr.strip())
    try:
        import cryptography  # noqa: F401
    except ImportError:
        skip("python3-cryptography is not installed")
    with open(card_e2e.LOCK, "w") as lk:
        if card_e2e.hold_pcscd_lock(lk, 5) is None:
            return 1
        ok = run(args.test_devices, args.keep)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
