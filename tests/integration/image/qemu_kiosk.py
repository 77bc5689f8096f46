#!/usr/bin/env python3
"""qemu_kiosk: boot the kiosk's disk image under QEMU (TCG) and test it.

    qemu_kiosk.py boot     IMAGE WORKDIR [--reference PNG] [--timeout S]
    qemu_kiosk.py powercut IMAGE WORKDIR --client BIN [--acks N]
    qemu_kiosk.py screen   PPM [--reference PNG]        (check one screenshot)

boot: UEFI (Debian's OVMF) boot of a copy of IMAGE with a technician's
kiosk.conf on its boot partition, like a real first start; waits for
kioskd.service and kiosk.service on the serial console, then takes screenshots
through QEMU's monitor (screendump) until one is the attract screen: not a text
console, not blank, and (with --reference, the kiosk's own headless render)
the same dominant background colour.

powercut: direct kernel boot of a copy of IMAGE with a test disk carrying
powercut_client; the client submits dossiers to kioskd and prints each
acknowledged code on the second serial port; QEMU is killed (SIGKILL: the
power cord) in the middle; a second boot checks that every acknowledged
dossier is still in kioskd's outbox and that none is duplicated.

Only the standard library: the test runs on a bare Debian 12 with QEMU.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"

TEST_CONF = """[center]
name = Trung tâm Phục vụ hành chính công xã Kiểm Thử
agency_code = 38.98.H29

[kioskd]
upstream_url = https://127.0.0.1:9/

[network]
hostname = kiosk-test

[kiosk]
technician_pin = 246810
"""


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def boot_offset(image):
    """Byte offset of the first partition (the boot partition), GPT or MBR."""
    with open(image, "rb") as f:
        head = f.read(3 * 512)
    if head[512:520] == b"EFI PART":
        entries_lba = struct.unpack_from("<Q", head, 512 + 72)[0]
        with open(image, "rb") as f:
            f.seek(entries_lba * 512)
            entry = f.read(128)
        return struct.unpack_from("<Q", entry, 32)[0] * 512
    if head[510:512] != b"\x55\xaa":
        raise ValueError(f"{image}: no partition table")
    ptype = head[446 + 4]
    if ptype == 0xEE:
        raise ValueError(f"{image}: protective MBR without GPT")
    return struct.unpack_from("<I", head, 446 + 8)[0] * 512


def prepare_image(image, work):
    """Sparse copy of the image with the test's kiosk.conf and certificate."""
    copy = os.path.join(work, "disk.img")
    run(["cp", "--sparse=always", image, copy])
    off = boot_offset(copy)
    conf = os.path.join(work, "kiosk.conf")
    with open(conf, "w", encoding="utf-8") as f:
        # As a technician's Notepad would save it: Windows line endings.
        f.write(TEST_CONF.replace("\n", "\r\n"))
    key = os.path.join(work, "seal.key")
    crt = os.path.join(work, "upstream-seal.crt")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
         "-subj", "/CN=Test upstream seal", "-days", "30"], capture_output=True)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    for src in (conf, crt):
        run(["mcopy", "-o", "-i", f"{copy}@@{off}", src, "::/" + os.path.basename(src)], env=env)
    return copy


def extract_kernel(image, work):
    off = boot_offset(image)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    k, i = os.path.join(work, "vmlinuz"), os.path.join(work, "initrd.img")
    run(["mcopy", "-o", "-i", f"{image}@@{off}", "::/a/vmlinuz", k], env=env)
    run(["mcopy", "-o", "-i", f"{image}@@{off}", "::/a/initrd.img", i], env=env)
    entry = subprocess.run(["mtype", "-i", f"{image}@@{off}", "::/loader/entries/kiosk-a.conf"],
                           env=env, check=True, capture_output=True, text=True).stdout
    root = [w for w in entry.split() if w.startswith("root=")][0]
    return k, i, root


