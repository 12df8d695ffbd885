"""What the SMTP, POP3 and IMAP probes share: resolve, connect, talk line by line, judge.

poplib and imaplib block; these probes run next to many others in one event
loop, so they speak the few commands they need over asyncio streams. A
protocol module supplies the dialog (:class:`Dialog`) and its entry point is a
:class:`LineProbe`; this module handles addresses, connect failures, TLS,
timeouts and password redaction, and the verdicts every probe ends with
(login refused, service ok, no encryption). The same-domain check connects
and reports a broken session through the same helpers.

How TLS is used (``--tls``): ``implicit`` from the first byte, ``starttls``
when the server offers it, ``none`` not at all; by default implicit on the
profile's SSL ports and STARTTLS elsewhere. A certificate the trust store
does not know (a private CA, a self-signed one: usual on a customer's own
server) is not a dead end: the probe runs again without verifying, without
a login (no password goes over a connection it could not verify), and warns
naming the issuer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any

from postdesk.diagnose import certs, dns, texts
from postdesk.diagnose.context import Credentials, DiagnoseContext
from postdesk.diagnose.netio import (
    OUTDATED_PROTOCOL_REASONS,
    ConnectFailed,
    close_stream,
    open_stream,
    plaintext_banner,
)
from postdesk.diagnose.redact import redact
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult, Summary
from postdesk.diagnose.steps import make_result
from postdesk.diagnose.targets import parse_host
from postdesk.profile.schema import Ports

MAX_LINE = 8192


class ProtocolError(Exception):
    """The server said something the probe cannot go on from; ``text`` says what, in zh and en."""

    def __init__(self, key: str, **values: Any) -> None:
        self.text = texts.say(key, **values)
        super().__init__(self.text.en)


class HandshakeTimeout(ssl.SSLError):
    """The TLS handshake (implicit, or after STARTTLS) did not finish within the step timeout."""


class ReplyTimeout(Exception):
    """No complete line within the reply timeout; ``last`` is the line before (None: nothing)."""

    def __init__(self, last: str | None, timeout: float) -> None:
        super().__init__(f"no complete line within {timeout:g} s after {last!r}")
        self.last = last
        self.timeout = timeout


@dataclasses.dataclass(frozen=True)
class Verdict:
    """How a dialog ended: a verdict of the catalogue and the values its text needs."""

    verdict: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict)


class Conversation:
    """One connection's line I/O; upgrades to TLS in place.

    Each read waits ``line_timeout`` from the line before (a multi-line reply
    that continues late, as postscreen's greeting does, is not cut off while
    it keeps coming); writes and the TLS handshake wait ``timeout``.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        host: str,
        timeout: float,
        line_timeout: float,
        tls_context: ssl.SSLContext,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.host = host
        self.timeout = timeout
        self.line_timeout = line_timeout
        self.tls_context = tls_context
        self.last_line: str | None = None

    async def read_line(self) -> str:
        try:
            raw = await asyncio.wait_for(self.reader.readline(), self.line_timeout)
        except TimeoutError:
            raise ReplyTimeout(self.last_line, self.line_timeout) from None
        except ValueError:  # over the stream's limit without a line end
            raise ProtocolError("probe.line-too-long") from None
        if not raw:
            raise ProtocolError("probe.closed")
        self.last_line = raw[:MAX_LINE].decode("utf-8", "replace").rstrip("\r\n")
        return self.last_line

    async def send(self, line: str) -> None:
        self.writer.write(line.encode("utf-8") + b"\r\n")
        await asyncio.wait_for(self.writer.drain(), self.timeout)

    async def start_tls(self) -> None:
        try:
            await asyncio.wait_for(
                self.writer.start_tls(self.tls_context, server_hostname=self.host), self.timeout
            )
        except TimeoutError:
            raise HandshakeTimeout("no TLS handshake within the timeout") from None

    @property
    def tls_version(self) -> str | None:
        ssl_object = self.writer.get_extra_info("ssl_object")
        return ssl_object.version() if ssl_object is not None else None

    def certificate(self) -> dict[str, Any] | None:
        return certs.peer_certificate(self.writer.get_extra_info("ssl_object"), self.host)


Dialog = Callable[[Conversation, dict[str, Any], Credentials | None], Awaitable[Verdict]]


