"""pcd: a small reader side (BAC, PACE-GM, secure messaging, file reading, passive and active
authentication checks) used only by the emulator's self-test, to exercise the emulator through
pcscd without the C driver. Its primitives are checked against the ICAO worked examples."""

import hashlib
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from . import ber
from .crypto import (aes_cbc_decrypt, aes_cbc_encrypt, aes_cmac, aes_ecb_encrypt, kdf, pad,
                     retail_mac, tdes_cbc_decrypt, tdes_cbc_encrypt, unpad)
from .ec import Curve
from .lds import OID_PACE_ECDH_GM


class CardError(Exception):
    def __init__(self, msg, sw=None):
        super().__init__(msg if sw is None else "%s (SW %04X)" % (msg, sw))
        self.sw = sw


def sw_of(resp):
    return int.from_bytes(resp[-2:], "big")


class PcdSM:
    def __init__(self, alg, k_enc, k_mac, ssc):
        self.alg, self.k_enc, self.k_mac, self.ssc = alg, k_enc, k_mac, ssc
        self.block = 8 if alg == "3DES" else 16

    def _inc(self):
        n = (int.from_bytes(self.ssc, "big") + 1) % (1 << (8 * len(self.ssc)))
        self.ssc = n.to_bytes(len(self.ssc), "big")

    def mac(self, data):
        if self.alg == "3DES":
            return retail_mac(self.k_mac, self.ssc + data)
        return aes_cmac(self.k_mac, pad(self.ssc + data, 16))[:8]

    def _iv(self):
        return b"\x00" * 8 if self.alg == "3DES" else aes_ecb_encrypt(self.k_enc, self.ssc)

    def wrap(self, cla, ins, p1, p2, data=b"", ne=None, extended=False):
        self._inc()
        dos = b""
        if data:
            if self.alg == "3DES":
                ct = tdes_cbc_encrypt(self.k_enc, pad(data, 8))
            else:
                ct = aes_cbc_encrypt(self.k_enc, pad(data, 16), self._iv())
            dos += ber.tlv(0x87, b"\x01" + ct)
        if ne is not None:
            if extended:
                dos += ber.tlv(0x97, (ne % 65536).to_bytes(2, "big"))
            else:
                dos += ber.tlv(0x97, bytes([ne % 256]))
        header = bytes([cla | 0x0C, ins, p1, p2])
        m = self.mac(pad(header, self.block) + dos)
        body = dos + ber.tlv(0x8E, m)
        if extended:
            return header + b"\x00" + len(body).to_bytes(2, "big") + body + b"\x00\x00"
        return header + bytes([len(body)]) + body + b"\x00"

    def unwrap(self, resp):
        self._inc()
        sw = sw_of(resp)
        body = resp[:-2]
        if not body:
            raise CardError("plain status, secure messaging ended", sw)
        dos = ber.parse_all(body)
        mac_input, data, do99, do8e = b"", b"", None, None
        for tag, val in dos:
            if tag == 0x8E:
                do8e = val
                continue
            mac_input += ber.tlv(tag, val)
            if tag == 0x87:
                if self.alg == "3DES":
                    data = unpad(tdes_cbc_decrypt(self.k_enc, val[1:]))
                else:
                    data = unpad(aes_cbc_decrypt(self.k_enc, val[1:], self._iv()))
            elif tag == 0x99:
                do99 = val
        if do8e != self.mac(mac_input):
            raise CardError("response MAC wrong")
        return data, int.from_bytes(do99, "big")


