"""The mx check: do a domain's MX records lead to the provider's MX (4.0.2, 4.0.10, 4.0.29)?

An MX host counts as the provider's when it is the profile's MX (or overseas
MX) by name, when its name is a CNAME to one, or when every address it
resolves to is one of the provider's MX addresses ("最终地址为263企业邮局的MX
服务器地址", 4.0.10 1)). The overseas layout of 4.0.29 (overseas MX preferred,
main MX as the fallback) is recognised.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Literal

from postdesk.diagnose import dns, texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult, Summary
from postdesk.diagnose.steps import Report, reporter
from postdesk.diagnose.targets import DomainName, is_ip, parse_domain

Role = Literal["main", "overseas", "other"]


@dataclasses.dataclass(frozen=True)
class MxHost:
    preference: int
    host: str
    role: Role
    matched_by: str | None  # "name" | "cname" | "address" | None
    addresses: dns.Addresses


def _parse_mx(record: str) -> tuple[int, str]:
    preference, _, host = record.partition(" ")
    return int(preference), host.rstrip(".").lower()


def classify(ctx: DiagnoseContext, host: str, found: dns.Addresses) -> tuple[Role, str | None]:
    """Whether ``host`` (with its addresses) is the provider's main or overseas MX, and how."""
    hosts = ctx.profile.hosts
    expected = ctx.profile.server_addresses
    roles: list[tuple[Role, str | None, list[str]]] = [("main", hosts.mx, expected.mx)]
    if hosts.mx_overseas:
        roles.append(("overseas", hosts.mx_overseas, expected.mx_overseas))
    for role, name, _ in roles:
        if name and host == name.lower():
            return role, "name"
    for role, name, _ in roles:
        if name and found.canonical_name == name.lower():
            return role, "cname"
    for role, _, addresses in roles:
        if addresses and found.addresses and set(found.addresses) <= set(addresses):
            return role, "address"
    return "other", None


async def check_mx(target: str | DomainName, ctx: DiagnoseContext) -> CheckResult:
    """Look up ``target``'s MX records and say whether mail for it reaches the provider."""
    started = time.perf_counter()
    domain = target if isinstance(target, DomainName) else parse_domain(target)
    answer = await dns.query(ctx, domain.ascii, "MX")
    evidence: dict[str, object] = {"domain": domain.ascii, "display": domain.display}
    evidence["query"] = answer.evidence()
    hosts = ctx.profile.hosts
    result = reporter("mx", domain.shown, evidence, started)

    if answer.status == "noanswer":
        return result("no-mx", domain=domain.shown, mx=hosts.mx)
    if answer.status != "ok":
        # nxdomain, cname-loop, or a look-up that failed: each has its own words.
        return result(
            answer.status, domain=domain.shown, timeout=f"{ctx.timeout:g}", **answer.explained()
        )
    if answer.canonical_name and answer.canonical_name != domain.ascii:
        evidence["domain_cname"] = answer.canonical_name
    records = sorted(_parse_mx(record) for record in answer.records)
    if records == [(0, "")]:
        return result("null-mx", domain=domain.shown)
    # Start every MX host's look-up first so they run together, then collect;
    # watch shares them across domains (most name the same MX host).
    literal = {host for _, host in records if is_ip(host)}
    named = [(preference, host) for preference, host in records if host not in literal]
    for _, host in named:
        dns.addresses_future(ctx, host)
    mx_hosts = []
    for preference, host in named:
        addresses = await dns.addresses(ctx, host)
        role, how = classify(ctx, host, addresses)
        mx_hosts.append(MxHost(preference, host, role, how, addresses))
    literals = [f"{preference} {host}" for preference, host in records if host in literal]
    evidence["mx"] = [
        {
            "preference": mx.preference,
            "host": mx.host,
            "role": mx.role,
            "matched_by": mx.matched_by,
            **{k: v for k, v in mx.addresses.evidence().items() if k not in ("host", "queries")},
        }
        for mx in mx_hosts
    ] + [
        {"preference": preference, "host": host, "role": "ip-literal"}
        for preference, host in records
        if host in literal
    ]
    return _judge(ctx, domain, mx_hosts, literals, result)


