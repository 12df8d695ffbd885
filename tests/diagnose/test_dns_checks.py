"""hosts, dnsbl and auth-records against BIND (its zones' own server, the resolver, a dead one)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from environment import Dns, Mail, profile_for

from postdesk.diagnose.auth_records import check_auth_records
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.dnsbl import check_dnsbl, reversed_name
from postdesk.diagnose.hosts import check_hosts
from postdesk.diagnose.result import InvalidTargetError


def test_hosts_match_the_server_list(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_hosts(None, ctx))
    assert (result.status, result.verdict) == ("ok", "as-expected"), result.summary.en
    roles = {row["role"]: row for row in result.evidence["hosts"]}
    assert roles["pop"]["addresses"] == ["127.0.0.1"]
    assert roles["mx_overseas"]["addresses"] == ["127.0.0.2"]
    # imap is a CNAME into another zone: followed, not "cannot resolve" (issue 15, 1).
    assert roles["imap"]["addresses"] == ["127.0.0.1"]
    assert roles["imap"]["cname_chain"] == ["imap.provider.test", "imapsrv.hosting.test"]
    assert [s.outcome for s in result.steps] == ["match"]


def test_hosts_names_every_host_that_differs(ctx: DiagnoseContext, mail: Mail) -> None:
    """A hijacked address beside a missing host: both in the summary (issue 15, 5)."""
    ctx.profile = profile_for(mail, pop="hijacked.provider.test", smtp="gone.provider.test")
    result = asyncio.run(check_hosts(None, ctx))
    assert (result.status, result.verdict) == ("fail", "not-resolved")
    for text in (result.summary.en, result.summary.zh):
        assert "gone.provider.test" in text and "NXDOMAIN" in text
        assert "hijacked.provider.test -> 10.0.0.8" in text
    assert [s.outcome for s in result.steps] == ["differ"]


def test_hosts_unexpected_address_points_to_client_dns(ctx: DiagnoseContext, mail: Mail) -> None:
    ctx.profile = profile_for(mail, pop="hijacked.provider.test")
    result = asyncio.run(check_hosts("pop", ctx))
    assert (result.status, result.verdict) == ("warn", "unexpected-address")
    assert "10.0.0.8" in result.summary.en and "hijacked" in result.summary.en


def test_hosts_one_host_claims_only_that_host(ctx: DiagnoseContext) -> None:
    """``hosts pop`` says pop resolves as listed, not "POP3/SMTP/MX" (issue 15, 5)."""
    result = asyncio.run(check_hosts("pop", ctx))
    assert (result.status, result.verdict) == ("ok", "as-expected")
    assert "pop.provider.test" in result.summary.en
    for other in ("smtp", "mx01", "SMTP", "MX"):
        assert other not in result.summary.en and other not in result.summary.zh


def test_hosts_timeout_is_not_unresolved(ctx: DiagnoseContext, bind: Dns) -> None:
    """A look-up that timed out is "could not look up", never "cannot resolve" (issue 15, 4)."""
    ctx = dataclasses.replace(ctx, nameserver=bind.blackhole.address, timeout=0.5)
    result = asyncio.run(check_hosts("smtp", ctx))
    assert (result.status, result.verdict) == ("error", "lookup-failed")
    assert "timed out" in result.summary.en and "Cannot resolve" not in result.summary.en
    assert "4.0.9 C" not in result.summary.en
    assert all(step.outcome is None for step in result.steps)


def test_hosts_given_with_resolve_are_not_judged(ctx: DiagnoseContext) -> None:
    """--resolve addresses are the operator's choice (issue 15, 6)."""
    ctx.overrides = {"pop.provider.test": ["10.9.9.9"], "smtp.provider.test": ["10.9.9.8"]}
    result = asyncio.run(check_hosts(None, ctx))
    assert (result.status, result.verdict) == ("ok", "as-expected"), result.summary.en
    assert "10.9.9.9" not in result.summary.en
    assert "given with --resolve, not checked: pop.provider.test, smtp.provider.test" in (
        result.summary.en
    )
    only = asyncio.run(check_hosts("pop", ctx))
    assert (only.status, only.verdict) == ("ok", "all-overridden")


def test_hosts_rejects_unknown_host(ctx: DiagnoseContext) -> None:
    with pytest.raises(InvalidTargetError, match="not one of the profile's hosts"):
        asyncio.run(check_hosts("www.example.com", ctx))


