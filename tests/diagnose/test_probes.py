"""ports, smtp, pop3, imap, tls and same-domain-auth against real servers on loopback."""

from __future__ import annotations

import asyncio

import pytest
from servers.fixtures_data import ACCOUNT_PASSWORD, ACCOUNT_USER, MailServers

from postdesk.diagnose.context import Credentials, DiagnoseContext, Secret
from postdesk.diagnose.imap import check_imap
from postdesk.diagnose.pop3 import check_pop3
from postdesk.diagnose.ports import check_ports
from postdesk.diagnose.same_domain import check_same_domain
from postdesk.diagnose.smtp import check_smtp
from postdesk.diagnose.tls import check_tls

GOOD = Credentials(ACCOUNT_USER, Secret(ACCOUNT_PASSWORD))
BAD = Credentials(ACCOUNT_USER, Secret("wrong-" + ACCOUNT_PASSWORD))


def test_ports_open_refused_timeout(
    ctx: DiagnoseContext, mail_servers: MailServers, closed_port: int, blackhole_port: int
) -> None:
    ctx.timeout = 0.5
    ports = [mail_servers.smtp, closed_port, blackhole_port]
    result = asyncio.run(check_ports("127.0.0.1", ctx, ports))
    states = {row["port"]: row["state"] for row in result.evidence["ports"]}
    assert states == {mail_servers.smtp: "open", closed_port: "refused", blackhole_port: "timeout"}
    assert (result.status, result.verdict) == ("warn", "some-closed")
    assert "refused" in result.summary.en and "timed out" in result.summary.en


def test_ports_all_open_on_profile_host(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_ports("smtp.provider.test", ctx))
    assert (result.status, result.verdict) == ("ok", "all-open")
    assert result.evidence["address"] == "127.0.0.1"
    assert {s.outcome for s in result.steps} == {"connects"}


def test_ports_all_refused_is_a_fail(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_ports("127.0.0.1", ctx, [closed_port]))
    assert (result.status, result.verdict) == ("fail", "all-closed")


def test_ports_override_replaces_dns(ctx: DiagnoseContext, mail_servers: MailServers) -> None:
    ctx.overrides = {"nowhere.invalid-test.example": ["127.0.0.1"]}
    result = asyncio.run(check_ports("nowhere.invalid-test.example", ctx, [mail_servers.pop3]))
    assert result.status == "ok"
    assert result.evidence["resolved"]["source"] == "override"


def test_smtp_starttls_and_login(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, credentials=GOOD))
    assert (result.status, result.verdict) == ("ok", "login-ok"), result.summary.en
    evidence = result.evidence
    assert evidence["banner"].startswith("220")
    assert evidence["starttls"] is True
    assert evidence["tls_version"].startswith("TLS")
    assert evidence["auth_mechanisms"] == ["LOGIN", "PLAIN"]
    assert evidence["login"]["result"] == "accepted"


def test_smtp_bad_credentials(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, credentials=BAD))
    assert (result.status, result.verdict) == ("fail", "login-failed")
    assert result.evidence["login"]["code"] == 535


def test_smtps_implicit_tls(ctx: DiagnoseContext, mail_servers: MailServers) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, port=mail_servers.smtps))
    assert (result.status, result.verdict) == ("ok", "service-ok"), result.summary.en
    assert result.evidence["implicit_tls"] is True


def test_smtp_refused(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, port=closed_port))
    assert (result.status, result.verdict) == ("fail", "connect-refused")


def test_untrusted_certificate(ctx: DiagnoseContext, mail_servers: MailServers) -> None:
    ctx.cafile = None  # the system store does not know the test CA
    smtps = asyncio.run(check_smtp("smtp.provider.test", ctx, port=mail_servers.smtps))
    assert (smtps.status, smtps.verdict) == ("fail", "tls-failed")
    assert "CERTIFICATE_VERIFY_FAILED" in smtps.evidence["tls_error"]
    starttls = asyncio.run(check_smtp("smtp.provider.test", ctx, credentials=GOOD))
    assert (starttls.status, starttls.verdict) == ("fail", "tls-failed")
    assert "login" not in starttls.evidence
    stls = asyncio.run(check_pop3("pop.provider.test", ctx, credentials=GOOD))
    assert (stls.status, stls.verdict) == ("fail", "tls-failed")
    assert "login" not in stls.evidence  # no password over an unverified connection


