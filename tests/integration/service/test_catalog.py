#!/usr/bin/env python3
"""Catalog updates: a bundle (CMS SignedData made with `openssl cms -sign`)
signed by the configured signer and holding a sound SQLite file with a
`procedures` table is swapped in atomically, from upstream or from a file
(USB stick, root only). A bad bundle changes nothing: wrong signer, not a
CMS message, truncated, content not SQLite, no procedures table."""
import hashlib
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Env, build_dir, check  # noqa: E402
import upstream  # noqa: E402,I100


def make_db(path, with_procedures=True, rows=3):
    if os.path.exists(path):
        os.unlink(path)
    db = sqlite3.connect(path)
    if with_procedures:
        db.execute("CREATE TABLE procedures(code TEXT PRIMARY KEY, name TEXT)")
        for i in range(rows):
            db.execute("INSERT INTO procedures VALUES(?, ?)", ("1.00119%d" % i, "Th\u1ee7 t\u1ee5c %d" % i))
    else:
        db.execute("CREATE TABLE other(x)")
    db.commit()
    db.close()


def read(p):
    with open(p, "rb") as f:
        return f.read()


def main():
    env = Env("catalog", extra={"catalog_poll_interval": "1"})
    try:
        d = env.dir
        make_db(os.path.join(d, "v1.db"), rows=3)
        upstream.sign_bundle(env.pki, os.path.join(d, "v1.db"), os.path.join(d, "v1.bundle"))
        env.up.catalog = read(os.path.join(d, "v1.bundle"))
        env.start()
        t = time.time() + 10
        while time.time() < t and not os.path.exists(env.catalog):
            time.sleep(0.05)
        check(os.path.exists(env.catalog), "catalog from upstream not installed")
        check(read(env.catalog) == read(os.path.join(d, "v1.db")), "catalog content differs")
        want = hashlib.sha256(env.up.catalog).hexdigest()
        t = time.time() + 5
        while time.time() < t and env.health()["catalog_version"] != want:
            time.sleep(0.05)
        check(env.health()["catalog_version"] == want, "catalog_version not reported")
        good = read(env.catalog)

        # Bad bundles, served by upstream: nothing changes.
        make_db(os.path.join(d, "noproc.db"), with_procedures=False)
        with open(os.path.join(d, "junk.db"), "wb") as f:
            f.write(b"SQLite format 3\x00" + os.urandom(5000))
        bad = {}
        upstream.sign_bundle(env.pki, os.path.join(d, "v1.db"), os.path.join(d, "rogue.bundle"),
                             signer="rogue")
        bad["wrong signer"] = read(os.path.join(d, "rogue.bundle"))
        upstream.sign_bundle(env.pki, os.path.join(d, "noproc.db"), os.path.join(d, "np.bundle"))
        bad["no procedures table"] = read(os.path.join(d, "np.bundle"))
        upstream.sign_bundle(env.pki, os.path.join(d, "junk.db"), os.path.join(d, "junk.bundle"))
        bad["not sqlite"] = read(os.path.join(d, "junk.bundle"))
        bad["truncated"] = env.up.catalog[:len(env.up.catalog) // 2]
        bad["not cms"] = b"hello"
        tampered = bytearray(read(os.path.join(d, "v1.bundle")))
        tampered[len(tampered) // 2] ^= 0x01
        bad["tampered"] = bytes(tampered)
        log = os.path.join(d, "kioskd.log")
        for name, blob in bad.items():
            before = read(log).count(b"event=rejected")
            env.up.catalog = blob
            t = time.time() + 6
            while time.time() < t and read(log).count(b"event=rejected") == before:
                time.sleep(0.05)
            check(read(log).count(b"event=rejected") > before, "%s: not rejected" % name)
            check(read(env.catalog) == good, "%s changed the catalog" % name)
            check(not os.path.exists(env.catalog + ".new"), "%s left a temp file" % name)
        env.up.catalog = None

        # From a file (USB stick): root only.
        make_db(os.path.join(d, "v2.db"), rows=5)
        upstream.sign_bundle(env.pki, os.path.join(d, "v2.db"), os.path.join(d, "v2.bundle"))
        probe = os.path.join(build_dir(), "tests", "kioskd_probe")
        p = subprocess.run([probe, env.sock, "catalog_import", os.path.join(d, "rogue.bundle")],
                           capture_output=True, text=True)
        check(p.returncode != 0 and read(env.catalog) == good, p.stdout)
        p = subprocess.run([probe, env.sock, "catalog_import", os.path.join(d, "v2.bundle")],
                           capture_output=True, text=True)
        if os.getuid() == 0:
            check(p.returncode == 0, p.stdout + p.stderr)
            check(read(env.catalog) == read(os.path.join(d, "v2.db")), "v2 not installed")
        else:
            check("forbidden" in p.stdout and read(env.catalog) == good, p.stdout)
        print("catalog: ok")
    finally:
        env.close()


if __name__ == "__main__":
    main()
