"""lds: the files of a made-up card (LDS1): EF.COM, DG1, DG2, DG13, DG14, DG15, EF.SOD,
EF.CardAccess, built from a profile; and the identity the card serves, for the tests.

Every citizen here is made up (the examples of the project's reference)."""

import hashlib
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from . import ber
from .crypto import check_digit

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_JPEG = os.path.join(os.path.dirname(HERE), "data", "face.jpg")

# The made-up DG13 of the reference for ID 001099012345 (431 bytes), byte for byte.
DG13_VN_MALE = bytes.fromhex(
    "6D8201AB308201A7020101060628D316010008318201983011020101130C3030313039393031323334"
    "3530150201020C104E677579E1BB856E2056C4836E20416E300F020103130A30312F30322F313939393008"
    "0201040C034E616D300F0201050C0A5669E1BB8774204E616D30090201060C044B696E68300B020107"
    "0C064B68C3B46E6730310201080C2C58C3A3205468E1BBAD204E676869E1BB876D2C20487579E1BB87"
    "6E204DE1BAAB752C2048C3A0204EE1BB996930410201090C3C53E1BB912031205068E1BB91204769E1"
    "BAA32C205068C6B0E1BB9D6E67204DE1BAAB752C205175E1BAAD6E205468E1BBAD2C2048C3A0204EE1"
    "BB9969303302010A0C2E4EE1BB9174207275E1BB936920433A31636D2064C6B0E1BB9B69207472C6B0"
    "E1BB9B63206DC3A970207472C3A169300F02010B130A31302F30372F32303231300F02010C0C0A3031"
    "2F30322F32303339302F02010D30150C134E677579E1BB856E2056C4836E2042C3AC6E6830130C1154"
    "72E1BAA76E205468E1BB8B2043C3BA63300302010E300E02010F130930313233343536373830150201"
    "10131030313233343536373839414243444546")

OID_PACE_ECDH_GM = "0.4.0.127.0.7.2.2.4.2"   # .2 AES-128, .3 AES-192, .4 AES-256
OID_TA = "0.4.0.127.0.7.2.2.2"
OID_CA_ECDH_AES128 = "0.4.0.127.0.7.2.2.3.2.2"
OID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
OID_AA_INFO = "2.23.136.1.1.5"
OID_ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"
OID_LDS_SO = "2.23.136.1.1.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"

DG_TAGS = {1: 0x61, 2: 0x75, 3: 0x63, 13: 0x6D, 14: 0x6E, 15: 0x6F}
FIDS = {"COM": 0x011E, "SOD": 0x011D, 1: 0x0101, 2: 0x0102, 3: 0x0103, 13: 0x010D,
        14: 0x010E, 15: 0x010F}


def pace_oid(aes_bits):
    return OID_PACE_ECDH_GM + "." + {128: "2", 192: "3", 256: "4"}[aes_bits]


# ---------------------------------------------------------------- profiles

