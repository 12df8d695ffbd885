"""Originals attached to a case: read on arrival, findings on the case, the next step suggested."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.engine_pool import EnginePool
from tests.desk.conftest import add_user, login, new_case
from tests.inspect.test_delay import INBOUND
from tests.inspect.test_samples_spam_virus_duplicate import SPAM
from tests.test_engine_pool import run_in_fresh_loop


def _attach(client: TestClient, headers: dict[str, str], case_id: int, name: str, data: bytes):
    return client.post(
        f"/api/cases/{case_id}/attachments",
        headers=headers,
        files={"file": (name, data, "application/octet-stream")},
        data={"kind": "original"},
    )


def test_a_delayed_original_is_read_and_suggests_the_inbound_collect_step(
    client: TestClient, agent: dict[str, str]
) -> None:
    case = new_case(client, agent, complaint="收到的邮件总是晚好几个小时", playbook_id="mail-delay")
    answer = _attach(client, agent, case["id"], "late.eml", INBOUND)
    assert answer.status_code == 201, answer.text
    findings = answer.json()["inspection"]["findings"]
    assert [f["kind"] for f in findings] == ["delay"]
    assert findings[0]["step"] == "collect-inbound"
    listed = client.get(f"/api/cases/{case['id']}/attachments", headers=agent).json()
    assert listed[0]["inspection"]["findings"][0]["finding"] == "delay-inbound-sender"
    screenshot = _attach(client, agent, case["id"], "screen.png", b"\x89PNG\r\n")
    assert screenshot.json()["inspection"] is None


def test_copies_on_one_case_are_compared(client: TestClient, agent: dict[str, str]) -> None:
    case = new_case(client, agent, complaint="同一封邮件收到了好几遍", playbook_id="duplicate-mail")
    _attach(client, agent, case["id"], "one.eml", SPAM)
    second = _attach(client, agent, case["id"], "two.eml", SPAM).json()
    kinds = {f["kind"]: f for f in second["inspection"]["findings"]}
    assert kinds["duplicate"]["finding"] == "duplicate-client-download"
    first = client.get(f"/api/cases/{case['id']}/attachments", headers=agent).json()[0]
    assert any(f["kind"] == "duplicate" for f in first["inspection"]["findings"])


def test_a_virus_case_reads_its_original_as_a_virus_sample(
    client: TestClient, agent: dict[str, str]
) -> None:
    case = new_case(client, agent, complaint="收到病毒邮件", playbook_id="virus-mail")
    found = _attach(client, agent, case["id"], "virus.eml", SPAM).json()["inspection"]
    virus = next(f for f in found["findings"] if f["kind"] == "virus")
    assert virus["step"] == "collect-sender-mailbox" and "archive_password" not in virus


def test_an_original_forwarded_as_attachment_is_read_on_the_case(
    client: TestClient, agent: dict[str, str]
) -> None:
    from tests.inspect.test_samples_spam_virus_duplicate import forwarded

    case = new_case(client, agent, complaint="每天收到一大堆垃圾邮件", playbook_id="spam-complaint")
    stored = _attach(client, agent, case["id"], "fw.eml", forwarded(SPAM)).json()["inspection"]
    attached = stored["attached"]
    assert [item["file"] for item in attached] == ["fw.eml › spam.eml"]
    spam = next(f for f in attached[0]["findings"] if f["kind"] == "spam")
    assert spam["relay"]["ip"] == "198.51.100.23" and spam["step"] == "collect-spam-case"


def test_an_outlook_msg_attached_to_a_case_is_read(
    client: TestClient, agent: dict[str, str]
) -> None:
    from tests.conftest import DATA

    case = new_case(
        client, agent, complaint="发出去的邮件被退回来了", playbook_id="bounce-interpretation"
    )
    report = (DATA / "msg" / "other.msg").read_bytes()
    stored = _attach(client, agent, case["id"], "退信.msg", report).json()["inspection"]
    assert stored["error"] is None
    assert [f["kind"] for f in stored["findings"]] == ["bounce"]


LATE = "收到的邮件总是晚好几个小时"


def test_an_original_is_read_in_the_engine_pool_never_in_a_request_thread(desk: Desk) -> None:
    """Issue 12.4: engine work on uploads runs in the pool, with its time limit. An original
    attached to a case was read in the request thread, on SQLite inside a transaction that
    held the write lock (every write of the process waited for a hostile megabyte)."""
    app = create_app(desk)
    client = TestClient(app, raise_server_exceptions=False)
    add_user(desk, "reader", "agent")
    headers = login(client, "reader")
    case = new_case(client, headers, complaint=LATE, playbook_id="mail-delay")
    try:
        answer = _attach(client, headers, case["id"], "late.eml", INBOUND)
        assert answer.status_code == 201, answer.text
        assert answer.json()["inspection"]["findings"][0]["kind"] == "delay"
        assert app.state.engine_pool.started is True
    finally:
        app.state.engine_pool.close()


def test_a_full_pool_refuses_an_original_before_it_is_stored_and_a_slow_one_says_why(
    desk: Desk,
) -> None:
    app = create_app(desk)
    app.state.engine_pool.close()
    client = TestClient(app, raise_server_exceptions=False)
    add_user(desk, "reader", "agent")
    headers = {**login(client, "reader"), "Accept-Language": "en"}
    case = new_case(client, headers, complaint=LATE, playbook_id="mail-delay")
    pool = EnginePool(workers=1, timeout_seconds=30, queue_per_worker=0)
    app.state.engine_pool = pool

    async def scenario() -> Any:
        busy = asyncio.create_task(pool.run(time.sleep, 3))
        await asyncio.sleep(0.2)
        assert pool.full
        refused = await asyncio.to_thread(_attach, client, headers, case["id"], "a.eml", INBOUND)
        await busy
        return refused

    try:
        refused = run_in_fresh_loop(scenario)
    finally:
        pool.close()
    assert refused.status_code == 503 and refused.json()["error"] == "busy"
    assert client.get(f"/api/cases/{case['id']}/attachments", headers=headers).json() == []
    # A fresh worker imports the message reader first: far past 0.05 s.
    app.state.engine_pool = slow = EnginePool(workers=1, timeout_seconds=0.05)
    try:
        kept = _attach(client, headers, case["id"], "late.eml", INBOUND)
    finally:
        slow.close()
    assert kept.status_code == 201, kept.text
    error = kept.json()["inspection"]["error"]
    assert error["code"] == "too_slow" and "longer than 0.05 seconds" in error["en"]