class VM:
    def __init__(self, work, name):
        self.work = work
        self.serial = os.path.join(work, f"{name}.serial.log")
        self.serial2 = os.path.join(work, f"{name}.serial2.log")
        self.mon = os.path.join(work, f"{name}.mon")
        self.proc = None

    def start(self, disk, extra, uefi=True, kernel=None, append=None, disk2=None):
        for p in (self.serial, self.serial2, self.mon):
            if os.path.exists(p):
                os.unlink(p)
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-m", "1536",
               "-smp", "2", "-display", "none", "-vga", "std",
               "-serial", f"file:{self.serial}", "-serial", f"file:{self.serial2}",
               "-monitor", f"unix:{self.mon},server,nowait",
               "-nic", "user,model=virtio-net-pci,restrict=on",
               "-drive", f"file={disk},if=virtio,format=raw,cache=unsafe"]
        if disk2:
            cmd += ["-drive", f"file={disk2},if=virtio,format=raw,readonly=on"]
        if uefi:
            vars_copy = os.path.join(self.work, "OVMF_VARS.fd")
            shutil.copy(OVMF_VARS, vars_copy)
            cmd += ["-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
                    "-drive", f"if=pflash,format=raw,file={vars_copy}"]
        else:
            cmd += ["-kernel", kernel[0], "-initrd", kernel[1], "-append", append]
        cmd += extra
        log("qemu: " + " ".join(cmd))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
        self.t0 = time.monotonic()

    def text(self, which=1):
        try:
            with open(self.serial if which == 1 else self.serial2, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            # systemd colours its status lines
            return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
        except FileNotFoundError:
            return ""

    def wait_for(self, pattern, timeout, which=1):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pattern in self.text(which):
                return time.monotonic() - self.t0
            if self.proc.poll() is not None:
                return None
            time.sleep(1)
        return None

    def monitor(self, command):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(10)
        s.connect(self.mon)
        s.recv(4096)  # banner
        s.sendall((command + "\n").encode())
        time.sleep(0.5)
        try:
            s.recv(65536)
        except socket.timeout:
            pass
        s.close()

    def screendump(self, path):
        if os.path.exists(path):
            os.unlink(path)
        self.monitor(f"screendump {path}")
        for _ in range(40):
            if os.path.exists(path) and os.path.getsize(path) > 0:
                time.sleep(0.3)
                return path
            time.sleep(0.25)
        return None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def wait_exit(self, timeout):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False


# ---- screenshots ----------------------------------------------------------

def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        if pos >= len(data):
            raise ValueError(f"{path}: truncated PPM header")
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"{path}: not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h * 3], 3


def read_png(path):
    """Minimal PNG reader: 8-bit RGB or RGBA, not interlaced (SDL's output)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or inter:
                raise ValueError(f"{path}: unsupported PNG format")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return w, h, bytes(out), bpp


def stats(w, h, px, bpp):
    """Dominant colour and its share, number of distinct colours (on a grid)."""
    counts = {}
    step = max(1, (w * h) // 200000)
    n = 0
    for i in range(0, w * h, step):
        o = i * bpp
        c = (px[o], px[o + 1], px[o + 2])
        counts[c] = counts.get(c, 0) + 1
        n += 1
    dom, cnt = max(counts.items(), key=lambda kv: kv[1])
    return {"width": w, "height": h, "dominant": dom, "share": cnt / n, "colours": len(counts)}


def thumbnail(w, h, px, bpp, tw=32, th=20):
    """Average colour of each cell of a tw x th grid (sampled)."""
    out = []
    for ty in range(th):
        for tx in range(tw):
            acc = [0, 0, 0]
            n = 0
            for y in range(ty * h // th, (ty + 1) * h // th, 3):
                for x in range(tx * w // tw, (tx + 1) * w // tw, 3):
                    o = (y * w + x) * bpp
                    acc[0] += px[o]
                    acc[1] += px[o + 1]
                    acc[2] += px[o + 2]
                    n += 1
            out.append(tuple(a / max(n, 1) for a in acc))
    return out


def compare(shot_img, ref_img):
    """Mean absolute difference (0-255) of the two screens' thumbnails."""
    a, b = thumbnail(*shot_img), thumbnail(*ref_img)
    return sum(abs(x - y) for p, q in zip(a, b) for x, y in zip(p, q)) / (3 * len(a))


def render_reference(kiosk, conf, work, w, h):
    """The kiosk's own headless render of its attract screen, at the same size."""
    script = os.path.join(work, "attract.kiosk")
    with open(script, "w", encoding="utf-8") as f:
        f.write("expect Tiếng Việt\nshot reference\n")
    run([kiosk, "--headless", "--config", conf, "--size", f"{w}x{h}", "--script", script,
         "--shots", work], capture_output=True)
    return os.path.join(work, "reference.png")


def judge(shot, reference=None):
    """Return (ok, reason, stats) for a screenshot of the kiosk's screen."""
    img = read_ppm(shot)
    s = stats(*img)
    dom = s["dominant"]
    lum = 0.2126 * dom[0] + 0.7152 * dom[1] + 0.0722 * dom[2]
    if s["colours"] <= 2:
        return False, "blank screen (one or two colours)", s
    if lum < 24 and s["colours"] < 64:
        return False, "text console (dark background, few colours)", s
    if s["share"] > 0.995:
        return False, "almost blank screen", s
    if s["colours"] < 16:
        return False, "too few colours for the attract screen (no anti-aliased text)", s
    if reference:
        ref = read_png(reference)
        r = stats(*ref)
        s["reference"] = r
        if max(abs(a - b) for a, b in zip(dom, r["dominant"])) > 12:
            return False, (f"dominant colour {dom} differs from the headless render's "
                           f"{r['dominant']}"), s
        if (ref[0], ref[1]) == (img[0], img[1]):
            s["difference"] = round(compare(img, ref), 2)
            if s["difference"] > 8:
                return False, "the screen differs from the headless render", s
    return True, "attract screen", s


# ---- tests ----------------------------------------------------------------

def test_boot(args):
    os.makedirs(args.work, exist_ok=True)
    disk = prepare_image(args.image, args.work)
    vm = VM(args.work, "boot")
    vm.start(disk, [], uefi=True)
    try:
        t_kioskd = vm.wait_for("Started kioskd.service", args.timeout)
        if t_kioskd is None:
            log("FAIL: kioskd.service did not start; serial console tail:\n" + vm.text()[-3000:])
            return 1
        log(f"kioskd.service started {t_kioskd:.0f} s after QEMU started")
        t_kiosk = vm.wait_for("Started kiosk.service", 120)
        if t_kiosk is None:
            log("FAIL: kiosk.service did not start; serial tail:\n" + vm.text()[-3000:])
            return 1
        log(f"kiosk.service started {t_kiosk:.0f} s after QEMU started")
        ok, reason, s, shot = False, "", {}, None
        end = time.monotonic() + args.screen_timeout
        i = 0
        while time.monotonic() < end:
            shot = vm.screendump(os.path.join(args.work, f"screen-{i}.ppm"))
            i += 1
            if shot:
                reference = args.reference
                if not reference and args.kiosk:
                    w, h, _, _ = read_ppm(shot)
                    reference = render_reference(args.kiosk, os.path.join(args.work, "kiosk.conf"),
                                                 args.work, w, h)
                ok, reason, s = judge(shot, reference)
                log(f"screenshot {shot}: {reason} {s}")
                if ok:
                    break
            time.sleep(5)
        t_screen = time.monotonic() - vm.t0
        if not ok:
            log(f"FAIL: no attract screen: {reason}")
            return 1
        # kioskd must still be the first instance: a crash loop would show
        # "Started kioskd.service" again on the console.
        starts = vm.text().count("Started kioskd.service")
        if starts != 1:
            log(f"FAIL: kioskd.service started {starts} times (crash loop?)")
            return 1
        shutil.copy(shot, os.path.join(args.work, "attract.ppm"))
        # First boot made the device key and put its request on the boot partition.
        # (Files are renamed into place: whole or absent even if QEMU is
        # stopped before the service has finished remounting.)
        if vm.wait_for("Finished kiosk-export-csr", 120) is None:
            log("warning: kiosk-export-csr.service has not finished; checking what it wrote")
        vm.kill()
        err = check_device_request(disk, args.work)
        if err:
            log(f"FAIL: {err}")
            return 1
        log(f"PASS: attract screen {t_screen:.0f} s after QEMU started "
            f"(kioskd {t_kioskd:.0f} s, kiosk {t_kiosk:.0f} s); {args.work}/attract.ppm")
        with open(os.path.join(args.work, "timings.json"), "w") as f:
            json.dump({"kioskd_s": round(t_kioskd), "kiosk_s": round(t_kiosk),
                       "attract_s": round(t_screen), "stats": s}, f)
        os.unlink(disk)  # 1 GiB of blocks; kept only when the test fails
        return 0
    finally:
        vm.kill()


def check_device_request(disk, work):
    """kiosk-device.csr on the boot partition is a valid request whose key has
    the fingerprint written in kiosk-device.txt."""
    off = boot_offset(disk)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    csr, txt = os.path.join(work, "kiosk-device.csr"), os.path.join(work, "kiosk-device.txt")
    for name, dst in (("kiosk-device.csr", csr), ("kiosk-device.txt", txt)):
        if subprocess.run(["mcopy", "-o", "-i", f"{disk}@@{off}", "::/" + name, dst],
                          env=env).returncode != 0:
            return f"{name} is not on the boot partition"
    if subprocess.run(["openssl", "req", "-in", csr, "-noout", "-verify"],
                      capture_output=True).returncode != 0:
        return "kiosk-device.csr is not a valid certificate request"
    pub = subprocess.run(["openssl", "req", "-in", csr, "-noout", "-pubkey"], check=True,
                         capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pub,
                         check=True, capture_output=True).stdout
    fp = hashlib.sha256(der).hexdigest()
    with open(txt, encoding="utf-8", errors="replace") as f:
        if fp not in f.read():
            return f"kiosk-device.txt does not carry the request's key fingerprint {fp}"
    log(f"device key fingerprint {fp} matches the certificate request")
    return None


def make_test_disk(work, client, acks):
    d = os.path.join(work, "testdisk")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copy(client, os.path.join(d, "powercut_client"))
    os.chmod(os.path.join(d, "powercut_client"), 0o755)
    with open(os.path.join(d, "acks.txt"), "w") as f:
        f.write(acks)
    with open(os.path.join(d, "run.sh"), "w") as f:
        f.write("""#!/bin/sh
# Guest side of the power-cut test: phase from the kernel command line.
exec >/dev/ttyS1 2>&1
phase=$(sed -n 's/.*kiosktest.phase=\\([a-z]*\\).*/\\1/p' /proc/cmdline)
sock=/run/kioskd/kioskd.sock
i=0
while [ ! -S $sock ] && [ $i -lt 300 ]; do sleep 1; i=$((i+1)); done
echo "PHASE $phase socket-after=${i}s"
findmnt /var/lib/kioskd || true
if [ "$phase" = submit ]; then
    exec /mnt/powercut_client submit $sock 100000
else
    /mnt/powercut_client check $sock /mnt/acks.txt
    rc=$?
    sync
    exit $rc
fi
""")
    os.chmod(os.path.join(d, "run.sh"), 0o755)
    img = os.path.join(work, "testdisk.ext4")
    if os.path.exists(img):
        os.unlink(img)
    run(["mkfs.ext4", "-q", "-F", "-d", d, img, "16M"])
    return img


def test_powercut(args):
    os.makedirs(args.work, exist_ok=True)
    disk = prepare_image(args.image, args.work)
    kernel, initrd, root = extract_kernel(disk, args.work)
    base = (f"{root} ro rootwait console=ttyS0,115200 loglevel=3 systemd.show_status=true "
            "systemd.mask=kiosk.service systemd.wants=multi-user.target "
            "systemd.run=\"/bin/sh -c 'mount -o ro /dev/vdb /mnt && exec /mnt/run.sh'\" ")
    # Boot 1: submit until the power is cut.
    t1 = make_test_disk(args.work, args.client, "")
    vm = VM(args.work, "cut")
    vm.start(disk, [], uefi=False, kernel=(kernel, initrd), disk2=t1,
             append=base + "kiosktest.phase=submit systemd.run_success_action=none "
                           "systemd.run_failure_action=none")
    try:
        if vm.wait_for("PHASE submit", 400, which=2) is None:
            log("FAIL: the workload did not start; console tail:\n" + vm.text()[-3000:])
            return 1
        target = args.acks + random.randint(0, args.acks)
        end = time.monotonic() + 300
        while time.monotonic() < end:
            n = vm.text(2).count("ACK ")
            if n >= target:
                break
            if vm.proc.poll() is not None:
                break
            time.sleep(0.2)
        time.sleep(random.uniform(0, 0.5))
        vm.kill()  # the power cord
        out = vm.text(2)
    finally:
        vm.kill()
    acks = "".join(line + "\n" for line in out.splitlines()
                   if line.startswith("ACK ") and len(line.split()) == 3)
    n = acks.count("ACK ")
    log(f"power cut after {n} acknowledged dossiers")
    if n == 0:
        log("FAIL: no dossier was acknowledged before the cut:\n" + out[-2000:])
        return 1
    # Boot 2: everything acknowledged must be there, once.
    t2 = make_test_disk(args.work, args.client, acks)
    vm = VM(args.work, "check")
    vm.start(disk, [], uefi=False, kernel=(kernel, initrd), disk2=t2,
             append=base + "kiosktest.phase=check systemd.run_success_action=poweroff "
                           "systemd.run_failure_action=poweroff")
    try:
        if vm.wait_for("POWERCUT-CHECK", 400, which=2) is None:
            log("FAIL: no check result; console tail:\n" + vm.text()[-3000:] +
                "\nworkload:\n" + vm.text(2)[-2000:])
            return 1
        time.sleep(1)
        out = vm.text(2)
        vm.wait_exit(60)
    finally:
        vm.kill()
    print(out[-1500:])
    if "POWERCUT-CHECK PASS" not in out:
        log("FAIL: dossiers lost or duplicated after the power cut")
        return 1
    log(f"PASS: {n} acknowledged dossiers intact after the power cut")
    os.unlink(disk)
    return 0


def main():
    # ctest's timeout sends SIGTERM: leave through the finally blocks that stop QEMU.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("boot")
    b.add_argument("image")
    b.add_argument("work")
    b.add_argument("--reference", help="PNG of the attract screen to compare with")
    b.add_argument("--kiosk", help="the host's kiosk program, to render the reference")
    b.add_argument("--timeout", type=int, default=480)
    b.add_argument("--screen-timeout", type=int, default=180)
    p = sub.add_parser("powercut")
    p.add_argument("image")
    p.add_argument("work")
    p.add_argument("--client", required=True)
    p.add_argument("--acks", type=int, default=15)
    s = sub.add_parser("screen")
    s.add_argument("ppm")
    s.add_argument("--reference")
    args = ap.parse_args()
    if args.cmd == "boot":
        return test_boot(args)
    if args.cmd == "powercut":
        return test_powercut(args)
    ok, reason, st = judge(args.ppm, args.reference)
    print(reason, st)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