PROFILES = {
    "vn-male": dict(
        kind="TD1", doc_type="ID", state="VNM", id_number="001099012345",
        doc_number="099012345", dob="990201", sex="M", expiry="390201",
        nationality="VNM", mrz_name="NGUYEN<<VAN<AN", dg13=DG13_VN_MALE,
        qr="001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, "
           "Hà Nội|04102024||||",
        describe="Nguyễn Văn An, ID 001099012345, born 1999-02-01, expires 2039-02-01"),
    "vn-female-noexpiry": dict(
        kind="TD1", doc_type="ID", state="VNM", id_number="079160000123",
        doc_number="160000123", dob="600515", sex="F", expiry="991231",
        nationality="VNM", mrz_name="TRAN<<THI<BINH",
        qr="079160000123||Trần Thị Bình|15051960|Nữ|12 Đường Mẫu, Phường Thử, "
           "TP. Hồ Chí Minh|20092021",
        dg13_fields=[
            (1, "p", "079160000123"), (2, "u", "Trần Thị Bình"), (3, "p", "15/05/1960"),
            (4, "u", "Nữ"), (5, "u", "Việt Nam"), (6, "u", "Kinh"), (7, "u", "Phật giáo"),
            (8, "u", "Xã Mẫu Đơn, Huyện Thử Nghiệm, Tỉnh Giả Định"),
            (9, "u", "12 Đường Mẫu, Phường Thử, TP. Hồ Chí Minh"),
            (10, "u", "Nốt ruồi C:1cm dưới mép trái"), (11, "p", "20/09/2021"),
            (12, "u", "Không thời hạn"),
            (13, "parents-flat", ("Trần Văn Cường", "Lê Thị Dung")),
            (14, "spouse", "Phạm Văn Em"), (16, "p", "FEDCBA9876543210")],
        describe="Trần Thị Bình, ID 079160000123, born 1960-05-15, no expiry (MRZ 991231)"),
    "vn-2024-sparse": dict(
        kind="TD1", doc_type="ID", state="VNM", id_number="001099012345",
        doc_number="099012345", dob="990201", sex="M", expiry="390201",
        nationality="VNM", mrz_name="NGUYEN<<VAN<AN",
        qr="001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, "
           "Hà Nội|04102024||||",
        dg13_fields=[
            (1, "p", "001099012345"), (2, "u", "Nguyễn Văn An"), (3, "p", "01/02/1999"),
            (4, "u", "Nam"), (11, "p", "04/10/2024"), (12, "u", "01/02/2039")],
        describe="2024 card of Nguyễn Văn An whose DG13 lacks most fields (stored encrypted)"),
    "passport": dict(
        kind="TD3", doc_type="P", state="VNM", id_number="001185012345",
        doc_number="C01234567", dob="850312", sex="F", expiry="300101",
        nationality="VNM", mrz_name="LE<<THI<MAI", can="123456",
        describe="made-up passport C01234567, Lê Thị Mai, born 1985-03-12, expires 2030-01-01"),
}


def mrz_lines(p):
    if p["kind"] == "TD1":
        doc = p["doc_number"].ljust(9, "<")
        l1 = (p["doc_type"].ljust(2, "<") + p["state"] + doc + check_digit(doc)
              + p["id_number"] + "<<" + check_digit(p["id_number"]))
        l1 = l1.ljust(30, "<")[:30]
        l2 = (p["dob"] + check_digit(p["dob"]) + p["sex"] + p["expiry"]
              + check_digit(p["expiry"]) + p["nationality"]).ljust(29, "<")
        l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        l3 = p["mrz_name"].ljust(30, "<")
        return [l1, l2, l3]
    doc = p["doc_number"].ljust(9, "<")
    l1 = (p["doc_type"].ljust(2, "<") + p["state"] + p["mrz_name"]).ljust(44, "<")
    pers = p["id_number"].ljust(14, "<")
    l2 = (doc + check_digit(doc) + p["nationality"] + p["dob"] + check_digit(p["dob"])
          + p["sex"] + p["expiry"] + check_digit(p["expiry"]) + pers + check_digit(pers))
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    return [l1, l2]


def build_dg13(fields):
    items = []
    for num, kind, val in fields:
        n = ber.integer(num)
        if kind == "p":
            items.append(ber.seq(n, ber.printable(val)))
        elif kind == "u":
            items.append(ber.seq(n, ber.utf8(val)))
        elif kind == "parents-flat":     # the other nesting seen in public sources
            items.append(ber.seq(n, ber.utf8(val[0]), ber.utf8(val[1])))
        elif kind == "parents":
            items.append(ber.seq(n, ber.seq(ber.utf8(val[0])), ber.seq(ber.utf8(val[1]))))
        elif kind == "spouse":
            items.append(ber.seq(n, ber.seq(ber.utf8(val))) if val else ber.seq(n))
    body = ber.seq(ber.integer(1), ber.oid("1.0.10646.1.0.8"), ber.set_of(*items, sort=False))
    return ber.tlv(0x6D, body)


