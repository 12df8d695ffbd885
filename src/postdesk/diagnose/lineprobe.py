"""What the POP3 and IMAP probes share: resolve, connect, talk line by line, judge.

poplib and imaplib block; these probes run next to many others in one event
loop, so they speak the few commands they need over asyncio streams. A
protocol module supplies the dialog (:class:`Dialog`); this module handles
addresses, connect failures, TLS errors, timeouts and password redaction.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any

from postdesk.diagnose import dns
from postdesk.diagnose.context import Credentials, DiagnoseContext
from postdesk.diagnose.netio import ConnectFailed, close_stream, open_stream
from postdesk.diagnose.redact import redact
from postdesk.diagnose.result import CheckResult, Status, Summary
from postdesk.diagnose.steps import make_result
from postdesk.diagnose.targets import parse_host

MAX_LINE = 8192


class ProtocolError(Exception):
    """The server said something the probe cannot go on from."""


@dataclasses.dataclass(frozen=True)
class Verdict:
    status: Status
    verdict: str
    zh: str
    en: str


class Conversation:
    """One connection's line I/O with a per-read timeout; upgrades to TLS in place."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        host: str,
        timeout: float,
        tls_context: ssl.SSLContext,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.host = host
        self.timeout = timeout
        self.tls_context = tls_context

    async def read_line(self) -> str:
        raw = await asyncio.wait_for(self.reader.readline(), self.timeout)
        if not raw:
            raise ProtocolError("the server closed the connection")
        return raw[:MAX_LINE].decode("utf-8", "replace").rstrip("\r\n")

    async def send(self, line: str) -> None:
        self.writer.write(line.encode("utf-8") + b"\r\n")
        await asyncio.wait_for(self.writer.drain(), self.timeout)

    async def start_tls(self) -> None:
        await asyncio.wait_for(
            self.writer.start_tls(self.tls_context, server_hostname=self.host), self.timeout
        )

    @property
    def tls_version(self) -> str | None:
        ssl_object = self.writer.get_extra_info("ssl_object")
        return ssl_object.version() if ssl_object is not None else None


Dialog = Callable[[Conversation, dict[str, Any], Credentials | None], Awaitable[Verdict]]


async def run_line_probe(
    check: str,
    label: str,
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int,
    implicit_tls: bool,
    dialog: Dialog,
    credentials: Credentials | None,
) -> CheckResult:
    """Connect to ``target:port`` and run ``dialog``; every failure becomes a result."""
    started = time.perf_counter()
    host = parse_host(target)
    evidence: dict[str, Any] = {"host": host, "port": port, "implicit_tls": implicit_tls}

    def result(status: Status, verdict: str, zh: str, en: str) -> CheckResult:
        return make_result(
            check,
            f"{host}:{port}",
            status,
            verdict,
            Summary(zh=redact(zh, credentials), en=redact(en, credentials)),
            redact(evidence, credentials),
            started,
        )

    found = await dns.addresses(ctx, host)
    if not found.addresses:
        evidence["resolved"] = found.evidence()
        return result(
            "fail",
            "not-resolved",
            f"无法解析 {host}，请检查{label}服务器名称；或请用户改用IP地址再试（4.0.9 C）。",
            f"Cannot resolve {host}; check the {label} server name, or have the customer "
            "use the IP address instead (4.0.9 C).",
        )
    address = found.addresses[0]
    evidence["address"] = address
    tls_context = ctx.tls_context()
    try:
        reader, writer, connect_ms = await open_stream(
            address,
            port,
            ctx.timeout,
            tls=tls_context if implicit_tls else None,
            server_hostname=host,
        )
    except ConnectFailed as err:
        evidence["connect"] = {"state": err.state, "detail": err.detail}
        return result(
            "fail",
            f"connect-{err.state}",
            f"无法连接 {host}:{port}（{err.text.zh}）；"
            "可能是防火墙或其他软件限制了该端口（4.0.9 4)）。",
            f"Cannot connect to {host}:{port} ({err.text.en}); a firewall or other software "
            "may block the port (4.0.9 4)).",
        )
    except ssl.SSLError as err:
        evidence["tls_error"] = err.reason or str(err)
        return _tls_failed(result, host, port, err)
    evidence["connect_ms"] = round(connect_ms, 1)
    talk = Conversation(reader, writer, host=host, timeout=ctx.timeout, tls_context=tls_context)
    try:
        verdict = await dialog(talk, evidence, credentials)
        evidence["tls_version"] = talk.tls_version
    except ssl.SSLError as err:
        evidence["tls_error"] = err.reason or str(err)
        return _tls_failed(result, host, port, err)
    except (ProtocolError, OSError, TimeoutError) as err:
        reason = str(err) or f"no reply within {ctx.timeout:g} s"
        evidence["error"] = f"{type(err).__name__}: {reason}"
        return result(
            "error",
            "protocol-error",
            f"与 {host}:{port} 的{label}会话出错：{reason}",
            f"The {label} session with {host}:{port} failed: {reason}",
        )
    finally:
        await close_stream(writer, talk.timeout)
    return result(verdict.status, verdict.verdict, verdict.zh, verdict.en)


def _tls_failed(result, host: str, port: int, err: ssl.SSLError) -> CheckResult:  # type: ignore[no-untyped-def]
    reason = err.reason or str(err)
    return result(
        "fail",
        "tls-failed",
        f"与 {host}:{port} 建立加密连接失败：{reason}（请运行tls检查）。",
        f"The TLS handshake with {host}:{port} failed: {reason} (run the tls check).",
    )
