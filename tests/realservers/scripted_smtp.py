"""A remote SMTP server (aiosmtpd) that answers what the test scripts, and a capture server.

``ScriptedSMTP`` stands for "the remote side" of a real mail system under test: at each stage of
the dialog (greeting, HELO/EHLO, MAIL, RCPT, DATA, end of DATA) it answers a chosen ``Reply``
(code, enhanced status, text, several lines), or stalls (the client's timeout fires), or the port
refuses connections altogether (``mode="refuse"``: nothing listens) or drops them right after
accepting (``mode="drop"``). It records every session: the commands, the replies it sent, and the
messages it accepted. With no script it accepts everything: that is ``CaptureSMTP``.

A stage's script is one ``Reply`` (every time), a list (one item per occurrence, in order, across
sessions; ``None`` = the normal answer; after the list, normal answers), or a function of the
command's argument (an address for MAIL/RCPT, the host name for HELO/EHLO, the message bytes at
END_OF_DATA) that returns a ``Reply`` or ``None``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.realservers.errors import ServerError
from tests.realservers.sandbox import free_port

STALL_SECONDS = 3600.0


class Stage(Enum):
    GREETING = "greeting"
    HELO = "helo"  # HELO and EHLO
    MAIL = "mail"
    RCPT = "rcpt"
    DATA = "data"  # the DATA command itself (instead of 354)
    END_OF_DATA = "end_of_data"  # after the final "."


@dataclass(frozen=True)
class Reply:
    """An SMTP reply. ``text`` may hold several lines ("\\n"); each is sent as
    ``code-status line`` and the last as ``code status line`` (RFC 5321 4.2, RFC 3463)."""

    code: int
    text: str = ""
    status: str | None = None

    def lines(self) -> list[str]:
        texts = self.text.split("\n") if self.text else [""]
        prefix = f"{self.status} " if self.status else ""
        rendered = []
        for number, line in enumerate(texts):
            separator = " " if number == len(texts) - 1 else "-"
            rendered.append(f"{self.code}{separator}{prefix}{line}".rstrip())
        return rendered

    def render(self) -> str:
        return "\r\n".join(self.lines())


STALL = Reply(0, "stall")  # as a script item: say nothing, keep the connection open

Script = Reply | Sequence[Reply | None] | Callable[[Any], Reply | None]


@dataclass
class SessionRecord:
    """One connection: who connected, each command line's verb and argument, each reply sent."""

    peer: tuple[str, int]
    commands: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Received:
    """A message the server accepted: envelope and the exact bytes after DATA."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    peer: tuple[str, int]


class _Scripts:
    """Which reply each stage gives at its n-th occurrence (thread-safe: one server, many
    sessions)."""

    def __init__(self, scripts: Mapping[Stage, Script]) -> None:
        self._scripts = dict(scripts)
        self._counts: dict[Stage, int] = {}
        self._lock = threading.Lock()

    def pick(self, stage: Stage, argument: Any) -> Reply | None:
        script = self._scripts.get(stage)
        if script is None:
            return None
        if isinstance(script, Reply):
            return script
        if callable(script):
            return script(argument)
        with self._lock:
            index = self._counts.get(stage, 0)
            self._counts[stage] = index + 1
        return script[index] if index < len(script) else None


class _Handler:
    """aiosmtpd hooks: answer from the script or accept, and record."""

    def __init__(self, owner: ScriptedSMTP) -> None:
        self.owner = owner

    async def _answer(self, stage: Stage, argument: Any, session: Session) -> str | None:
        reply = self.owner.scripts.pick(stage, argument)
        if reply is None:
            return None
        if reply is STALL:
            await asyncio.sleep(STALL_SECONDS)
        return reply.render()

    async def handle_HELO(self, server: SMTP, session: Session, envelope: Envelope, host: str):
        self.owner.record(session, f"HELO {host}")
        answer = await self._answer(Stage.HELO, host, session)
        if answer is None:
            session.host_name = host
            return f"250 {server.hostname}"
        return answer

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        host: str,
        responses: list[str],
    ) -> list[str]:
        self.owner.record(session, f"EHLO {host}")
        answer = await self._answer(Stage.HELO, host, session)
        if answer is None:
            session.host_name = host
            return responses
        return [answer]

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        self.owner.record(session, f"MAIL FROM:<{address}>")
        answer = await self._answer(Stage.MAIL, address, session)
        if answer is not None:
            return answer
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        self.owner.record(session, f"RCPT TO:<{address}>")
        answer = await self._answer(Stage.RCPT, address, session)
        if answer is not None:
            return answer
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        answer = await self._answer(Stage.END_OF_DATA, content, session)
        if answer is not None:
            return answer
        self.owner.accept(session, envelope, content)
        return "250 2.0.0 OK: queued"

    async def handle_RSET(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.owner.record(session, "RSET")
        return "250 2.0.0 OK"

    async def handle_QUIT(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.owner.record(session, "QUIT")
        return "221 2.0.0 Bye"


class _ScriptedProtocol(SMTP):
    """aiosmtpd's SMTP with the two stages it has no hook for: the greeting and the reply to the
    DATA command itself; and every reply recorded."""

    owner: ScriptedSMTP
    # aiosmtpd's Controller connects once at start to see the server answer: that connection
    # is neither scripted nor recorded.
    is_readiness_probe = False
    _greeted = False

    async def push(self, status: Any) -> None:
        if self.is_readiness_probe:
            await super().push(status)
            return
        if not self._greeted:
            self._greeted = True
            self.owner.record(self.session, None)
            reply = self.owner.scripts.pick(Stage.GREETING, None)
            if reply is STALL:
                await asyncio.sleep(STALL_SECONDS)
            if reply is not None:
                status = reply.render()
        text = status.decode("utf-8", "replace") if isinstance(status, bytes) else status
        self.owner.record_reply(self.session, text)
        await super().push(status)

    async def smtp_DATA(self, arg: str) -> None:
        if self.envelope is not None and self.envelope.rcpt_tos:
            self.owner.record(self.session, "DATA")
            reply = self.owner.scripts.pick(Stage.DATA, None)
            if reply is STALL:
                await asyncio.sleep(STALL_SECONDS)
            if reply is not None:
                await self.push(reply.render())
                return
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def __init__(self, owner: ScriptedSMTP, **kwargs: Any) -> None:
        self.owner = owner
        self.probed = False
        self.connections: weakref.WeakSet[SMTP] = weakref.WeakSet()
        super().__init__(_Handler(owner), **kwargs)

    async def _close_connections(self) -> None:
        for protocol in list(self.connections):
            if protocol.transport is not None:
                protocol.transport.close()
        for _ in range(3):  # let each closed transport run its connection_lost
            await asyncio.sleep(0)

    def stop(self, no_assert: bool = False) -> None:
        """Close every open session first: a peer that never quit (Courier keeps its
        connection for the next message; a stalled session) must not leave a transport for the
        closed loop to warn about."""
        if self.loop.is_running():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._close_connections(), self.loop).result(5)
        super().stop(no_assert)

    def factory(self) -> SMTP:
        protocol = self._new_protocol()
        self.connections.add(protocol)
        return protocol

    def _new_protocol(self) -> SMTP:
        protocol = _ScriptedProtocol(
            self.handler,
            hostname=self.owner.hostname,
            ident="postdesk scripted SMTP",
            decode_data=False,
            enable_SMTPUTF8=True,
            data_size_limit=None,
            tls_context=self.owner.tls_context,
            timeout=STALL_SECONDS,
        )
        protocol.owner = self.owner
        protocol.is_readiness_probe = not self.probed
        self.probed = True
        return protocol


class _Dropper:
    """``mode="drop"``: a listener that accepts each connection and closes it at once."""

    def __init__(self, host: str, port: int) -> None:
        self.listener = socket.create_server((host, port))
        self.listener.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, name="smtp-drop", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            with contextlib.suppress(OSError):
                connection, _ = self.listener.accept()
                connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.listener.close()


class ScriptedSMTP:
    """A scripted remote SMTP server on 127.0.0.1 (see the module doc). Context manager."""

    name = "scripted-smtp"

    def __init__(
        self,
        replies: Mapping[Stage, Script] | None = None,
        *,
        mode: Literal["serve", "refuse", "drop"] = "serve",
        hostname: str = "remote.test",
        tls_context: Any = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.scripts = _Scripts(replies or {})
        self.mode = mode
        self.hostname = hostname
        self.tls_context = tls_context
        # Any address of 127/8 works without configuring it (Linux routes the whole block to
        # lo): many remotes can share one port on addresses of their own, for a mail system
        # that routes by host rather than by port (Sendmail's mailers each have one port).
        self.host = host
        self.port = port
        self._fixed_port = port
        self.sessions: list[SessionRecord] = []
        self.messages: list[Received] = []
        self._by_session: dict[int, SessionRecord] = {}
        self._changed = threading.Condition()
        self._controller: _Controller | None = None
        self._dropper: _Dropper | None = None

    # ---------------------------------------------------------------- records
    def record(self, session: Session | None, command: str | None) -> None:
        if session is None:
            return
        with self._changed:
            entry = self._by_session.get(id(session))
            if entry is None:
                peer = session.peer if isinstance(session.peer, tuple) else ("?", 0)
                entry = SessionRecord(peer=(str(peer[0]), int(peer[1])))
                self._by_session[id(session)] = entry
                self.sessions.append(entry)
            if command is not None:
                entry.commands.append(command)
            self._changed.notify_all()

    def record_reply(self, session: Session | None, reply: str) -> None:
        self.record(session, None)
        if session is not None:
            with self._changed:
                self._by_session[id(session)].replies.append(reply)
                self._changed.notify_all()

    def accept(self, session: Session, envelope: Envelope, content: bytes) -> None:
        peer = session.peer if isinstance(session.peer, tuple) else ("?", 0)
        with self._changed:
            self.messages.append(
                Received(
                    # The null reverse-path (a DSN's) is "" here; aiosmtpd keeps it as "<>".
                    mail_from="" if envelope.mail_from in (None, "<>") else envelope.mail_from,
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    data=content,
                    peer=(str(peer[0]), int(peer[1])),
                )
            )
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
        """Block until ``condition()`` holds (checked whenever something is recorded)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ServerError(
                        f"{self.name} on port {self.port}: no {what} in {timeout} s;"
                        f" sessions: {self.sessions}"
                    )
                self._changed.wait(min(left, 0.5))

    def wait_for_messages(self, count: int = 1, timeout: float = 30) -> list[Received]:
        self.wait_for(lambda: len(self.messages) >= count, f"{count} message(s)", timeout)
        return list(self.messages)

    def wait_for_sessions(self, count: int = 1, timeout: float = 30) -> list[SessionRecord]:
        self.wait_for(lambda: len(self.sessions) >= count, f"{count} session(s)", timeout)
        return list(self.sessions)

    def log_text(self, limit: int = 12_000) -> str:
        text = "\n".join(
            f"session from {s.peer}: commands {s.commands} replies {s.replies}"
            for s in self.sessions
        )
        return text[-limit:] or "(no sessions)"

    # -------------------------------------------------------------- lifecycle
    def start(self) -> ScriptedSMTP:
        self.port = self._fixed_port or free_port()
        if self.mode == "serve":
            self._controller = _Controller(self, hostname=self.host, port=self.port)
            self._controller.start()
        elif self.mode == "drop":
            self._dropper = _Dropper(self.host, self.port)
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        if self._dropper is not None:
            self._dropper.close()
            self._dropper = None

    def __enter__(self) -> ScriptedSMTP:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)


class CaptureSMTP(ScriptedSMTP):
    """Accepts every message and keeps its exact bytes (``messages``, ``wait_for_messages``)."""

    name = "capture-smtp"

    def __init__(self, *, hostname: str = "capture.test") -> None:
        super().__init__(hostname=hostname)
