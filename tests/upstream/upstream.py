#!/usr/bin/env python3
"""Test upstream: a real HTTPS server on loopback that plays the provincial
one-stop system of docs/upstream-api.yaml, for kioskd's integration tests and
benchmarks.

- TLS with client certificates (CERT_REQUIRED against the test CA).
- Decrypts every sealed payload with `openssl cms -decrypt` (an implementation
  independent of kioskd's code path) and keeps the plaintext.
- Exactly-once accounting: dossiers are keyed by Idempotency-Key; a repeated
  key is answered with the first answer and counted as a duplicate delivery; a
  second key for the same dossier code is recorded as a conflict (a dossier
  that reached us twice).
- Fails on command: Upstream.faults maps a fault to a probability, and
  Upstream.script is a list of faults to apply to the next requests in order.
  Faults: 500, 503, 429 (with Retry-After), 422 (permanent), timeout (hold the
  request longer than the client waits), reset (RST before answering), slow
  (answer trickled byte by byte), lost (store, then RST: the client must retry
  and we see a duplicate delivery), down (RST at once).

Certificates are generated at test time by make_pki() into a temp directory;
no private key is ever committed.

Run standalone:  python3 upstream.py DIR  (makes DIR/pki, serves, prints port)
"""
import datetime
import http.server
import json
import os
import random
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

API = "/api/v1"


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kiosk test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject_cn, key, issuer_cn, issuer_key, ca=False, san=None, eku=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    b = (x509.CertificateBuilder()
         .subject_name(_name(subject_cn)).issuer_name(_name(issuer_cn))
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now - datetime.timedelta(days=1))
         .not_valid_after(now + datetime.timedelta(days=30))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if san:
        b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _write(path, data, private=False):
    with open(path, "wb") as f:
        f.write(data)
    if private:
        os.chmod(path, 0o600)


def make_pki(d, rsa_seal=False):
    """CA, server, client, seal (upstream's encryption cert: EC P-256, or
    RSA-2048 with rsa_seal) and catalog signer, as PEM files in d. Returns a
    dict of paths."""
    os.makedirs(d, exist_ok=True)
    pem = serialization.Encoding.PEM
    def keyfile(k, p):
        _write(p, k.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()), private=True)
    import ipaddress
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Test upstream CA", ca_key, "Test upstream CA", ca_key, ca=True)
    out = {"ca": os.path.join(d, "ca.crt")}
    _write(out["ca"], ca.public_bytes(pem))
    for name, cn, san, eku in (
            ("server", "localhost", [x509.DNSName("localhost"),
                                     x509.IPAddress(ipaddress.ip_address("127.0.0.1"))],
             [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
            ("client", "kiosk 38.98.H29/0", None, [x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]),
            ("seal", "Upstream dossier encryption", None, None),
            ("signer", "Catalog signer", None, None),
            ("rogue", "Not the catalog signer", None, None)):
        if name == "seal" and rsa_seal:
            from cryptography.hazmat.primitives.asymmetric import rsa
            k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            k = ec.generate_private_key(ec.SECP256R1())
        c = _cert(cn, k, "Test upstream CA", ca_key, san=san, eku=eku)
        out[name] = os.path.join(d, name + ".crt")
        out[name + "_key"] = os.path.join(d, name + ".key")
        _write(out[name], c.public_bytes(pem))
        keyfile(k, out[name + "_key"])
    return out


def sign_bundle(pki, content_path, out_path, signer="signer"):
    """A catalog bundle: CMS SignedData (DER) with the content embedded."""
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-nodetach", "-outform", "DER",
                    "-in", content_path, "-out", out_path, "-signer", pki[signer],
                    "-inkey", pki[signer + "_key"], "-md", "sha256"],
                   check=True, capture_output=True)


