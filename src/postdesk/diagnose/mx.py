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

from postdesk.diagnose import dns
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.result import CheckResult
from postdesk.diagnose.steps import Report, reporter
from postdesk.diagnose.targets import DomainName, parse_domain

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
    provider_mx = ctx.profile.hosts.mx

    result = reporter("mx", domain.shown, evidence, started)

    if answer.status == "nxdomain":
        return result(
            "fail",
            "nxdomain",
            f"域名 {domain.shown} 不存在（NXDOMAIN）：可能尚未注册或已过期，邮件无法投递。",
            f"The domain {domain.shown} does not exist (NXDOMAIN): not registered yet or "
            "expired; no mail can be delivered to it.",
        )
    if answer.status == "noanswer":
        return result(
            "fail",
            "no-mx",
            f"域名 {domain.shown} 没有MX记录；"
            f"请用户在域名DNS服务商处添加指向 {provider_mx} 的MX记录。",
            f"The domain {domain.shown} has no MX record; the customer must add one pointing "
            f"to {provider_mx} at their DNS provider.",
        )
    if answer.status != "ok":
        what = dns.DNS_STATUS_TEXT[answer.status]
        return result(
            "error",
            answer.status,
            f"无法查询 {domain.shown} 的MX记录：{what.zh}。请稍后重试或换一个DNS服务器查询。",
            f"Could not look up the MX records of {domain.shown}: {what.en}. "
            "Try again later or ask another nameserver.",
        )
    if answer.canonical_name and answer.canonical_name != domain.ascii:
        evidence["domain_cname"] = answer.canonical_name
    records = sorted(_parse_mx(record) for record in answer.records)
    if records == [(0, "")]:
        return result(
            "fail",
            "null-mx",
            f'域名 {domain.shown} 声明不收邮件（空MX记录 "0 ."）。',
            f'The domain {domain.shown} declares it accepts no mail (null MX "0 .").',
        )
    # Start every MX host's look-up first so they run together, then collect;
    # watch shares them across domains (most name the same MX host).
    for _, host in records:
        dns.addresses_future(ctx, host)
    found = [await dns.addresses(ctx, host) for _, host in records]
    mx_hosts = []
    for (preference, host), addresses in zip(records, found, strict=True):
        role, how = classify(ctx, host, addresses)
        mx_hosts.append(MxHost(preference, host, role, how, addresses))
    evidence["mx"] = [
        {
            "preference": mx.preference,
            "host": mx.host,
            "role": mx.role,
            "matched_by": mx.matched_by,
            **{k: v for k, v in mx.addresses.evidence().items() if k not in ("host", "queries")},
        }
        for mx in mx_hosts
    ]
    return _judge(ctx, domain, mx_hosts, result)


def _judge(
    ctx: DiagnoseContext, domain: DomainName, mx_hosts: list[MxHost], result: Report
) -> CheckResult:
    hosts = ctx.profile.hosts
    limits = ctx.profile.limits
    listed = ", ".join(f"{mx.preference} {mx.host}" for mx in mx_hosts)
    main = [mx for mx in mx_hosts if mx.role == "main"]
    overseas = [mx for mx in mx_hosts if mx.role == "overseas"]
    others = [mx for mx in mx_hosts if mx.role == "other"]
    unresolved = [mx.host for mx in mx_hosts if mx.role != "other" and not mx.addresses.addresses]
    via = sorted({mx.matched_by for mx in mx_hosts if mx.matched_by in ("cname", "address")})
    via_zh = {"cname": "经CNAME", "address": "按IP地址"}
    via_en = {"cname": "via a CNAME", "address": "by address"}
    how_zh = "（" + "、".join(via_zh[v] for v in via) + "）" if via else ""
    how_en = " (" + ", ".join(via_en[v] for v in via) + ")" if via else ""

    if not main and not overseas:
        return result(
            "fail",
            "elsewhere",
            f"{domain.shown} 的MX记录（{listed}）没有指向 {hosts.mx}；"
            "请用户联系其域名DNS服务商修改。",
            f"The MX records of {domain.shown} ({listed}) do not point to {hosts.mx}; the "
            "customer must have their DNS provider change them.",
        )
    if overseas and not main:
        return result(
            "warn",
            "overseas-without-main",
            f"{domain.shown} 只有海外MX {hosts.mx_overseas}，缺少指向 {hosts.mx} 的MX记录"
            f"（4.0.29要求两条：{hosts.mx_overseas} 优先级{limits.overseas_mx_preference}，"
            f"{hosts.mx} 优先级{limits.main_mx_preference_with_overseas}）。",
            f"{domain.shown} has only the overseas MX {hosts.mx_overseas} and no MX for "
            f"{hosts.mx} (4.0.29 needs both: {hosts.mx_overseas} at preference "
            f"{limits.overseas_mx_preference}, {hosts.mx} at "
            f"{limits.main_mx_preference_with_overseas}).",
        )
    if others:
        stray = ", ".join(f"{mx.preference} {mx.host}" for mx in others)
        return result(
            "warn",
            "mixed",
            f"{domain.shown} 的MX记录中除了我们的服务器外还有其他服务器（{stray}）；"
            "部分邮件可能被投递到那里。",
            f"Besides the provider's servers, {domain.shown} lists other MX hosts ({stray}); "
            "some mail may be delivered there.",
        )
    if unresolved:
        names = ", ".join(unresolved)
        return result(
            "warn",
            "mx-unresolved",
            f"{domain.shown} 的MX指向我们的服务器，但 {names} 现在解析不到地址。",
            f"The MX of {domain.shown} points to the provider, but {names} resolves to no "
            "address right now.",
        )
    if overseas:
        best_overseas = min(mx.preference for mx in overseas)
        best_main = min(mx.preference for mx in main)
        if best_overseas >= best_main:
            return result(
                "warn",
                "overseas-wrong-order",
                f"{domain.shown} 使用海外中转，但海外MX的优先级数值（{best_overseas}）不小于主MX"
                f"（{best_main}）；4.0.29建议海外MX为{limits.overseas_mx_preference}，"
                f"主MX为{limits.main_mx_preference_with_overseas}。",
                f"{domain.shown} uses the overseas relay, but the overseas MX preference "
                f"({best_overseas}) is not lower than the main MX's ({best_main}); 4.0.29 "
                f"recommends {limits.overseas_mx_preference} for the overseas MX and "
                f"{limits.main_mx_preference_with_overseas} for the main one.",
            )
        return result(
            "ok",
            "overseas-layout",
            f"{domain.shown} 按4.0.29的海外中转方式设置："
            f"海外MX {hosts.mx_overseas}（{best_overseas}）"
            f"优先，主MX {hosts.mx}（{best_main}）备用{how_zh}。",
            f"{domain.shown} uses the overseas layout of 4.0.29: overseas MX "
            f"{hosts.mx_overseas} ({best_overseas}) first, main MX {hosts.mx} ({best_main}) "
            f"as fallback{how_en}.",
        )
    return result(
        "ok",
        "points-to-provider",
        f"{domain.shown} 的MX记录已指向 {hosts.mx}{how_zh}：{listed}。",
        f"The MX records of {domain.shown} point to {hosts.mx}{how_en}: {listed}.",
    )
