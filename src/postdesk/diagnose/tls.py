"""The tls check: certificate chain, host name match, days to expiry and protocol version.

Each port (implicit TLS: the profile's SSL ports) gets a handshake that
verifies the chain against the trust store (the system's, or ``--cafile``)
as a modern client does, and one that accepts any certificate and protocol
down to TLS 1.0, to read the certificate (expiry, names, issuer) and the
protocol even when they are broken or outdated (see
``DiagnoseContext.legacy_tls_context``). A port that answers in plaintext,
refuses the connection or drops it is named as such. A certificate from a
CA the trust store does not hold (a private CA, or self-signed) is a
warning naming its issuer: usual on a customer's own server.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from typing import Any

from postdesk.diagnose import certs, dns, texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.netio import (
    ConnectFailed,
    close_stream,
    forbidden_network,
    forbidden_networks,
    open_stream,
    plaintext_banner,
)
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import parse_host

EXPIRY_WARN_DAYS = 14
OLD_PROTOCOLS = {"SSLv3", "TLSv1", "TLSv1.1"}


def tls_ports(ctx: DiagnoseContext) -> list[int]:
    """The profile's implicit-TLS ports: SMTPS, POP3S (both), IMAPS."""
    ports = ctx.profile.ports
    return list(
        dict.fromkeys([ports.smtp_ssl, ports.pop3_ssl, ports.pop3_ssl_documented, ports.imap_ssl])
    )


async def _handshake(
    address: str, port: int, host: str, context: ssl.SSLContext, timeout: float
) -> asyncio.StreamWriter:
    _, writer, _ = await open_stream(address, port, timeout, tls=context, server_hostname=host)
    return writer


HANDSHAKE_ERRORS = (ssl.SSLError, OSError, TimeoutError)


async def _verify(
    ctx: DiagnoseContext, host: str, address: str, port: int, context: ssl.SSLContext
) -> dict[str, Any]:
    """One verifying handshake: ``chain_valid`` and why not, or the connect/TLS failure."""
    context.check_hostname = False  # the name is judged separately, to report both problems
    try:
        writer = await _handshake(address, port, host, context, ctx.timeout)
    except ConnectFailed as err:
        return {"state": err.state, "detail": err.detail}
    except ssl.SSLCertVerificationError as err:
        return {
            "chain_valid": False,
            "chain_error": err.verify_message or err.reason or str(err),
            "trust": certs.trust_problem(err),
        }
    except HANDSHAKE_ERRORS as err:
        return {"handshake_error": _reason(err)}
    await close_stream(writer, ctx.timeout)
    return {"chain_valid": True}


def _reason(err: BaseException) -> str:
    if isinstance(err, ssl.SSLError):
        return getattr(err, "reason", None) or str(err)
    return str(err) or type(err).__name__


async def _inspect_port(ctx: DiagnoseContext, host: str, address: str, port: int) -> dict[str, Any]:
    """Everything one port tells: its chain, its certificate, its protocol, or why it has none.

    A modern verifying handshake first (what clients do); then one that
    accepts any certificate and TLS down to 1.0, to read the certificate and
    the protocol even when they are broken or outdated; when only the second
    gets through, the chain is verified once more at that protocol.
    """
    row: dict[str, Any] = {"port": port}
    modern = await _verify(ctx, host, address, port, ctx.tls_context())
    if "state" in modern:
        row.update(modern)
        return row
    try:
        writer = await _handshake(
            address, port, host, ctx.legacy_tls_context(verify=False), ctx.timeout
        )
    except ConnectFailed as err:
        row.update(state=err.state, detail=err.detail)
        return row
    except HANDSHAKE_ERRORS as err:
        banner = await plaintext_banner(address, port, ctx.timeout)
        if banner is not None:
            row.update(state="plaintext", banner=banner[:120])
        else:
            row.update(state="no-tls", detail=modern.get("handshake_error") or _reason(err))
        return row
    ssl_object = writer.get_extra_info("ssl_object")
    row["state"] = "open"
    row["protocol"] = ssl_object.version()
    row["cipher"] = ssl_object.cipher()[0]
    row["certificate"] = certs.peer_certificate(ssl_object, host)
    await close_stream(writer, ctx.timeout)
    if "handshake_error" in modern:
        # Only the old protocols got through: what a modern client met, then the
        # chain as seen at the protocol the server does speak.
        row["modern_client_error"] = modern["handshake_error"]
        legacy = await _verify(ctx, host, address, port, ctx.legacy_tls_context(verify=True))
        row.update({k: v for k, v in legacy.items() if k != "handshake_error"})
    else:
        row.update(modern)
    return row


