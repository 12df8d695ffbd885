"""The mx check against a real DNS server on loopback."""

from __future__ import annotations

import asyncio

import pytest

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.dns_bulk import BulkDnsClient
from postdesk.diagnose.mx import check_mx


@pytest.mark.parametrize(
    ("domain", "status", "verdict"),
    [
        ("good.example", "ok", "points-to-provider"),
        ("overseas.example", "ok", "overseas-layout"),
        ("badorder.example", "warn", "overseas-wrong-order"),
        ("onlyoverseas.example", "warn", "overseas-without-main"),
        ("elsewhere.example", "fail", "elsewhere"),
        ("mixed.example", "warn", "mixed"),
        ("cnamemx.example", "ok", "points-to-provider"),
        ("byaddr.example", "ok", "points-to-provider"),
        ("alias.example", "ok", "points-to-provider"),
        ("nomx.example", "fail", "no-mx"),
        ("nullmx.example", "fail", "null-mx"),
        ("missing.example", "fail", "nxdomain"),
        ("servfail.example", "error", "servfail"),
        ("slow.example", "error", "timeout"),
        ("中国.example", "ok", "points-to-provider"),
    ],
)
@pytest.mark.parametrize("transport", ["resolver", "bulk"])
def test_mx_verdicts(
    ctx: DiagnoseContext, domain: str, status: str, verdict: str, transport: str
) -> None:
    """Both DNS paths (dnspython's resolver, and watch's shared socket) judge alike."""

    async def run():  # type: ignore[no-untyped-def]
        if transport == "resolver":
            return await check_mx(domain, ctx)
        assert ctx.nameserver is not None
        async with BulkDnsClient(*ctx.nameserver, timeout=ctx.timeout) as client:
            ctx.bulk = client
            return await check_mx(domain, ctx)

    result = asyncio.run(run())
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    assert result.summary.zh and result.summary.en
    assert result.elapsed_ms > 0
    if transport == "bulk" and status == "ok":
        assert result.evidence["query"]["records"]
        assert result.evidence["query"]["ttl"] == 300


def test_cname_mx_is_reported_as_cname(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_mx("cnamemx.example", ctx))
    [mx] = result.evidence["mx"]
    assert mx["matched_by"] == "cname"
    assert mx["canonical_name"] == "mx01.provider.test"
    assert "CNAME" in result.summary.en


def test_idn_is_shown_both_ways(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_mx("中国.example", ctx))
    assert result.target == "中国.example (xn--fiqs8s.example)"
    assert result.evidence["domain"] == "xn--fiqs8s.example"


def test_mx_names_the_playbook_steps(ctx: DiagnoseContext) -> None:
    ok = asyncio.run(check_mx("good.example", ctx))
    steps = {(s.playbook, s.step): s.outcome for s in ok.steps}
    assert steps[("setup-report-missing", "check-mx")] == "points-to-mx"
    assert steps[("cannot-receive", "check-mx")] == "points-to-us"
    bad = asyncio.run(check_mx("elsewhere.example", ctx))
    assert {s.outcome for s in bad.steps if s.playbook == "cannot-receive"} == {"elsewhere"}
