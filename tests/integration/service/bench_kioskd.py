#!/usr/bin/env python3
"""kioskd benchmarks (not a test): submit latency and sustained submissions
per second with durable commits (WAL, synchronous=FULL, fsync per submit),
and upload throughput to the loopback test upstream.

  KIOSK_BINARY_DIR=build python3 tests/integration/service/bench_kioskd.py

The client is the Python implementation of docs/ipc.md (its own overhead is
a few tens of microseconds per call). BENCH_N sets the number of submissions
(default 1000). TMPDIR chooses the disk (fsync cost depends on it)."""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Env, dossier  # noqa: E402

N = int(os.environ.get("BENCH_N", "1000"))


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    env = Env("bench", extra={"seq_block": "10000", "backoff_base_ms": "20",
                              "backoff_max_ms": "100",
                              "upload_concurrency": "4", "upload_timeout": "10"})
    try:
        env.up.faults = {"down": 1.0}   # keep uploads out of the submit measurements
        env.start()
        c = env.client
        d = dossier(0)
        for _ in range(20):             # warm up
            c.submit(d)
        lat = []
        for i in range(N):
            t = time.perf_counter()
            r = c.submit(d)
            lat.append(time.perf_counter() - t)
            assert r["ok"], r
        print("submit latency, 1 client, %d submissions: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
              % (N, pct(lat, 50) * 1e3, pct(lat, 99) * 1e3, max(lat) * 1e3))

        for clients in (1, 4):
            per = N // clients
            def run():
                for _ in range(per):
                    assert c.submit(d)["ok"]
            ts = [threading.Thread(target=run) for _ in range(clients)]
            t0 = time.perf_counter()
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            dt = time.perf_counter() - t0
            print("sustained submits, %d clients: %d in %.2f s = %.0f/s" % (
                clients, per * clients, dt, per * clients / dt))

        pending = env.health()["pending"]
        for decrypt in (False, True):
            if decrypt:
                # Refill the outbox for the second run.
                env.up.faults = {"down": 1.0}
                time.sleep(0.3)
                for _ in range(min(pending, 500)):
                    c.submit(d)
                pending = env.health()["pending"]
            env.up.decrypt = decrypt
            t0 = time.perf_counter()
            env.up.faults = {}
            env.wait_drained(timeout=600)
            dt = time.perf_counter() - t0
            print("upload drain, %d dossiers, 4 in flight, upstream %s: %.2f s = %.0f/s" % (
                pending, "decrypting each (openssl cms subprocess)" if decrypt
                else "storing sealed bytes", dt, pending / dt))
    finally:
        env.close()


if __name__ == "__main__":
    main()
