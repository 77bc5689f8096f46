#!/usr/bin/python3
"""card_e2e: one end-to-end test of `kioskctl card read` against the card emulator.

    card_e2e.py --kioskctl PATH --case NAME     run one case (exit 0 pass, 1 fail, 77 skip)
    card_e2e.py --list                          print the case names

For a case it: takes a machine-wide lock (only one pcscd can run), starts a private pcscd
that loads only the vpcd reader on a free port, generates a test PKI in a temp dir, starts
the emulator with the case's profile and faults, runs kioskctl with the case's access data
(taken from what the emulator says it serves, never hard-coded driver output), and checks
the JSON: access path, verification, active authentication, every identity field, the photo,
and the APDU/byte counts against the emulator's own count. Then it stops everything."""

import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EMULATOR = os.path.join(ROOT, "card-emulator", "card_emulator.py")
PCSCD_SH = os.path.join(HERE, "pcscd_vpcd.sh")
LOCK = os.environ.get("KIOSK_PCSCD_LOCK", "/tmp/kiosk-pcscd-test.lock")
READER = "Virtual PCD 00 00"
KIOSKCTL_TIMEOUT = 25
VALGRIND_RC = 99

OK_READ = dict(exit=0, verification="verified", assurance="chip-verified", aa="passed")

