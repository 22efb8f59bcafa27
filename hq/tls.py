"""HQ's TLS certificate: made here (self-signed) or taken from the operator, and its fingerprint.

HQ serves TLS itself (``checkpoint-hq serve --tls-dir DIR``): with no
certificate in DIR it makes one, an ECDSA P-256 key and a self-signed
certificate for the names and addresses given (``--tls-host``), valid for
five years.  No authority vouches for it; desks pin it instead: the
fingerprint goes into every enrolment code (``checkpoint-hq enroll``), and a
desk enrolled with it trusts that certificate and no other
(desktop_app/protocol/transport.py).  An operator with a certificate of their own
passes ``--ssl-certfile/--ssl-keyfile`` (or puts ``hq-cert.pem`` and
``hq-key.pem`` in DIR); its fingerprint is pinned the same way.  Replacing the
certificate means enrolling the desks again (a new code each).
"""

from __future__ import annotations

import ipaddress
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop_app.protocol.pinning import fingerprint

CERT_NAME = "hq-cert.pem"
KEY_NAME = "hq-key.pem"
LIFETIME = timedelta(days=5 * 365)


def paths(directory: Path) -> tuple[Path, Path]:
    return directory / CERT_NAME, directory / KEY_NAME


def make_certificate(directory: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A new key and self-signed certificate for ``hosts`` (names or addresses) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts or ["localhost"]:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, (hosts or ["localhost"])[0])])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + LIFETIME)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        # Its own anchor: a desk trusts it as the one root of its chain.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = paths(directory)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def ensure_certificate(directory: Path, hosts: list[str]) -> tuple[Path, Path]:
    """The certificate in ``directory``, made first if there is none."""
    cert_path, key_path = paths(directory)
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    return make_certificate(directory, hosts)


def certificate_fingerprint(cert_path: Path) -> str:
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return fingerprint(certificate.public_bytes(serialization.Encoding.DER))
