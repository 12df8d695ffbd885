"""One run of one real mail system over every situation: start, send, collect the DSNs.

Everything for one mail system happens in one run: a scripted remote per situation (its own
address of 127/8, so a greeting or HELO script concerns that situation alone; all on one port),
a loopback BIND for the DNS
situations (on port 53 of an address of 127/8 of its own: the mail systems' resolvers take no
port, so each namespace's resolv.conf names that address), the mail system with one route per
situation and short retry, timeout, warning and queue-lifetime settings, then one message per
situation. Collection polls the capture of the mail system's DSNs until each situation has what
it waits for (bounded by a deadline): no sleeping in place of synchronisation.
"""

from __future__ import annotations

import email.utils
import random
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from postdesk.bounce import BounceReport, Recipient, analyze
from tests.bounce.factory.situations import SITUATIONS, Situation
from tests.realservers import BindAuthoritative, MailSystem, ScriptedSMTP, ServerError
from tests.realservers.availability import require_root
from tests.realservers.fixtures import ServerPool
from tests.realservers.sandbox import free_port

SENDER = "alice@sender.test"
RETRY_SECONDS = 2
# Temporary failures bounce after this long (the mail system's queue lifetime).
BOUNCE_AFTER = 12
# Delay warnings go out after this long (where the mail system sends them).
WARN_AFTER = 4
# The client's timeouts for a remote that stalls.
TIMEOUT_SECONDS = 3
COLLECT_SECONDS = 150


class FactoryBind(BindAuthoritative):
    """The loopback zone on port 53 of an address of its own, 127.53.x.y: resolv.conf in each
    mail system's namespace names it (resolv.conf(5) takes no port). named listens only on
    addresses an interface has, so the address is added to ``lo`` for the run and removed
    after (a /32 of the loopback range: nothing else on the machine notices it). Port 53 of
    127.0.0.1 stays free: the other servers' namespaces send their look-ups there."""

    name = "bind-factory"

    def before_start(self) -> None:
        require_root(self.name)  # adding an address to lo takes root, as the servers do
        for _ in range(20):
            host = f"127.53.{random.randint(1, 254)}.{random.randint(1, 254)}"
            added = subprocess.run(
                ["ip", "-4", "addr", "add", f"{host}/32", "dev", "lo"],
                capture_output=True,
                check=False,
            )
            if added.returncode == 0:
                self.host, self.port = host, 53
                return
        raise ServerError("could not add a 127.53.x.y address to lo for the DNS server", self)

    def after_stop(self) -> None:
        if self.host != "127.0.0.1":
            subprocess.run(
                ["ip", "-4", "addr", "del", f"{self.host}/32", "dev", "lo"],
                capture_output=True,
                check=False,
            )


@dataclass
class Outcome:
    """What came back for one situation."""

    situation: Situation
    dsns: list[bytes] = field(default_factory=list)
    reports: list[BounceReport] = field(default_factory=list)

    def records(self) -> list[tuple[Recipient, bytes]]:
        """Every record about this situation's recipient, with the DSN it came from."""
        wanted = self.situation.recipient.lower()
        found = []
        for raw, report in zip(self.dsns, self.reports, strict=True):
            found += [(r, raw) for r in report.recipients if r.address.lower() == wanted]
        return found

    def failures(self) -> list[tuple[Recipient, bytes]]:
        return [(r, raw) for r, raw in self.records() if r.action != "delayed"]

    def delays(self) -> list[tuple[Recipient, bytes]]:
        return [(r, raw) for r, raw in self.records() if r.action == "delayed"]


def _message(situation: Situation, hostname: str) -> bytes:
    return (
        f"From: Alice <{SENDER}>\r\nTo: <{situation.recipient}>\r\n"
        f"Subject: factory {situation.name}\r\n"
        f"Date: {email.utils.formatdate(localtime=False)}\r\n"
        f"Message-ID: <{situation.name}.{time.time_ns()}@sender.test>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        f"A message of the bounce factory ({situation.name}).\r\n"
    ).encode()