# Per-port problems from the most serious down; the result's verdict is the first found.
PROBLEM_ORDER = (
    "refused",
    "timeout",
    "unreachable",
    "error",
    "plaintext",
    "no-tls",
    "expired",
    "not-yet-valid",
    "name-mismatch",
    "untrusted",
    "self-signed",
    "private-ca",
    "outdated-protocol",
    "expiring",
)


def _problems(row: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The problems of one port: (kind, values for ``tls.problem-<kind>``)."""
    port = row["port"]
    state = row.get("state")
    if state != "open":
        kind = state if state in PROBLEM_ORDER else "error"
        return [
            (
                kind,
                {"port": port, "detail": row.get("detail") or "-", "banner": row.get("banner")},
            )
        ]
    cert = row.get("certificate") or {}
    found: list[tuple[str, dict[str, Any]]] = []
    days = cert.get("days_to_expiry")
    if days is not None and days < 0:
        found.append(("expired", {"port": port, "date": cert["not_after"][:10]}))
    elif cert.get("not_yet_valid"):
        found.append(("not-yet-valid", {"port": port, "date": cert["not_before"][:10]}))
    elif row.get("chain_valid") is False:
        trust = row.get("trust", "broken")
        kind = trust if trust in ("self-signed", "private-ca") else "untrusted"
        found.append(
            (
                kind,
                {"port": port, "issuer": cert.get("issuer", "?"), "error": row.get("chain_error")},
            )
        )
    if cert and not cert.get("host_matches"):
        found.append(("name-mismatch", {"port": port, "names": ", ".join(cert["names"])}))
    if days is not None and 0 <= days < EXPIRY_WARN_DAYS:
        found.append(("expiring", {"port": port, "days": days}))
    if row.get("protocol") in OLD_PROTOCOLS:
        found.append(("outdated-protocol", {"port": port, "protocol": row["protocol"]}))
    return found


async def check_tls(
    target: str, ctx: DiagnoseContext, ports: list[int] | None = None
) -> CheckResult:
    """Inspect the TLS service of ``target`` on ``ports`` (default: the profile's SSL ports)."""
    started = time.perf_counter()
    host = parse_host(target)
    chosen = ports or tls_ports(ctx)
    evidence: dict[str, Any] = {"host": host}
    result = reporter("tls", host, evidence, started)

    found = await dns.addresses(ctx, host)
    if not found.addresses:
        evidence["resolved"] = found.evidence()
        verdict = "dns-failed" if found.failed else "not-resolved"
        return result(verdict, host=host, why=dns.status_text(found.status), label="TLS")
    address = found.addresses[0]
    evidence["address"] = address
    if forbidden_network(address, forbidden_networks.get()) is not None:
        return result("connect-forbidden", host=host)
    rows = await asyncio.gather(*(_inspect_port(ctx, host, address, port) for port in chosen))
    evidence["ports"] = rows
    problems = [problem for row in rows for problem in _problems(row)]
    if not problems:
        versions = ", ".join(f"{row['port']} {row['protocol']}" for row in rows)
        days = min(row["certificate"]["days_to_expiry"] for row in rows if row.get("certificate"))
        return result("valid", host=host, days=days, versions=versions)
    lead = min(problems, key=lambda problem: PROBLEM_ORDER.index(problem[0]))[0]
    listed = texts.joined(texts.say(f"tls.problem-{kind}", **values) for kind, values in problems)
    return result(lead, host=host, problems=listed)


async def _run(target: str, ctx: DiagnoseContext, options: CheckOptions) -> CheckResult:
    return await check_tls(target, ctx, [options.port] if options.port else None)


CHECK = CheckSpec(name="tls", target="host", run=_run, order=70, options=("port",))
