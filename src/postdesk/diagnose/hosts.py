"""The hosts check: do the provider's POP, SMTP and MX names resolve to the expected addresses?

4.0.31 lists the addresses; 4.0.9 C has the customer put IPs in place of host
names when the client says it cannot find the host. An answer outside the
expected list, or no answer, points to the customer's DNS (or a hijacking
resolver), not to the provider.
"""

from __future__ import annotations

import asyncio
import time

from postdesk.diagnose import dns
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.result import CheckResult, InvalidTargetError, Summary
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import parse_domain

# Profile host keys this check covers, in the order 4.0.31 lists them.
HOST_KEYS = ("pop", "smtp", "mx", "imap", "mx_overseas")
UNKNOWN = Summary(zh="无结果", en="no answer")


def _selected(ctx: DiagnoseContext, target: str | None) -> dict[str, str]:
    hosts = ctx.profile.hosts.model_dump()
    chosen = {key: hosts[key] for key in HOST_KEYS if hosts.get(key)}
    if not target:
        return chosen
    if target in chosen:
        return {target: chosen[target]}
    name = parse_domain(target).ascii
    for key, host in chosen.items():
        if host.lower() == name:
            return {key: host}
    known = ", ".join(f"{key} ({host})" for key, host in chosen.items())
    raise InvalidTargetError(f"{target!r} is not one of the profile's hosts: {known}")


async def check_hosts(target: str | None, ctx: DiagnoseContext) -> CheckResult:
    """Resolve the profile's hosts (or the one named) and compare with the expected addresses."""
    started = time.perf_counter()
    selected = _selected(ctx, target)
    expected_all = ctx.profile.server_addresses.model_dump()
    found = await asyncio.gather(*(dns.addresses(ctx, host) for host in selected.values()))
    rows = []
    unexpected: list[str] = []
    missing: list[tuple[str, Summary]] = []
    for (key, host), addresses in zip(selected.items(), found, strict=True):
        expected = expected_all.get(key) or []
        stray = [ip for ip in addresses.addresses if expected and ip not in expected]
        rows.append(
            {
                "role": key,
                **addresses.evidence(),
                "expected": expected,
                "unexpected": stray,
            }
        )
        if not addresses.addresses:
            missing.append((host, dns.DNS_STATUS_TEXT.get(addresses.status, UNKNOWN)))
        elif stray:
            unexpected.append(f"{host} -> {', '.join(stray)}")
    evidence = {"hosts": rows}
    shown = target or "profile hosts"

    result = reporter("hosts", shown, evidence, started)

    if missing:
        names_zh = "；".join(f"{host}（{why.zh}）" for host, why in missing)
        names_en = "; ".join(f"{host} ({why.en})" for host, why in missing)
        return result(
            "fail",
            "not-resolved",
            f"无法解析：{names_zh}。请用户把POP3/SMTP服务器换成IP地址再试（4.0.9 C）；"
            "如能收发，则是用户本地DNS的问题，请其联系接入服务提供商。",
            f"Cannot resolve: {names_en}. Have the customer put the IP addresses in place of the "
            "POP3/SMTP host names (4.0.9 C); if mail then works, their local DNS is at fault "
            "and they should contact their access provider.",
        )
    if unexpected:
        listed = "; ".join(unexpected)
        return result(
            "warn",
            "unexpected-address",
            f"解析结果不在服务器列表（4.0.31）中：{listed}。可能是用户DNS解析异常或被劫持。",
            f"Addresses outside the server list (4.0.31): {listed}. The customer's DNS may be "
            "wrong or hijacked.",
        )
    return result(
        "ok",
        "as-expected",
        "POP3/SMTP/MX服务器解析正常，与服务器列表（4.0.31）一致。",
        "The POP3/SMTP/MX hosts resolve to the addresses of the server list (4.0.31).",
    )