@pytest.mark.parametrize(
    ("check", "port_name"),
    [(check_pop3, "pop3"), (check_pop3, "pop3s"), (check_imap, "imap"), (check_imap, "imaps")],
)
def test_pop3_imap_login(ctx: DiagnoseContext, mail_servers: MailServers, check, port_name) -> None:  # type: ignore[no-untyped-def]
    port = getattr(mail_servers, port_name)
    host = "pop.provider.test" if check is check_pop3 else "imap.provider.test"
    good = asyncio.run(check(host, ctx, port=port, credentials=GOOD))
    assert (good.status, good.verdict) == ("ok", "login-ok"), good.summary.en
    assert good.evidence["tls_version"].startswith("TLS")
    bad = asyncio.run(check(host, ctx, port=port, credentials=BAD))
    assert (bad.status, bad.verdict) == ("fail", "login-failed")
    assert bad.evidence["login"]["result"] == "rejected"


def test_pop3_without_credentials_reports_capabilities(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_pop3("pop.provider.test", ctx))
    assert (result.status, result.verdict) == ("ok", "service-ok")
    assert result.evidence["greeting"].startswith("+OK")
    assert "STLS" in result.evidence["capabilities"]
    assert result.evidence["auth_mechanisms"] == ["PLAIN"]


def test_imap_timeout(ctx: DiagnoseContext, blackhole_port: int) -> None:
    ctx.timeout = 0.3
    result = asyncio.run(check_imap("127.0.0.1", ctx, port=blackhole_port))
    assert (result.status, result.verdict) == ("fail", "connect-timeout")


def test_tls_valid(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx))
    assert (result.status, result.verdict) == ("ok", "valid"), result.summary.en
    for row in result.evidence["ports"]:
        assert row["chain_valid"] is True
        assert row["certificate"]["host_matches"] is True
        assert 360 <= row["certificate"]["days_to_expiry"] <= 365
        assert row["protocol"] in ("TLSv1.2", "TLSv1.3")


def test_tls_expired(ctx: DiagnoseContext, mail_servers: MailServers) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx, [mail_servers.expired_tls]))
    assert (result.status, result.verdict) == ("fail", "expired")
    [row] = result.evidence["ports"]
    assert row["chain_valid"] is False
    assert "expired" in row["chain_error"]
    assert row["certificate"]["days_to_expiry"] < 0


def test_tls_name_mismatch(ctx: DiagnoseContext, mail_servers: MailServers) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx, [mail_servers.wrong_name_tls]))
    assert (result.status, result.verdict) == ("fail", "name-mismatch")
    assert result.evidence["ports"][0]["chain_valid"] is True


def test_tls_refused(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_tls("pop.provider.test", ctx, [closed_port]))
    assert (result.status, result.verdict) == ("fail", "unreachable")


@pytest.mark.parametrize(
    ("domain", "status", "verdict", "code"),
    [
        ("ruled.example", "warn", "under-rule", 554),
        ("good.example", "ok", "not-under-rule", 250),
    ],
)
def test_same_domain_dialog(
    ctx: DiagnoseContext, mail_servers: MailServers, domain, status, verdict, code
) -> None:  # type: ignore[no-untyped-def]
    before = mail_servers.mx_handler.data_received
    result = asyncio.run(check_same_domain(domain, ctx))
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    assert result.evidence["reply"]["code"] == code
    dialog = result.evidence["dialog"]
    assert dialog[1].startswith("HELO ")
    assert dialog[2].startswith("250")
    assert dialog[3] == f"MAIL FROM:<admin@{domain}>"
    assert dialog[5] == f"RCPT TO:<admin@{domain}>"
    assert dialog[-1] == "QUIT"
    assert not any(line.upper().startswith("DATA") for line in dialog)
    assert mail_servers.mx_handler.data_received == before
    outcome = {"under-rule": "in-rule", "not-under-rule": "not-in-rule"}[verdict]
    assert [s.outcome for s in result.steps] == [outcome]


def test_same_domain_mx_down(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_same_domain("good.example", ctx, port=closed_port))
    assert (result.status, result.verdict) == ("error", "connect-refused")


async def _trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """An IMAP server that greets, then never finishes a reply (a line every 20 ms)."""
    writer.write(b"* OK trickle\r\n")
    try:
        while True:
            await asyncio.sleep(0.02)
            writer.write(b"* still thinking\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


def test_whole_check_has_a_budget(ctx: DiagnoseContext, loop_thread) -> None:  # type: ignore[no-untyped-def]
    from postdesk.diagnose.registry import run_check

    port = loop_thread.serve_streams(_trickle)
    ctx.timeout = 0.1
    [result], _ = asyncio.run(run_check("imap", "127.0.0.1", ctx, port=port))
    assert (result.status, result.verdict) == ("error", "check-timeout")
    assert result.elapsed_ms < 1500
