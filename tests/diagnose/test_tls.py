"""The tls check against Postfix's and Dovecot's TLS ports and openssl s_server's variants."""

from __future__ import annotations

import asyncio

import pytest
from environment import Mail
from tests.realservers import (
    CertificateAuthority,
    TlsServer,
    expired,
    not_yet_valid,
    private_ca,
    self_signed_server,
    tls10_only,
    wrong_name,
)
from tests.realservers.fixtures import ServerPool
from tests.realservers.sandbox import make_workdir

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.tls import check_tls

NAMES = ["pop.provider.test", "127.0.0.1"]


@pytest.fixture(scope="module")
def variants(
    module_real_servers: ServerPool, test_ca: CertificateAuthority
) -> dict[str, TlsServer]:
    other_ca = CertificateAuthority(make_workdir("other-ca"), name="Customer Private CA")
    made = {
        "tls10": tls10_only(test_ca, NAMES),
        "expired": expired(test_ca, NAMES),
        "not-yet-valid": not_yet_valid(test_ca, NAMES),
        "wrong-name": wrong_name(test_ca),
        "private-ca": private_ca(other_ca, NAMES),
        "self-signed": self_signed_server(make_workdir("self-signed"), NAMES),
    }
    return {label: module_real_servers.start(server) for label, server in made.items()}


def test_valid_on_every_ssl_port_of_the_profile(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx))
    assert (result.status, result.verdict) == ("ok", "valid"), result.summary.en
    assert len(result.evidence["ports"]) == 3  # smtps, pop3s, imaps (1995 = 995 here)
    for row in result.evidence["ports"]:
        assert row["chain_valid"] is True
        assert row["certificate"]["host_matches"] is True
        assert 360 <= row["certificate"]["days_to_expiry"] <= 365
        assert row["protocol"] in ("TLSv1.2", "TLSv1.3")


@pytest.mark.parametrize(
    ("variant", "status", "verdict", "words"),
    [
        # Issue 15, 8: the "outdated protocol" warning can fire now.
        ("tls10", "warn", "outdated-protocol", "only the outdated protocol TLSv1"),
        ("expired", "fail", "expired", "certificate expired on"),
        ("not-yet-valid", "fail", "not-yet-valid", "certificate not valid before"),
        ("wrong-name", "fail", "name-mismatch", "other.invalid"),
        # Issue 15, 9: a private CA or a self-signed certificate warns, naming the issuer.
        ("private-ca", "warn", "private-ca", "issuer: CN=Customer Private CA"),
        ("self-signed", "warn", "self-signed", "self-signed certificate (CN=pop.provider.test)"),
    ],
)
def test_variants(
    ctx: DiagnoseContext, variants: dict[str, TlsServer], variant, status, verdict, words
) -> None:  # type: ignore[no-untyped-def]
    server = variants[variant]
    result = asyncio.run(check_tls("pop.provider.test", ctx, [server.port]))
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    assert words in result.summary.en


def test_tls10_is_read_with_a_context_that_allows_it(
    ctx: DiagnoseContext, variants: dict[str, TlsServer]
) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx, [variants["tls10"].port]))
    [row] = result.evidence["ports"]
    assert row["protocol"] == "TLSv1"
    assert row["chain_valid"] is True  # verified at the protocol the server speaks
    assert (
        "PROTOCOL_VERSION" in row["modern_client_error"]
        or "VERSION" in row["modern_client_error"].upper()
    )


def test_cafile_trusts_the_private_ca(
    ctx: DiagnoseContext, variants: dict[str, TlsServer], test_ca: CertificateAuthority
) -> None:
    ctx.cafile = str(variants["private-ca"].cert.cert_file.parent / "ca.crt")
    result = asyncio.run(check_tls("pop.provider.test", ctx, [variants["private-ca"].port]))
    assert (result.status, result.verdict) == ("ok", "valid"), result.summary.en


def test_system_store_meets_the_test_ca(ctx: DiagnoseContext) -> None:
    ctx.cafile = None
    result = asyncio.run(check_tls("pop.provider.test", ctx))
    assert (result.status, result.verdict) == ("warn", "private-ca")
    assert "CN=postdesk test CA" in result.summary.en


def test_plaintext_port_has_its_own_words(ctx: DiagnoseContext, mail: Mail) -> None:
    """Issue 15, 8: a plaintext port is named as one, with its greeting, not "unreachable"."""
    result = asyncio.run(check_tls("pop.provider.test", ctx, [mail.postfix.port]))
    assert (result.status, result.verdict) == ("fail", "plaintext"), result.summary.en
    assert "220 mx01.provider.test ESMTP Postfix" in result.summary.en
    assert "STARTTLS" in result.summary.en


def test_refused_port_has_its_own_words(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx, [closed_port]))
    assert (result.status, result.verdict) == ("fail", "refused")
    assert "connection refused" in result.summary.en and "拒绝连接" in result.summary.zh


def test_the_most_serious_port_leads(
    ctx: DiagnoseContext, variants: dict[str, TlsServer], mail: Mail
) -> None:
    ports = [variants["tls10"].port, variants["expired"].port, mail.dovecot.pop3s_port]
    result = asyncio.run(check_tls("pop.provider.test", ctx, ports))
    assert (result.status, result.verdict) == ("fail", "expired")
    assert "TLSv1" in result.summary.en  # every port's problem is listed
