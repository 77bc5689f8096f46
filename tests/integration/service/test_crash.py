#!/usr/bin/env python3
"""The crash test: 500 submissions while kioskd is killed with SIGKILL at
random moments (at least 50 times) and the upstream fails on and off (500,
503, 429 with Retry-After, resets, timeouts, slow answers, lost answers).

The client retries a submission with the same request_id until it is
acknowledged, as the kiosk does. Then: every acknowledged dossier reached the
upstream exactly once (one idempotency key per code, no code twice) with
byte-identical content after decryption; none lost, none duplicated; the
daily sequence has no gaps; no plaintext personal data in kioskd's files.

Environment: N (submissions, default 500), KILLS (minimum, default 50),
SEED (the schedule of kills and faults; default fixed, timing still varies)."""
import json
import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import CITIZEN_ID, CITIZEN_NAME, Env, check, dossier, grep_files  # noqa: E402

N = int(os.environ.get("N", "500"))
KILLS = int(os.environ.get("KILLS", "50"))
SEED = int(os.environ.get("SEED", "20261122"))

FAULTY = {"500": 0.12, "503": 0.05, "429": 0.08, "reset": 0.08, "lost": 0.12,
          "timeout": 0.03, "slow": 0.04, "down": 0.08}


def main():
    rng = random.Random(SEED)
    t0 = time.time()
    env = Env("crash", extra={"upload_timeout": "1", "connect_timeout": "1",
                              "backoff_base_ms": "20", "backoff_max_ms": "200"}, hold_s=1.3)
    env.client.timeout = 5.0
    acked = {}              # code -> dossier
    lock = threading.Lock()
    done = threading.Event()
    kills = [0]
    errors = []
    progress = [time.time()]  # when a submission was last acknowledged
    STUCK_S = 60              # no acknowledgement for this long: fail, do not hang
    try:
        env.start()

        def submitter(lo, hi):
            for i in range(lo, hi):
                d = dossier(i)
                rid = str(uuid.uuid4())
                while True:
                    if errors:
                        return
                    if time.time() - progress[0] > STUCK_S:
                        errors.append("no acknowledgement for %d s (kioskd %s); see %s" % (
                            STUCK_S, "running" if env.proc.poll() is None else
                            "exited with %s" % env.proc.returncode,
                            os.path.join(env.dir, "kioskd.log")))
                        return
                    try:
                        r = env.client.submit(d, request_id=rid)
                    except (OSError, ValueError):
                        time.sleep(0.005)
                        continue
                    if not r.get("ok"):
                        errors.append(r)
                        return
                    with lock:
                        if r["code"] in acked and acked[r["code"]] != d:
                            errors.append(("code given twice", r["code"]))
                        acked[r["code"]] = d
                        progress[0] = time.time()
                    break

        def killer():
            try:
                while not errors and (not done.is_set() or kills[0] < KILLS):
                    time.sleep(rng.uniform(0.01, 0.12))
                    env.kill()
                    kills[0] += 1
                    env.start(wait=False)
                    time.sleep(rng.uniform(0.0, 0.05))
            except Exception as e:  # kioskd could not be restarted: say so, do not hang
                errors.append("restarting kioskd: %r" % e)

        def flapper():
            while not errors and (not done.is_set() or kills[0] < KILLS):
                env.up.faults = dict(FAULTY) if rng.random() < 0.6 else {}
                time.sleep(rng.uniform(0.05, 0.3))
            env.up.faults = {}

        threads = [threading.Thread(target=submitter, args=(k * N // 2, (k + 1) * N // 2))
                   for k in range(2)]
        kt = threading.Thread(target=killer)
        ft = threading.Thread(target=flapper)
        for t in threads + [kt, ft]:
            t.start()
        for t in threads:
            t.join()
        done.set()
        kt.join()
        ft.join()
        check(not errors, "submission errors: %s" % errors[:3])
        env.up.faults = {}
        env.wait_ready()
        t_sub = time.time() - t0
        h = env.wait_drained(timeout=120)
        check(h["parked"] == 0, h)

        got = env.up.accepted()
        check(len(acked) == N, "acknowledged %d of %d" % (len(acked), N))
        missing = [c for c in acked if c not in got]
        extra = [c for c in got if c not in acked]
        check(not missing, "lost: %s" % missing[:5])
        check(not extra, "not acknowledged but arrived: %s" % extra[:5])
        check(not env.up.conflicts, "arrived twice under different keys: %s" %
              env.up.conflicts[:5])
        check(not env.up.bad_payloads, "undecryptable: %s" % env.up.bad_payloads[:5])
        for code, d in acked.items():
            check(json.loads(got[code][0]) == d, "content differs for %s" % code)
        seqs = sorted(int(c.rsplit("-", 1)[1]) for c in acked)
        check(seqs == list(range(1, N + 1)), "sequence has gaps or repeats")
        redeliveries = sum(n - 1 for _, n in got.values())

        env.kill()
        files = [os.path.join(env.dir, f) for f in os.listdir(env.dir)
                 if f.startswith("kioskd.db")]
        leaks = grep_files(files, [CITIZEN_ID.encode(), CITIZEN_NAME.encode()])
        check(not leaks, "plaintext personal data: %s" % leaks)
        print("crash: ok seed=%d submissions=%d kills=%d upstream_requests=%d "
              "redeliveries=%d faults=%s submit_phase=%.1fs total=%.1fs" % (
                  SEED, N, kills[0], env.up.requests, redeliveries,
                  json.dumps(env.up.stats, sort_keys=True), t_sub, time.time() - t0))
    finally:
        done.set()
        env.close()


if __name__ == "__main__":
    main()