class Unresolved(Exception):
    """The host name has no address; ``addresses`` says why (the resolver's answer)."""

    def __init__(self, found: dns.Addresses) -> None:
        super().__init__(found.host)
        self.found = found


# What a dialog may raise once connected: the server's nonsense, a dropped
# connection, a read past the timeout. Each becomes a verdict of its own.
SESSION_ERRORS = (ProtocolError, ReplyTimeout, OSError, TimeoutError)


async def connect(
    ctx: DiagnoseContext,
    host: str,
    port: int,
    evidence: dict[str, Any],
    *,
    implicit_tls: bool,
    address_key: str,
    tls_context: ssl.SSLContext | None = None,
) -> tuple[Conversation, float]:
    """Resolve ``host`` and connect to its first address: the conversation and connect ms.

    The address goes into ``evidence[address_key]``. Raises :class:`Unresolved`
    (with ``evidence["resolved"]``), :class:`ConnectFailed` (with
    ``evidence["connect"]``) or, for implicit TLS, :class:`ssl.SSLError`.
    """
    found = await dns.addresses(ctx, host)
    if not found.addresses:
        evidence["resolved"] = found.evidence()
        raise Unresolved(found)
    address = found.addresses[0]
    evidence[address_key] = address
    context = tls_context or ctx.tls_context()
    try:
        reader, writer, connect_ms = await open_stream(
            address,
            port,
            ctx.timeout,
            tls=context if implicit_tls else None,
            server_hostname=host,
        )
    except ConnectFailed as err:
        evidence["connect"] = {"state": err.state, "detail": err.detail}
        raise
    talk = Conversation(
        reader,
        writer,
        host=host,
        timeout=ctx.timeout,
        line_timeout=ctx.line_timeout,
        tls_context=context,
    )
    return talk, connect_ms


def unresolved_verdict(found: dns.Addresses, host: str, label: str) -> Verdict:
    """ "not-resolved" when DNS says the name has no address; "dns-failed" when it could not say."""
    verdict = "dns-failed" if found.failed else "not-resolved"
    return Verdict(verdict, {"host": host, "why": dns.status_text(found.status), "label": label})


def connect_verdict(err: ConnectFailed, host: str, port: int, timeout: float) -> Verdict:
    """``connect-refused`` / ``-timeout`` / ``-unreachable`` / ``-error``, each in its own words."""
    return Verdict(
        f"connect-{err.state}",
        {"host": host, "port": port, "timeout": f"{timeout:g}", "detail": err.detail or "-"},
    )


def session_failed(
    err: BaseException, label: str, host: str, port: int, evidence: dict[str, Any]
) -> Verdict:
    """The verdict for a session that broke off; the error goes into evidence."""
    values: dict[str, Any] = {"host": host, "port": port, "label": label}
    if isinstance(err, ReplyTimeout):
        evidence["error"] = f"ReplyTimeout: {err}"
        values["timeout"] = f"{err.timeout:g}"
        if err.last is None:
            return Verdict("no-greeting", values)
        return Verdict("reply-timeout", {**values, "last": err.last[:200]})
    reason = err.text if isinstance(err, ProtocolError) else _os_reason(err)
    evidence["error"] = f"{type(err).__name__}: {err}"
    return Verdict("protocol-error", {**values, "reason": reason})


def _os_reason(err: BaseException) -> Summary:
    if isinstance(err, TimeoutError):
        return texts.say("probe.write-timeout")
    detail = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    return texts.say("probe.connection-error", detail=detail or type(err).__name__)


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
    return Verdict("login-failed", {"host": host, "reply": str(reply)[:300]})


def service_verdict(
    label: str,
    host: str,
    port: int,
    missing: str,
    *,
    encrypted: bool,
    logged_in: bool,
    tls_mode: str,
    mechanisms: str = "",
) -> Verdict:
    """How a session that went through ends: unencrypted ("no-tls", or "plain-as-asked"), else ok.

    ``missing`` names (as a catalogue key of ``probe``) what an unencrypted
    server did not offer; ``mechanisms`` lists its AUTH mechanisms where the
    protocol says them in the greeting (SMTP's EHLO).
    """
    values = {
        "label": label,
        "host": host,
        "port": port,
        "missing": texts.say(f"probe.missing-{missing}"),
        "login": texts.say("probe.login-accepted" if logged_in else "probe.empty"),
        "mechanisms": texts.say("probe.mechanisms", listed=mechanisms)
        if mechanisms
        else texts.say("probe.empty"),
    }
    if not encrypted:
        return Verdict("plain-as-asked" if tls_mode == "none" else "no-tls", values)
    return Verdict("login-ok" if logged_in else "service-ok", values)