def test_dnsbl_reversed_names() -> None:
    assert reversed_name("203.0.113.5", "bl.test") == "5.113.0.203.bl.test"
    assert reversed_name("2001:db8::1", "bl.test").startswith("1.0.0.0.")
    assert reversed_name("2001:db8::1", "bl.test").endswith(".8.b.d.0.1.0.0.2.bl.test")


@pytest.mark.parametrize(
    ("ip", "status", "verdict"),
    [("127.0.0.2", "fail", "listed"), ("192.0.2.7", "ok", "not-listed")],
)
def test_dnsbl(ctx: DiagnoseContext, ip: str, status: str, verdict: str) -> None:
    result = asyncio.run(check_dnsbl(ip, ctx))
    assert (result.status, result.verdict) == (status, verdict)
    if verdict == "listed":
        assert result.evidence["zones"][0]["reason"] == ["listed for testing"]
        assert [s.outcome for s in result.steps] == ["rejected"]


def test_dnsbl_zone_that_does_not_answer(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_dnsbl("192.0.2.7", ctx, ["bl.test", "broken.test"]))
    assert (result.status, result.verdict) == ("warn", "unknown")
    assert "none of the other 1 lists" in result.summary.en and "SERVFAIL" in result.summary.en


def test_dnsbl_every_list_unknown_claims_nothing(ctx: DiagnoseContext) -> None:
    """No "not on the other lists" when there are none (issue 15, 10)."""
    result = asyncio.run(check_dnsbl("192.0.2.7", ctx, ["broken.test", "refused.test"]))
    assert (result.status, result.verdict) == ("error", "all-unknown")
    assert "未在其余黑名单中" not in result.summary.zh and "其余" not in result.summary.zh
    assert "other" not in result.summary.en
    assert "REFUSED" in result.summary.en and "SERVFAIL" in result.summary.en


@pytest.mark.parametrize(
    ("domain", "status", "verdict", "words"),
    [
        ("good.test", "ok", "records-ok", "the SPF record is valid"),
        ("weakspf.test", "warn", "records-weak", "+all"),
        ("badspf.test", "fail", "records-invalid", "the SPF record is invalid"),
        ("nomx.test", "warn", "records-weak", "no SPF record; no DMARC record"),
        # Issue 15, 4: two SPF records are a permerror, never "no SPF record".
        ("twospf.test", "fail", "records-invalid", "permerror (RFC 7208 §4.5)"),
        ("twodmarc.test", "fail", "records-invalid", "two or more DMARC records"),
        # _dmarc is a CNAME into another zone: followed.
        ("cnamedmarc.test", "ok", "records-ok", "p=quarantine"),
        # Look-ups that fail are "could not check", never "no record".
        ("broken.test", "error", "lookup-failed", "SPF could not be checked"),
        ("refused.test", "error", "lookup-failed", "REFUSED"),
    ],
)
def test_auth_records(ctx: DiagnoseContext, domain, status, verdict, words) -> None:  # type: ignore[no-untyped-def]
    result = asyncio.run(check_auth_records(domain, ctx))
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    assert words in result.summary.en
    if domain == "twospf.test":
        assert "no SPF record" not in result.summary.en
    if domain == "good.test":
        assert result.evidence["spf"]["record"] == "v=spf1 include:spf.provider.test -all"
        assert result.evidence["dmarc"]["tags"]["p"]["value"] == "reject"


def test_auth_records_timeout_is_could_not_check(ctx: DiagnoseContext, bind: Dns) -> None:
    """Issue 15, 4: a timed-out look-up said "no SPF record; no DMARC record" after 6.6 s."""
    ctx = dataclasses.replace(ctx, nameserver=bind.blackhole.address, timeout=0.5)
    result = asyncio.run(check_auth_records("good.test", ctx))
    assert (result.status, result.verdict) == ("error", "lookup-failed")
    assert "SPF could not be checked" in result.summary.en
    assert "DMARC could not be checked" in result.summary.en
    assert "no SPF record" not in result.summary.en and "没有SPF记录" not in result.summary.zh
    assert result.elapsed_ms < 5000


def test_auth_records_sees_a_changed_record(ctx: DiagnoseContext, bind: Dns) -> None:
    """No answer is kept between runs: what one nameserver said is not another's answer."""
    asyncio.run(check_auth_records("good.test", ctx))
    ctx = dataclasses.replace(ctx, nameserver=bind.blackhole.address, timeout=0.5)
    again = asyncio.run(check_auth_records("good.test", ctx))
    assert again.verdict == "lookup-failed"