class Reader:
    """Drives one card through a transport: callable(bytes) -> bytes."""

    def __init__(self, transmit, chunk=0xDF, extended=False):
        self.tx = transmit
        self.sm = None
        self.chunk = chunk
        self.extended = extended
        self.apdus = 0

    def send(self, apdu):
        self.apdus += 1
        return self.tx(apdu)

    def plain(self, apdu, ok=(0x9000,)):
        r = self.send(apdu)
        if sw_of(r) not in ok:
            raise CardError("APDU %s failed" % apdu[:4].hex().upper(), sw_of(r))
        return r[:-2]

    def cmd(self, cla, ins, p1, p2, data=b"", ne=None, extended=False):
        if self.sm is None:
            apdu = bytes([cla, ins, p1, p2])
            if data:
                apdu += bytes([len(data)]) + data
            if ne is not None:
                apdu += bytes([ne % 256])
            r = self.send(apdu)
            return r[:-2], sw_of(r)
        r = self.send(self.sm.wrap(cla, ins, p1, p2, data, ne, extended))
        return self.sm.unwrap(r)

    # ------------------------------------------------------------ access

    def read_card_access(self):
        r = self.send(bytes.fromhex("00B09C0000"))
        if sw_of(r) != 0x9000:
            return None
        return r[:-2]

    def select_applet(self):
        d, sw = self.cmd(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("A0000002471001"))
        if sw != 0x9000:
            raise CardError("SELECT applet", sw)

    def bac(self, mrz_info, rnd_ifd=None, k_ifd=None):
        kseed = hashlib.sha1(mrz_info.encode()).digest()[:16]
        k_enc, k_mac = kdf(kseed, 1), kdf(kseed, 2)
        rnd_ic = self.plain(bytes.fromhex("0084000008"))
        rnd_ifd = rnd_ifd or os.urandom(8)
        k_ifd = k_ifd or os.urandom(16)
        e_ifd = tdes_cbc_encrypt(k_enc, rnd_ifd + rnd_ic + k_ifd)
        m_ifd = retail_mac(k_mac, e_ifd)
        r = self.send(bytes.fromhex("0082000028") + e_ifd + m_ifd + b"\x28")
        if sw_of(r) != 0x9000:
            raise CardError("BAC EXTERNAL AUTHENTICATE refused", sw_of(r))
        resp = r[:-2]
        if retail_mac(k_mac, resp[:32]) != resp[32:40]:
            raise CardError("BAC card MAC wrong")
        dec = tdes_cbc_decrypt(k_enc, resp[:32])
        if dec[:8] != rnd_ic or dec[8:16] != rnd_ifd:
            raise CardError("BAC card cryptogram wrong")
        seed = bytes(a ^ b for a, b in zip(k_ifd, dec[16:32]))
        self.sm = PcdSM("3DES", kdf(seed, 1), kdf(seed, 2), rnd_ic[4:] + rnd_ifd[4:])
        return self.sm

    def pace(self, password, pwref, card_access):
        info = None
        for tag, v in ber.parse_all(ber.read_tlv(card_access)[1]):
            parts = ber.parse_all(v)
            oid = parts[0][1]
            if oid.startswith(ber.oid_body(OID_PACE_ECDH_GM)):
                info = (oid, int.from_bytes(parts[2][1], "big"))
        if info is None:
            raise CardError("no PACEInfo")
        oid, param = info
        aes_bits = {2: 128, 3: 192, 4: 256}[oid[-1]]
        curve = Curve({12: "secp256r1", 13: "brainpoolP256r1", 16: "brainpoolP384r1",
                       17: "brainpoolP512r1"}[param])
        if pwref == 1:
            k = hashlib.sha1(password.encode()).digest()
        else:
            k = password.encode()
        kpi = kdf(k, 3, "AES", aes_bits)
        self.sm = None
        self.plain(b"\x00\x22\xC1\xA4" + bytes([len(oid) + 5 + 3]) + ber.tlv(0x80, oid)
                   + ber.tlv(0x83, bytes([pwref])) + ber.tlv(0x84, bytes([param])))

        def ga(cla, dos):
            data = ber.tlv(0x7C, dos)
            r = self.send(bytes([cla, 0x86, 0, 0, len(data)]) + data + b"\x00")
            if sw_of(r) != 0x9000:
                raise CardError("PACE General Authenticate refused", sw_of(r))
            return dict(ber.parse_all(ber.read_tlv(r[:-2])[1]))
        z = ga(0x10, b"")[0x80]
        s = int.from_bytes(aes_cbc_decrypt(kpi, z), "big")
        sk1 = int.from_bytes(os.urandom(curve.size), "big") % (curve.n - 1) + 1
        pk_ic1 = curve.decode(ga(0x10, ber.tlv(0x81, curve.encode(curve.mul(sk1, curve.g))))[0x82])
        g2 = curve.add(curve.mul(s, curve.g), curve.mul(sk1, pk_ic1))
        sk2 = int.from_bytes(os.urandom(curve.size), "big") % (curve.n - 1) + 1
        pk_pcd2 = curve.mul(sk2, g2)
        pk_ic2 = curve.decode(ga(0x10, ber.tlv(0x83, curve.encode(pk_pcd2)))[0x84])
        kx = curve.mul(sk2, pk_ic2)[0].to_bytes(curve.size, "big")
        ks_enc, ks_mac = kdf(kx, 1, "AES", aes_bits), kdf(kx, 2, "AES", aes_bits)

        def token(pt):
            return aes_cmac(ks_mac, ber.tlv(0x7F49, ber.tlv(0x06, oid)
                                            + ber.tlv(0x86, curve.encode(pt))))[:8]
        t_ic = ga(0x00, ber.tlv(0x85, token(pk_ic2)))[0x86]
        if t_ic != token(pk_pcd2):
            raise CardError("PACE card token wrong")
        self.sm = PcdSM("AES", ks_enc, ks_mac, b"\x00" * 16)
        return self.sm

    # ------------------------------------------------------------ files

    def read_file(self, fid):
        _, sw = self.cmd(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))
        if sw != 0x9000:
            raise CardError("SELECT %04X" % fid, sw)
        head, sw = self.cmd(0x00, 0xB0, 0, 0, ne=8)
        if sw != 0x9000:
            raise CardError("READ BINARY %04X" % fid, sw)
        ln = head[1]
        if ln < 0x80:
            total = 2 + ln
        else:
            k = ln & 0x7F
            total = 2 + k + int.from_bytes(head[2:2 + k], "big")
        out = bytearray(head[:min(len(head), total)])
        while len(out) < total:
            n = min(self.chunk, total - len(out))
            off = len(out)
            d, sw = self.cmd(0x00, 0xB0, off >> 8, off & 0xFF, ne=n,
                             extended=self.extended and n > 223)
            if sw != 0x9000 or not d:
                raise CardError("READ BINARY %04X at %d" % (fid, off), sw)
            out += d
        return bytes(out[:total])

    def internal_authenticate(self, challenge):
        d, sw = self.cmd(0x00, 0x88, 0, 0, challenge, ne=0)
        if sw != 0x9000:
            raise CardError("INTERNAL AUTHENTICATE", sw)
        return d


