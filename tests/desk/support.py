"""Real parts for desk tests: a fresh PostgreSQL database, an SMTP sink, a desk."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from postdesk.config import Settings
from postdesk.desk.context import Desk
from postdesk.kb.load import load_library
from postdesk.profile import load_profile
from postdesk.profile.schema import Profile

PG_ADMIN_URL = os.environ.get("POSTDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("POSTDESK_REQUIRE_POSTGRES") == "1"
# Mailboxes for channels the default profile leaves without an address.
TEST_ADDRESSES = {"agent-interface": "agents@desk.test", "hotline": "hotline@desk.test"}


def postgres_reason() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as err:  # any failure means: not available on this machine
        return f"PostgreSQL at {PG_ADMIN_URL} is not available ({type(err).__name__}: {err})"


def create_database() -> tuple[str, str]:
    """A new, empty database; returns (its name, its SQLAlchemy URL)."""
    import psycopg

    name = f"postdesk_test_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return name, f"{base}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_database() -> Iterator[str]:
    """Body of a fixture yielding the URL of a fresh database, dropped afterwards.

    Skips the test when no server answers, or fails it when
    POSTDESK_REQUIRE_POSTGRES=1, so every PostgreSQL fixture reports the same way.
    """
    reason = postgres_reason()
    if reason is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"POSTDESK_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    name, url = create_database()
    try:
        yield url
    finally:
        drop_database(name)


def test_profile() -> Profile:
    """The default profile with the missing channel addresses filled in."""
    profile = load_profile()
    channels = {
        channel_id: channel.model_copy(update={"address": TEST_ADDRESSES[channel_id]})
        if channel_id in TEST_ADDRESSES
        else channel
        for channel_id, channel in profile.channels.items()
    }
    return profile.model_copy(update={"channels": channels})


_library = None


def open_desk(data_dir: Path, database_url: str | None, **overrides: Any) -> Desk:
    """A migrated desk on ``database_url`` (None: SQLite in ``data_dir``)."""
    global _library
    if _library is None:
        _library = load_library(profile=test_profile())
    # DNS look-ups of the diagnose endpoint stay on loopback (nothing answers there).
    overrides.setdefault("diagnose_nameserver", f"127.0.0.1:{free_port()}")
    # The test servers all live on loopback: opened by configuration, as in a lab.
    overrides.setdefault("diagnose_forbidden_networks", "")
    settings = Settings(data_dir=data_dir, database_url=database_url, **overrides)
    desk = Desk.open(settings, migrate=True)
    desk.library = _library
    return desk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpSink:
    """An SMTP server on loopback that keeps every message it accepts."""

    port: int
    messages: list[Message] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse: bool = False

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            return "451 4.3.0 try again later"
        with self.lock:
            self.raw.append(envelope.content)
            self.messages.append(message_from_bytes(envelope.content))
        return "250 2.0.0 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(message["Message-ID"]) for message in self.messages]


class SinkController(Controller):
    """aiosmtpd's Controller that also closes the connections still open when it stops.

    A probe that connects and closes at once (the ports check) can leave the
    server side unclosed if the loop stops before it reads the EOF; the
    transport is then garbage-collected later, in another test, as an
    "unclosed transport" ResourceWarning (an error under pytest).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sessions: weakref.WeakSet[Any] = weakref.WeakSet()

    def factory(self) -> Any:
        protocol = super().factory()
        self._sessions.add(protocol)
        return protocol

    async def _close_sessions(self) -> None:
        for protocol in list(self._sessions):
            if protocol.transport is not None:
                protocol.transport.close()
        await asyncio.sleep(0)  # let each transport's connection_lost run

    def stop(self, no_assert: bool = False) -> None:
        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(self._close_sessions(), self.loop).result(10)
        super().stop(no_assert=no_assert)


def start_sink() -> tuple[SmtpSink, Controller]:
    sink = SmtpSink(port=free_port())
    controller = SinkController(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    return sink, controller


def upload_scope(app: Any, authorization: str, accept_language: bytes) -> dict[str, Any]:
    """The ASGI scope of a 1 MB multipart POST /api/bounce whose body has not been sent:
    for tests of an upload refused before its body is read."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/bounce",
        "raw_path": b"/api/bounce",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"desk.test"),
            (b"authorization", authorization.encode()),
            (b"content-type", b"multipart/form-data; boundary=X"),
            (b"content-length", b"1048576"),
            (b"accept-language", accept_language),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("desk.test", 80),
        "app": app,
    }


def upload_while_pool_busy(
    app: Any, pool: Any, authorization: str, accept_language: bytes, owner: int | None = None
) -> tuple[dict[str, Any], bytes, bool]:
    """Keep the pool's one worker busy for 3 s with a job of ``owner``, then send the head
    of a 1 MB upload: (the answer's start message, its body, whether the app asked for
    the upload's body). Closes ``pool``."""
    import time

    from tests.test_engine_pool import run_in_fresh_loop

    asked_for_body: list[bool] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        asked_for_body.append(True)
        return {"type": "http.request", "body": b"", "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def scenario() -> None:
        busy = asyncio.create_task(pool.run(time.sleep, 3, owner=owner))
        await asyncio.sleep(0.2)
        # A job of someone's fills only their share (the pool has room); nobody's fills it.
        if owner is None:
            assert pool.full
        else:
            assert pool.owner_full(owner) and not pool.full
        await app(upload_scope(app, authorization, accept_language), receive, send)
        await busy

    try:
        run_in_fresh_loop(scenario)
    finally:
        pool.close()
    start = next(message for message in sent if message["type"] == "http.response.start")
    return start, b"".join(message.get("body", b"") for message in sent), bool(asked_for_body)