# name: profile, faults, access kind, expected access, expectations
CASES = {
    "pace_can": dict(profile="vn-male", via="can", access="PACE", **OK_READ),
    "pace_id": dict(profile="vn-male", via="id", access="PACE", **OK_READ),
    "pace_id_bare_can": dict(profile="vn-female-noexpiry", via="id6", access="PACE",
                             **OK_READ),
    "qr_prefers_pace": dict(profile="vn-male", via="qr", access="PACE", **OK_READ),
    "bac_qr": dict(profile="vn-male", via="qr", faults=["no-pace"], access="BAC", **OK_READ),
    "bac_qr_noexpiry": dict(profile="vn-female-noexpiry", via="qr", faults=["no-pace"],
                            access="BAC", **OK_READ),
    "bac_mrz": dict(profile="vn-male", via="mrz", faults=["no-pace"], access="BAC", **OK_READ),
    "mrz_any": dict(profile="vn-male", via="mrz", access=("PACE", "BAC"), **OK_READ),
    "pace_mrz_no_bac": dict(profile="vn-male", via="mrz", faults=["no-bac"], access="PACE",
                            **OK_READ),
    "female_pace_can": dict(profile="vn-female-noexpiry", via="can", access="PACE", **OK_READ),
    "sparse_dg13_2024": dict(profile="vn-2024-sparse", via="id", access="PACE", **OK_READ),
    "passport_mrz": dict(profile="passport", via="mrz", access=("PACE", "BAC"), **OK_READ),
    "passport_bac": dict(profile="passport", via="mrz", faults=["no-pace"], access="BAC",
                         **OK_READ),
    # the passport's nationality is only in its MRZ (DG1): kept as its own case
    "passport_nationality": dict(profile="passport", via="mrz", mrz_nationality=True,
                                 **OK_READ),
    "photo": dict(profile="vn-male", via="can", access="PACE", photo=True, **OK_READ),
    "aa_ecdsa": dict(profile="vn-male", via="can", access="PACE", emu_args=["--aa", "ecdsa"],
                     **OK_READ),
    "no_dg15": dict(profile="vn-male", via="can", access="PACE", emu_args=["--aa", "none"],
                    exit=0, verification="verified", aa="not-available"),
    "long_response": dict(profile="vn-male", via="mrz",
                          faults=["no-pace", "long-response", "no-extended"],
                          access="BAC", photo=True, **OK_READ),
    # what is known of real Vietnamese cards at once: no extended length, the 285-byte
    # answer to Le=256, 6D00 to SELECT MF; read from the QR as the kiosk does, with the photo
    "realistic_vn_card": dict(profile="vn-male", via="qr",
                              faults=["no-extended", "long-response", "slow=3"],
                              access="PACE", photo=True, **OK_READ),
    "small_le": dict(profile="vn-male", via="can", faults=["small-le=128"], access="PACE",
                     photo=True, **OK_READ),
    "no_extended": dict(profile="vn-male", via="can", faults=["no-extended"], access="PACE",
                        photo=True, **OK_READ),
    "overlong_data": dict(profile="vn-male", via="can", faults=["overlong-data=16"],
                          access="PACE", may_fail=("protocol", "secure-messaging", "file",
                                                   "format"), **OK_READ),
    "slow_card": dict(profile="vn-male", via="can", faults=["slow=25"], access="PACE",
                      **OK_READ),
    "sm_error_midway": dict(profile="vn-male", via="can", faults=["sm-plain-error"],
                            access="PACE", photo=True,
                            may_fail=("secure-messaging", "transport", "protocol"), **OK_READ),
    "other_curve": dict(profile="vn-male", via="can", access="PACE",
                        emu_args=["--pace-curve", "brainpoolP384r1", "--pace-aes", "192"],
                        **OK_READ),
    "tampered_dg13": dict(profile="vn-male", via="can", faults=["tamper-dg13"],
                          verification="hash-mismatch", mismatch_dg=13, fields=False),
    "unknown_signer": dict(profile="vn-male", via="can", faults=["unknown-signer"],
                           verification="unknown-signer", fields=False),
    "expired_signer": dict(profile="vn-male", via="can", faults=["expired-signer"],
                           verification="expired-signer", fields=False),
    "bad_signature": dict(profile="vn-male", via="can", faults=["bad-signature"],
                          verification="bad-signature", fields=False),
    "aa_fail": dict(profile="vn-male", via="can", faults=["aa-fail"], aa="failed",
                    fields=False),
    "wrong_can": dict(profile="vn-male", via="can", faults=["wrong-key"],
                      fail=("wrong-key",)),
    "wrong_can_6982": dict(profile="vn-male", via="can",
                           faults=["wrong-key", "wrong-key-sw=6982"], fail=("wrong-key",)),
    "multi_pace_info": dict(profile="vn-male", via="can", faults=["multi-pace-info"],
                            access="PACE", **OK_READ),
    "wrong_mrz_bac": dict(profile="vn-male", via="mrz", faults=["wrong-key", "no-pace"],
                          fail=("wrong-key",)),
    "can_without_pace": dict(profile="vn-male", via="can", faults=["no-pace"],
                             fail=("no-keys", "unsupported")),
    "card_pulled": dict(profile="vn-male", via="can", faults=["pull-after=12"],
                        fail=("card-removed", "transport")),
    # the same reads with kioskctl under valgrind memcheck (plain builds only): no invalid
    # or uninitialised access, no definite leak, on success and on each failure path
    "valgrind_pace_photo": dict(profile="vn-male", via="can", access="PACE", photo=True,
                                valgrind=True, **OK_READ),
    "valgrind_bac_qr": dict(profile="vn-female-noexpiry", via="qr", faults=["no-pace"],
                            access="BAC", valgrind=True, **OK_READ),
    "valgrind_tampered": dict(profile="vn-male", via="can", faults=["tamper-dg13"],
                              verification="hash-mismatch", mismatch_dg=13, fields=False,
                              valgrind=True),
    "valgrind_wrong_can": dict(profile="vn-male", via="can", faults=["wrong-key"],
                               fail=("wrong-key",), valgrind=True),
    "valgrind_card_pulled": dict(profile="vn-male", via="can", faults=["pull-after=12"],
                                 fail=("card-removed", "transport"), valgrind=True),
    "valgrind_no_card": dict(profile="vn-male", via="can", no_card=True, fail=("no-card",),
                             valgrind=True),
    "no_card": dict(profile="vn-male", via="can", no_card=True, fail=("no-card",)),
    "trace_private": dict(profile="vn-male", via="can", access="PACE", trace=True, **OK_READ),
}

SEX = {"Nam": ("Nam", "M", "male"), "Nữ": ("Nữ", "F", "female"), "M": ("M", "Nam", "male"),
       "F": ("F", "Nữ", "female")}
