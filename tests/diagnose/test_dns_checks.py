"""hosts, dnsbl and auth-records against the loopback DNS server."""

from __future__ import annotations

import asyncio

import pytest

from postdesk.diagnose.auth_records import check_auth_records
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.dnsbl import check_dnsbl, reversed_name
from postdesk.diagnose.hosts import check_hosts
from postdesk.diagnose.result import InvalidTargetError


def test_hosts_match_the_server_list(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_hosts(None, ctx))
    assert (result.status, result.verdict) == ("ok", "as-expected"), result.summary.en
    roles = {row["role"]: row["addresses"] for row in result.evidence["hosts"]}
    assert roles["pop"] == ["127.0.0.1"] and roles["mx_overseas"] == ["127.0.0.2"]
    assert [s.outcome for s in result.steps] == ["match"]


def test_hosts_unexpected_address_points_to_client_dns(ctx: DiagnoseContext) -> None:
    ctx.overrides = {"pop.provider.test": ["10.9.9.9"]}
    result = asyncio.run(check_hosts("pop", ctx))
    assert (result.status, result.verdict) == ("warn", "unexpected-address")
    assert "10.9.9.9" in result.summary.en


def test_hosts_not_resolved(ctx: DiagnoseContext, test_profile) -> None:  # type: ignore[no-untyped-def]
    hosts = test_profile.hosts.model_copy(update={"smtp": "missing.provider.test"})
    ctx.profile = test_profile.model_copy(update={"hosts": hosts})
    result = asyncio.run(check_hosts(None, ctx))
    assert (result.status, result.verdict) == ("fail", "not-resolved")
    assert "4.0.9 C" in result.summary.en and "NXDOMAIN" in result.summary.en


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
    ctx.timeout = 0.3
    result = asyncio.run(check_dnsbl("192.0.2.7", ctx, ["bl.test", "servfail.example"]))
    assert (result.status, result.verdict) == ("warn", "unknown")


@pytest.mark.parametrize(
    ("domain", "status", "verdict"),
    [
        ("good.example", "ok", "records-ok"),
        ("weakspf.example", "warn", "records-weak"),
        ("badspf.example", "fail", "records-invalid"),
        ("nomx.example", "warn", "records-weak"),
    ],
)
def test_auth_records(ctx: DiagnoseContext, domain: str, status: str, verdict: str) -> None:
    result = asyncio.run(check_auth_records(domain, ctx))
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    if domain == "good.example":
        assert result.evidence["spf"]["record"] == "v=spf1 include:spf.provider.test -all"
        assert result.evidence["dmarc"]["tags"]["p"]["value"] == "reject"
