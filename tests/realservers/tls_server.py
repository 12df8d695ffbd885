"""``openssl s_server``: a real TLS endpoint with a chosen certificate and protocol versions.

Implicit TLS only (s_server has no STARTTLS), on a free 127.0.0.1 port; it keeps serving one
connection after another. The variants diagnostics need are factory functions:

* ``tls10_only(ca)``: only TLS 1.0. Debian's OpenSSL 3 sets ``SECLEVEL=2`` system-wide, where
  TLS 1.0's SHA-1/MD5 handshake signatures are not allowed; ``-cipher DEFAULT@SECLEVEL=0`` makes
  the server offer it again (SSL_CTX_set_security_level(3)). A client must do the same
  (``legacy_client_context()``) to get through; a default Python client gets a protocol-version
  alert, as a modern client would from such a server.
* ``expired(ca)``, ``not_yet_valid(ca)``, ``wrong_name(ca)``, ``self_signed_server(folder)``,
  ``private_ca(ca)``: the certificate is the point; TLS versions are OpenSSL's defaults.
"""

from __future__ import annotations

import socket
import ssl
import warnings
from pathlib import Path
from typing import Literal

from tests.realservers.launcher import Launcher
from tests.realservers.pki import CertFiles, CertificateAuthority, self_signed
from tests.realservers.sandbox import Sandbox, free_port, make_workdir

OPENSSL = "/usr/bin/openssl"
Protocol = Literal["tls1", "tls1_1", "tls1_2", "tls1_3"]
DEFAULT_NAMES = ["mail.test", "127.0.0.1"]


class TlsServer(Launcher):
    """``openssl s_server`` on 127.0.0.1:``port`` with ``cert``; ``only`` restricts it to one
    protocol version (``-tls1`` etc.). Context manager."""

    name = "openssl-s_server"
    required = (OPENSSL,)
    readiness = "a TLS listener"

    def __init__(
        self,
        cert: CertFiles,
        *,
        only: Protocol | None = None,
        cipher: str | None = None,
        chain: Path | None = None,
    ) -> None:
        super().__init__()
        self.cert = cert
        self.only = only
        self.cipher = cipher or ("DEFAULT@SECLEVEL=0" if only in ("tls1", "tls1_1") else None)
        self.chain = chain
        self.host = "127.0.0.1"
        self.port = 0

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    def argv(self) -> list[str]:
        argv = [
            OPENSSL,
            "s_server",
            "-accept",
            f"{self.host}:{self.port}",
            "-cert",
            str(self.cert.cert_file),
            "-key",
            str(self.cert.key_file),
            "-quiet",
            "-naccept",
            "1000000",
        ]
        if self.chain is not None:
            argv += ["-cert_chain", str(self.chain)]
        if self.only is not None:
            argv.append(f"-{self.only}")
        if self.cipher is not None:
            argv += ["-cipher", self.cipher]
        return argv

    def ready(self) -> bool:
        with socket.create_connection(self.address, timeout=1):
            return True

    def before_start(self) -> None:
        self.port = free_port()

    def build(self) -> Sandbox:
        return Sandbox(self.name, make_workdir("s_server"), self.argv())


def legacy_client_context(cafile: Path | None = None) -> ssl.SSLContext:
    """A client context that still speaks TLS 1.0/1.1 (for checking a tls10_only server)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    with warnings.catch_warnings():
        # Python deprecates TLS 1.0; asking for it is the point of this context.
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
    context.set_ciphers("DEFAULT@SECLEVEL=0")
    if cafile is not None:
        context.load_verify_locations(cafile)
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def tls10_only(ca: CertificateAuthority, names: list[str] | None = None) -> TlsServer:
    return TlsServer(ca.issue("tls10", names or DEFAULT_NAMES), only="tls1")


def expired(ca: CertificateAuthority, names: list[str] | None = None) -> TlsServer:
    cert = ca.issue("expired", names or DEFAULT_NAMES, not_before_days=-30, not_after_days=-2)
    return TlsServer(cert)


def not_yet_valid(ca: CertificateAuthority, names: list[str] | None = None) -> TlsServer:
    cert = ca.issue("future", names or DEFAULT_NAMES, not_before_days=2, not_after_days=30)
    return TlsServer(cert)


def wrong_name(ca: CertificateAuthority, names: list[str] | None = None) -> TlsServer:
    return TlsServer(ca.issue("wrong-name", names or ["other.invalid"]))


def private_ca(ca: CertificateAuthority, names: list[str] | None = None) -> TlsServer:
    return TlsServer(ca.issue("private-ca", names or DEFAULT_NAMES))


def self_signed_server(folder: Path, names: list[str] | None = None) -> TlsServer:
    return TlsServer(self_signed(folder, "self-signed", names or DEFAULT_NAMES))
