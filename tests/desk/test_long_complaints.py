"""Long complaints are read in the engine pool, off the server's threads and GIL (issue 12).

A long complaint (a pasted mail thread) costs up to half a second of triage;
in the request threads that held the server's GIL, and ``/healthz`` waited
700-880 ms while 8 clients posted such complaints (bench_upload_burst.py). Now
text longer than ``triage_bridge.LONG_COMPLAINT_CHARS`` goes to the engine
pool's worker processes, with the pool's limits: 503 ``busy`` with Retry-After
when it is full. A short one stays in a request thread (the hop costs more).
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postdesk.api import create_app
from postdesk.desk.cases import triage_bridge
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.customers.models import Customer
from postdesk.engine_pool import EnginePool
from postdesk.triage import triage
from tests.desk import support
from tests.desk.conftest import add_user, login

# A customer's long message: the complaint, then the quoted thread below it.
LONG = (
    "我们公司邮箱从昨天开始收不到外面发来的邮件，客户说发给我们的信都被退回了。"
    + "客户转来的退信内容如下：550 5.1.1 <sales@example.cn>: Recipient address rejected. " * 30
)


def test_a_long_complaint_is_triaged_in_the_pool_with_the_same_answer(desk: Desk) -> None:
    assert len(LONG) > triage_bridge.LONG_COMPLAINT_CHARS
    app = create_app(desk)
    pool: EnginePool = app.state.engine_pool
    client = TestClient(app)
    add_user(desk, "reader", "agent")
    headers = login(client, "reader")
    try:
        short = client.post("/api/triage", json={"text": "收不到外面发来的邮件"}, headers=headers)
        assert short.status_code == 200
        assert pool.started is False  # a short complaint stays in a request thread
        answered = client.post("/api/triage", json={"text": LONG, "top": 3}, headers=headers)
        assert answered.status_code == 200, answered.text
        assert pool.started is True
        assert answered.json() == triage(LONG, top=3, library=desk.library).as_dict()
    finally:
        pool.close()


def test_a_case_from_a_long_complaint_gets_triage_s_playbook_and_entities(desk: Desk) -> None:
    app = create_app(desk)
    client = TestClient(app)
    add_user(desk, "writer", "agent")
    headers = login(client, "writer")
    try:
        made = client.post("/api/cases", json={"complaint": LONG}, headers=headers)
        assert made.status_code == 201, made.text
        expected = triage(LONG, top=1, library=desk.library)
        assert made.json()["playbook_id"] == expected.ranking[0].playbook
        assert made.json()["entities"] == expected.entities.as_dict()
        assert app.state.engine_pool.started is True
    finally:
        app.state.engine_pool.close()


def test_creation_from_a_long_complaint_is_still_all_or_nothing(desk: Desk) -> None:
    """The complaint is read before the flow; a refused flow leaves no customer behind."""
    app = create_app(desk)
    client = TestClient(app, raise_server_exceptions=False)
    add_user(desk, "writer", "agent")
    headers = login(client, "writer")
    body: dict[str, Any] = {
        "complaint": LONG,
        "playbook_id": "cannot-receive",
        "customer": {"domain": "all-or-nothing.example"},
        "assignee_id": 999_999,  # nobody: refused inside the flow, after the customer upsert
    }
    try:
        refused = client.post("/api/cases", json=body, headers=headers)
        assert 400 <= refused.status_code < 500, refused.text
        with desk.sessions() as db_session:
            assert db_session.scalar(select(func.count()).select_from(Case)) == 0
            assert db_session.scalar(select(func.count()).select_from(Customer)) == 0
    finally:
        app.state.engine_pool.close()


def test_a_full_pool_answers_503_with_retry_after_in_the_asker_s_language(desk: Desk) -> None:
    app = create_app(desk)
    app.state.engine_pool.close()
    # One worker, nobody waiting: a second long complaint at the same time is refused.
    app.state.engine_pool = EnginePool(
        workers=1,
        timeout_seconds=30,
        queue_per_worker=0,
        knowledge=(desk.profile, desk.library),
    )
    client = TestClient(app, raise_server_exceptions=False)
    add_user(desk, "writer", "agent")
    headers = {**login(client, "writer"), "Accept-Language": "zh-CN"}
    answers: list[Any] = []

    def post() -> None:
        answers.append(client.post("/api/triage", json={"text": LONG * 8}, headers=headers))

    posters = [threading.Thread(target=post) for _ in range(4)]
    try:
        for poster in posters:
            poster.start()
        for poster in posters:
            poster.join(timeout=120)
        statuses = sorted(answer.status_code for answer in answers)
        assert 200 in statuses and 503 in statuses, statuses
        busy = next(answer for answer in answers if answer.status_code == 503)
        assert busy.headers["Retry-After"].isdigit()
        assert busy.json()["error"] == "busy"
        assert busy.json()["message"].startswith("分析服务正忙")
    finally:
        app.state.engine_pool.close()


def test_an_upload_meeting_a_full_pool_is_refused_before_its_body_is_read(desk: Desk) -> None:
    """A refused upload costs no body read and no multipart parse (a megabyte each, on the
    event loop): under a burst of hostile uploads the refused ones made every request wait."""
    app = create_app(desk)
    app.state.engine_pool.close()
    pool = EnginePool(workers=1, timeout_seconds=30, queue_per_worker=0)
    app.state.engine_pool = pool
    add_user(desk, "uploader", "agent")
    headers = login(TestClient(app), "uploader")
    start, body, asked_for_body = support.upload_while_pool_busy(
        app, pool, headers["Authorization"], b"zh-CN"
    )
    assert start["status"] == 503
    assert (b"retry-after", b"2") in start["headers"]
    assert "读信服务正忙" in body.decode()
    assert not asked_for_body
