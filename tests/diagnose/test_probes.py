"""ports, smtp, pop3, imap and same-domain-auth against Postfix and Dovecot on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest
from environment import Mail
from servers import standins
from servers.loop import LoopThread
from tests.realservers import (
    CaptureSMTP,
    CertificateAuthority,
    Dovecot,
    Postfix,
    self_signed,
    tls10_only,
)
from tests.realservers.fixtures import ServerPool
from zones import ACCOUNT_PASSWORD, ACCOUNT_USER

from postdesk.diagnose.context import Credentials, DiagnoseContext, Secret
from postdesk.diagnose.imap import check_imap
from postdesk.diagnose.pop3 import check_pop3
from postdesk.diagnose.ports import check_ports
from postdesk.diagnose.registry import run_check
from postdesk.diagnose.same_domain import check_same_domain, is_rule_reply
from postdesk.diagnose.smtp import check_smtp

GOOD = Credentials(ACCOUNT_USER, Secret(ACCOUNT_PASSWORD))
BAD = Credentials(ACCOUNT_USER, Secret("wrong-" + ACCOUNT_PASSWORD))
# postscreen_greet_wait's default (postconf(5): ${stress?{2}:{6}}s).
POSTSCREEN_DEFAULT_GREET_WAIT = 6


def test_ports_open_refused_timeout(
    ctx: DiagnoseContext, mail: Mail, closed_port: int, blackhole_port: int
) -> None:
    ctx.timeout = 0.5
    ports = [mail.postfix.port, closed_port, blackhole_port]
    result = asyncio.run(check_ports("127.0.0.1", ctx, ports))
    states = {row["port"]: row["state"] for row in result.evidence["ports"]}
    assert states == {mail.postfix.port: "open", closed_port: "refused", blackhole_port: "timeout"}
    assert (result.status, result.verdict) == ("warn", "some-closed")
    assert "refused" in result.summary.en and "timed out" in result.summary.en


def test_ports_all_open_on_profile_host(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_ports("smtp.provider.test", ctx))
    assert (result.status, result.verdict) == ("ok", "all-open"), result.summary.en
    assert result.evidence["address"] == "127.0.0.1"
    assert {s.outcome for s in result.steps} == {"connects"}


def test_ports_all_refused_is_a_fail(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_ports("127.0.0.1", ctx, [closed_port]))
    assert (result.status, result.verdict) == ("fail", "all-closed")


def test_ports_override_replaces_dns(ctx: DiagnoseContext, mail: Mail) -> None:
    ctx.overrides = {"nowhere.invalid-test.example": ["127.0.0.1"]}
    result = asyncio.run(check_ports("nowhere.invalid-test.example", ctx, [mail.dovecot.pop3_port]))
    assert result.status == "ok"
    assert result.evidence["resolved"]["source"] == "override"


def test_smtp_starttls_and_login(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, credentials=GOOD))
    assert (result.status, result.verdict) == ("ok", "login-ok"), result.summary.en
    evidence = result.evidence
    assert evidence["banner"] == "220 mx01.provider.test ESMTP Postfix"
    assert evidence["starttls"] is True
    assert evidence["tls_version"].startswith("TLS")
    # smtpd_tls_auth_only: AUTH appears only after STARTTLS.
    assert "AUTH" not in evidence["extensions"]
    assert evidence["auth_mechanisms"] == ["LOGIN", "PLAIN"]
    assert evidence["login"]["result"] == "accepted"
    assert evidence["certificate"]["issuer"] == "CN=postdesk test CA"


def test_smtp_bad_credentials(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, credentials=BAD))
    assert (result.status, result.verdict) == ("fail", "login-failed")
    assert result.evidence["login"]["code"] == 535


def test_smtps_implicit_tls(ctx: DiagnoseContext, mail: Mail) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, port=mail.postfix.smtps_port))
    assert (result.status, result.verdict) == ("ok", "service-ok"), result.summary.en
    assert result.evidence["implicit_tls"] is True


def test_smtp_refused_has_its_own_words(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, port=closed_port))
    assert (result.status, result.verdict) == ("fail", "connect-refused")
    assert "refused the connection" in result.summary.en and "拒绝连接" in result.summary.zh


def test_private_ca_is_a_warning_naming_the_issuer(ctx: DiagnoseContext, mail: Mail) -> None:
    """Issue 15, 9: a certificate from a CA the system lacks is normal on customers' servers."""
    ctx.cafile = None  # the system store does not know the test CA
    smtps = asyncio.run(check_smtp("smtp.provider.test", ctx, port=mail.postfix.smtps_port))
    assert (smtps.status, smtps.verdict) == ("warn", "private-ca"), smtps.summary.en
    assert "CN=postdesk test CA" in smtps.summary.en and "--cafile" in smtps.summary.en
    assert smtps.evidence["verified"] is False
    starttls = asyncio.run(check_smtp("smtp.provider.test", ctx, credentials=GOOD))
    assert (starttls.status, starttls.verdict) == ("warn", "private-ca")
    assert "login" not in starttls.evidence  # no password over an unverified connection
    assert "No login was tried" in starttls.summary.en
    stls = asyncio.run(check_pop3("pop.provider.test", ctx, credentials=GOOD))
    assert (stls.status, stls.verdict) == ("warn", "private-ca")
    assert "login" not in stls.evidence


