#!/usr/bin/env python3
"""Disk full: with SQLite's max_page_count as the limit, submissions fail with
the clear error storage_full (no code, so no receipt is printed), kioskd keeps
serving, nothing stored is damaged (integrity_check), and every dossier
acknowledged before the limit still reaches upstream intact. Once uploads free
space (sealed payloads are released after acceptance), submissions work again."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Env, check, dossier  # noqa: E402


def main():
    # The upstream's seal certificate is RSA here (RSA-OAEP key transport);
    # the other tests use EC (ECDH key agreement).
    env = Env("diskfull", extra={"db_max_pages": "48"}, rsa_seal=True)
    try:
        env.up.faults = {"down": 1.0}     # keep everything in the outbox
        env.start()
        acked = {}
        full = None
        for i in range(400):
            d = dossier(i)
            d["answers"]["notes"] = "x" * 3000    # ~4 KiB sealed per dossier
            r = env.client.submit(d)
            if not r["ok"]:
                full = r
                break
            acked[r["code"]] = d
        check(full is not None, "the page limit was never reached")
        check(full["error"] == "storage_full" and "storage is full" in full["message"]
              and "code" not in full, full)
        check(len(acked) > 3, "too few stored before full: %d" % len(acked))
        # Still full, still clear; health still answers.
        r = env.client.submit(dossier(999))
        check(not r["ok"] and r["error"] == "storage_full", r)
        check(env.health()["pending"] == len(acked), env.health())
        db = sqlite3.connect("file:%s?mode=ro" % env.db, uri=True)
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity")
        codes = {row[0] for row in db.execute("SELECT code FROM outbox")}
        db.close()
        check(codes == set(acked), "stored codes differ from acknowledged ones")
        # The line comes back: everything acknowledged arrives, identical.
        env.up.faults = {}
        env.wait_drained()
        got = env.up.accepted()
        check(set(got) == set(acked), "upstream got %d of %d" % (len(got), len(acked)))
        for c, d in acked.items():
            check(json.loads(got[c][0]) == d, "content differs for " + c)
        r = env.client.submit(dossier(1000))
        check(r["ok"], "submit after space was freed: %s" % r)
        seqs = sorted(int(c.rsplit("-", 1)[1]) for c in list(acked) + [r["code"]])
        check(seqs == list(range(1, len(seqs) + 1)), "gap in the sequence")
        print("disk_full: ok (%d stored before the limit)" % len(acked))
    finally:
        env.close()


if __name__ == "__main__":
    main()
