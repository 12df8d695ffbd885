"""The checks by name, as the CLI and the API call them: ``run_check("mx", "example.com", ctx)``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from postdesk.diagnose.context import Credentials, DiagnoseContext
from postdesk.diagnose.result import CheckResult, ForbiddenTargetError, InvalidTargetError

CHECK_NAMES = (
    "mx",
    "hosts",
    "ports",
    "smtp",
    "pop3",
    "imap",
    "tls",
    "same-domain-auth",
    "dnsbl",
    "auth-records",
    "all",
)


async def run_check(
    name: str,
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int | None = None,
    credentials: Credentials | None = None,
    zones: list[str] | None = None,
) -> tuple[list[CheckResult], Any]:
    """Run check ``name`` on ``target``: its results, and for ``all`` the overall summary.

    No probe connects to an address in ``ctx.forbidden_networks``.
    """
    from postdesk.diagnose.netio import forbidden_network, forbidden_networks

    if ctx.forbidden_networks:
        network = forbidden_network(target.strip("[]"), ctx.forbidden_networks)
        if network is not None:
            raise ForbiddenTargetError(
                key="diagnose_target_forbidden", target=target, network=str(network)
            )
    token = forbidden_networks.set(ctx.forbidden_networks)
    try:
        return await _run_check(name, target, ctx, port=port, credentials=credentials, zones=zones)
    finally:
        forbidden_networks.reset(token)


async def _run_check(
    name: str,
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int | None,
    credentials: Credentials | None,
    zones: list[str] | None,
) -> tuple[list[CheckResult], Any]:
    from postdesk.diagnose import (
        auth_records,
        dnsbl,
        hosts,
        imap,
        mx,
        pop3,
        ports,
        run_all,
        same_domain,
        smtp,
        tls,
    )

    if name == "all":
        return await run_all.run_all(target, ctx)
    one_port = [port] if port else None
    runners: dict[str, Callable[[], Awaitable[CheckResult]]] = {
        "mx": lambda: mx.check_mx(target, ctx),
        "hosts": lambda: hosts.check_hosts(target or None, ctx),
        "ports": lambda: ports.check_ports(target, ctx, one_port),
        "smtp": lambda: smtp.check_smtp(target, ctx, port=port, credentials=credentials),
        "pop3": lambda: pop3.check_pop3(target, ctx, port=port, credentials=credentials),
        "imap": lambda: imap.check_imap(target, ctx, port=port, credentials=credentials),
        "tls": lambda: tls.check_tls(target, ctx, one_port),
        "same-domain-auth": lambda: same_domain.check_same_domain(target, ctx, port=port),
        "dnsbl": lambda: dnsbl.check_dnsbl(target, ctx, zones),
        "auth-records": lambda: auth_records.check_auth_records(target, ctx),
    }
    if name not in runners:
        raise InvalidTargetError(f"unknown check {name!r}; choose one of: {', '.join(CHECK_NAMES)}")
    return [await bounded(name, target, ctx, runners[name]())], None


# Every network step has ctx.timeout; a whole check (connect, greeting, TLS,
# a few commands) gets this many of them before it is cut off.
CHECK_BUDGET_STEPS = 6


async def bounded(
    name: str, target: str, ctx: DiagnoseContext, run: Awaitable[CheckResult]
) -> CheckResult:
    """``run``, or an ``error`` result if the whole check outlasts its budget."""
    import asyncio
    import time

    from postdesk.diagnose.result import Summary
    from postdesk.diagnose.steps import make_result

    started = time.perf_counter()
    budget = ctx.timeout * CHECK_BUDGET_STEPS
    try:
        return await asyncio.wait_for(run, budget)
    except TimeoutError:
        return make_result(
            name,
            target,
            "error",
            "check-timeout",
            Summary(
                zh=f"{name} 检查在 {budget:g} 秒内没有完成。",
                en=f"The {name} check did not finish within {budget:g} s.",
            ),
            {"budget_s": budget},
            started,
        )