def test_cafile_makes_the_private_ca_trusted(ctx: DiagnoseContext, mail: Mail) -> None:
    """The same server, given the CA with --cafile: verified, and the login runs."""
    result = asyncio.run(check_pop3("pop.provider.test", ctx, credentials=GOOD))
    assert (result.status, result.verdict) == ("ok", "login-ok")


@pytest.fixture(scope="module")
def self_signed_dovecot(module_real_servers: ServerPool, tmp_path_factory) -> Dovecot:  # type: ignore[no-untyped-def]
    """Dovecot with the self-signed certificate a server's installer makes by default."""
    from tests.realservers.sandbox import make_workdir

    cert = self_signed(make_workdir("self-signed"), "self", ["pop.provider.test"])
    return module_real_servers.start(Dovecot({ACCOUNT_USER: ACCOUNT_PASSWORD}, cert))


def test_self_signed_is_a_warning_naming_itself(
    ctx: DiagnoseContext, self_signed_dovecot: Dovecot
) -> None:
    result = asyncio.run(
        check_pop3("pop.provider.test", ctx, port=self_signed_dovecot.pop3s_port, tls="implicit")
    )
    assert (result.status, result.verdict) == ("warn", "self-signed"), result.summary.en
    assert "CN=pop.provider.test" in result.summary.en and "自签名" in result.summary.zh


@pytest.mark.parametrize(
    ("check", "port_name"),
    [(check_pop3, "pop3_port"), (check_pop3, "pop3s_port"), (check_imap, "imap_port"),
     (check_imap, "imaps_port")],
)  # fmt: skip
def test_pop3_imap_login(ctx: DiagnoseContext, mail: Mail, check, port_name) -> None:  # type: ignore[no-untyped-def]
    port = getattr(mail.dovecot, port_name)
    host = "pop.provider.test" if check is check_pop3 else "imap.provider.test"
    good = asyncio.run(check(host, ctx, port=port, credentials=GOOD))
    assert (good.status, good.verdict) == ("ok", "login-ok"), good.summary.en
    assert good.evidence["tls_version"].startswith("TLS")
    bad = asyncio.run(check(host, ctx, port=port, credentials=BAD))
    assert (bad.status, bad.verdict) == ("fail", "login-failed")
    assert bad.evidence["login"]["result"] == "rejected"


def test_login_failure_quotes_the_reply_cleanly(ctx: DiagnoseContext) -> None:
    """Issue 15, 10: "Authentication failed.。" — the reply quoted, the sentence ended once."""
    result = asyncio.run(check_pop3("pop.provider.test", ctx, credentials=BAD))
    assert "-ERR [AUTH] Authentication failed." in result.summary.zh
    assert ".。" not in result.summary.zh and "。。" not in result.summary.zh
    assert '"-ERR [AUTH] Authentication failed."' in result.summary.en


