#!/usr/bin/env python3
"""Run one UI script against the real services: a kioskd started for the
run (tests/integration/service/harness.py) in front of the real HTTPS test
upstream (tests/upstream/upstream.py), the simulated printer writing what the
paper shows as PNG files next to the screenshots.

usage: run_ui.py KIOSK_BIN SCRIPT SHOTS_DIR [--no-kioskd] [-- extra kiosk args]

`--no-kioskd` runs with no service listening (the "kioskd unreachable" case).
Environment: KIOSK_BINARY_DIR (the build) for kioskd and the harness.

Lines of the script read here:
  # config SECTION KEY = VALUE   a kiosk setting for the run
  # storage-full                 kioskd's database filled before the kiosk starts
  # catalog-update               the upstream serves a new signed catalog once
                                 the script has shot "before-update"
  # catalog-corrupt              the catalog kioskd "installed" is garbage
  # size WxH                     the display's size in pixels
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "service"))
sys.path.insert(0, os.path.join(HERE, "..", "upstream"))

import harness  # noqa: E402
import upstream  # noqa: E402,I100


def catalog_update(env, shots):
    """"# catalog-update": a new catalog (1.001193's Vietnamese summary
    changed), signed like the province's, served by the test upstream once the
    script has shot "before-update"."""
    src = os.path.join(os.environ["KIOSK_BINARY_DIR"], "share", "kiosk", "catalog.db")
    db = os.path.join(env.dir, "v2.db")
    shutil.copy(src, db)
    c = sqlite3.connect(db)
    c.execute("UPDATE procedures SET json = json_set(json, '$.summary.vi', ?) WHERE code = ?",
              ("\u0110\u0103ng k\u00fd khai sinh cho tr\u1ebb em (danh m\u1ee5c m\u1edbi c\u1ee7a t\u1ec9nh).",
               "1.001193"))
    c.commit()
    c.close()
    bundle = os.path.join(env.dir, "v2.bundle")
    upstream.sign_bundle(env.pki, db, bundle)
    with open(bundle, "rb") as f:
        blob = f.read()

    def serve():
        marker = os.path.join(shots, "before-update.png")
        t = time.time() + 120
        while time.time() < t and not os.path.exists(marker):
            time.sleep(0.05)
        env.up.catalog = blob

    threading.Thread(target=serve, daemon=True).start()


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        extra, args = args[i + 1:], args[:i]
    no_kioskd = "--no-kioskd" in args
    args = [a for a in args if a != "--no-kioskd"]
    kiosk, script, shots = args
    os.makedirs(shots, exist_ok=True)
    with open(script, encoding="utf-8") as sf:
        text = sf.read()
    # "# storage-full": kioskd's database is filled up before the kiosk starts.
    storage_full = "\n# storage-full" in "\n" + text
    kioskd_extra = {"db_max_pages": "48"} if storage_full else {}
    updating = "\n# catalog-update" in "\n" + text
    if updating:
        kioskd_extra["catalog_poll_interval"] = "1"
    env = harness.Env("ui-" + os.path.basename(script).split(".")[0], extra=kioskd_extra)
    try:
        if updating:
            for old in os.listdir(shots):
                os.unlink(os.path.join(shots, old))
            catalog_update(env, shots)
        # "# catalog-corrupt": the installed catalog is not a database at all.
        if "\n# catalog-corrupt" in "\n" + text:
            with open(env.catalog, "wb") as f:
                f.write(b"not a catalog: torn write\n" * 64)
        sock = env.sock if not no_kioskd else os.path.join(env.dir, "nobody-listens.sock")
        if not no_kioskd:
            if storage_full and env.up:
                env.up.faults = {"down": 1.0}   # nothing leaves the outbox
            env.start()
            if storage_full:
                for i in range(1000):
                    d = harness.dossier(i)
                    d["answers"]["notes"] = "x" * 3000
                    if not env.client.submit(d)["ok"]:
                        break
        # A script may override settings: "# config printer device = sim:out_after=2".
        overrides = []
        with open(script, encoding="utf-8") as sf:
            for line in sf:
                if line.startswith("# config "):
                    sect, rest = line[len("# config "):].split(None, 1)
                    overrides.append("[%s]\n%s" % (sect, rest.strip()))
        conf = os.path.join(env.dir, "kiosk-ui.conf")
        with open(conf, "w") as f:
            f.write("[center]\nname = Trung tâm Phục vụ hành chính công xã Thử Nghiệm\n"
                    "hotline = 1900 0000\n"
                    "[kioskd]\nsocket = %s\ncatalog_path = %s\n"
                    "[printer]\ndevice = sim\npng_dir = %s\n"
                    "[payment]\nbank_bin = 970415\naccount = 113366668888\n"
                    "account_name = UBND XA THU NGHIEM\n" % (sock, env.catalog, shots))
            for o in overrides:
                f.write(o + "\n")
        # "# size WxH": the display's size (a panel mounted turned: see rotation.kiosk).
        for line in text.splitlines():
            if line.startswith("# size "):
                extra = ["--size", line.split()[2]] + extra
        cmd = [kiosk, "--headless", "--config", conf, "--script", script, "--shots", shots] + extra
        rc = subprocess.call(cmd)
        if rc != 0 and not no_kioskd:
            log = os.path.join(env.dir, "kioskd.log")
            if os.path.exists(log):
                shutil.copy(log, os.path.join(shots, "kioskd.log"))
        return rc
    finally:
        env.close()


if __name__ == "__main__":
    sys.exit(main())
