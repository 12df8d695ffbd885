"""Certificates for the real servers, made at test time with ``cryptography`` (nothing fetched).

A private CA (``CertificateAuthority``) issues server certificates: valid, expired, not yet valid,
for the wrong name; ``self_signed`` makes one that names itself as issuer. Files are PEM, written
world-readable because the servers read them after dropping root (the keys are throwaway).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KeyType = Literal["ec", "rsa"]
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class CertFiles:
    """A server certificate and its key as PEM files; ``combined_file`` holds both (Courier)."""

    cert_file: Path
    key_file: Path
    combined_file: Path
    certificate: x509.Certificate

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def _new_key(key_type: KeyType) -> PrivateKey:
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _alt_names(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _write(folder: Path, label: str, cert: x509.Certificate, key: PrivateKey) -> CertFiles:
    folder.mkdir(parents=True, exist_ok=True)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    files = CertFiles(
        folder / f"{label}.crt", folder / f"{label}.key", folder / f"{label}.pem", cert
    )
    files.cert_file.write_bytes(cert_pem)
    files.key_file.write_bytes(key_pem)
    files.combined_file.write_bytes(key_pem + cert_pem)
    for path in (files.cert_file, files.key_file, files.combined_file):
        path.chmod(0o644)
    return files


def _leaf_builder(
    subject_name: str,
    names: list[str],
    key: PrivateKey,
    not_before_days: float,
    not_after_days: float,
) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=not_before_days))
        .not_valid_after(now + dt.timedelta(days=not_after_days))
        .add_extension(_alt_names(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )


class CertificateAuthority:
    """A private CA; its certificate is ``folder/<name>-ca.crt`` (give it to clients as cafile)."""

    def __init__(self, folder: Path, name: str = "postdesk test CA", key_type: KeyType = "ec"):
        self.folder = folder
        self.key_type: KeyType = key_type
        self.key = _new_key(key_type)
        now = dt.datetime.now(dt.UTC)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        usage = x509.KeyUsage(
            digital_signature=True,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=True,
            crl_sign=True,
            encipher_only=False,
            decipher_only=False,
        )
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        folder.mkdir(parents=True, exist_ok=True)
        self.ca_file = folder / "ca.crt"
        self.ca_file.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        self.ca_file.chmod(0o644)

    def issue(
        self,
        label: str,
        names: list[str],
        *,
        not_before_days: float = -1,
        not_after_days: float = 365,
        key_type: KeyType | None = None,
    ) -> CertFiles:
        """A server certificate for ``names`` (DNS names or IP addresses; the first is the CN).

        Expired: ``not_after_days=-1``; not yet valid: ``not_before_days=1``."""
        key = _new_key(key_type or self.key_type)
        cert = (
            _leaf_builder(names[0], names, key, not_before_days, not_after_days)
            .issuer_name(self.certificate.subject)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        return _write(self.folder, label, cert, key)

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this CA only."""
        return ssl.create_default_context(cafile=str(self.ca_file))


def self_signed(
    folder: Path,
    label: str,
    names: list[str],
    *,
    not_before_days: float = -1,
    not_after_days: float = 365,
    key_type: KeyType = "ec",
) -> CertFiles:
    """A certificate that is its own issuer (what a server's installer makes by default)."""
    key = _new_key(key_type)
    builder = _leaf_builder(names[0], names, key, not_before_days, not_after_days)
    cert = builder.issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])).sign(
        key, hashes.SHA256()
    )
    return _write(folder, label, cert, key)
