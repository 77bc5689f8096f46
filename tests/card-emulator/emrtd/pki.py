"""pki: a test PKI for passive authentication, generated at test time.

DIR/private/*.key.pem  private keys (never committed; temp dirs only)
DIR/certs/*.pem        document signer certificates and the rogue CSCA
DIR/trust/csca.pem     the only file of the trust store handed to the driver (--trust DIR/trust)

Test CSCA: ECDSA P-384 / SHA-384. Document signers: ECDSA P-256, signed with SHA-384 by their
CSCA. "rogue" = a CSCA + signer that are not in the trust store; "expired" = a signer of the
test CSCA whose validity ended yesterday."""

import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DAY = datetime.timedelta(days=1)


def _name(cn, org="Kiosk Test PKI (made up)"):
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _save_key(path, key):
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    os.chmod(path, 0o600)


def _save_cert(path, cert):
    with open(path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


def _load_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)


def _load_cert(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


def _make_csca(cn):
    key = ec.generate_private_key(ec.SECP384R1())
    now = datetime.datetime.utcnow()
    name = _name(cn)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - DAY).not_valid_after(now + 3650 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                         False, False), critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA384()))
    return key, cert


def _make_ds(cn, ca_key, ca_cert, expired=False):
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.utcnow()
    if expired:
        nb, na = now - 1000 * DAY, now - DAY
    else:
        nb, na = now - DAY, now + 1000 * DAY
    cert = (x509.CertificateBuilder()
            .subject_name(_name(cn)).issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(nb).not_valid_after(na)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                         False, False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA384()))
    return key, cert


class Pki:
    """Loads DIR, generating whatever is missing."""

    def __init__(self, root):
        self.root = root
        for sub in ("private", "certs", "trust"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        os.chmod(os.path.join(root, "private"), 0o700)
        self.csca_key, self.csca = self._ca("csca", "Test CSCA Vietnam ID (made up)",
                                            os.path.join(root, "trust", "csca.pem"))
        self.rogue_key, self.rogue = self._ca("rogue_csca", "Rogue CSCA (not trusted)",
                                              os.path.join(root, "certs", "rogue_csca.pem"))
        self.ds_key, self.ds = self._ds("ds", "Test Document Signer 1",
                                        self.csca_key, self.csca)
        self.expired_key, self.expired = self._ds("expired_ds", "Expired Document Signer",
                                                  self.csca_key, self.csca, expired=True)
        self.rogue_ds_key, self.rogue_ds = self._ds("rogue_ds", "Rogue Document Signer",
                                                    self.rogue_key, self.rogue)

    def _ca(self, tag, cn, cert_path):
        kp = os.path.join(self.root, "private", tag + ".key.pem")
        if os.path.exists(kp) and os.path.exists(cert_path):
            return _load_key(kp), _load_cert(cert_path)
        key, cert = _make_csca(cn)
        _save_key(kp, key)
        _save_cert(cert_path, cert)
        return key, cert

    def _ds(self, tag, cn, ca_key, ca_cert, expired=False):
        kp = os.path.join(self.root, "private", tag + ".key.pem")
        cp = os.path.join(self.root, "certs", tag + ".pem")
        if os.path.exists(kp) and os.path.exists(cp):
            cert = _load_cert(cp)
            if cert.issuer == ca_cert.subject:
                return _load_key(kp), cert
        key, cert = _make_ds(cn, ca_key, ca_cert, expired)
        _save_key(kp, key)
        _save_cert(cp, cert)
        return key, cert

    def signer(self, which):
        """(key, cert) for "ds", "expired" or "rogue"."""
        return {"ds": (self.ds_key, self.ds),
                "expired": (self.expired_key, self.expired),
                "rogue": (self.rogue_ds_key, self.rogue_ds)}[which]
