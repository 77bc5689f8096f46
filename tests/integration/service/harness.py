"""Shared pieces of kioskd's integration tests: a temp dir with a test PKI,
the test upstream, kioskd started with a test configuration, and a client of
the socket protocol written from docs/ipc.md (independent of the C client)."""
import json
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "upstream"))
import upstream  # noqa: E402

# The made-up citizen of the reference (never a real person).
CITIZEN_ID = "001099012345"
CITIZEN_NAME = "Nguy\u1ec5n V\u0103n An"


def dossier(i=0, procedure="1.001193"):
    return {
        "procedure": procedure,
        "answers": {"child_name": "Nguy\u1ec5n V\u0103n B\u00ecnh %d" % i,
                    "child_dob": "2026-11-01", "relationship": "cha"},
        "identity": {"id_number": CITIZEN_ID, "full_name": CITIZEN_NAME,
                     "date_of_birth": "1999-01-01", "assurance": "chip_verified"},
        "documents": [{"name": "Gi\u1ea5y ch\u1ee9ng sinh", "count": 1}],
        "consent_at": "2026-11-22T09:30:00+07:00",
        "language": "vi",
    }


class Client:
    def __init__(self, path, timeout=10.0):
        self.path = path
        self.timeout = timeout

    def call(self, obj):
        data = json.dumps(obj, ensure_ascii=False).encode()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        try:
            s.connect(self.path)
            s.sendall(struct.pack(">I", len(data)) + data)
            hdr = self._recv(s, 4)
            (n,) = struct.unpack(">I", hdr)
            return json.loads(self._recv(s, n))
        finally:
            s.close()

    @staticmethod
    def _recv(s, n):
        buf = b""
        while len(buf) < n:
            chunk = s.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def submit(self, d, request_id=None):
        return self.call({"v": 1, "type": "submit",
                          "request_id": request_id or str(uuid.uuid4()), "dossier": d})


def build_dir():
    return os.environ.get("KIOSK_BINARY_DIR", os.path.join(SRC, "build"))


class Env:
    """A temp dir with PKI, an upstream and a kioskd."""

    def __init__(self, name, extra=None, upstream_on=True, hold_s=3.0, rsa_seal=False):
        self.dir = tempfile.mkdtemp(prefix="kioskd-%s-" % name)
        self.pki = upstream.make_pki(os.path.join(self.dir, "pki"), rsa_seal=rsa_seal)
        self.up = upstream.Upstream(self.pki, hold_s=hold_s).start() if upstream_on else None
        self.sock = os.path.join(self.dir, "kioskd.sock")
        self.db = os.path.join(self.dir, "kioskd.db")
        self.catalog = os.path.join(self.dir, "catalog.db")
        self.log = open(os.path.join(self.dir, "kioskd.log"), "ab")
        self.proc = None
        user = pwd.getpwuid(os.getuid()).pw_name
        url = self.up.url if self.up else "https://127.0.0.1:9/api/v1"
        conf = {
            "socket": self.sock, "socket_mode": "0666", "database": self.db,
            "agency_code": "38.98.H29", "kiosk_number": "0", "kiosk_user": user,
            "upstream_url": url, "client_cert": self.pki["client"],
            "client_key": self.pki["client_key"], "ca_file": self.pki["ca"],
            "seal_cert": self.pki["seal"], "catalog_path": self.catalog,
            "catalog_signer_cert": self.pki["signer"], "catalog_poll_interval": "0",
            "upload_concurrency": "2", "upload_timeout": "2", "connect_timeout": "2",
            "backoff_base_ms": "50", "backoff_max_ms": "400", "status_sync_interval": "3600",
            "status_timeout_ms": "1500", "report_interval": "1",
            "staff_call_url": (self.up.url + "/staff-calls") if self.up else "",
        }
        conf.update(extra or {})
        self.conf = os.path.join(self.dir, "kiosk.conf")
        with open(self.conf, "w") as f:
            f.write("[kioskd]\n")
            for k, v in conf.items():
                f.write("%s = %s\n" % (k, v))
        self.client = Client(self.sock)

    def kioskd_bin(self):
        return os.path.join(build_dir(), "bin", "kioskd")

    def start(self, wait=True):
        self.proc = subprocess.Popen([self.kioskd_bin(), "-c", self.conf], stdout=self.log,
                                     stderr=self.log)
        if wait:
            self.wait_ready()
        return self.proc

    def wait_ready(self, timeout=10.0):
        t = time.time() + timeout
        while time.time() < t:
            if self.proc.poll() is not None:
                raise RuntimeError("kioskd exited with %d; see %s" % (
                    self.proc.returncode, os.path.join(self.dir, "kioskd.log")))
            try:
                if self.client.call({"v": 1, "type": "health"}).get("ok"):
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("kioskd did not come up")

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("kioskd did not stop on signal %d within 10 s" % sig)

    def health(self):
        return self.client.call({"v": 1, "type": "health"})

    def wait_drained(self, timeout=60.0):
        t = time.time() + timeout
        while time.time() < t:
            h = self.health()
            if h["pending"] == 0:
                return h
            time.sleep(0.05)
        raise AssertionError("outbox not drained: %s" % self.health())

    def kioskctl(self, *args):
        return subprocess.run([os.path.join(build_dir(), "bin", "kioskctl")] + list(args[:1]) +
                              ["-c", self.conf] + list(args[1:]), capture_output=True, text=True)

    def close(self, keep=False):
        self.kill(signal.SIGTERM)
        if self.up:
            self.up.stop()
        self.log.close()
        # Sanitizer builds: a report in kioskd's log fails the test even when
        # a restart (crash test) would hide the crash.
        with open(os.path.join(self.dir, "kioskd.log"), "rb") as f:
            log = f.read()
        for marker in (b"ERROR: AddressSanitizer", b"runtime error:", b"ERROR: LeakSanitizer"):
            if marker in log:
                keep = True
                raise AssertionError("sanitizer report in %s" % os.path.join(self.dir,
                                                                            "kioskd.log"))
        if not keep and not os.environ.get("KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)


def grep_files(paths, needles):
    """Return the needles (bytes) found in any of the files."""
    found = []
    for p in paths:
        if not os.path.exists(p):
            continue
        with open(p, "rb") as f:
            data = f.read()
        for n in needles:
            if n in data:
                found.append((p, n))
    return found


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
