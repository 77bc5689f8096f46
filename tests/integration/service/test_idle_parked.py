#!/usr/bin/env python3
"""No busy loop when the line is down: with the upstream unreachable and
dossiers waiting, kioskd uses almost no CPU (measured from /proc). Permanent
refusals (4xx) are parked with upstream's reason for a technician, who sees
them in `kioskctl outbox list` and requeues them with `kioskctl outbox retry`."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Env, check, dossier  # noqa: E402


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    # 1. Line down.
    env = Env("idle", upstream_on=False, extra={"backoff_base_ms": "100",
                                                "backoff_max_ms": "1000"})
    try:
        env.start()
        for i in range(20):
            check(env.client.submit(dossier(i))["ok"], "submit")
        time.sleep(1.0)
        c0 = cpu_seconds(env.proc.pid)
        w0 = time.time()
        time.sleep(4.0)
        used = cpu_seconds(env.proc.pid) - c0
        wall = time.time() - w0
        h = env.health()
        check(h["upstream"] == "down" and h["pending"] == 20, h)
        # A busy loop would use ~4 s; retrying 20 dossiers each time would use
        # far more than a handful of connection attempts.
        check(used < 0.2, "kioskd used %.3f s CPU in %.1f s with the line down" % (used, wall))
        attempts = open(os.path.join(env.dir, "kioskd.log")).read().count("event=retry")
        check(attempts < 40, "too many attempts while down: %d" % attempts)
        print("idle: cpu %.3f s over %.1f s wall, %d attempts for 20 dossiers" % (used, wall,
                                                                                  attempts))
    finally:
        env.close()

    # 2. Parked; and the periodic status sync fills the cache by itself.
    env = Env("parked", extra={"status_sync_interval": "1"})
    try:
        env.up.permanent_for = {"2.000815"}
        env.start()
        r = env.client.submit(dossier(1, procedure="2.000815"))
        ok = env.client.submit(dossier(2))
        check(r["ok"] and ok["ok"], "submit")
        t = time.time() + 10
        while time.time() < t and env.health()["parked"] != 1:
            time.sleep(0.05)
        h = env.wait_drained()
        check(h["parked"] == 1, h)
        k = env.kioskctl("outbox", "list")
        check(r["code"] in k.stdout and "parked" in k.stdout and
              "procedure not accepted online" in k.stdout, k.stdout + k.stderr)
        check(ok["code"] not in k.stdout, "sent dossier listed as pending")
        env.up.status_override[ok["code"]] = {"status": "done", "status_text": "Xong"}
        t = time.time() + 10
        st = {}
        while time.time() < t:
            st = env.client.call({"v": 1, "type": "status", "code": ok["code"]})
            if st.get("state") == "done":
                break
            time.sleep(0.1)
        check(st.get("state") == "done" and st["updated_at"] and not st["stale"], st)
        env.up.permanent_for = set()
        k = env.kioskctl("outbox", "retry", r["code"])
        if os.getuid() == 0:
            check(k.returncode == 0 and "requeued" in k.stdout, k.stdout + k.stderr)
            t = time.time() + 10
            while time.time() < t and r["code"] not in env.up.accepted():
                time.sleep(0.05)
            check(r["code"] in env.up.accepted(), "requeued dossier not delivered")
            check(env.health()["parked"] == 0, env.health())
        else:
            check(k.returncode != 0 and "forbidden" in k.stdout, k.stdout + k.stderr)
        print("parked: ok")
    finally:
        env.close()

    # 3. Not configured yet: kioskd runs, says why it is unhealthy, refuses
    # submissions (no receipt without a code) but still issues tickets.
    env = Env("noagency", upstream_on=False, extra={"agency_code": ""})
    try:
        env.start()
        h = env.health()
        check(not h["healthy"] and "agency_code" in h["problem"], h)
        r = env.client.submit(dossier(1))
        check(not r["ok"] and r["error"] == "not_configured", r)
        check(env.client.call({"v": 1, "type": "ticket", "group": "HT"})["ok"], "ticket")
        print("not configured: ok")
    finally:
        env.close()


if __name__ == "__main__":
    main()