# ---------------------------------------------------------------- verification helpers

def verify_aa(dg15, challenge, sig):
    spki = ber.read_tlv(dg15)[1]
    key = serialization.load_der_public_key(spki)
    if isinstance(key, rsa.RSAPublicKey):
        n, e = key.public_numbers().n, key.public_numbers().e
        f = pow(int.from_bytes(sig, "big"), e, n).to_bytes(len(sig), "big")
        if f[0] != 0x6A or f[-1] != 0xBC:
            return False
        m1, h = f[1:-21], f[-21:-1]
        return hashlib.sha1(m1 + challenge).digest() == h
    half = len(sig) // 2
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    der = encode_dss_signature(int.from_bytes(sig[:half], "big"),
                               int.from_bytes(sig[half:], "big"))
    try:
        key.verify(der, challenge, ec.ECDSA(hashes.SHA256()))
        return True
    except Exception:
        return False


def passive_auth(sod, files, csca_cert):
    """Returns (status, mismatch_dg): verified / unknown-signer / bad-signature /
    hash-mismatch / expired-signer. Independent of the emulator's SOD builder only in that it
    parses the DER generically; the CMS check with `openssl cms` lives in the self-test."""
    import datetime
    ci = ber.read_tlv(sod)[1]
    seq = ber.parse_all(ber.read_tlv(ci)[1])
    sd = ber.parse_all(ber.read_tlv(seq[1][1])[1])
    encap = ber.parse_all(sd[2][1])
    lds_so = ber.read_tlv(encap[1][1])[1]
    cert = x509.load_der_x509_certificate(ber.tlv(0x30, ber.read_tlv(sd[3][1])[1]))
    si = ber.parse_all(ber.parse_all(sd[4][1])[0][1])
    attrs, sig = si[3][1], si[5][1]
    signed = ber.tlv(0x31, attrs)
    try:
        cert.public_key().verify(sig, signed, ec.ECDSA(hashes.SHA256()))
    except Exception:
        return "bad-signature", 0
    md = None
    for tag, a in ber.parse_all(attrs):
        p = ber.parse_all(a)
        if p[0][1] == ber.oid_body("1.2.840.113549.1.9.4"):
            md = ber.read_tlv(p[1][1])[1]
    if md != hashlib.sha256(lds_so).digest():
        return "bad-signature", 0
    if cert.issuer != csca_cert.subject:
        return "unknown-signer", 0
    try:
        csca_cert.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                      ec.ECDSA(cert.signature_hash_algorithm))
    except Exception:
        return "unknown-signer", 0
    if cert.not_valid_after < datetime.datetime.utcnow():
        return "expired-signer", 0
    hashes_seq = ber.parse_all(ber.parse_all(ber.read_tlv(lds_so)[1])[2][1])
    for tag, h in hashes_seq:
        p = ber.parse_all(h)
        n = int.from_bytes(p[0][1], "big")
        if n in files and hashlib.sha256(files[n]).digest() != p[1][1]:
            return "hash-mismatch", n
    return "verified", 0