def test_pop3_without_credentials_reports_capabilities(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_pop3("pop.provider.test", ctx))
    assert (result.status, result.verdict) == ("ok", "service-ok")
    assert result.evidence["greeting"] == "+OK Dovecot ready."
    assert "STLS" in result.evidence["capabilities"]
    assert result.evidence["auth_mechanisms"] == ["LOGIN", "PLAIN"]


def test_imap_timeout(ctx: DiagnoseContext, blackhole_port: int) -> None:
    ctx.timeout = 0.3
    result = asyncio.run(check_imap("127.0.0.1", ctx, port=blackhole_port))
    assert (result.status, result.verdict) == ("fail", "connect-timeout")


def test_dns_timeout_is_an_error_not_unresolved(ctx: DiagnoseContext, bind) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, 4: smtp/pop3 on a name whose look-up timed out say so, not "check the name"."""
    ctx = dataclasses.replace(ctx, nameserver=bind.blackhole.address, timeout=0.5)
    for check in (check_smtp, check_pop3):
        result = asyncio.run(check("smtp.provider.test", ctx))
        assert (result.status, result.verdict) == ("error", "dns-failed"), result.summary.en
        assert "timed out" in result.summary.en and "server name" not in result.summary.en


def test_unresolved_name_is_still_a_fail(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_smtp("gone.provider.test", ctx))
    assert (result.status, result.verdict) == ("fail", "not-resolved")
    assert "NXDOMAIN" in result.summary.en and "4.0.9 C" in result.summary.en


# --- --tls implicit | starttls | none (issue 15, 8)


def test_tls_implicit_on_a_port_the_profile_does_not_know(ctx: DiagnoseContext, mail: Mail) -> None:
    """The IMAPS port given as --port: starttls by default (no greeting), implicit when asked."""
    ctx.reply_timeout = 1.0
    port = mail.dovecot.imaps_port
    ctx.profile = ctx.profile.model_copy(
        update={"ports": ctx.profile.ports.model_copy(update={"imap_ssl": 1})}
    )
    guessed = asyncio.run(check_imap("imap.provider.test", ctx, port=port))
    assert (guessed.status, guessed.verdict) == ("error", "no-greeting")
    assert "--tls implicit" in guessed.summary.en
    asked = asyncio.run(check_imap("imap.provider.test", ctx, port=port, tls="implicit"))
    assert (asked.status, asked.verdict) == ("ok", "service-ok"), asked.summary.en


def test_tls_implicit_on_a_plaintext_port(ctx: DiagnoseContext, mail: Mail) -> None:
    result = asyncio.run(
        check_pop3("pop.provider.test", ctx, port=mail.dovecot.pop3_port, tls="implicit")
    )
    assert (result.status, result.verdict) == ("fail", "tls-plaintext"), result.summary.en
    assert "+OK Dovecot ready." in result.summary.en and "--tls starttls" in result.summary.en


def test_tls_none_stays_plain_as_asked(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, tls="none"))
    assert (result.status, result.verdict) == ("ok", "plain-as-asked")
    assert result.evidence["tls_version"] is None


def test_tls10_only_server_is_named_outdated(
    ctx: DiagnoseContext, real_servers: ServerPool, test_ca: CertificateAuthority
) -> None:
    server = real_servers.start(tls10_only(test_ca))
    result = asyncio.run(check_smtp("127.0.0.1", ctx, port=server.port, tls="implicit"))
    assert (result.status, result.verdict) == ("fail", "tls-outdated"), result.summary.en
    assert "outdated TLS" in result.summary.en and "过时" in result.summary.zh


# --- postscreen (issue 15, 7)


@pytest.fixture(scope="module")
def postscreen_postfix(module_real_servers: ServerPool, mail: Mail) -> Postfix:
    capture = module_real_servers.start(CaptureSMTP())
    return module_real_servers.start(
        Postfix(
            relay=capture.address,
            postscreen=True,
            greet_wait=POSTSCREEN_DEFAULT_GREET_WAIT,
            tls=mail.cert,
        )
    )


@pytest.fixture
def postscreen(postscreen_postfix: Postfix) -> Postfix:
    """postscreen as a new client meets it: the launcher keeps a pass for 1 s
    (postscreen_greet_ttl; stored in whole seconds, so up to 2 s), after which the greeting is
    delayed again."""
    time.sleep(2.2)
    return postscreen_postfix


def test_postscreen_greeting_within_the_default_reply_timeout(
    ctx: DiagnoseContext, postscreen: Postfix
) -> None:
    """ "220-" now, the rest 6 s later: the default reply timeout covers it."""
    ctx = dataclasses.replace(ctx, timeout=5.0)  # the CLI's default step timeout
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, port=postscreen.port))
    assert (result.status, result.verdict) == ("ok", "service-ok"), result.summary.en
    assert result.elapsed_ms >= (POSTSCREEN_DEFAULT_GREET_WAIT - 0.5) * 1000


def test_postscreen_slower_than_the_reply_timeout_says_what_arrived(
    ctx: DiagnoseContext, postscreen: Postfix
) -> None:
    ctx = dataclasses.replace(ctx, reply_timeout=2.0)
    result = asyncio.run(check_smtp("smtp.provider.test", ctx, port=postscreen.port))
    assert (result.status, result.verdict) == ("error", "reply-timeout")
    assert '"220-postfix.test ESMTP Postfix"' in result.summary.en
    assert "nothing more came within 2 s" in result.summary.en


# --- stand-ins: what no real server can be made to do


def test_reply_stopped_mid_line(ctx: DiagnoseContext, loop_thread: LoopThread) -> None:
    """Stand-in: a greeting cut off in the middle of its second line."""
    port = loop_thread.serve_streams(standins.stall_mid_line)
    ctx.reply_timeout = 0.5
    result = asyncio.run(check_smtp("127.0.0.1", ctx, port=port))
    assert (result.status, result.verdict) == ("error", "reply-timeout")
    assert '"220-first line of a greeting"' in result.summary.en


def test_tls_handshake_that_never_finishes(ctx: DiagnoseContext, loop_thread: LoopThread) -> None:
    """Stand-in: a port that accepts and never answers the TLS hello."""
    port = loop_thread.serve_streams(standins.silent)
    ctx = dataclasses.replace(ctx, timeout=0.5)
    result = asyncio.run(check_pop3("127.0.0.1", ctx, port=port, tls="implicit"))
    assert (result.status, result.verdict) == ("fail", "tls-failed"), result.summary.en
    assert "handshake timed out" in result.summary.en and "TLS握手超时" in result.summary.zh


def test_garbage_instead_of_smtp(ctx: DiagnoseContext, loop_thread: LoopThread) -> None:
    """Stand-in: another service on the SMTP port."""
    port = loop_thread.serve_streams(standins.garbage_smtp)
    result = asyncio.run(check_smtp("127.0.0.1", ctx, port=port))
    assert (result.status, result.verdict) == ("error", "protocol-error")
    assert "not an SMTP reply" in result.summary.en and "HTTP/1.1 400" in result.summary.en


def test_whole_check_has_a_budget(ctx: DiagnoseContext, loop_thread: LoopThread) -> None:
    """Stand-in: a reply that never ends, each line resetting the reply timeout.

    Only the check's budget can stop it. The step timeouts are kept long (5 s), so that a
    loaded machine's scheduling delays cannot end the check some other way first (the old
    test gave every step 0.1 s and took any such delay for a wrong result); the result must
    be the budget's, and come after the budget and well before a step timeout could.
    """
    port = loop_thread.serve_streams(standins.trickle_imap)
    ctx = dataclasses.replace(ctx, timeout=5.0, reply_timeout=5.0, budget=1.0)
    started = time.perf_counter()
    [result], _ = asyncio.run(run_check("imap", "127.0.0.1", ctx, port=port))
    elapsed = time.perf_counter() - started
    assert (result.status, result.verdict) == ("error", "check-timeout"), result.summary.en
    assert result.evidence["budget_s"] == 1.0
    assert 1.0 <= elapsed < 5.0


# --- same-domain-auth: the 4.0.28 dialog against Postfix's check_sender_access


@pytest.mark.parametrize(
    ("domain", "status", "verdict", "code"),
    [
        ("ruled.test", "warn", "under-rule", 554),
        ("good.test", "ok", "not-under-rule", 250),
        # Issue 15, 10: another sender rejection is not the same-domain rule.
        ("blacklisted.test", "warn", "other-reply", 554),
    ],
)
def test_same_domain_dialog(
    ctx: DiagnoseContext, mail: Mail, domain, status, verdict, code
) -> None:  # type: ignore[no-untyped-def]
    result = asyncio.run(check_same_domain(domain, ctx))
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    assert result.evidence["reply"]["code"] == code
    dialog = result.evidence["dialog"]
    assert dialog[0].startswith("220 ")
    assert dialog[1].startswith("HELO ")
    assert dialog[2].startswith("250")
    assert dialog[3] == f"MAIL FROM:<admin@{domain}>"
    assert dialog[5] == f"RCPT TO:<admin@{domain}>"
    assert dialog[-1] == "QUIT"
    assert not any(line.upper().startswith("DATA") for line in dialog)
    outcome = {"under-rule": "in-rule", "not-under-rule": "not-in-rule"}.get(verdict)
    assert [s.outcome for s in result.steps] == [outcome]


def test_same_domain_never_sends_data(ctx: DiagnoseContext, mail: Mail) -> None:
    """Postfix's own log: the rule's rejection, and no session with a DATA command in it."""
    asyncio.run(check_same_domain("ruled.test", ctx))
    log = mail.postfix.log_text(500_000)
    assert "Sender address rejected: Access denied" in log
    sessions = [line for line in log.splitlines() if "disconnect from" in line]
    assert sessions and not any(" data=" in line for line in sessions)


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (554, "5.7.1 <admin@a.test>: Sender address rejected: Access denied", True),
        (554, "<admin@a.test>: Sender address rejected: Access denied", True),
        (554, "5.7.1 <admin@a.test>: Sender address rejected: Sender blacklisted", False),
        (554, "5.7.1 <other@b.test>: Sender address rejected: Access denied", False),
        (550, "5.7.1 <admin@a.test>: Sender address rejected: Access denied", False),
        (250, "2.1.5 Ok", False),
    ],
)
def test_rule_reply(code: int, text: str, expected: bool) -> None:
    assert is_rule_reply(code, text, "admin@a.test") is expected


def test_same_domain_mx_down(ctx: DiagnoseContext, closed_port: int) -> None:
    result = asyncio.run(check_same_domain("good.test", ctx, port=closed_port))
    assert (result.status, result.verdict) == ("error", "connect-refused")


@pytest.mark.parametrize("check", ["ports", "smtp", "pop3", "tls", "same-domain-auth"])
def test_forbidden_address_is_not_probed(ctx: DiagnoseContext, check: str) -> None:
    """A name that leads into a range the desk may not probe: said so, nothing connected."""
    import ipaddress

    ctx.forbidden_networks = (ipaddress.ip_network("127.0.0.0/8"),)
    target = "good.test" if check == "same-domain-auth" else "smtp.provider.test"
    [result], _ = asyncio.run(run_check(check, target, ctx))
    assert (result.status, result.verdict) == ("error", "connect-forbidden"), result.summary.en
    assert "POSTDESK_DIAGNOSE_FORBIDDEN_NETWORKS" in result.summary.en or (
        "may not be probed" in result.summary.en
    )
