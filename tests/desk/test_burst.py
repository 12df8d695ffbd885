"""No stall under a burst: reads never queue behind the write gate, and the excess is refused.

Under 32 concurrent agent sessions one server process stalled for good (issue
12.10): request sessions held a transaction (on SQLite the in-process writer
gate and the write lock; on PostgreSQL a pooled connection) while the request
waited for a thread, so every thread ended up waiting for the one holder.
The figures are in benchmarks/bench_load.py.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from tests.desk import support
from tests.desk.conftest import add_user, login, new_case


def test_a_read_does_not_wait_for_a_long_write(tmp_path: Path) -> None:
    """A writer holding SQLite's write lock for 4 s; a GET answers meanwhile."""
    desk = support.open_desk(tmp_path, None)
    try:
        client = TestClient(create_app(desk), raise_server_exceptions=False)
        add_user(desk, "reader", "admin")
        headers = login(client, "reader")
        case_id = new_case(client, headers)["id"]
        holding = threading.Event()

        def long_write() -> None:
            with desk.sessions() as db_session:  # BEGIN IMMEDIATE: the write lock and the gate
                db_session.execute(text("UPDATE cases SET channel = 'mail'"))
                holding.set()
                time.sleep(4)
                db_session.commit()

        writer = threading.Thread(target=long_write)
        writer.start()
        assert holding.wait(10)
        started = time.monotonic()
        read = client.get(f"/api/cases/{case_id}", headers=headers)
        listed = client.get("/api/cases", headers=headers)
        waited = time.monotonic() - started
        writer.join()
        assert read.status_code == 200 and listed.status_code == 200
        assert waited < 2, f"the reads waited {waited:.1f} s for the writer"
    finally:
        desk.close()


def test_requests_past_the_in_flight_limit_get_503_and_the_process_recovers(
    desk: Desk,
) -> None:
    desk.settings = desk.settings.model_copy(update={"max_in_flight": 1})
    client = TestClient(create_app(desk), raise_server_exceptions=False)
    add_user(desk, "slow")
    add_user(desk, "other")
    headers = login(client, "other")
    # Failed logins from elsewhere make the next attempt for "slow" wait (login
    # throttling): a request that stays in flight a while without holding a thread.
    with desk.sessions() as db_session:
        for number in range(desk.settings.login_max_failures + 2):
            users.record_login_failure(
                db_session=db_session,
                settings=desk.settings,
                username="slow",
                address=f"10.0.0.{number}",
            )
        db_session.commit()
    slow = threading.Thread(
        target=client.post,
        args=("/api/auth/token",),
        kwargs={"json": {"username": "slow", "password": "wrong"}},
    )
    slow.start()
    time.sleep(0.5)
    refused = client.get("/api/cases", headers={**headers, "Accept-Language": "zh"})
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["error"] == "busy" and "系统正忙" in refused.json()["message"]
    assert client.get("/healthz").status_code == 200  # never refused
    slow.join()
    assert client.get("/api/cases", headers=headers).status_code == 200
