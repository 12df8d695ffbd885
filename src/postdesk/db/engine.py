"""Engines and sessions for SQLite (embedded default) and PostgreSQL (teams).

SQLite gets the settings that make it safe under several threads and
processes: WAL journal (readers never block the writer), foreign keys on,
``synchronous=NORMAL`` (durable at each checkpoint, safe with WAL against
process crashes), a busy timeout, and ``BEGIN IMMEDIATE`` for every
transaction so that a read-then-write transaction takes the write lock at its
start instead of failing with "database is locked" when it upgrades.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off so that the
    # "begin" hook below decides how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


class _WriterGate:
    """One writing transaction at a time inside this process.

    SQLite allows one writer; threads of one process that all wait in
    SQLite's busy handler sleep in growing steps (up to 100 ms) and wake late.
    Queuing them on a lock here hands the database over as soon as the
    previous transaction ends. Other processes still meet the busy timeout.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def begin(self, connection: Any) -> None:
        # Bounded like SQLite's own busy timeout, so a thread that opened a second
        # transaction while holding one gets an error instead of waiting forever.
        if not self.lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("the database stayed busy; try again")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise
        connection.info["postdesk_gate"] = True

    def end(self, connection: Any) -> None:
        if connection.info.pop("postdesk_gate", False):
            self.lock.release()


def private_database_file(url: str) -> None:
    """Create (or narrow) a SQLite database file to mode 0600 before SQLite opens it.

    The file holds complaints, contacts, password hashes and encrypted customer
    passwords. SQLite creates it 0644 (less the umask) and gives its -wal and
    -shm files the database file's mode, so a private database file makes all
    three private.
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for existing in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(FileNotFoundError, PermissionError):
                if existing.stat().st_mode & 0o077:
                    existing.chmod(0o600)
    else:
        os.close(handle)


def make_engine(url: str, *, read_only: bool = False, **options: Any) -> Engine:
    """An engine for ``url`` with the SQLite pragmas applied when it is SQLite.

    ``read_only`` (SQLite): an engine for short look-ups that never write. Each
    statement runs on its own (WAL readers see the last commit and never wait
    for the writer), so it takes neither the write lock nor the gate.
    """
    if url.startswith("sqlite"):
        # Connections to a file are cheap: enough that no request thread, job thread or
        # look-up ever waits for one (SQLAlchemy's default pool waits 30 s at 15).
        options.setdefault("pool_size", 32)
        options.setdefault("max_overflow", 32)
        options.setdefault("pool_timeout", 10)
    if url.startswith("sqlite") and read_only:
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **options
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("sqlite"):
        private_database_file(url)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **options
        )
        gate = _WriterGate()
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", gate.begin)
        # Released just before COMMIT/ROLLBACK runs; a writer that starts in that
        # instant waits in SQLite's busy handler for a moment, which is correct.
        event.listen(engine, "commit", gate.end)
        event.listen(engine, "rollback", gate.end)
        return engine
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 20)
    engine = create_engine(url, **options)
    _ping_after_idle(engine)
    return engine


# A pooled PostgreSQL connection is checked (SELECT 1) before use only when it sat in
# the pool longer than this. SQLAlchemy's pool_pre_ping checked it at every checkout:
# a round trip (and a wake-up of the server's backend) before every request's first
# statement, about 12 per agent session, for connections given back milliseconds
# earlier under load (issue 12: bench_load.py pg2). A connection the server dropped
# while it was in use (a restart under load) fails its next statement instead; the
# driver reports that as a disconnect and SQLAlchemy then replaces every connection of
# the pool made before it ("Dealing with Disconnects", SQLAlchemy's pooling docs).
PING_AFTER_IDLE_SECONDS = 10.0


def _ping_after_idle(engine: Engine) -> None:
    """The pessimistic disconnect check, for connections idle in the pool for a while."""

    @event.listens_for(engine.pool, "checkin")
    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < PING_AFTER_IDLE_SECONDS:
            return  # new, or used a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as err:  # any failure of the ping: a dead connection
            # The pool drops this connection and checks out another (SQLAlchemy's
            # documented meaning of DisconnectionError raised in a checkout hook).
            raise exc.DisconnectionError(f"connection lost while idle: {err}") from err
        if not alive:
            raise exc.DisconnectionError("connection lost while idle")


def autocommit_reader(engine: Engine) -> Engine:
    """``engine`` (PostgreSQL) for look-ups: each statement on its own, as SQLite's
    read-only engine does, sharing the engine's pool.

    A look-up session in a transaction cost a BEGIN and a COMMIT or ROLLBACK round
    trip around its one or two SELECTs (a GET of a case: eight round trips for two
    statements, issue 12). The connection is put in the driver's autocommit mode
    when it is checked out for it and back when it returns (SQLAlchemy's
    per-engine isolation level), with no round trip for either.
    """
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (API responses read them)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that rolls back on error and is always closed."""
    session = factory()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
