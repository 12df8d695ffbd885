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
import traceback
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event, text

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


def test_every_route_ends_its_transaction_in_its_own_thread(desk: Desk) -> None:
    """Every route of the app (API and pages, through included routers) is a SessionRoute.

    On main the endpoints were patched after ``include_router``, which in this
    FastAPI reaches only the app's own few routes: the API's and the pages'
    endpoints kept their transactions open across the serialisation hop.
    """
    from fastapi.routing import APIRoute

    from postdesk.desk.deps import SessionRoute

    def routes_of(routes: list[object]) -> list[APIRoute]:
        found: list[APIRoute] = []
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:
                found.extend(routes_of(list(original.routes)))
            elif isinstance(route, APIRoute):
                found.append(route)
        return found

    app = create_app(desk)
    routes = [route for route in routes_of(list(app.routes)) if route.path != "/healthz"]
    assert len(routes) > 50
    assert [route.path for route in routes if not isinstance(route, SessionRoute)] == []


def test_no_request_leaves_a_transaction_open_past_its_thread(desk: Desk) -> None:
    """Issue 12.10: every transaction a request opens ends in the thread that opened it.

    On main a walk answer's panel (read after the flow's commit) and a refused
    walk step (422 after the row lock) left their transaction, and on SQLite the
    write lock and the writer gate, open until the request's dependencies were
    torn down on the event loop, after the answer was serialised in another
    thread hop: under 64 clients every request thread ended up waiting for the
    gate while its holder waited for a thread (30 s stalls in bench_load.py).
    """
    opened: dict[int, int] = {}
    crossed: list[str] = []

    def on_begin(connection: object) -> None:
        opened[id(connection)] = threading.get_ident()

    def on_end(connection: object) -> None:
        started_in = opened.pop(id(connection), None)
        if started_in is not None and started_in != threading.get_ident():
            crossed.append(traceback.format_stack(limit=12)[0])

    event.listen(desk.engine, "begin", on_begin)
    event.listen(desk.engine, "commit", on_end)
    event.listen(desk.engine, "rollback", on_end)
    client = TestClient(create_app(desk))
    add_user(desk, "walker", "admin")
    headers = login(client, "walker")
    walked: set[int] = set()
    for playbook in ("cannot-receive", "bounce-interpretation", "webmail-system-busy"):
        body = {
            "complaint": "收不到外面发来的邮件",
            "playbook_id": playbook,
            "customer": {"domain": "walker.example"},
        }
        case_id = client.post("/api/cases", json=body, headers=headers).json()["id"]
        assert client.get(f"/api/cases/{case_id}", headers=headers).status_code == 200
        for _ in range(3):
            step = client.get(f"/api/cases/{case_id}/walk", headers=headers).json()["step"]
            action = {"choice": 1} if step["choices"] else {"proceed": True}
            answer = client.post(f"/api/cases/{case_id}/walk", json=action, headers=headers)
            walked.add(answer.status_code)
    assert client.get(f"/cases/{case_id}", headers=headers).status_code in (200, 303)
    assert walked == {200, 422}  # answers, and steps refused (a collect step needs fields)
    assert crossed == []