FIELDS_DG13 = ("id_number", "full_name", "date_of_birth", "sex", "nationality", "ethnicity",
               "religion", "place_of_origin", "place_of_residence", "identifying_features",
               "date_of_issue", "date_of_expiry", "father_name", "mother_name", "spouse_name",
               "old_id_number")
FIELDS_DG1 = ("document_type", "document_number", "issuing_state")


# words a human message uses for each error, when no error=NAME is given
ERROR_WORDS = {"wrong-key": ("wrong access key", "wrong key", "wrong can"),
               "no-card": ("no card",), "no-keys": ("no access key", "no usable key"),
               "unsupported": ("not support",), "card-removed": ("removed", "moved away"),
               "transport": ("lost contact", "did not answer")}


class Fail(Exception):
    pass


def free_port():
    for _ in range(50):
        port = 36000 + (os.getpid() * 7 + int(time.time() * 1000)) % 3000
        ok = True
        for p in (port, port + 1):
            s = socket.socket()
            try:
                s.bind(("0.0.0.0", p))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            return port
        time.sleep(0.01)
    raise Fail("no free TCP port for vpcd")


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def have_card_command(kioskctl):
    try:
        r = subprocess.run([kioskctl, "card", "read", "--help"], capture_output=True,
                           text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    text = (r.stdout + r.stderr).lower()
    return not ("unknown command" in text or "no such command" in text
                or "unknown subcommand" in text)


def sanitized(path):
    """True if the binary carries AddressSanitizer (valgrind cannot run it)."""
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


def access_args(case, served):
    a = served["access"]
    via = case["via"]
    if via == "can":
        return ["--can", a["can"]]
    if via == "id":
        return ["--id", a["id_number"]]
    if via == "id6":                      # 6 digits typed: a bare CAN
        return ["--id", a["id_number"][-6:]]
    if via == "qr":
        return ["--qr", a["qr"]]
    if via == "mrz":
        return ["--mrz", "%s,%s,%s" % (a["doc_number"], a["dob"], a["expiry"])]
    raise Fail("bad case")


def same(field, want, got):
    if field == "sex":
        return got in SEX.get(want, (want,))
    if field == "date_of_expiry" and want is not None and not want[:4].isdigit():
        # "Không thời hạn" (no expiry): the text, or an empty/absent value
        return got in (want, None, "", "none", "9999-12-31")
    if field == "spouse_name" and want == "":
        return got in ("", None)
    return got == want


def check_fields(served, ident, errors, mrz_nationality=False):
    s = served["identity"]
    if served["kind"] == "TD1":
        for f in FIELDS_DG13:
            if f in s and (s[f] or f == "spouse_name"):
                got = ident.get(f)
                if not same(f, s[f], got):
                    errors.append("identity.%s = %r, card served %r" % (f, got, s[f]))
            elif f not in s and f not in ("date_of_expiry", "nationality") and \
                    ident.get(f) not in (None, ""):
                # not on the card: the driver must not make it up
                errors.append("identity.%s = %r, the card has no such field" % (f, ident[f]))
    else:
        checks = {"full_name": (s["full_name_mrz"],), "date_of_birth": (s["date_of_birth"],),
                  "sex": SEX[s["sex_mrz"]], "date_of_expiry": (s["date_of_expiry_mrz"],)}
        if mrz_nationality:
            checks = {"nationality": (s["nationality_mrz"], "Việt Nam")}
        elif ident.get("nationality"):
            checks["nationality"] = (s["nationality_mrz"], "Việt Nam")
        for f, allowed in checks.items():
            if ident.get(f) not in allowed:
                errors.append("identity.%s = %r, card served %r" % (f, ident.get(f), allowed))
        if ident.get("id_number") not in (None, "", s["id_number"]):
            errors.append("identity.id_number = %r, card served %r"
                          % (ident.get("id_number"), s["id_number"]))
    for f in FIELDS_DG1:
        if ident.get(f) != s[f]:
            errors.append("identity.%s = %r, card served %r" % (f, ident.get(f), s[f]))


def run_case(name, kioskctl, keep):
    case = CASES[name]
    tmp = tempfile.mkdtemp(prefix="card-e2e-%s-" % name)
    pdir = os.path.join(tmp, "pcscd")
    emu = None
    started = False
    errors = []
    t_start = time.monotonic()
    try:
        port = free_port()
        r = subprocess.run([PCSCD_SH, "start", pdir, str(port)], capture_output=True,
                           text=True)
        if r.returncode == 77:
            skip(r.stderr.strip())
        if r.returncode != 0:
            raise Fail("pcscd did not start: " + r.stderr.strip())
        started = True
        served_p = os.path.join(tmp, "served.json")
        stats_p = os.path.join(tmp, "stats.json")
        ready_p = os.path.join(tmp, "ready")
        cmd = [sys.executable, EMULATOR, "--port", str(port), "--profile", case["profile"],
               "--pki", os.path.join(tmp, "pki"), "--served", served_p, "--stats", stats_p,
               "--ready", ready_p, "--log", os.path.join(tmp, "emulator.log")]
        for f in case.get("faults", []):
            cmd += ["--fault", f]
        cmd += case.get("emu_args", [])
        if case.get("no_card"):
            # the emulator only writes what it would serve, no card reaches the reader
            subprocess.run(cmd[:2] + ["--gen-pki-only"] + cmd[2:], check=True,
                           capture_output=True)
            served = {"access": {"can": "000000"},
                      "trust_dir": os.path.join(tmp, "pki", "trust")}
        else:
            emu = subprocess.Popen(cmd)
        deadline = time.monotonic() + 10
        while emu is not None and not os.path.exists(ready_p):
            if emu.poll() is not None:
                raise Fail("emulator exited with %d" % emu.returncode)
            if time.monotonic() > deadline:
                raise Fail("pcscd never powered the emulated card")
            time.sleep(0.02)
        time.sleep(0.1)
        if emu is not None:
            with open(served_p, encoding="utf-8") as f:
                served = json.load(f)
        photo = os.path.join(tmp, "photo.jpg")
        args = [kioskctl, "card", "read"] + access_args(case, served) + [
            "--reader", READER, "--trust", served["trust_dir"], "--json"]
        if case.get("photo"):
            args += ["--photo", photo]
        if case.get("trace"):
            args += ["--trace"]
        vg_log = os.path.join(tmp, "valgrind.log")
        if case.get("valgrind"):
            args = ["valgrind", "-q", "--error-exitcode=%d" % VALGRIND_RC,
                    "--leak-check=full", "--errors-for-leak-kinds=definite",
                    "--track-origins=yes", "--log-file=" + vg_log] + args
        t0 = time.monotonic()
        try:
            limit = KIOSKCTL_TIMEOUT * (3 if case.get("valgrind") else 1)
            r = subprocess.run(args, capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            raise Fail("kioskctl did not finish in %d s" % limit)
        elapsed = time.monotonic() - t0
        out = r.stdout.decode("utf-8", "replace")
        err = r.stderr.decode("utf-8", "replace")
        print("$ " + " ".join(a if a.isprintable() and " " not in a else repr(a)
                              for a in args[1:]))
        print("exit %d in %.2f s" % (r.returncode, elapsed))
        if out.strip():
            print("stdout: " + out.strip()[:3000])
        if err.strip():
            print("stderr: " + err.strip()[:2000])
        stats = {"apdus": 0, "bytes_in": 0, "bytes_out": 0, "auth": {}}
        if emu is not None:
            emu.send_signal(signal.SIGTERM)
            emu.wait(5)
            emu = None
            with open(stats_p) as f:
                stats = json.load(f)
        print("emulator: %d APDUs, %d bytes in, %d bytes out, auth %s"
              % (stats["apdus"], stats["bytes_in"], stats["bytes_out"], stats["auth"]))
        if case.get("valgrind") and os.path.exists(vg_log) and os.path.getsize(vg_log):
            with open(vg_log, errors="replace") as f:
                report = f.read()
            print("--- valgrind\n" + report[:6000])
            if r.returncode == VALGRIND_RC or "ERROR SUMMARY" in report or "==" in report:
                errors.append("valgrind found memory errors in kioskctl (see above)")
        if r.returncode == VALGRIND_RC:
            r = subprocess.CompletedProcess(r.args, 1, r.stdout, r.stderr)
        if stats.get("internal_errors"):
            errors.append("the emulator had %d internal errors (emulator bug: see its stderr)"
                          % stats["internal_errors"])
        res = None
        try:
            start = out.index("{")
            res = json.loads(out[start:out.rindex("}") + 1])
        except ValueError:
            res = None

        if case.get("fail"):
            if r.returncode == 0:
                errors.append("kioskctl succeeded; the card was meant to refuse it")
            check_error(case["fail"], err, out, res, errors)
        elif case.get("may_fail") and r.returncode != 0:
            check_error(case["may_fail"], err, out, res, errors)
        else:
            if "exit" in case and r.returncode != case["exit"]:
                errors.append("exit status %d, expected %d" % (r.returncode, case["exit"]))
            if res is None:
                errors.append("no JSON on stdout")
            else:
                check_result(case, served, stats, res, photo, errors)
        if case.get("trace"):
            check_trace_private(served, out, err, errors)
    except Fail as e:
        errors.append(str(e))
    finally:
        if emu is not None:
            emu.kill()
            emu.wait()
        if started:
            subprocess.run([PCSCD_SH, "stop", pdir])
        if errors or keep:
            print("logs kept in " + tmp)
            for log in ("emulator.log", "pcscd/pcscd.log"):
                p = os.path.join(tmp, log)
                if errors and os.path.exists(p):
                    with open(p, errors="replace") as f:
                        tail = f.read()[-3000:]
                    print("--- %s (tail)\n%s" % (log, tail))
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("case %s: %.1f s" % (name, time.monotonic() - t_start))
    for e in errors:
        print("FAIL: " + e)
    return not errors


def check_error(names, err, out, res, errors):
    """A failed read must say why: the driver's error name (log field error=NAME or a JSON
    "error") must be one of names; and no identity may come out marked verified."""
    got = None
    m = re.search(r"\berror=([a-z-]+)", err)
    if m:
        got = m.group(1)
    elif isinstance(res, dict) and isinstance(res.get("error"), str):
        got = res["error"]
    human = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("kiosk[")]
    if got is None:
        # no machine-readable name: a human message must say it
        words = [w for n in names for w in ERROR_WORDS.get(n, (n,))]
        text = " ".join(human).lower()
        if not any(w in text for w in words):
            errors.append("no error name (error=NAME on stderr or \"error\" in the JSON) "
                          "and no message naming %s" % " or ".join(names))
    elif got not in names:
        errors.append("error %r, expected %s" % (got, " or ".join(names)))
    if not human and not (isinstance(res, dict) and res.get("message")):
        print("note: no human-readable message (only the log line) in --json mode")
    if isinstance(res, dict) and res.get("verification") == "verified" and res.get("identity"):
        errors.append("an identity marked verified came out of a failed read")


def check_result(case, served, stats, res, photo, errors):
    acc = case.get("access")
    if acc is not None:
        allowed = acc if isinstance(acc, tuple) else (acc,)
        if res.get("access") not in allowed:
            errors.append("access %r, expected %s" % (res.get("access"), " or ".join(allowed)))
    if "verification" in case and res.get("verification") != case["verification"]:
        errors.append("verification %r, expected %r" % (res.get("verification"),
                                                        case["verification"]))
    if "verification" in case and case["verification"] != "verified" and \
            res.get("verification") == "verified":
        errors.append("verification says verified on a card that must not verify")
    if case.get("verification") not in (None, "verified") and \
            res.get("assurance") == "chip-verified":
        errors.append("assurance chip-verified with verification %r" % res.get("verification"))
    if "mismatch_dg" in case and res.get("mismatch_dg") != case["mismatch_dg"]:
        errors.append("mismatch_dg %r, expected %r" % (res.get("mismatch_dg"),
                                                       case["mismatch_dg"]))
    if "assurance" in case and res.get("assurance") != case["assurance"]:
        errors.append("assurance %r, expected %r" % (res.get("assurance"), case["assurance"]))
    if "aa" in case and res.get("active_auth") != case["aa"]:
        errors.append("active_auth %r, expected %r" % (res.get("active_auth"), case["aa"]))
    ident = res.get("identity")
    if case.get("fields", True):
        if not isinstance(ident, dict):
            errors.append("no identity object")
        else:
            check_fields(served, ident, errors, case.get("mrz_nationality", False))
    if case.get("photo"):
        if res.get("photo_bytes") != served["photo_bytes"]:
            errors.append("photo_bytes %r, card served a %d-byte JPEG"
                          % (res.get("photo_bytes"), served["photo_bytes"]))
        if not os.path.exists(photo):
            errors.append("--photo file not written")
        else:
            with open(photo, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != served["photo_sha256"]:
                    errors.append("--photo file differs from the JPEG in DG2")
    if res.get("apdus") != stats["apdus"]:
        errors.append("apdus %r, the card answered %d" % (res.get("apdus"), stats["apdus"]))
    wire = stats["bytes_in"] + stats["bytes_out"]
    if res.get("bytes") != wire:
        errors.append("bytes %r, the card saw %d (C-APDU + R-APDU)" % (res.get("bytes"), wire))


def check_trace_private(served, out, err, errors):
    s = served["identity"]
    text = out + "\n" + err
    trace = err
    secrets = [s.get("full_name"), s.get("place_of_residence"), s.get("father_name"),
               "NGUYEN<<VAN", s.get("full_name", "").encode("utf-8").hex().upper()]
    for sec in secrets:
        if sec and (sec in trace or sec.lower() in trace.lower()):
            errors.append("the trace (stderr) shows personal data (%d chars)" % len(sec))
    if not trace.strip():
        errors.append("--trace printed nothing on stderr")
    del text


def hold_pcscd_lock(lk, minutes):
    """Take the lock of the tests that share pcscd (LOCK, open as lk), waiting
    at most `minutes`. Returns the seconds waited, or None after printing a
    FAIL line when another test held it all that time."""
    t_lock = time.monotonic()
    deadline = t_lock + 60 * minutes
    while True:
        try:
            fcntl.flock(lk, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return time.monotonic() - t_lock
        except OSError:
            if time.monotonic() > deadline:
                print("FAIL: another pcscd test held %s for %d minutes" % (LOCK, minutes))
                return None
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kioskctl")
    ap.add_argument("--case")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir and logs")
    args = ap.parse_args()
    if args.list:
        print("\n".join(sorted(CASES)))
        return 0
    if args.case not in CASES:
        print("unknown case %r" % args.case)
        return 2
    if os.geteuid() != 0:
        skip("needs root (pcscd owns /run/pcscd)")
    r = subprocess.run([PCSCD_SH, "check"], capture_output=True, text=True)
    if r.returncode == 77:
        skip(r.stderr.strip())
    try:
        import cryptography  # noqa: F401
    except ImportError:
        skip("python3-cryptography is not installed")
    if not args.kioskctl or not os.access(args.kioskctl, os.X_OK):
        skip("kioskctl not built")
    if not have_card_command(args.kioskctl):
        skip("kioskctl has no `card` command yet (card driver not built)")
    if CASES[args.case].get("valgrind"):
        if not shutil.which("valgrind"):
            skip("valgrind is not installed")
        if sanitized(args.kioskctl):
            skip("kioskctl is built with sanitizers (valgrind cases run on plain builds)")
    with open(LOCK, "w") as lk:
        waited = hold_pcscd_lock(lk, 3)
        if waited is None:
            return 1
        if waited > 0.5:
            print("waited %.1f s for the pcscd lock (another card test was running)" % waited)
        ok = run_case(args.case, args.kioskctl, args.keep)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
