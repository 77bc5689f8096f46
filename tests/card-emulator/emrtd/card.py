"""card: the APDU state machine of the emulated chip.

Card.process(capdu) -> rapdu. State: selected DF (MF or the LDS1 applet), current EF,
access (none, BAC, PACE), secure-messaging keys and SSC. Faults change behaviour on purpose
(see README.md). The APDU log carries no APDU bodies (no personal data)."""

import hashlib
import random

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec as cec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from . import ber
from .crypto import (aes_cbc_decrypt, aes_cbc_encrypt, aes_cmac, aes_ecb_encrypt, kdf, pad,
                     retail_mac, tdes_cbc_decrypt, tdes_cbc_encrypt, unpad, mrz_information)
from .lds import FIDS, pace_oid

AID_LDS1 = bytes.fromhex("A0000002471001")
SW_OK = 0x9000


class Apdu:
    """A parsed ISO 7816-4 command APDU (short or extended)."""

    def __init__(self, raw):
        if len(raw) < 4:
            raise ValueError("APDU shorter than 4 bytes")
        self.raw = raw
        self.cla, self.ins, self.p1, self.p2 = raw[0], raw[1], raw[2], raw[3]
        self.data = b""
        self.ne = 0
        self.has_le = False
        self.extended = False
        body = raw[4:]
        if not body:
            return
        if len(body) == 1:
            self.ne, self.has_le = (body[0] or 256), True
        elif body[0] != 0:
            lc = body[0]
            if len(body) < 1 + lc:
                raise ValueError("Lc beyond APDU")
            self.data = body[1:1 + lc]
            rest = body[1 + lc:]
            if len(rest) == 1:
                self.ne, self.has_le = (rest[0] or 256), True
            elif rest:
                raise ValueError("bad APDU length")
        else:
            self.extended = True
            if len(body) == 3:
                self.ne, self.has_le = (int.from_bytes(body[1:3], "big") or 65536), True
            else:
                lc = int.from_bytes(body[1:3], "big")
                if len(body) < 3 + lc or lc == 0:
                    raise ValueError("extended Lc beyond APDU")
                self.data = body[3:3 + lc]
                rest = body[3 + lc:]
                if len(rest) == 2:
                    self.ne, self.has_le = (int.from_bytes(rest, "big") or 65536), True
                elif rest:
                    raise ValueError("bad extended APDU length")


class SmError(Exception):
    pass


class SecureMessaging:
    """Card side of ICAO 9303-11 secure messaging (3DES for BAC, AES for PACE)."""

    def __init__(self, alg, k_enc, k_mac, ssc):
        self.alg = alg
        self.k_enc, self.k_mac = k_enc, k_mac
        self.ssc = ssc
        self.block = 8 if alg == "3DES" else 16

    def _inc(self):
        n = int.from_bytes(self.ssc, "big") + 1
        self.ssc = (n % (1 << (8 * len(self.ssc)))).to_bytes(len(self.ssc), "big")

    def _mac(self, data):
        """MAC over SSC || data with padding method 2 (the last part of data unpadded)."""
        if self.alg == "3DES":
            return retail_mac(self.k_mac, self.ssc + data)
        return aes_cmac(self.k_mac, pad(self.ssc + data, 16))[:8]

    def _iv(self):
        if self.alg == "3DES":
            return b"\x00" * 8
        return aes_ecb_encrypt(self.k_enc, self.ssc)

    def _enc(self, data):
        if self.alg == "3DES":
            return tdes_cbc_encrypt(self.k_enc, pad(data, 8))
        return aes_cbc_encrypt(self.k_enc, pad(data, 16), self._iv())

    def _dec(self, data):
        if len(data) % self.block:
            raise SmError("cryptogram not a multiple of the block size")
        if self.alg == "3DES":
            return unpad(tdes_cbc_decrypt(self.k_enc, data))
        return unpad(aes_cbc_decrypt(self.k_enc, data, self._iv()))

    def unwrap(self, apdu):
        """Protected Apdu -> (plain Apdu-like tuple (cla, ins, p1, p2, data, ne, le_len))."""
        self._inc()
        dos = ber.parse_all(apdu.data)
        mac_input = b""
        do87 = do97 = do8e = None
        for tag, val in dos:
            if tag in (0x87, 0x85):
                do87 = (tag, val)
                mac_input += ber.tlv(tag, val)
            elif tag == 0x97:
                do97 = val
                mac_input += ber.tlv(tag, val)
            elif tag == 0x8E:
                do8e = val
            else:
                raise SmError("unexpected SM data object %X" % tag)
        if do8e is None:
            raise SmError("no MAC")
        header = pad(bytes([apdu.cla | 0x0C, apdu.ins, apdu.p1, apdu.p2]), self.block)
        if self._mac(header + mac_input) != do8e:
            raise SmError("bad MAC")
        data = b""
        if do87 is not None:
            tag, val = do87
            if tag == 0x87:
                if not val or val[0] != 0x01:
                    raise SmError("bad padding-content indicator")
                data = self._dec(val[1:])
            else:
                data = self._dec(val)
        ne, le_len = 0, 0
        if do97 is not None:
            le_len = len(do97)
            v = int.from_bytes(do97, "big") if do97 else 0
            if le_len <= 1:
                ne = v or 256
            else:
                ne = v or 65536
        return data, ne, le_len

    def wrap(self, data, sw):
        self._inc()
        out = b""
        if data:
            out += ber.tlv(0x87, b"\x01" + self._enc(data))
        out += ber.tlv(0x99, sw.to_bytes(2, "big"))
        mac = self._mac(out)
        return out + ber.tlv(0x8E, mac) + sw.to_bytes(2, "big")


