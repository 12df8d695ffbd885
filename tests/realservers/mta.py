"""What every real mail system launcher shares: routing, the DSN capture, sending, the sandbox.

A ``MailSystem`` listens for SMTP on a free 127.0.0.1 port and relays every message it accepts:
mail for a domain in ``routes`` goes to that ``(host, port)``, everything else to ``relay``.
Bounces (DSNs) it generates go to the envelope sender; unless the caller routes
``sender_domain`` elsewhere, that domain is routed to a ``CaptureSMTP`` owned by the launcher, so
``dsns()`` returns the DSNs exactly as the mail system sent them. Retries are fast (seconds)
and a message that keeps being deferred bounces after ``bounce_after`` seconds, so "deferred too
long" DSNs can be produced in a test too. ``etc_files`` adds or replaces files in the
namespace's /etc (e.g. ``{"nsswitch.conf": "hosts: files\n"}``: a host name in a route is then
"not found" without any DNS server; route hosts are otherwise IP addresses). ``dns_domains``
are delivered the ordinary way instead, by the MX records the namespace's resolver finds (with
``etc_files={"resolv.conf": ...}`` naming a loopback DNS server: NXDOMAIN, null MX).
"""

from __future__ import annotations

import email
import smtplib
import socket
from collections.abc import Mapping, Sequence
from email.message import Message
from pathlib import Path

from tests.realservers.errors import ServerError
from tests.realservers.launcher import Launcher
from tests.realservers.pki import CertFiles
from tests.realservers.sandbox import Sandbox, free_port, make_workdir
from tests.realservers.scripted_smtp import CaptureSMTP

REPO = Path(__file__).resolve().parents[2]
Address = tuple[str, int]
DEFAULT_SENDER_DOMAIN = "sender.test"


def unpacked_root(name: str) -> Path:
    """Where scripts/install-test-servers unpacked a mail system (POSTDESK_TEST_SERVERS moves
    the cache, as it does for the script)."""
    import os

    cache = Path(os.environ.get("POSTDESK_TEST_SERVERS", REPO / ".cache" / "test-servers"))
    return cache / name


def smtp_banner(port: int, timeout: float = 2.0) -> bytes:
    """The first line a server on 127.0.0.1:port sends (raises OSError when none comes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        return conn.recv(512)


class MailSystem(Launcher):
    """Base of the MTA launchers (context managers). Subclasses write their configuration in
    ``configure()`` and return the ``Sandbox`` that runs the daemon. ``tls``: a certificate for
    STARTTLS."""

    name = "mta"
    # The unpacked root under .cache/test-servers (None: installed by apt), and the daemon
    # program inside it whose absence means "not installed".
    package: str | None = None
    program = ""

    def __init__(
        self,
        *,
        relay: Address | None = None,
        routes: Mapping[str, Address] | None = None,
        hostname: str | None = None,
        sender_domain: str = DEFAULT_SENDER_DOMAIN,
        capture_dsns: bool = True,
        retry_seconds: int = 2,
        bounce_after: int = 3600,
        etc_files: Mapping[str, str] | None = None,
        tls: CertFiles | None = None,
        dns_domains: Sequence[str] = (),
        port: int = 0,
    ) -> None:
        super().__init__()
        self.tls = tls
        self.root = unpacked_root(self.package) if self.package else None
        if self.root is not None:
            self.required = (str(self.root / self.program.lstrip("/")), *self.required)
        self.relay = relay
        self.routes = dict(routes or {})
        self.hostname = hostname or f"{self.name}.test"
        self.sender_domain = sender_domain
        self.retry_seconds = retry_seconds
        self.bounce_after = bounce_after
        self.etc_files = dict(etc_files or {})
        self.dns_domains = list(dns_domains)
        self.dsn_capture: CaptureSMTP | None = CaptureSMTP() if capture_dsns else None
        self.host = "127.0.0.1"
        # 0: a free port at start. A port chosen beforehand lets another server be pointed
        # at this one before it listens (its first attempts are refused, then deferred).
        self.port = port

    # --------------------------------------------------------------- routing
    def route_table(self) -> list[tuple[str, Address]]:
        """(domain, address) in the order to match; "*" is the default route."""
        table = list(self.routes.items())
        if self.dsn_capture is not None and self.sender_domain not in self.routes:
            table.append((self.sender_domain, self.dsn_capture.address))
        if self.relay is not None:
            table.append(("*", self.relay))
        return table

    # ------------------------------------------------------------- lifecycle
    def configure(self, workdir: Path) -> Sandbox:
        raise NotImplementedError

    def ready(self) -> bool:
        return smtp_banner(self.port).startswith(b"220")

    @property
    def readiness(self) -> str:  # type: ignore[override]
        return f"SMTP greeting on port {self.port}"

    def before_start(self) -> None:
        if self.dsn_capture is not None:
            self.dsn_capture.start()
        self.port = self.port or free_port()

    def build(self) -> Sandbox:
        sandbox = self.configure(make_workdir(self.name))
        for relative, text in self.etc_files.items():
            sandbox.etc(relative).write_text(text)
        return sandbox

    def after_stop(self) -> None:
        if self.dsn_capture is not None:
            self.dsn_capture.stop()

    def fail(self, message: str) -> ServerError:
        return ServerError(message, self)

    # ---------------------------------------------------------------- using
    def send(
        self,
        mail_from: str,
        rcpt_tos: Sequence[str],
        message: bytes | str | Message,
        *,
        helo: str = "client.test",
        timeout: float = 30,
    ) -> dict[str, tuple[int, bytes]]:
        """Submit a message over SMTP; returns smtplib's refused-recipients dict (raises
        smtplib's errors when the mail system refuses the whole message)."""
        if isinstance(message, Message):
            message = message.as_bytes()
        with smtplib.SMTP(self.host, self.port, local_hostname=helo, timeout=timeout) as client:
            return client.sendmail(mail_from, list(rcpt_tos), message)

    def dsns(self, count: int = 1, timeout: float = 60) -> list[bytes]:
        """The first ``count`` DSNs (bounces, delay notices) this mail system sent to the sender
        domain, as bytes; waits up to ``timeout`` seconds (retrying the queue meanwhile)."""
        if self.dsn_capture is None:
            raise self.fail("started with capture_dsns=False: its DSNs go elsewhere")
        capture = self.dsn_capture
        import time

        deadline = time.monotonic() + timeout
        while len(capture.messages) < count:
            if time.monotonic() > deadline:
                raise self.fail(
                    f"{self.name}: {len(capture.messages)} of {count} DSN(s) in {timeout} s"
                )
            try:
                capture.wait_for_messages(count, timeout=min(2.0, timeout))
            except AssertionError:
                self.flush()
        return [received.data for received in capture.messages[:count]]

    def dsn_messages(self, count: int = 1, timeout: float = 60) -> list[Message]:
        return [email.message_from_bytes(data) for data in self.dsns(count, timeout)]

    def flush(self) -> None:
        """Retry every queued message now (each MTA's own "flush the queue" command)."""
