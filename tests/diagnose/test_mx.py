"""The mx check against BIND: its own zones' server, a resolver in front of it, and watch's path."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from environment import Dns

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.dns_bulk import BulkDnsClient
from postdesk.diagnose.mx import check_mx
from postdesk.diagnose.result import CheckResult

# (domain, status, verdict) as the zones' own server (authoritative only) makes them.
AUTHORITATIVE = [
    ("good.test", "ok", "points-to-provider"),
    ("overseas.test", "ok", "overseas-layout"),
    ("badorder.test", "warn", "overseas-wrong-order"),
    ("onlyoverseas.test", "warn", "overseas-without-main"),
    ("elsewhere.test", "fail", "elsewhere"),
    ("mixed.test", "warn", "mixed"),
    # Issue 15, 1: the server returns the CNAME only; the check follows it.
    ("cnamemx.test", "ok", "points-to-provider"),
    ("chain.test", "ok", "points-to-provider"),
    ("byaddr.test", "ok", "points-to-provider"),
    ("shop.alias.test", "ok", "points-to-provider"),
    ("big.test", "ok", "points-to-provider"),
    # Issue 15, 2: an IP address is no MX host.
    ("iplit.test", "fail", "ip-literal-mx"),
    ("iplitextra.test", "warn", "ip-literal-extra"),
    ("nomx.test", "fail", "no-mx"),
    ("nullmx.test", "fail", "null-mx"),
    ("missing.good.test", "fail", "nxdomain"),
    ("loopy.hosting.test", "fail", "cname-loop"),
    ("loop.test", "fail", "elsewhere"),
    # A CNAME out of everything this server holds: the chase is REFUSED, not "elsewhere".
    ("outside.test", "error", "mx-host-lookup-failed"),
    # Issue 15, 3: each failure by its own rcode, and a delegation is not "no MX".
    ("broken.test", "error", "servfail"),
    ("refused.test", "error", "refused"),
    ("dead.parent.test", "error", "referral"),
    ("中国.test", "ok", "points-to-provider"),
]
# What changes behind the resolver: it reports a refusal, a dead delegation and a CNAME loop
# of its own zone's making as SERVFAIL.
RESOLVER = {
    "refused.test": ("error", "servfail"),
    "dead.parent.test": ("error", "servfail"),
    "loop.test": ("error", "mx-host-lookup-failed"),
}


async def _check(domain: str, ctx: DiagnoseContext, transport: str) -> CheckResult:
    if transport == "resolver":
        return await check_mx(domain, ctx)
    assert ctx.nameserver is not None
    async with BulkDnsClient(*ctx.nameserver, timeout=ctx.timeout) as client:
        ctx.bulk = client
        return await check_mx(domain, ctx)


@pytest.mark.parametrize(("domain", "status", "verdict"), AUTHORITATIVE)
@pytest.mark.parametrize("transport", ["resolver", "bulk"])
@pytest.mark.parametrize("nameserver", ["authoritative", "resolver"])
def test_mx_verdicts(
    ctx: DiagnoseContext,
    bind: Dns,
    domain: str,
    status: str,
    verdict: str,
    transport: str,
    nameserver: str,
) -> None:
    """Both DNS paths (one query at a time, watch's shared socket) judge alike, on both servers."""
    ctx.nameserver = getattr(bind, nameserver).address
    if nameserver == "resolver":
        status, verdict = RESOLVER.get(domain, (status, verdict))
    result = asyncio.run(_check(domain, ctx, transport))
    assert (result.status, result.verdict) == (status, verdict), result.summary.en
    assert result.summary.zh and result.summary.en
    assert result.elapsed_ms > 0


def test_cname_mx_is_followed_into_the_other_zone(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_mx("chain.test", ctx))
    [mx] = result.evidence["mx"]
    assert mx["matched_by"] == "cname"
    assert mx["cname_chain"] == ["mail.chain.test", "alias.hosting.test", "mx01.provider.test"]
    assert mx["addresses"] == ["127.0.0.1"]
    assert "CNAME" in result.summary.en and "经CNAME" in result.summary.zh


def test_truncated_answer_comes_over_tcp(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_mx("big.test", ctx))
    assert len(result.evidence["query"]["records"]) == 31
    assert "by address" in result.summary.en


def test_ip_literal_says_why(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_mx("iplit.test", ctx))
    assert "127.0.0.1" in result.summary.en and "must name a host" in result.summary.en
    assert "主机名" in result.summary.zh
    assert result.evidence["mx"] == [{"preference": 10, "host": "127.0.0.1", "role": "ip-literal"}]
    steps = {s.playbook: s.outcome for s in result.steps}
    assert steps["cannot-receive"] == "elsewhere"


def test_failures_are_named_by_their_rcode(ctx: DiagnoseContext, bind: Dns) -> None:
    refused = asyncio.run(check_mx("refused.test", ctx))
    assert "REFUSED" in refused.summary.en and "SERVFAIL" not in refused.summary.en
    assert refused.evidence["query"]["server"] == "{}:{}".format(*bind.authoritative.address)
    referral = asyncio.run(check_mx("dead.parent.test", ctx))
    assert "ns.dead.parent.test" in referral.summary.en
    assert "add" not in referral.summary.en.lower()  # never "add an MX record"
    ctx.nameserver = bind.resolver.address
    dead = asyncio.run(check_mx("dead.parent.test", ctx))
    assert "SERVFAIL" in dead.summary.en and "delegat" in dead.summary.en
    assert "not a missing MX record" in dead.summary.en
    # A verdict that chooses no outcome leaves the agent to judge.
    assert all(step.outcome is None for step in dead.steps)


def test_timeout_is_an_error(ctx: DiagnoseContext, bind: Dns) -> None:
    ctx = dataclasses.replace(ctx, nameserver=bind.blackhole.address, timeout=0.5)
    result = asyncio.run(check_mx("good.test", ctx))
    assert (result.status, result.verdict) == ("error", "timeout")


def test_idn_is_shown_both_ways(ctx: DiagnoseContext) -> None:
    result = asyncio.run(check_mx("中国.test", ctx))
    assert result.target == "中国.test (xn--fiqs8s.test)"
    assert result.evidence["domain"] == "xn--fiqs8s.test"


def test_mx_names_the_playbook_steps(ctx: DiagnoseContext) -> None:
    ok = asyncio.run(check_mx("good.test", ctx))
    steps = {(s.playbook, s.step): s.outcome for s in ok.steps}
    assert steps[("setup-report-missing", "check-mx")] == "points-to-mx"
    assert steps[("cannot-receive", "check-mx")] == "points-to-us"
    bad = asyncio.run(check_mx("elsewhere.test", ctx))
    assert {s.outcome for s in bad.steps if s.playbook == "cannot-receive"} == {"elsewhere"}
