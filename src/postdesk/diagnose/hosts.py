"""The hosts check: do the provider's POP, SMTP and MX names resolve to the expected addresses?

4.0.31 lists the addresses; 4.0.9 C has the customer put IPs in place of host
names when the client says it cannot find the host. An answer outside the
expected list, or no answer, points to the customer's DNS (or a hijacking
resolver), not to the provider. Every host that differs is named; a host
whose look-up failed (timeout, SERVFAIL) is reported as not checked, never
as "cannot be resolved"; a host given with ``--resolve`` is not judged.
"""

from __future__ import annotations

import asyncio
import time

from postdesk.diagnose import dns, texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult, InvalidTargetError, Summary
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import parse_domain

# Profile host keys this check covers, in the order 4.0.31 lists them.
HOST_KEYS = ("pop", "smtp", "mx", "imap", "mx_overseas")


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
    raise InvalidTargetError(key="host_not_in_profile", target=target, known=known)


async def check_hosts(target: str | None, ctx: DiagnoseContext) -> CheckResult:
    """Resolve the profile's hosts (or the one named) and compare with the expected addresses."""
    started = time.perf_counter()
    selected = _selected(ctx, target)
    expected_all = ctx.profile.server_addresses.model_dump()
    # Addresses given with --resolve are the operator's choice (to reach a test
    # or private server): nothing to judge in them.
    asked = {key: host for key, host in selected.items() if host.lower() not in ctx.overrides}
    found = await asyncio.gather(*(dns.addresses(ctx, host) for host in asked.values()))
    rows: list[dict[str, object]] = []
    matching: list[str] = []
    unexpected: list[str] = []
    missing: list[Summary] = []
    failed: list[Summary] = []
    for (key, host), addresses in zip(asked.items(), found, strict=True):
        expected = expected_all.get(key) or []
        stray = [ip for ip in addresses.addresses if expected and ip not in expected]
        rows.append(
            {"role": key, **addresses.evidence(), "expected": expected, "unexpected": stray}
        )
        why = dns.status_text(addresses.status)
        if addresses.failed:
            failed.append(texts.say("hosts.host-status", host=host, why=why))
        elif not addresses.addresses:
            missing.append(texts.say("hosts.host-status", host=host, why=why))
        elif stray:
            unexpected.append(f"{host} -> {', '.join(stray)}")
        else:
            matching.append(host)
    overridden = [host for key, host in selected.items() if key not in asked]
    rows += [
        {"role": key, "host": host, "source": "override", "judged": False}
        for key, host in selected.items()
        if key not in asked
    ]
    evidence = {"hosts": rows}
    parts = []
    if missing:
        parts.append(texts.say("hosts.part-missing", hosts=texts.joined(missing)))
    if unexpected:
        parts.append(texts.say("hosts.part-unexpected", hosts="; ".join(unexpected)))
    if failed:
        parts.append(texts.say("hosts.part-failed", hosts=texts.joined(failed)))
    if matching:
        parts.append(texts.say("hosts.part-ok", hosts=", ".join(matching)))
    if overridden:
        parts.append(texts.say("hosts.part-overridden", hosts=", ".join(overridden)))
    findings = texts.joined(parts)
    result = reporter("hosts", target or "profile hosts", evidence, started)
    if missing:
        return result("not-resolved", findings=findings)
    if unexpected:
        return result("unexpected-address", findings=findings)
    if failed:
        return result("lookup-failed", findings=findings)
    if not asked:
        return result("all-overridden", findings=findings)
    return result("as-expected", findings=findings)


async def _run(target: str, ctx: DiagnoseContext, options: CheckOptions) -> CheckResult:
    return await check_hosts(target or None, ctx)


CHECK = CheckSpec(
    name="hosts", target="profile-host", run=_run, order=20, in_all=lambda domain, ctx: ""
)
