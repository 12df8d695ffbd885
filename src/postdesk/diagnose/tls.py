"""The tls check: certificate chain, host name match, days to expiry and protocol version.

Each port gets two handshakes: one that verifies the chain against the trust
store (the system's, or ``--cafile``) to learn whether and why it fails, and
one that accepts any certificate to read it (expiry, names, issuer) even
when it is broken. The host name is matched against the certificate's
subjectAltName (RFC 6125: a wildcard only as the whole left-most label).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import time
from typing import Any

from postdesk.diagnose import dns
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.netio import ConnectFailed, close_stream, open_stream
from postdesk.diagnose.result import CheckResult, Status, worst
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import is_ip, parse_host

EXPIRY_WARN_DAYS = 14
OLD_PROTOCOLS = {"SSLv3", "TLSv1", "TLSv1.1"}


def tls_ports(ctx: DiagnoseContext) -> list[int]:
    """The profile's implicit-TLS ports: SMTPS, POP3S (both), IMAPS."""
    ports = ctx.profile.ports
    return list(
        dict.fromkeys([ports.smtp_ssl, ports.pop3_ssl, ports.pop3_ssl_documented, ports.imap_ssl])
    )


def host_matches(host: str, dns_names: list[str], ip_names: list[str]) -> bool:
    """Whether ``host`` is covered by the certificate's names."""
    if is_ip(host):
        return any(ipaddress.ip_address(host) == ipaddress.ip_address(ip) for ip in ip_names)
    host = host.lower().rstrip(".")
    for pattern in (name.lower().rstrip(".") for name in dns_names):
        if pattern == host:
            return True
        if pattern.startswith("*.") and "." in host:
            first, rest = host.split(".", 1)
            if first and rest == pattern[2:]:
                return True
    return False


def describe_certificate(der: bytes, host: str) -> dict[str, Any]:
    """Subject, issuer, names, validity and host match of a DER certificate."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns_names = san.get_values_for_type(x509.DNSName)
        ip_names = [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        dns_names = [
            str(attr.value) for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        ]
        ip_names = []
    not_after = cert.not_valid_after_utc
    now = dt.datetime.now(dt.UTC)
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "names": dns_names + ip_names,
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": not_after.isoformat(),
        # timedelta.days floors, so an expired certificate counts negative days.
        "days_to_expiry": (not_after - now).days,
        "host_matches": host_matches(host, dns_names, ip_names),
        "self_signed": cert.issuer == cert.subject,
    }


async def _handshake(
    address: str, port: int, host: str, context: ssl.SSLContext, timeout: float
) -> asyncio.StreamWriter:
    _, writer, _ = await open_stream(address, port, timeout, tls=context, server_hostname=host)
    return writer


async def _inspect_port(ctx: DiagnoseContext, host: str, address: str, port: int) -> dict[str, Any]:
    verifying = ctx.tls_context()
    verifying.check_hostname = False  # the name is judged separately, to report both problems
    row: dict[str, Any] = {"port": port}
    try:
        writer = await _handshake(address, port, host, verifying, ctx.timeout)
        await close_stream(writer, ctx.timeout)
        row["chain_valid"] = True
    except ConnectFailed as err:
        row.update(state=err.state, detail=err.detail)
        return row
    except ssl.SSLCertVerificationError as err:
        row["chain_valid"] = False
        row["chain_error"] = err.verify_message or err.reason or str(err)
    except (ssl.SSLError, OSError, TimeoutError) as err:
        row.update(state="no-tls", detail=str(err) or "no TLS handshake")
        return row
    reading = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    reading.check_hostname = False
    reading.verify_mode = ssl.CERT_NONE
    try:
        writer = await _handshake(address, port, host, reading, ctx.timeout)
    except (ConnectFailed, ssl.SSLError, OSError, TimeoutError) as err:
        row.update(state="no-tls", detail=str(err))
        return row
    ssl_object = writer.get_extra_info("ssl_object")
    row["state"] = "open"
    row["protocol"] = ssl_object.version()
    row["cipher"] = ssl_object.cipher()[0]
    der = ssl_object.getpeercert(binary_form=True)
    await close_stream(writer, ctx.timeout)
    if der:
        row["certificate"] = describe_certificate(der, host)
    return row


def _judge_port(row: dict[str, Any]) -> tuple[Status, list[tuple[str, str]]]:
    """Status and (zh, en) problems for one port's row."""
    if row.get("state") != "open":
        return "fail", [(f"{row['port']} 无法建立TLS连接", f"{row['port']}: no TLS connection")]
    cert = row.get("certificate") or {}
    problems: list[tuple[str, str]] = []
    status: Status = "ok"
    days = cert.get("days_to_expiry")
    port = row["port"]
    if days is not None and days < 0:
        problems.append(
            (
                f"{port} 证书已过期（{cert['not_after'][:10]}）",
                f"{port}: certificate expired on {cert['not_after'][:10]}",
            )
        )
        status = "fail"
    elif not row.get("chain_valid"):
        problems.append(
            (
                f"{port} 证书链不受信任：{row.get('chain_error')}",
                f"{port}: chain not trusted: {row.get('chain_error')}",
            )
        )
        status = "fail"
    if cert and not cert.get("host_matches"):
        problems.append(
            (
                f"{port} 证书名称与主机名不符（{', '.join(cert['names'])}）",
                f"{port}: certificate names ({', '.join(cert['names'])}) do not match the host",
            )
        )
        status = "fail"
    if status == "ok" and days is not None and days < EXPIRY_WARN_DAYS:
        problems.append(
            (f"{port} 证书{days}天后到期", f"{port}: certificate expires in {days} days")
        )
        status = "warn"
    if row.get("protocol") in OLD_PROTOCOLS:
        problems.append(
            (
                f"{port} 使用过时协议 {row['protocol']}",
                f"{port}: outdated protocol {row['protocol']}",
            )
        )
        status = worst([status, "warn"])
    return status, problems


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
        return result("fail", "not-resolved", f"无法解析 {host}。", f"Cannot resolve {host}.")
    address = found.addresses[0]
    evidence["address"] = address
    rows = await asyncio.gather(*(_inspect_port(ctx, host, address, port) for port in chosen))
    evidence["ports"] = rows
    judged = [_judge_port(row) for row in rows]
    status = worst([s for s, _ in judged])
    problems = [p for _, ps in judged for p in ps]
    if status == "ok":
        versions = ", ".join(f"{row['port']} {row['protocol']}" for row in rows)
        days = min(row["certificate"]["days_to_expiry"] for row in rows if "certificate" in row)
        return result(
            "ok",
            "valid",
            f"{host} 的SSL证书有效、名称匹配，{days}天后到期（{versions}）。",
            f"The certificates of {host} are valid and match the name; they expire in "
            f"{days} days ({versions}).",
        )
    if any(row.get("certificate", {}).get("days_to_expiry", 0) < 0 for row in rows):
        verdict = "expired"
    elif any(row.get("chain_valid") is False for row in rows):
        verdict = "untrusted"
    elif any("certificate" in row and not row["certificate"]["host_matches"] for row in rows):
        verdict = "name-mismatch"
    elif any(row.get("state") != "open" for row in rows):
        verdict = "unreachable"
    else:
        verdict = "expiring-or-old"
    return result(
        status,
        verdict,
        f"{host} 的SSL连接有问题：" + "；".join(zh for zh, _ in problems) + "。",
        f"TLS problems on {host}: " + "; ".join(en for _, en in problems) + ".",
    )