class Card:
    def __init__(self, data, faults=None, rng=None, log=None, mf_select="6d00"):
        self.d = data
        self.faults = faults or {}
        self.rng = rng or random.SystemRandom()
        self.log = log
        self.mf_select = mf_select
        self.stats = {"apdus": 0, "bytes_in": 0, "bytes_out": 0, "by_ins": {}, "sessions": 0,
                      "auth": {"BAC": 0, "PACE": 0, "failed": 0, "sm_errors": 0},
                      "files_read": {}}
        # BAC key seed (wrong-key fault: derived from other data)
        doc = self.d.p["doc_number"]
        if "wrong-key" in self.faults:
            doc = doc[:-1] + ("1" if doc[-1] != "1" else "2")
        self.mrz_info = mrz_information(doc, self.d.p["dob"], self.d.p["expiry"])
        self.can = "999999" if "wrong-key" in self.faults else self.d.can
        self.sm_plain_error_done = False
        self.wrong_key_sw = self.faults.get("wrong-key-sw", 0x6300)
        self.power_on()

    # ---------------------------------------------------------------- state

    def power_on(self):
        self.applet = False
        self.current = None
        self.sm = None
        self.access = None
        self.bac_rnd_ic = None
        self.pace = None
        self.stats["sessions"] += 1

    def rand(self, n):
        return bytes(self.rng.getrandbits(8) for _ in range(n))

    # ---------------------------------------------------------------- dispatch

    def process(self, raw):
        try:
            apdu = Apdu(raw)
        except ValueError:
            return b"\x67\x00"
        if apdu.extended and "no-extended" in self.faults:
            return b"\x67\x00"
        if apdu.cla & 0x0C == 0x0C:
            if self.sm is None:
                return b"\x69\x88"
            try:
                data, ne, le_len = self.sm.unwrap(apdu)
            except (SmError, ValueError):
                self.stats["auth"]["sm_errors"] += 1
                self._drop_session()
                return b"\x69\x88"
            cmd = (apdu.cla & ~0x0C & 0xFF, apdu.ins, apdu.p1, apdu.p2, data, ne)
            rdata, sw = self.dispatch(cmd, protected=True)
            if sw is None:          # a plain error that ends the session
                self._drop_session()
                return rdata
            outer_ne = apdu.ne if apdu.has_le else 256
            if rdata and "long-response" not in self.faults:
                rdata = self._fit(rdata, outer_ne)
            return self.sm.wrap(rdata, sw)
        if self.sm is not None:
            # a plain command ends secure messaging (the session is dead)
            self._drop_session()
        cmd = (apdu.cla, apdu.ins, apdu.p1, apdu.p2, apdu.data, apdu.ne)
        rdata, sw = self.dispatch(cmd, protected=False)
        if sw is None:
            return rdata
        return rdata + sw.to_bytes(2, "big")

    def _fit(self, rdata, outer_ne):
        """Shorten the plaintext so the wrapped R-APDU data fits in the outer Ne."""
        blk = self.sm.block

        def wrapped(n):
            body = 1 + (n // blk + 1) * blk
            return 1 + len(ber.enc_len(body)) + body + 4 + 10

        while rdata and wrapped(len(rdata)) > outer_ne:
            rdata = rdata[:-1]
        return rdata

    def _drop_session(self):
        self.sm = None
        self.access = None
        self.current = None

    def dispatch(self, cmd, protected):
        cla, ins, p1, p2, data, ne = cmd
        if ins == 0xA4:
            return self.select(p1, p2, data, protected)
        if ins in (0xB0, 0xB1):
            return self.read_binary(ins, p1, p2, data, ne, protected)
        if ins == 0x84:
            return self.get_challenge(ne)
        if ins == 0x82:
            return self.external_authenticate(data)
        if ins == 0x22:
            return self.mse_set_at(p1, p2, data)
        if ins == 0x86:
            return self.general_authenticate(cla, data)
        if ins == 0x88:
            return self.internal_authenticate(data, protected)
        return b"", 0x6D00

    # ---------------------------------------------------------------- files

    def _file_by_fid(self, fid):
        if fid == 0x011C:
            return "CardAccess"
        for k, v in FIDS.items():
            if v == fid:
                return k
        return None

    def _exists(self, name):
        if name == "CardAccess" and "no-pace" in self.faults:
            return False
        return name in self.d.files

    def select(self, p1, p2, data, protected):
        if p1 == 0x04:
            if data == AID_LDS1:
                self.applet = True
                self.current = None
                return b"", SW_OK
            return b"", 0x6A82
        if p1 == 0x00 and (not data or data == b"\x3F\x00"):
            if self.mf_select == "ok":
                self.applet = False
                self.current = None
                return b"", SW_OK
            return b"", 0x6D00
        if p1 in (0x00, 0x02) and len(data) == 2:
            name = self._file_by_fid(int.from_bytes(data, "big"))
            if name is None or not self._exists(name):
                return b"", 0x6A82
            if name != "CardAccess" and not self.applet:
                return b"", 0x6A82
            self.current = name
            if p2 & 0x0C == 0x04:
                # P2 asks for the FCP: file size (80), EF working structure (82), FID (83)
                size = len(self.d.files[name])
                fcp = (ber.tlv(0x80, size.to_bytes(2, "big")) + ber.tlv(0x82, b"\x01")
                       + ber.tlv(0x83, data))
                return ber.tlv(0x62, fcp), SW_OK
            return b"", SW_OK
        return b"", 0x6A86

    def read_binary(self, ins, p1, p2, data, ne, protected):
        if ins == 0xB1:
            try:
                tag, val, _ = ber.read_tlv(data)
            except ValueError:
                return b"", 0x6A80
            if tag != 0x54:
                return b"", 0x6A80
            offset = int.from_bytes(val, "big")
            name = self.current
        elif p1 & 0x80:
            sfi = p1 & 0x1F
            offset = p2
            if sfi == 0x1C:
                name = "CardAccess"
            elif sfi == 0x1E:
                name = "COM"
            elif sfi == 0x1D:
                name = "SOD"
            else:
                name = sfi if 1 <= sfi <= 16 else None
            if name is None or not self._exists(name) or (
                    name != "CardAccess" and not self.applet):
                return b"", 0x6A82
            self.current = name
        else:
            offset = (p1 << 8) | p2
            name = self.current
        if name is None:
            return b"", 0x6986
        if name == 3:
            return b"", 0x6982
        if name != "CardAccess" and not protected:
            return b"", 0x6982
        if ("sm-plain-error" in self.faults and name == 2 and not self.sm_plain_error_done):
            self.sm_plain_error_done = True
            return b"\x69\x88", None
        if ne == 0:
            return b"", 0x6700              # no Le: no data may be returned
        limit = self.faults.get("small-le")
        if limit is not None and protected and ne > limit:
            return b"", 0x6700
        content = self.d.files[name]
        if offset >= len(content):
            return b"", 0x6B00
        want = ne
        extra = self.faults.get("overlong-data", 0)
        chunk = content[offset:offset + want + extra]
        key = str(name)
        self.stats["files_read"][key] = self.stats["files_read"].get(key, 0) + len(chunk)
        return chunk, SW_OK

    # ---------------------------------------------------------------- BAC

    def get_challenge(self, ne):
        if ne != 8:
            return b"", 0x6700
        self.bac_rnd_ic = self.rand(8)
        return self.bac_rnd_ic, SW_OK

    def bac_keys(self):
        kseed = hashlib.sha1(self.mrz_info.encode("ascii")).digest()[:16]
        return kdf(kseed, 1), kdf(kseed, 2)

    def external_authenticate(self, data, k_ic=None):
        if "no-bac" in self.faults:
            self.stats["auth"]["failed"] += 1
            return b"", 0x6982
        if self.bac_rnd_ic is None:
            return b"", 0x6985
        if len(data) != 40:
            return b"", 0x6700
        k_enc, k_mac = self.bac_keys()
        rnd_ic, self.bac_rnd_ic = self.bac_rnd_ic, None
        if retail_mac(k_mac, data[:32]) != data[32:]:
            self.stats["auth"]["failed"] += 1
            return b"", self.wrong_key_sw
        s = tdes_cbc_decrypt(k_enc, data[:32])
        rnd_ifd, got_rnd_ic, k_ifd = s[:8], s[8:16], s[16:32]
        if got_rnd_ic != rnd_ic:
            self.stats["auth"]["failed"] += 1
            return b"", self.wrong_key_sw
        k_ic = k_ic or self.rand(16)
        r = rnd_ic + rnd_ifd + k_ic
        e_ic = tdes_cbc_encrypt(k_enc, r)
        m_ic = retail_mac(k_mac, e_ic)
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
        self.sm = SecureMessaging("3DES", kdf(seed, 1), kdf(seed, 2), rnd_ic[4:] + rnd_ifd[4:])
        self.access = "BAC"
        self.stats["auth"]["BAC"] += 1
        return e_ic + m_ic, SW_OK

    # ---------------------------------------------------------------- PACE

    def mse_set_at(self, p1, p2, data):
        if (p1, p2) != (0xC1, 0xA4):
            return b"", 0x6A86 if (p1, p2) != (0x41, 0xA4) else 0x6A80
        if "no-pace" in self.faults:
            return b"", 0x6A80
        try:
            dos = dict(ber.parse_all(data))
        except ValueError:
            return b"", 0x6A80
        want_oid = ber.oid_body(pace_oid(self.d.pace_aes))
        if dos.get(0x80) != want_oid:
            return b"", 0x6A80
        pwref = dos.get(0x83)
        if pwref not in (b"\x01", b"\x02"):
            return b"", 0x6A80
        if 0x84 in dos and int.from_bytes(dos[0x84], "big") != self.d.curve.param_id:
            return b"", 0x6A80
        self.sm = None
        self.access = None
        self.pace = {"step": 1, "pwref": pwref[0]}
        return b"", SW_OK

    def pace_password_key(self, pwref):
        if pwref == 1:
            k = hashlib.sha1(self.mrz_info.encode("ascii")).digest()
        else:
            k = self.can.encode("ascii")
        return kdf(k, 3, "AES", self.d.pace_aes)

    def general_authenticate(self, cla, data):
        st = self.pace
        if st is None:
            return b"", 0x6985
        try:
            tag, body, _ = ber.read_tlv(data)
            if tag != 0x7C:
                raise ValueError
            dos = dict(ber.parse_all(body)) if body else {}
        except ValueError:
            self.pace = None
            return b"", 0x6A80
        c = self.d.curve
        step = st["step"]
        # steps 1-3 are chained (CLA b5 set), the last one is not (ISO 7816-4 chaining)
        if bool(cla & 0x10) != (step < 4):
            self.pace = None
            return b"", 0x6883 if step < 4 else 0x6884
        try:
            if step == 1:
                if dos:
                    raise ValueError
                s = self.rand(16)
                st["s"] = int.from_bytes(s, "big")
                kpi = self.pace_password_key(st["pwref"])
                z = aes_cbc_encrypt(kpi, s)
                st["step"] = 2
                return ber.tlv(0x7C, ber.tlv(0x80, z)), SW_OK
            if step == 2:
                pk_pcd = c.decode(dos[0x81])
                sk = self.rand_scalar()
                pk_ic = c.mul(sk, c.g)
                h = c.mul(sk, pk_pcd)
                st["g"] = c.add(c.mul(st["s"], c.g), h)
                st["step"] = 3
                return ber.tlv(0x7C, ber.tlv(0x82, c.encode(pk_ic))), SW_OK
            if step == 3:
                pk_pcd = c.decode(dos[0x83])
                sk = self.rand_scalar()
                pk_ic = c.mul(sk, st["g"])
                if pk_ic == pk_pcd:
                    raise ValueError
                k = c.mul(sk, pk_pcd)
                kx = k[0].to_bytes(c.size, "big")
                st["ks_enc"] = kdf(kx, 1, "AES", self.d.pace_aes)
                st["ks_mac"] = kdf(kx, 2, "AES", self.d.pace_aes)
                st["pk_ic"], st["pk_pcd"] = pk_ic, pk_pcd
                st["step"] = 4
                return ber.tlv(0x7C, ber.tlv(0x84, c.encode(pk_ic))), SW_OK
            if step == 4:
                oid = ber.oid(pace_oid(self.d.pace_aes))

                def token(pt):
                    return aes_cmac(st["ks_mac"], ber.tlv(0x7F49, oid + ber.tlv(
                        0x86, c.encode(pt))))[:8]
                self.pace = None
                if dos.get(0x85) != token(st["pk_ic"]):
                    self.stats["auth"]["failed"] += 1
                    return b"", self.wrong_key_sw
                self.sm = SecureMessaging("AES", st["ks_enc"], st["ks_mac"], b"\x00" * 16)
                self.access = "PACE"
                self.stats["auth"]["PACE"] += 1
                return ber.tlv(0x7C, ber.tlv(0x86, token(st["pk_pcd"]))), SW_OK
        except (KeyError, ValueError):
            self.pace = None
            return b"", 0x6A80
        return b"", 0x6985

    def rand_scalar(self):
        n = self.d.curve.n
        while True:
            k = int.from_bytes(self.rand(self.d.curve.size), "big")
            if 0 < k < n:
                return k

    # ---------------------------------------------------------------- active authentication

    def internal_authenticate(self, data, protected):
        if not protected:
            return b"", 0x6982
        key = self.d.aa_key
        if key is None:
            return b"", 0x6D00
        if len(data) != 8:
            return b"", 0x6700
        if "aa-fail" in self.faults:
            key = self._other_aa_key()
        if self.d.aa_kind == "rsa":
            return self._iso9796_2_sign(key, data), SW_OK
        der = key.sign(data, cec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        size = 32
        return r.to_bytes(size, "big") + s.to_bytes(size, "big"), SW_OK

    def _other_aa_key(self):
        if not hasattr(self, "_bad_aa"):
            from cryptography.hazmat.primitives.asymmetric import rsa
            if self.d.aa_kind == "rsa":
                self._bad_aa = rsa.generate_private_key(65537, 1024)
            else:
                self._bad_aa = cec.generate_private_key(cec.BrainpoolP256R1())
        return self._bad_aa

    def _iso9796_2_sign(self, key, m2):
        """ISO/IEC 9796-2 digital signature scheme 1, partial recovery, SHA-1, trailer BC."""
        nums = key.private_numbers()
        n, d = nums.public_numbers.n, nums.d
        k = (n.bit_length() + 7) // 8
        m1 = self.rand(k - 20 - 2)
        h = hashlib.sha1(m1 + m2).digest()
        f = b"\x6A" + m1 + h + b"\xBC"
        sig = pow(int.from_bytes(f, "big"), d, n)
        return sig.to_bytes(k, "big")


def seeded_rng(seed):
    if seed is None:
        return random.SystemRandom()
    return random.Random(seed)