def _tls_verdict(err: ssl.SSLError, host: str, port: int) -> Verdict:
    """The verdict for a handshake that failed for a reason other than an unknown issuer."""
    values: dict[str, Any] = {"host": host, "port": port}
    if isinstance(err, HandshakeTimeout):
        return Verdict("tls-failed", {**values, "reason": texts.say("tls-reason.timeout")})
    if isinstance(err, ssl.SSLCertVerificationError):
        reason_name = certs.REASON_OF_CODE.get(err.verify_code or 0)
        values["reason"] = (
            texts.say(f"tls-reason.{reason_name}")
            if reason_name
            else texts.say("tls-reason.other", detail=err.verify_message or str(err))
        )
        return Verdict("tls-failed", values)
    reason = _ssl_reason(err)
    if reason in OUTDATED_PROTOCOL_REASONS:
        return Verdict("tls-outdated", {**values, "reason": reason})
    values["reason"] = texts.say("tls-reason.other", detail=reason)
    return Verdict("tls-failed", values)


def _ssl_reason(err: ssl.SSLError) -> str:
    """OpenSSL's reason name (``TLSV1_ALERT_PROTOCOL_VERSION``), else the message."""
    # An SSLError raised from Python code (HandshakeTimeout) has no reason.
    return getattr(err, "reason", None) or str(err) or type(err).__name__


@dataclasses.dataclass
class _Attempt:
    """One connection's outcome: the verdict, and the verification error that stopped it."""

    verdict: Verdict
    untrusted: ssl.SSLCertVerificationError | None = None


async def _attempt(
    ctx: DiagnoseContext,
    label: str,
    host: str,
    port: int,
    tls_mode: str,
    dialog: Dialog,
    credentials: Credentials | None,
    evidence: dict[str, Any],
    tls_context: ssl.SSLContext,
) -> _Attempt:
    implicit = tls_mode == "implicit"
    try:
        talk, connect_ms = await connect(
            ctx,
            host,
            port,
            evidence,
            implicit_tls=implicit,
            address_key="address",
            tls_context=tls_context,
        )
    except Unresolved as err:
        return _Attempt(unresolved_verdict(err.found, host, label))
    except ConnectFailed as err:
        return _Attempt(connect_verdict(err, host, port, ctx.timeout))
    except ssl.SSLError as err:
        return await _tls_failed(ctx, err, host, port, evidence, implicit=True)
    except TimeoutError:
        # Connected, but the implicit TLS handshake never finished.
        return await _tls_failed(
            ctx, HandshakeTimeout("no TLS handshake"), host, port, evidence, implicit=True
        )
    except OSError as err:  # the connection dropped during the handshake
        reason = texts.say("tls-reason.other", detail=err.strerror or str(err))
        return _Attempt(Verdict("tls-failed", {"host": host, "port": port, "reason": reason}))
    evidence["connect_ms"] = round(connect_ms, 1)
    try:
        verdict = await dialog(talk, evidence, credentials)
        evidence["tls_version"] = talk.tls_version
        if talk.tls_version:
            evidence["certificate"] = talk.certificate()
    except ssl.SSLError as err:
        return await _tls_failed(ctx, err, host, port, evidence, implicit=False)
    except SESSION_ERRORS as err:
        return _Attempt(session_failed(err, label, host, port, evidence))
    finally:
        await close_stream(talk.writer, talk.timeout)
    return _Attempt(verdict)


async def _tls_failed(
    ctx: DiagnoseContext,
    err: ssl.SSLError,
    host: str,
    port: int,
    evidence: dict[str, Any],
    *,
    implicit: bool,
) -> _Attempt:
    verify_message = err.verify_message if isinstance(err, ssl.SSLCertVerificationError) else None
    evidence["tls_error"] = verify_message or _ssl_reason(err)
    if isinstance(err, ssl.SSLCertVerificationError):
        evidence["tls_verify_code"] = err.verify_code
        if certs.trust_problem(err) != "broken":
            return _Attempt(_tls_verdict(err, host, port), untrusted=err)
        return _Attempt(_tls_verdict(err, host, port))
    if implicit and "address" in evidence:
        banner = await plaintext_banner(evidence["address"], port, ctx.timeout)
        if banner is not None:
            evidence["plaintext_banner"] = banner
            return _Attempt(
                Verdict("tls-plaintext", {"host": host, "port": port, "banner": banner[:120]})
            )
    return _Attempt(_tls_verdict(err, host, port))