class Upstream:
    def __init__(self, pki, host="127.0.0.1", port=0, hold_s=6.0, decrypt=True):
        self.pki = pki
        self.lock = threading.Lock()
        self.dossiers = {}        # idem key -> {code, plaintext, deliveries, answer}
        self.by_code = {}         # dossier code -> idem key
        self.conflicts = []       # dossier codes that arrived under two keys
        self.bad_payloads = []    # payloads that failed to decrypt
        self.tickets = []
        self.ratings = []
        self.staff_calls = []
        self.requests = 0
        self.faults = {}          # fault -> probability
        self.script = []          # faults for the next requests, in order
        self.hold_s = hold_s      # how long "timeout" holds a request
        self.permanent_for = set()  # procedure codes answered 422
        self.catalog = None       # bytes of the bundle served at /catalog/latest
        self.status_override = {}
        self.called = []          # ticket numbers the counters have called
        self.rng = random.Random(1234)
        self.decrypt = decrypt      # False: keep sealed bytes (benchmarks)
        self.stats = {}
        up = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):
                pass

            def _fault(self):
                with up.lock:
                    up.requests += 1
                    if up.script:
                        f = up.script.pop(0)
                    else:
                        f = None
                        r = up.rng.random()
                        acc = 0.0
                        for k, p in up.faults.items():
                            acc += p
                            if r < acc:
                                f = k
                                break
                    if f:
                        up.stats[f] = up.stats.get(f, 0) + 1
                    return f

            def _rst(self):
                try:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
                except OSError:
                    pass
                self.close_connection = True

            def _send(self, code, obj=None, raw=None, ctype="application/json", headers=(),
                      slow=False):
                body = raw if raw is not None else (json.dumps(obj).encode() if obj is not None
                                                    else b"")
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                if slow:
                    for i in range(len(body)):
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                        time.sleep(0.01)
                else:
                    self.wfile.write(body)

            def _body(self):
                n = int(self.headers.get("Content-Length", "0"))
                return self.rfile.read(n) if n else b""

            def _pre(self, f):
                """Faults applied before the request is processed. True: handled."""
                if f == "down" or f == "reset":
                    self._rst()
                    return True
                if f == "timeout":
                    time.sleep(up.hold_s)
                    self._rst()
                    return True
                if f in ("500", "503"):
                    self._send(int(f), {"message": "test fault"})
                    return True
                if f == "429":
                    self._send(429, {"message": "slow down"}, headers=[("Retry-After", "1")])
                    return True
                return False

            def do_POST(self):
                f = self._fault()
                body = self._body()
                if self._pre(f):
                    return
                path = self.path
                if path == API + "/dossiers":
                    return self._dossier(body, f)
                try:
                    doc = json.loads(body)
                except ValueError:
                    return self._send(400, {"message": "bad JSON"})
                with up.lock:
                    if path == API + "/tickets":
                        up.tickets.extend(doc.get("tickets", []))
                        called = list(up.called)
                        return self._send(200, {"accepted": len(doc.get("tickets", [])),
                                                "called": called})
                    if path == API + "/ratings":
                        up.ratings.extend(doc.get("ratings", []))
                        return self._send(200, {"accepted": len(doc.get("ratings", []))})
                    if path == API + "/staff-calls":
                        up.staff_calls.append(doc)
                        return self._send(200, {"accepted": 1})
                self._send(404, {"message": "no such endpoint"})

            def _dossier(self, body, f):
                key = self.headers.get("Idempotency-Key", "")
                try:
                    doc = json.loads(body)
                    code = doc["dossier_code"]
                    sealed = __import__("base64").b64decode(doc["payload"], validate=True)
                except (ValueError, KeyError, TypeError):
                    return self._send(400, {"message": "malformed submission"})
                if not key:
                    return self._send(400, {"message": "Idempotency-Key required"})
                if doc.get("procedure_code") in up.permanent_for:
                    return self._send(422, {"message": "procedure not accepted online"})
                with up.lock:
                    known = up.dossiers.get(key)
                if known is None:
                    if up.decrypt:
                        p = subprocess.run(["openssl", "cms", "-decrypt", "-inform", "DER",
                                            "-recip", up.pki["seal"], "-inkey",
                                            up.pki["seal_key"]],
                                           input=sealed, capture_output=True)
                    else:
                        p = subprocess.CompletedProcess([], 0, stdout=sealed)
                    if p.returncode != 0:
                        with up.lock:
                            up.bad_payloads.append(code)
                        return self._send(400, {"message": "cannot decrypt payload"})
                    with up.lock:
                        known = up.dossiers.get(key)
                        if known is None:
                            seq = len(up.dossiers) + 1
                            answer = {"official_code": "G%06d" % seq,
                                      "due_at": "2026-12-01T17:00:00+07:00",
                                      "status": "received"}
                            known = {"code": code, "plaintext": p.stdout, "deliveries": 0,
                                     "answer": answer, "meta": doc}
                            if code in up.by_code and up.by_code[code] != key:
                                up.conflicts.append(code)
                            up.by_code[code] = key
                            up.dossiers[key] = known
                with up.lock:
                    known["deliveries"] += 1
                    if known["code"] != code:
                        up.conflicts.append(code)
                if f == "lost":
                    return self._rst()
                self._send(201 if known["deliveries"] == 1 else 200, known["answer"],
                           slow=(f == "slow"))

            def do_GET(self):
                f = self._fault()
                if self._pre(f):
                    return
                if self.path.startswith(API + "/dossiers/"):
                    code = self.path[len(API + "/dossiers/"):]
                    with up.lock:
                        key = up.by_code.get(code)
                        d = up.dossiers.get(key) if key else None
                        ov = up.status_override.get(code)
                    if not d:
                        return self._send(404, {"message": "unknown dossier"})
                    st = ov or {"status": "processing", "status_text": "\u0110ang x\u1eed l\u00fd"}
                    return self._send(200, dict(st, dossier_code=code,
                                                official_code=d["answer"]["official_code"],
                                                due_at=d["answer"]["due_at"]))
                if self.path.startswith(API + "/catalog/latest"):
                    if up.catalog is None:
                        return self._send(204)
                    import hashlib
                    have = self.path.split("have=")[-1]
                    if have == hashlib.sha256(up.catalog).hexdigest():
                        return self._send(204)
                    return self._send(200, raw=up.catalog, ctype="application/pkcs7-mime")
                self._send(404, {"message": "no such endpoint"})

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(pki["server"], pki["server_key"])
        ctx.load_verify_locations(pki["ca"])
        ctx.verify_mode = ssl.CERT_REQUIRED

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def get_request(self):
                sock, addr = self.socket.accept()
                sock.settimeout(10)
                return sock, addr

            def finish_request(self, request, client_address):
                # The TLS handshake runs in the request's own thread.
                try:
                    tls = ctx.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError):
                    return
                self.RequestHandlerClass(tls, client_address, self)

            def handle_error(self, request, client_address):
                pass

        self.httpd = Server((host, port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = "https://127.0.0.1:%d%s" % (self.port, API)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def accepted(self):
        """dossier code -> (plaintext bytes, deliveries)."""
        with self.lock:
            return {d["code"]: (d["plaintext"], d["deliveries"]) for d in self.dossiers.values()}


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kiosk-upstream"
    pki = make_pki(os.path.join(base, "pki"))
    u = Upstream(pki, port=int(os.environ.get("PORT", "0"))).start()
    print(json.dumps({"url": u.url, "pki": pki}), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        u.stop()