class FactoryRun:
    """All situations of one mail system, in one run of it."""

    def __init__(
        self,
        pool: ServerPool,
        name: str,
        make: Callable[..., MailSystem],
        options: Callable[[dict[str, tuple[str, int]], list[str]], dict[str, Any]],
        situations: tuple[Situation, ...] = SITUATIONS,
    ) -> None:
        self.pool = pool
        self.name = name
        self.make = make
        self.options = options
        self.situations = tuple(s for s in situations if s.only is None or name in s.only)
        self.remotes: dict[str, ScriptedSMTP] = {}
        self.mta: MailSystem | None = None
        self.outcomes: dict[str, Outcome] = {}
        self.collected = False
        self.flush_while_waiting = False
        self.stray: list[bytes] = []

    # ------------------------------------------------------------------ start
    def start(self, bind: FactoryBind) -> None:
        routes: dict[str, tuple[str, int]] = {}
        dns_domains: list[str] = []
        tls_domains: list[str] = []
        # Every remote on one port, each on an address of its own in a random 127.X.Y.0/24:
        # mail systems that pace connections per destination host (OpenSMTPD's route delay)
        # or define one mailer per port (Sendmail) see distinct hosts.
        block = f"127.{random.randint(64, 250)}.{random.randint(1, 250)}"
        port = free_port()
        for number, situation in enumerate(self.situations, start=1):
            domain = situation.recipient.split("@", 1)[1]
            host = f"{block}.{number}"
            if situation.mode == "dns":
                dns_domains.append(domain)
                continue
            if situation.mode == "refuse":
                routes[domain] = (host, port)  # nothing listens there
                continue
            remote = self.pool.start(
                ScriptedSMTP(situation.script, hostname=f"mx.{domain}", host=host, port=port)
            )
            self.remotes[situation.name] = remote
            routes[domain] = remote.address
            if situation.mode == "tls-required":
                tls_domains.append(domain)
        options = self.options(routes, tls_domains)
        self.flush_while_waiting = bool(options.pop("flush_while_waiting", False))
        etc_files = {"resolv.conf": f"nameserver {bind.host}\noptions timeout:1 attempts:1\n"}
        etc_files.update(options.pop("etc_extra", {}))
        self.mta = self.pool.start(
            self.make(
                routes=routes,
                dns_domains=dns_domains,
                retry_seconds=RETRY_SECONDS,
                bounce_after=BOUNCE_AFTER,
                etc_files=etc_files,
                **options,
            )
        )
        for situation in self.situations:
            self.outcomes[situation.name] = Outcome(situation)
            self.mta.send(SENDER, [situation.recipient], _message(situation, self.mta.hostname))

    # ---------------------------------------------------------------- collect
    def _done(self, situation: Situation) -> bool:
        outcome = self.outcomes[situation.name]
        if situation.expected(self.name) is None:
            remote = self.remotes[situation.name]
            return bool(remote.messages)
        if not outcome.failures():
            return False
        return not situation.delay_reason or bool(outcome.delays())

    def _take_new_dsns(self) -> None:
        assert self.mta is not None and self.mta.dsn_capture is not None
        seen = sum(len(o.dsns) for o in self.outcomes.values()) + len(self.stray)
        for received in self.mta.dsn_capture.messages[seen:]:
            report = analyze(received.data, with_advice=True)
            text = received.data.lower()
            owner = next(
                (o for o in self.outcomes.values() if o.situation.recipient.encode() in text),
                None,
            )
            if owner is None:
                self.stray.append(received.data)
            else:
                owner.dsns.append(received.data)
                owner.reports.append(report)

    def collect(self, timeout: float = COLLECT_SECONDS) -> dict[str, Outcome]:
        """Poll until every situation has its DSN(s) or delivery; then whatever arrived."""
        if self.collected:
            return self.outcomes
        assert self.mta is not None and self.mta.dsn_capture is not None
        deadline = time.monotonic() + timeout
        while True:
            self._take_new_dsns()
            if all(self._done(s) for s in self.situations) or time.monotonic() > deadline:
                break
            capture = self.mta.dsn_capture
            seen = len(capture.messages)
            try:
                capture.wait_for(
                    lambda capture=capture, seen=seen: len(capture.messages) > seen,
                    "another DSN",
                    1.0,
                )
            except AssertionError:
                if self.flush_while_waiting:
                    self.mta.flush()
        self.collected = True
        return self.outcomes

    def log_text(self, limit: int = 12_000) -> str:
        return self.mta.log_text(limit) if self.mta else "(not started)"