def _untrusted_verdict(
    first: ssl.SSLCertVerificationError,
    second: Verdict,
    evidence: dict[str, Any],
    label: str,
    host: str,
    port: int,
    tried_login: bool,
) -> Verdict:
    """The verdict after a second run that did not verify: the service's, with the issuer named."""
    cert = evidence.get("certificate") or {}
    if second.verdict not in ("service-ok", "no-tls", "plain-as-asked") or not cert:
        return second
    values: dict[str, Any] = {"host": host, "port": port, "label": label}
    if cert.get("days_to_expiry", 0) < 0:
        return Verdict("tls-failed", {**values, "reason": texts.say("tls-reason.expired")})
    if not cert.get("host_matches", True):
        return Verdict("tls-failed", {**values, "reason": texts.say("tls-reason.name-mismatch")})
    return Verdict(
        certs.trust_problem(first),
        {
            **values,
            "issuer": cert.get("issuer", "?"),
            "login": texts.say("probe.login-not-tried" if tried_login else "probe.empty"),
        },
    )


async def run_line_probe(
    check: str,
    label: str,
    target: str,
    ctx: DiagnoseContext,
    *,
    port: int,
    tls_mode: str,
    dialog: Dialog,
    credentials: Credentials | None,
) -> CheckResult:
    """Connect to ``target:port`` and run ``dialog``; every failure becomes a result."""
    started = time.perf_counter()
    host = parse_host(target)
    evidence: dict[str, Any] = {
        "host": host,
        "port": port,
        "tls_mode": tls_mode,
        "implicit_tls": tls_mode == "implicit",
    }
    attempt = await _attempt(
        ctx, label, host, port, tls_mode, dialog, credentials, evidence, ctx.tls_context()
    )
    verdict = attempt.verdict
    if attempt.untrusted is not None:
        # Once more without verifying, to tell what the service does and whose
        # certificate it shows; never with the password.
        retry = await _attempt(
            ctx, label, host, port, tls_mode, dialog, None, evidence, ctx.reading_tls_context()
        )
        evidence["verified"] = False
        verdict = _untrusted_verdict(
            attempt.untrusted, retry.verdict, evidence, label, host, port, credentials is not None
        )
    key = texts.verdict_key(check, verdict.verdict)
    summary = texts.say(key, **verdict.values)
    return make_result(
        check,
        f"{host}:{port}",
        texts.status_of(key),
        verdict.verdict,
        Summary(zh=redact(summary.zh, credentials), en=redact(summary.en, credentials)),
        redact(evidence, credentials),
        started,
    )


@dataclasses.dataclass(frozen=True)
class LineProbe:
    """A probe's entry point: ``await probe(target, ctx, port=..., credentials=..., tls=...)``.

    ``default_port`` and ``tls_ports`` name fields of the profile's
    :class:`~postdesk.profile.schema.Ports`: the port used when none is given,
    and the ports that speak TLS from the first byte (``--tls`` overrides).
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
        tls: str | None = None,
    ) -> CheckResult:
        ports = ctx.profile.ports
        port = port or getattr(ports, self.default_port)
        if tls is None:
            implicit = port in {getattr(ports, name) for name in self.tls_ports}
            tls = "implicit" if implicit else "starttls"
        return await run_line_probe(
            self.check,
            self.label,
            target,
            ctx,
            port=port,
            tls_mode=tls,
            dialog=self.dialog,
            credentials=credentials,
        )


def probe_spec(
    probe: LineProbe,
    *,
    order: int,
    in_all: Callable[[Any, DiagnoseContext], str] | None = None,
) -> CheckSpec:
    """The registry's entry for a probe: a host, and a port, a login and a TLS mode if given."""

    async def run(target: str, ctx: DiagnoseContext, options: CheckOptions) -> CheckResult:
        return await probe(
            target, ctx, port=options.port, credentials=options.credentials, tls=options.tls
        )

    return CheckSpec(
        name=probe.check,
        target="host",
        run=run,
        order=order,
        options=("port", "credentials", "tls"),
        in_all=in_all,
    )