def _judge(
    ctx: DiagnoseContext,
    domain: DomainName,
    mx_hosts: list[MxHost],
    literals: list[str],
    result: Report,
) -> CheckResult:
    hosts = ctx.profile.hosts
    limits = ctx.profile.limits
    listed = ", ".join(f"{mx.preference} {mx.host}" for mx in mx_hosts)
    main = [mx for mx in mx_hosts if mx.role == "main"]
    overseas = [mx for mx in mx_hosts if mx.role == "overseas"]
    others = [mx for mx in mx_hosts if mx.role == "other"]
    # An MX host whose look-up failed may be anyone's: nothing can be said of it.
    unknown = [mx for mx in others if mx.addresses.failed]
    if unknown:
        return result(
            "mx-host-lookup-failed",
            domain=domain.shown,
            hosts=_named_statuses(unknown),
        )
    if literals and not main and not overseas:
        return result(
            "ip-literal-mx",
            domain=domain.shown,
            literals=", ".join(literals),
            mx=hosts.mx,
        )
    if not main and not overseas:
        return result("elsewhere", domain=domain.shown, listed=listed, mx=hosts.mx)
    if overseas and not main:
        return result(
            "overseas-without-main",
            domain=domain.shown,
            mx=hosts.mx,
            mx_overseas=hosts.mx_overseas,
            overseas_preference=limits.overseas_mx_preference,
            main_preference=limits.main_mx_preference_with_overseas,
        )
    if others:
        stray = ", ".join(f"{mx.preference} {mx.host}" for mx in others)
        return result("mixed", domain=domain.shown, stray=stray)
    failed = [mx for mx in main + overseas if mx.addresses.failed]
    if failed:
        return result("mx-host-lookup-failed", domain=domain.shown, hosts=_named_statuses(failed))
    unresolved = [mx for mx in main + overseas if not mx.addresses.addresses]
    if unresolved:
        return result(
            "mx-unresolved",
            domain=domain.shown,
            hosts=_named_statuses(unresolved),
        )
    if literals:
        return result("ip-literal-extra", domain=domain.shown, literals=", ".join(literals))
    how = texts.joined(
        (texts.say(f"mx.matched-by-{way}") for way in _ways(mx_hosts)), zh="、", en=", "
    )
    shown_how = texts.say("mx.how", how=how) if how.en else Summary(zh="", en="")
    if overseas:
        best_overseas = min(mx.preference for mx in overseas)
        best_main = min(mx.preference for mx in main)
        values = {
            "domain": domain.shown,
            "mx": hosts.mx,
            "mx_overseas": hosts.mx_overseas,
            "overseas": best_overseas,
            "main": best_main,
            "overseas_preference": limits.overseas_mx_preference,
            "main_preference": limits.main_mx_preference_with_overseas,
            "how": shown_how,
        }
        if best_overseas >= best_main:
            return result("overseas-wrong-order", **values)
        return result("overseas-layout", **values)
    return result(
        "points-to-provider", domain=domain.shown, mx=hosts.mx, how=shown_how, listed=listed
    )


def _ways(mx_hosts: list[MxHost]) -> list[str]:
    """How the provider's MX hosts were recognised, beyond their names (cname, address)."""
    return sorted({mx.matched_by for mx in mx_hosts if mx.matched_by in ("cname", "address")})


def _named_statuses(mx_hosts: list[MxHost]) -> Summary:
    """``host (what its look-up said)`` for each, in both languages."""
    return texts.joined(
        (
            texts.say("mx.host-status", host=mx.host, why=dns.status_text(mx.addresses.status))
            for mx in mx_hosts
        ),
    )


async def _run(
    target: str | DomainName, ctx: DiagnoseContext, options: CheckOptions
) -> CheckResult:
    return await check_mx(target, ctx)


CHECK = CheckSpec(name="mx", target="domain", run=_run, order=10, in_all=lambda domain, ctx: domain)