def _strings(value, out):
    """All string leaves under a constructed BER value, in order."""
    for tag, v in ber.parse_all(value):
        if tag in (0x0C, 0x13, 0x16, 0x1E, 0x14):
            out.append(v.decode("utf-8"))
        elif ber.is_constructed(tag):
            _strings(v, out)
    return out


def parse_dg13(dg13):
    """{field number: [strings]} by a generic walk (the emulator's own reading of what it
    serves, used to tell the tests what the driver should print)."""
    tag, body, _ = ber.read_tlv(dg13)
    assert tag == 0x6D
    _, seq_body, _ = ber.read_tlv(body)
    fields = {}
    for tag, v in ber.parse_all(seq_body):
        if tag != 0x31:
            continue
        for t2, entry in ber.parse_all(v):
            if t2 != 0x30:
                continue
            parts = ber.parse_all(entry)
            if not parts or parts[0][0] != 0x02:
                continue
            num = int.from_bytes(parts[0][1], "big")
            rest = b"".join(ber.tlv(t, x) for t, x in parts[1:])
            fields[num] = _strings(rest, [])
    return fields


def _dmy_to_iso(s):
    if len(s) == 10 and s[2] == "/" and s[5] == "/":
        return s[6:10] + "-" + s[3:5] + "-" + s[0:2]
    return s


def _yymmdd_to_iso(s, future=False):
    if s == "991231":
        return None
    yy = int(s[0:2])
    if future:
        century = 2000
    else:
        century = 2000 if yy <= 30 else 1900
    return "%04d-%s-%s" % (century + yy, s[2:4], s[4:6])


def _mrz_name(n):
    sur, _, given = n.partition("<<")
    return (sur.replace("<", " ") + " " + given.replace("<", " ")).strip()


# ---------------------------------------------------------------- the card

