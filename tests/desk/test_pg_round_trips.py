"""PostgreSQL round trips per request (issue 12: two server processes missed p99 at 64 clients).

A GET of a case cost eight round trips for its two statements: a ping at each of
its two connection checkouts (pool_pre_ping), and a BEGIN and a COMMIT or
ROLLBACK around each statement. Look-ups now run each statement on its own (as
SQLite's read engine does), and a pooled connection is pinged only after it sat
idle; a connection that died meanwhile is still replaced before use.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from postdesk.db import engine as engine_module
from postdesk.desk.context import Desk

# PostgreSQL only: SQLite's look-ups have their own read engine (tests of their own).
pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True, scope="session")


def _backend_pid(desk: Desk) -> int:
    with desk.engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_look_ups_run_without_a_transaction_and_writes_with_one(desk: Desk) -> None:
    assert not desk.settings.is_sqlite
    with desk.reader() as reader:
        # Each statement its own transaction: two statements, two transaction ids.
        first = reader.execute(text("SELECT txid_current()")).scalar_one()
        second = reader.execute(text("SELECT txid_current()")).scalar_one()
        assert first != second
    with desk.sessions() as writer:
        first = writer.execute(text("SELECT txid_current()")).scalar_one()
        second = writer.execute(text("SELECT txid_current()")).scalar_one()
        assert first == second  # one transaction until commit or rollback
        writer.rollback()
    with desk.sessions() as writer:
        # The connection the look-ups used went back to the pool in its usual mode.
        connection = writer.connection().connection.dbapi_connection
        assert connection is not None and connection.autocommit is False


def test_a_connection_dropped_while_idle_is_replaced_before_use(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not desk.settings.is_sqlite
    import psycopg

    from tests.desk.support import PG_ADMIN_URL

    desk.engine.dispose()
    dropped = _backend_pid(desk)  # one pooled connection, back in the pool
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (dropped,))
    # Any time in the pool is "idle" now: the next checkout pings, finds it dead, and
    # takes a new connection instead of failing the request.
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    with desk.reader() as reader:
        assert reader.execute(text("SELECT 1")).scalar_one() == 1
    assert _backend_pid(desk) != dropped
