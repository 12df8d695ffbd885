"""openssl s_server variants: TLS 1.0 only, expired, wrong name, self-signed, private CA."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest

from tests.realservers import (
    CertificateAuthority,
    TlsServer,
    expired,
    legacy_client_context,
    private_ca,
    self_signed_server,
    tls10_only,
    wrong_name,
)
from tests.realservers.fixtures import ServerPool


def _handshake(server: TlsServer, context: ssl.SSLContext) -> str:
    with (
        socket.create_connection(server.address, timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="mail.test") as tls,
    ):
        return str(tls.version())


def test_tls10_only_speaks_tls10_and_nothing_newer(
    real_servers: ServerPool, test_ca: CertificateAuthority
) -> None:
    server = real_servers.start(tls10_only(test_ca))
    assert _handshake(server, legacy_client_context(test_ca.ca_file)) == "TLSv1"
    with pytest.raises(ssl.SSLError, match=r"PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL"):
        _handshake(server, test_ca.client_context())


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (expired, "certificate has expired"),
        (wrong_name, "Hostname mismatch"),
    ],
)
def test_bad_certificates_fail_verification(
    real_servers: ServerPool, test_ca: CertificateAuthority, make: object, reason: str
) -> None:
    server = real_servers.start(make(test_ca))  # type: ignore[operator]
    with pytest.raises(ssl.SSLCertVerificationError, match=reason):
        _handshake(server, test_ca.client_context())


def test_self_signed_and_private_ca(
    real_servers: ServerPool, test_ca: CertificateAuthority, tmp_path: Path
) -> None:
    own = real_servers.start(self_signed_server(tmp_path))
    with pytest.raises(ssl.SSLCertVerificationError, match="self-signed certificate"):
        _handshake(own, test_ca.client_context())
    private = real_servers.start(private_ca(test_ca))
    with pytest.raises(ssl.SSLCertVerificationError, match="unable to get local issuer"):
        _handshake(private, ssl.create_default_context())
    assert _handshake(private, test_ca.client_context()) in ("TLSv1.2", "TLSv1.3")