class CardData:
    """All files of one card, plus what it serves (for the tests)."""

    def __init__(self, profile, pki, jpeg=None, aa="rsa", pace_curve=None, pace_aes=128,
                 faults=()):
        from .ec import Curve
        self.name = profile
        self.p = dict(PROFILES[profile])
        self.faults = faults
        self.curve = Curve(pace_curve or "brainpoolP256r1")
        self.pace_aes = pace_aes
        self.can = self.p.get("can") or self.p["id_number"][-6:]
        self.mrz = mrz_lines(self.p)
        with open(jpeg or DEFAULT_JPEG, "rb") as f:
            self.jpeg = f.read()
        self.aa_kind = aa
        self.files = {}
        self.files["CardAccess"] = self.card_access()
        self.files[1] = self.dg1()
        self.files[2] = self.dg2()
        self.files[3] = ber.tlv(0x63, ber.tlv(0x7F61, ber.integer(0)))  # never readable
        if self.p["kind"] == "TD1":
            self.files[13] = self.p.get("dg13") or build_dg13(self.p["dg13_fields"])
        self.aa_key = None
        if aa == "rsa":
            self.aa_key = rsa.generate_private_key(65537, 1024)
        elif aa == "ecdsa":
            self.aa_key = ec.generate_private_key(ec.BrainpoolP256R1())
        self.files[14] = self.dg14()
        if self.aa_key is not None:
            spki = self.aa_key.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            self.files[15] = ber.tlv(0x6F, spki)
        self.files["COM"] = self.ef_com()
        signer = "ds"
        if "unknown-signer" in faults:
            signer = "rogue"
        elif "expired-signer" in faults:
            signer = "expired"
        self.files["SOD"] = self.ef_sod(pki, signer, bad_sig="bad-signature" in faults)
        if "tamper-dg13" in faults and 13 in self.files:
            self.files[13] = self._tamper(self.files[13])

    @staticmethod
    def _tamper(dg13):
        # change one letter of the full name ("An" -> "Am", "Bình" -> "Bình" with 'B'->'C')
        b = bytearray(dg13)
        fields = parse_dg13(dg13)
        name = fields[2][0].encode("utf-8")
        i = bytes(b).find(name)
        j = i + len(name) - 1
        b[j] = b[j] + 1 if b[j] < 0x7A else b[j] - 1
        return bytes(b)

    def card_access(self):
        infos = [ber.seq(ber.oid(OID_TA), ber.integer(1)),
                 ber.seq(ber.oid(OID_CA_ECDH_AES128), ber.integer(1))]
        if "multi-pace-info" in self.faults:
            # PACEInfos this card does not support, listed first: DH generic mapping
            # (1024-bit MODP group, id 0) and ECDH integrated mapping on the same curve
            infos.append(ber.seq(ber.oid("0.4.0.127.0.7.2.2.4.1.2"), ber.integer(2),
                                 ber.integer(0)))
            infos.append(ber.seq(ber.oid("0.4.0.127.0.7.2.2.4.4.2"), ber.integer(2),
                                 ber.integer(self.curve.param_id)))
        infos.append(ber.seq(ber.oid(pace_oid(self.pace_aes)), ber.integer(2),
                             ber.integer(self.curve.param_id)))
        return ber.set_of(*infos, sort=False)

    def dg1(self):
        mrz = "".join(self.mrz).encode("ascii")
        return ber.tlv(0x61, ber.tlv(0x5F1F, mrz))

    def dg2(self):
        img = self.jpeg
        # ISO/IEC 19794-5 facial record: general header, facial info, image info, JPEG
        facial_info = (
            (20 + 12 + len(img)).to_bytes(4, "big") + b"\x00\x00"   # block length, 0 points
            + bytes([2 if self.p["sex"] == "F" else 1])             # gender
            + b"\x00\x00"                                           # eye, hair colour
            + b"\x00\x00\x00" + b"\x00\x00" + b"\x00" * 6)          # mask, expr., pose
        image_info = (b"\x01\x00" + (240).to_bytes(2, "big") + (320).to_bytes(2, "big")
                      + b"\x01\x00" + b"\x00\x00" + b"\x00\x00")
        record_len = 14 + len(facial_info) + len(image_info) + len(img)
        header = b"FAC\x00" + b"010\x00" + record_len.to_bytes(4, "big") + b"\x00\x01"
        bdb = header + facial_info + image_info + img
        bht = ber.tlv(0xA1, ber.tlv(0x80, b"\x01\x01") + ber.tlv(0x87, b"\x01\x01")
                      + ber.tlv(0x88, b"\x00\x08"))
        inst = ber.tlv(0x7F60, bht + ber.tlv(0x5F2E, bdb))
        return ber.tlv(0x75, ber.tlv(0x7F61, ber.tlv(0x02, b"\x01") + inst))

    def dg14(self):
        ca_key = ec.generate_private_key(ec.BrainpoolP256R1())
        spki = ca_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        # ChipAuthenticationPublicKeyInfo: OID, SubjectPublicKeyInfo (as in the SPKI DER)
        infos = [ber.seq(ber.oid(OID_PK_ECDH), spki),
                 ber.seq(ber.oid(OID_CA_ECDH_AES128), ber.integer(1)),
                 ber.seq(ber.oid(pace_oid(self.pace_aes)), ber.integer(2),
                         ber.integer(self.curve.param_id))]
        if self.aa_kind == "ecdsa":
            infos.append(ber.seq(ber.oid(OID_AA_INFO), ber.integer(1),
                                 ber.oid(OID_ECDSA_PLAIN_SHA256)))
        return ber.tlv(0x6E, ber.set_of(*infos))

    def dg_numbers(self):
        return sorted(k for k in self.files if isinstance(k, int))

    def ef_com(self):
        tags = bytes(DG_TAGS[n] for n in (1, 2, 3, 13, 15, 14) if n in self.files)
        return ber.tlv(0x60, ber.tlv(0x5F01, b"0107") + ber.tlv(0x5F36, b"040000")
                       + ber.tlv(0x5C, tags))

    def ef_sod(self, pki, which, bad_sig=False):
        key, cert = pki.signer(which)
        hashes_seq = [ber.seq(ber.integer(n), ber.octets(hashlib.sha256(self.files[n]).digest()))
                      for n in self.dg_numbers()]
        sha256_alg = ber.seq(ber.oid(OID_SHA256))
        lds_so = ber.seq(ber.integer(0), sha256_alg, ber.seq(*hashes_seq))
        signed_attrs = [
            ber.seq(ber.oid(OID_CONTENT_TYPE), ber.set_of(ber.oid(OID_LDS_SO))),
            ber.seq(ber.oid(OID_MESSAGE_DIGEST),
                    ber.set_of(ber.octets(hashlib.sha256(lds_so).digest()))),
        ]
        attrs_set = ber.set_of(*signed_attrs)          # DER: sorted, tag 31 for signing
        sig = key.sign(attrs_set, ec.ECDSA(hashes.SHA256()))
        if bad_sig:
            s = bytearray(sig)
            s[-3] ^= 0x55
            sig = bytes(s)
        from cryptography.hazmat.primitives.serialization import Encoding
        cert_der = cert.public_bytes(Encoding.DER)
        issuer_der = cert.issuer.public_bytes()
        signer_info = ber.seq(
            ber.integer(1),
            ber.seq(issuer_der, ber.integer(cert.serial_number)),
            sha256_alg,
            b"\xA0" + attrs_set[1:],                   # [0] IMPLICIT SET OF Attribute
            ber.seq(ber.oid(OID_ECDSA_SHA256)),
            ber.octets(sig))
        signed_data = ber.seq(
            ber.integer(3),
            ber.set_of(sha256_alg),
            ber.seq(ber.oid(OID_LDS_SO), ber.ctx(0, ber.octets(lds_so))),
            ber.ctx(0, cert_der),
            ber.set_of(signer_info))
        content_info = ber.seq(ber.oid(OID_SIGNED_DATA), ber.ctx(0, signed_data))
        return ber.tlv(0x77, content_info)

    # ------------------------------------------------------------ served values

    def served(self):
        """What the driver should print, computed from the served bytes."""
        p = self.p
        ident = {
            "document_type": p["doc_type"],
            "document_number": p["doc_number"],
            "issuing_state": p["state"],
            "full_name_mrz": _mrz_name(p["mrz_name"]),
            "date_of_birth": _yymmdd_to_iso(p["dob"]),
            "sex_mrz": p["sex"],
            "date_of_expiry_mrz": _yymmdd_to_iso(p["expiry"], future=True),
            "nationality_mrz": p["nationality"],
        }
        if p["kind"] == "TD3":
            ident["id_number"] = p["id_number"]
        if 13 in self.files:
            f = parse_dg13(self.files[13])
            one = {1: "id_number", 2: "full_name", 4: "sex", 5: "nationality",
                   6: "ethnicity", 7: "religion", 8: "place_of_origin",
                   9: "place_of_residence", 10: "identifying_features", 15: "old_id_number"}
            for num, key in one.items():
                if f.get(num):
                    ident[key] = f[num][0]
            if f.get(3):
                ident["date_of_birth"] = _dmy_to_iso(f[3][0])
            if f.get(11):
                ident["date_of_issue"] = _dmy_to_iso(f[11][0])
            if f.get(12):
                ident["date_of_expiry"] = _dmy_to_iso(f[12][0])
            par = f.get(13, [])
            if len(par) > 0:
                ident["father_name"] = par[0]
            if len(par) > 1:
                ident["mother_name"] = par[1]
            ident["spouse_name"] = f.get(14, [""])[0] if f.get(14) else ""
        return {
            "profile": self.name,
            "kind": p["kind"],
            "mrz": self.mrz,
            "access": {"can": self.can, "id_number": p["id_number"], "qr": p.get("qr"),
                       "doc_number": p["doc_number"], "dob": p["dob"], "expiry": p["expiry"]},
            "identity": ident,
            "photo_bytes": len(self.jpeg),
            "photo_sha256": hashlib.sha256(self.jpeg).hexdigest(),
            "files": {str(k): len(v) for k, v in self.files.items()},
            "faults": list(self.faults),
            "active_auth": "available" if self.aa_key is not None else "not-available",
        }
