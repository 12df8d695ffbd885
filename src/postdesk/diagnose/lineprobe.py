"""What the SMTP, POP3 and IMAP probes share: resolve, connect, talk line by line, judge.

poplib and imaplib block; these probes run next to many others in one event
loop, so they speak the few commands they need over asyncio streams. A
protocol module supplies the dialog (:class:`Dialog`) and its entry point is a
:class:`LineProbe`; this module handles addresses, connect failures, TLS
errors, timeouts and password redaction, and words the verdicts every probe
ends with (login refused, service ok, no encryption). The same-domain check
connects and reports a broken session through the same helpers.
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
from postdesk.profile.schema import Ports

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


class Unresolved(Exception):
    """The host name has no address; the resolver's answer is in the evidence."""


# What a dialog may raise once connected: the server's nonsense, a dropped
# connection, a read past the timeout. Each becomes a "protocol-error" result.
SESSION_ERRORS = (ProtocolError, OSError, TimeoutError)

# The suffixes a summary gets when a login was tried and accepted.
LOGIN_ACCEPTED = ("，登录成功", "; login accepted")


async def connect(
    ctx: DiagnoseContext,
    host: str,
    port: int,
    evidence: dict[str, Any],
    *,
    implicit_tls: bool,
    address_key: str,
) -> tuple[Conversation, float]:
    """Resolve ``host`` and connect to its first address: the conversation and connect ms.

    The address goes into ``evidence[address_key]``. Raises :class:`Unresolved`
    (with ``evidence["resolved"]``), :class:`ConnectFailed` (with
    ``evidence["connect"]``) or, for implicit TLS, :class:`ssl.SSLError`.
    """
    found = await dns.addresses(ctx, host)
    if not found.addresses:
        evidence["resolved"] = found.evidence()
        raise Unresolved(host)
    address = found.addresses[0]
    evidence[address_key] = address
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
        raise
    talk = Conversation(reader, writer, host=host, timeout=ctx.timeout, tls_context=tls_context)
    return talk, connect_ms


def session_failed(
    err: Exception, label: str, host: str, port: int, evidence: dict[str, Any], timeout: float
) -> Verdict:
    """The "protocol-error" verdict for a session that broke off; the error goes into evidence."""
    reason = str(err) or f"no reply within {timeout:g} s"
    evidence["error"] = f"{type(err).__name__}: {reason}"
    return Verdict(
        "error",
        "protocol-error",
        f"与 {host}:{port} 的{label}会话出错：{reason}",
        f"The {label} session with {host}:{port} failed: {reason}",
    )


def record_login(
    evidence: dict[str, Any], credentials: Credentials, *, accepted: bool, reply: str
) -> None:
    """Put a POP3/IMAP login's outcome (never the password) into the evidence."""
    evidence["login"] = {
        "username": credentials.username,
        "result": "accepted" if accepted else "rejected",
        "reply": reply,
    }


def login_failed(host: str, reply: object) -> Verdict:
    """The verdict for a login the server refused, quoting its ``reply`` (4.0.9 B)."""
    return Verdict(
        "fail",
        "login-failed",
        f"{host} 拒绝登录：{reply}。请用户通过WEBMAIL验证用户名和密码（4.0.9 B）。",
        f"{host} rejected the login: {reply}. Have the customer check the user name "
        "and password in webmail (4.0.9 B).",
    )


def service_verdict(
    label: str,
    host: str,
    port: int,
    missing: tuple[str, str],
    *,
    encrypted: bool,
    logged_in: bool,
    detail: tuple[str, str] = ("", ""),
) -> Verdict:
    """How a session that went through ends: "no-tls" (warn) unencrypted, else ok.

    ``missing`` (zh, en) names what an unencrypted server did not offer;
    ``detail`` (zh, en) is added inside the brackets of the encrypted summary.
    """
    zh_logged, en_logged = LOGIN_ACCEPTED if logged_in else ("", "")
    if not encrypted:
        return Verdict(
            "warn",
            "no-tls",
            f"{host}:{port} {label}服务正常，但不支持{missing[0]}{zh_logged}。",
            f"{label} on {host}:{port} answers but offers no {missing[1]}{en_logged}.",
        )
    return Verdict(
        "ok",
        "login-ok" if logged_in else "service-ok",
        f"{host}:{port} {label}服务正常（加密连接{detail[0]}）{zh_logged}。",
        f"{label} on {host}:{port} works (encrypted{detail[1]}){en_logged}.",
    )


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

    def tls_failed(err: ssl.SSLError) -> CheckResult:
        # Implicit TLS fails while connecting, STARTTLS inside the dialog: one verdict for both.
        reason = err.reason or str(err)
        evidence["tls_error"] = reason
        return result(
            "fail",
            "tls-failed",
            f"与 {host}:{port} 建立加密连接失败：{reason}（请运行tls检查）。",
            f"The TLS handshake with {host}:{port} failed: {reason} (run the tls check).",
        )

    try:
        talk, connect_ms = await connect(
            ctx, host, port, evidence, implicit_tls=implicit_tls, address_key="address"
        )
    except Unresolved:
        return result(
            "fail",
            "not-resolved",
            f"无法解析 {host}，请检查{label}服务器名称；或请用户改用IP地址再试（4.0.9 C）。",
            f"Cannot resolve {host}; check the {label} server name, or have the customer "
            "use the IP address instead (4.0.9 C).",
        )
    except ConnectFailed as err:
        return result(
            "fail",
            f"connect-{err.state}",
            f"无法连接 {host}:{port}（{err.text.zh}）；"
            "可能是防火墙或其他软件限制了该端口（4.0.9 4)）。",
            f"Cannot connect to {host}:{port} ({err.text.en}); a firewall or other software "
            "may block the port (4.0.9 4)).",
        )
    except ssl.SSLError as err:
        return tls_failed(err)
    evidence["connect_ms"] = round(connect_ms, 1)
    try:
        verdict = await dialog(talk, evidence, credentials)
        evidence["tls_version"] = talk.tls_version
    except ssl.SSLError as err:
        return tls_failed(err)
    except SESSION_ERRORS as err:
        failed = session_failed(err, label, host, port, evidence, ctx.timeout)
        return result(failed.status, failed.verdict, failed.zh, failed.en)
    finally:
        await close_stream(talk.writer, talk.timeout)
    return result(verdict.status, verdict.verdict, verdict.zh, verdict.en)


@dataclasses.dataclass(frozen=True)
class LineProbe:
    """A probe's entry point: ``await probe(target, ctx, port=..., credentials=...)``.

    ``default_port`` and ``tls_ports`` name fields of the profile's
    :class:`~postdesk.profile.schema.Ports`: the port used when none is given,
    and the ports that speak TLS from the first byte.
    """

    check: str
    label: str
    dialog: Dialog
    default_port: str
    tls_ports: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = {self.default_port, *self.tls_ports} - set(Ports.model_fields)
        if unknown:
            raise ValueError(f"{self.check}: no such profile ports: {sorted(unknown)}")

    async def __call__(
        self,
        target: str,
        ctx: DiagnoseContext,
        *,
        port: int | None = None,
        credentials: Credentials | None = None,
    ) -> CheckResult:
        ports = ctx.profile.ports
        port = port or getattr(ports, self.default_port)
        return await run_line_probe(
            self.check,
            self.label,
            target,
            ctx,
            port=port,
            implicit_tls=port in {getattr(ports, name) for name in self.tls_ports},
            dialog=self.dialog,
            credentials=credentials,
        )
