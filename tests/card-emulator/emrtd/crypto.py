"""crypto: the symmetric primitives of ICAO 9303-11 on python3-cryptography.

3DES-CBC and ISO 9797-1 MAC algorithm 3 (retail MAC) for BAC, AES-CBC and AES-CMAC for PACE,
the key derivation function KDF(K, c), padding method 2, and DES parity adjustment."""

import hashlib
import warnings

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    _TDES = algorithms.TripleDES


def pad(data, block):
    data = data + b"\x80"
    while len(data) % block:
        data += b"\x00"
    return data


def unpad(data):
    i = len(data) - 1
    while i >= 0 and data[i] == 0:
        i -= 1
    if i < 0 or data[i] != 0x80:
        raise ValueError("bad padding")
    return data[:i]


def des_parity(key):
    out = bytearray()
    for b in key:
        b &= 0xFE
        if bin(b).count("1") % 2 == 0:
            b |= 1
        out.append(b)
    return bytes(out)


def kdf(secret, counter, alg="3DES", bits=128):
    """KDF(K, c) of ICAO 9303-11 9.7.1. alg is "3DES" or "AES"."""
    d = secret + counter.to_bytes(4, "big")
    if alg == "3DES":
        h = hashlib.sha1(d).digest()
        return des_parity(h[:16])
    if bits == 128:
        return hashlib.sha1(d).digest()[:16]
    h = hashlib.sha256(d).digest()
    return h[:bits // 8]


def _tdes(key):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _TDES(key + key[:8] if len(key) == 16 else key)


def tdes_cbc_encrypt(key, data, iv=b"\x00" * 8):
    c = Cipher(_tdes(key), modes.CBC(iv)).encryptor()
    return c.update(data) + c.finalize()


def tdes_cbc_decrypt(key, data, iv=b"\x00" * 8):
    c = Cipher(_tdes(key), modes.CBC(iv)).decryptor()
    return c.update(data) + c.finalize()


def _des_ecb(key8, block, decrypt=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alg = _TDES(key8 * 3)  # single DES as 3DES with K1=K2=K3
    c = Cipher(alg, modes.ECB())
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(block) + op.finalize()


def retail_mac(key, data):
    """ISO 9797-1 MAC algorithm 3 with DES, padding method 2 applied here."""
    data = pad(data, 8)
    ka, kb = key[:8], key[8:16]
    h = b"\x00" * 8
    for i in range(0, len(data), 8):
        blk = bytes(x ^ y for x, y in zip(h, data[i:i + 8]))
        h = _des_ecb(ka, blk)
    h = _des_ecb(kb, h, decrypt=True)
    return _des_ecb(ka, h)


def aes_cbc_encrypt(key, data, iv=b"\x00" * 16):
    c = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return c.update(data) + c.finalize()


def aes_cbc_decrypt(key, data, iv=b"\x00" * 16):
    c = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return c.update(data) + c.finalize()


def aes_ecb_encrypt(key, block):
    c = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return c.update(block) + c.finalize()


def aes_cmac(key, data):
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def check_digit(s):
    """ICAO 9303-3 check digit (weights 7, 3, 1; '<' = 0, A = 10)."""
    total = 0
    weights = (7, 3, 1)
    for i, ch in enumerate(s):
        if ch.isdigit():
            v = ord(ch) - 48
        elif "A" <= ch <= "Z":
            v = ord(ch) - 55
        elif ch == "<":
            v = 0
        else:
            raise ValueError("bad MRZ character %r" % ch)
        total += v * weights[i % 3]
    return str(total % 10)


def mrz_information(doc, dob, exp):
    """The BAC/PACE MRZ password: doc (padded to 9 with '<') + cd + dob + cd + exp + cd."""
    d = doc
    if len(d) < 9:
        d = d + "<" * (9 - len(d))
    return d + check_digit(d) + dob + check_digit(dob) + exp + check_digit(exp)
