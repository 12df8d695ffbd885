"""The ports check: can a TCP connection be opened to the mail ports ("telnet HOST 25", 4.0.9 4))?

Each port ends as open, refused (the host answered with a reset: nothing
listens or a firewall rejects), timeout (no answer: a firewall drops the
packets) or unreachable (no route to the host or network); telling them
apart tells the agent where the block is.
"""

from __future__ import annotations

import asyncio
import time

from postdesk.diagnose import dns, texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.netio import (
    ConnectFailed,
    forbidden_network,
    forbidden_networks,
    open_socket,
    port_state_text,
)
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import parse_host


def mail_ports(ctx: DiagnoseContext) -> list[int]:
    """The profile's mail ports: SMTP, submission, SMTPS, POP3, POP3S (both), IMAP, IMAPS."""
    ports = ctx.profile.ports
    wanted = [
        ports.smtp,
        ports.pop3,
        ports.imap,
        ports.smtp_ssl,
        ports.submission,
        ports.imap_ssl,
        ports.pop3_ssl,
        ports.pop3_ssl_documented,
    ]
    return list(dict.fromkeys(wanted))


async def connect_state(address: str, port: int, timeout: float) -> tuple[str, float, str | None]:
    """``(state, connect_ms, detail)`` for one TCP connect to ``address:port``."""
    started = time.perf_counter()
    try:
        sock, connect_ms = await open_socket(address, port, timeout)
    except ConnectFailed as err:
        # Only an OS error has more to say than its state; a timeout is the run's own.
        detail = err.detail if err.state in ("unreachable", "error") else None
        return err.state, (time.perf_counter() - started) * 1000, detail
    sock.close()
    return "open", connect_ms, None


async def check_ports(
    target: str, ctx: DiagnoseContext, ports: list[int] | None = None
) -> CheckResult:
    """Try a TCP connection to each of ``ports`` (default: the profile's mail ports)."""
    started = time.perf_counter()
    host = parse_host(target)
    chosen = ports or mail_ports(ctx)
    found = await dns.addresses(ctx, host)
    evidence: dict[str, object] = {"host": host, "resolved": found.evidence()}
    result = reporter("ports", host, evidence, started)

    if not found.addresses:
        verdict = "dns-failed" if found.failed else "not-resolved"
        return result(verdict, host=host, why=dns.status_text(found.status))
    address = found.addresses[0]
    evidence["address"] = address
    if forbidden_network(address, forbidden_networks.get()) is not None:
        return result("connect-forbidden", host=host)
    states = await asyncio.gather(*(connect_state(address, port, ctx.timeout) for port in chosen))
    evidence["ports"] = [
        {"port": port, "state": state, "connect_ms": round(ms, 1), **({"detail": d} if d else {})}
        for port, (state, ms, d) in zip(chosen, states, strict=True)
    ]
    closed = [
        (port, state) for port, (state, _, _) in zip(chosen, states, strict=True) if state != "open"
    ]
    if not closed:
        listed = ", ".join(str(port) for port in chosen)
        return result("all-open", host=host, address=address, ports=listed)
    states_text = texts.joined(
        (
            texts.say("ports.port-state", port=port, state=port_state_text(state))
            for port, state in closed
        ),
        zh="，",
        en=", ",
    )
    if len(closed) == len(chosen):
        return result(
            "all-closed",
            host=host,
            address=address,
            states=states_text,
            reference=ctx.profile.hosts.reference_smtp,
        )
    return result("some-closed", host=host, address=address, states=states_text)


async def _run(target: str, ctx: DiagnoseContext, options: CheckOptions) -> CheckResult:
    return await check_ports(target, ctx, [options.port] if options.port else None)


CHECK = CheckSpec(name="ports", target="host", run=_run, order=30, options=("port",))
