#!/usr/bin/env python3
"""kioskd end to end against the test upstream: submit (Python client and the
C client through kioskd_probe), upload with decryption upstream, status with
refresh and offline cache, tickets and ratings upload, staff call, peer
credentials, kioskctl subcommands, and no plaintext personal data on disk."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (CITIZEN_ID, CITIZEN_NAME, Env, build_dir, check, dossier,  # noqa: E402
                     grep_files)


def main():
    env = Env("basic")
    try:
        p = subprocess.run([env.kioskd_bin(), "--check", "-c", env.conf], capture_output=True,
                           text=True)
        check(p.returncode == 0 and "configuration ok" in p.stdout, p.stdout + p.stderr)
        bad = os.path.join(env.dir, "bad.conf")
        with open(bad, "w") as f:
            f.write("[kioskd]\nagency_code = 38 98\n")
        p = subprocess.run([env.kioskd_bin(), "--check", "-c", env.conf, "-c", bad],
                           capture_output=True, text=True)
        check(p.returncode == 1 and "agency_code is invalid" in p.stderr, p.stderr)
        env.start()
        c = env.client
        d = dossier(1)
        r = c.submit(d, request_id="req-1")
        check(r["ok"], r)
        code = r["code"]
        check(code.startswith("38.98.H29-") and code.endswith("-0001"), code)
        # Retrying the same request gives the same code.
        r2 = c.submit(d, request_id="req-1")
        check(r2["ok"] and r2["code"] == code and r2["duplicate"], r2)
        # The C client (kioskd_probe) submits the same kind of dossier.
        probe = os.path.join(build_dir(), "tests", "kioskd_probe")
        p = subprocess.run([probe, env.sock, "submit", json.dumps(dossier(2))],
                           capture_output=True, text=True, timeout=20)
        check(p.returncode == 0, p.stdout + p.stderr)
        code2 = p.stdout.split()[0]
        check(code2.endswith("-0002"), p.stdout)
        # A malformed request is refused with a reason.
        bad = c.call({"v": 1, "type": "submit", "request_id": "x", "dossier": {"procedure": "1"}})
        check(not bad["ok"] and bad["error"] == "bad_request", bad)

        env.wait_drained()
        acc = env.up.accepted()
        check(set(acc) == {code, code2}, acc.keys())
        check(json.loads(acc[code][0]) == d, "upstream decrypted different content")
        check(not env.up.conflicts and not env.up.bad_payloads, "conflicts/bad payloads")

        # Status: refresh from upstream, then offline from the cache.
        s = c.call({"v": 1, "type": "status", "code": code, "refresh": True})
        check(s["ok"] and s["state"] == "processing" and s["official_code"].startswith("G"), s)
        check(s["updated_at"] and not s["stale"], s)
        env.up.faults = {"down": 1.0}
        s2 = c.call({"v": 1, "type": "status", "code": code, "refresh": True})
        check(s2["ok"] and s2["stale"] and s2["state"] == "processing", s2)
        check(s2["updated_at"] == s["updated_at"], s2)
        unknown = c.call({"v": 1, "type": "status", "code": "38.98.H29-200101-0001"})
        check(not unknown["ok"] and unknown["error"] == "not_found", unknown)
        env.up.faults = {}

        # Tickets with priority and people ahead.
        t1 = c.call({"v": 1, "type": "ticket", "group": "HT"})
        t2 = c.call({"v": 1, "type": "ticket", "group": "HT", "priority": "elderly"})
        t3 = c.call({"v": 1, "type": "ticket", "group": "HT"})
        check(t1["number"] == "HT-001" and t1["people_ahead"] == 0, t1)
        check(t2["number"] == "HT-U002" and t2["people_ahead"] == 0, t2)
        check(t3["people_ahead"] == 2, t3)
        p = subprocess.run([probe, env.sock, "ticket", "CT", "pregnant"], capture_output=True,
                           text=True, timeout=20)
        check(p.returncode == 0 and p.stdout.startswith("CT-U001 0"), p.stdout + p.stderr)
        # Ratings.
        check(c.call({"v": 1, "type": "rate", "score": 5, "reasons": ["staff", "fast"],
                      "code": code})["ok"], "rate")
        check(not c.call({"v": 1, "type": "rate", "score": 9})["ok"], "rate 9 accepted")
        p = subprocess.run([probe, env.sock, "rate", "2"], capture_output=True, text=True,
                           timeout=20)
        check(p.returncode == 0, p.stdout + p.stderr)
        # Staff call, through the C client.
        p = subprocess.run([probe, env.sock, "call_staff", "help"], capture_output=True,
                           text=True, timeout=20)
        check(p.returncode == 0, p.stdout + p.stderr)
        t = time.time() + 10
        while time.time() < t and (len(env.up.tickets) < 4 or len(env.up.ratings) < 2 or
                                   not env.up.staff_calls):
            time.sleep(0.05)
        check(len(env.up.tickets) == 4, env.up.tickets)
        check(sorted(r["score"] for r in env.up.ratings) == [2, 5], env.up.ratings)
        check(env.up.staff_calls and env.up.staff_calls[0]["reason"] == "help",
              env.up.staff_calls)
        # Upstream says HT-001 was called: once kioskd hears it (on the next
        # upload), the next ticket has one fewer person ahead.
        env.up.called = ["HT-001"]
        c.call({"v": 1, "type": "ticket", "group": "XX"})
        t = time.time() + 10
        while time.time() < t and len(env.up.tickets) < 5:
            time.sleep(0.05)
        time.sleep(0.2)
        t4 = c.call({"v": 1, "type": "ticket", "group": "HT"})
        check(t4["people_ahead"] == 2, t4)

        # Health through the C client.
        p = subprocess.run([probe, env.sock, "health"], capture_output=True, text=True,
                           timeout=20)
        check(p.returncode == 0 and "upstream=up" in p.stdout and "pending=0" in p.stdout,
              p.stdout)

        # kioskctl subcommands.
        k = env.kioskctl("status")
        check(k.returncode == 0 and "upstream:      up" in k.stdout, k.stdout + k.stderr)
        k = env.kioskctl("outbox", "list", "all")
        check(k.returncode == 0 and code in k.stdout and "sent" in k.stdout, k.stdout + k.stderr)
        k = env.kioskctl("outbox", "show", code)
        check(k.returncode == 0 and "official code:   G" in k.stdout, k.stdout + k.stderr)
        k = env.kioskctl("tickets")
        check(k.returncode == 0 and "HT-U002" in k.stdout and "called" in k.stdout, k.stdout + k.stderr)
        k = env.kioskctl("ratings")
        check(k.returncode == 0 and "average: 3.50" in k.stdout, k.stdout + k.stderr)

        # Peer credentials: a user that is neither root nor the kiosk user.
        if os.getuid() == 0:
            os.chmod(env.dir, 0o755)  # let "nobody" reach the socket (mode 0666)
            pid = os.fork()
            if pid == 0:
                rc = 1
                try:
                    os.setgid(65534)
                    os.setuid(65534)
                    r = env.client.submit(dossier(3))
                    h = env.client.call({"v": 1, "type": "health"})
                    rc = 0 if (not r["ok"] and r["error"] == "forbidden" and h["ok"]) else 1
                finally:
                    os._exit(rc)
            _, st = os.waitpid(pid, 0)
            check(os.WEXITSTATUS(st) == 0, "nobody could submit")
        else:
            env.kill()
            with open(env.conf, "a") as f:
                f.write("kiosk_user = no-such-user-kioskd-test\n")
            env.start()
            r = env.client.submit(dossier(3))
            check(not r["ok"] and r["error"] == "forbidden", r)
            check(env.client.call({"v": 1, "type": "health"})["ok"], "health refused")

        # No plaintext personal data anywhere in kioskd's files.
        env.kill()
        files = [os.path.join(env.dir, f) for f in os.listdir(env.dir)
                 if f.startswith("kioskd.db") or f == "kioskd.log"]
        leaks = grep_files(files, [CITIZEN_ID.encode(), CITIZEN_NAME.encode(),
                                   "Nguy\u1ec5n".encode()])
        check(not leaks, "plaintext personal data found: %s" % leaks)
        print("basic: ok (codes %s %s)" % (code, code2))
    finally:
        env.close()


if __name__ == "__main__":
    main()
