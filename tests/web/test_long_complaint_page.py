"""The new-case page reads a long complaint as the API does: in the engine pool (issue 12).

A long complaint (a pasted mail thread, up to 20,000 characters) costs up to
half a second of triage. The API sent it to the engine pool's worker
processes; the page triaged it in a request thread, holding the server's GIL
while every other request waited. Now the page, its "known fault" notice and
the API go through one door (``triage_bridge.off_the_loop``) with the pool's
limits, and the page says why when the pool refuses (503 busy, 422 too slow),
keeping what the agent typed.
"""

from __future__ import annotations

import asyncio
import html
import threading
import time

from fastapi.testclient import TestClient

from postdesk.desk.cases import triage_bridge
from postdesk.desk.context import Desk
from postdesk.engine_pool import EnginePool
from postdesk.triage import triage
from tests.web.support import logged_in, new_case

# A customer's long message: the complaint, then the quoted thread below it.
LONG = (
    "我们公司邮箱从昨天开始收不到外面发来的邮件，客户说发给我们的信都被退回了。"
    + "客户转来的退信内容如下：550 5.1.1 <sales@example.cn>: Recipient address rejected. " * 30
)
# The complaint of tests.web.support.new_case's cases, long: a known fault once three are open.
LONG_SYSTEM_BUSY = "网页登录邮箱一直提示系统忙，换了浏览器也一样。" * 60


def pool_of(client: TestClient) -> EnginePool:
    return client.app.state.engine_pool  # type: ignore[attr-defined,no-any-return]


def small_pool(client: TestClient, desk: Desk, **limits: float) -> EnginePool:
    """Replace the app's engine pool by one worker with the given limits."""
    pool_of(client).close()
    pool = EnginePool(
        workers=1,
        timeout_seconds=limits.get("timeout_seconds", 30),
        queue_per_worker=0,
        knowledge=(desk.profile, desk.library),
    )
    client.app.state.engine_pool = pool  # type: ignore[attr-defined]
    return pool


def test_the_page_triages_a_long_complaint_in_the_pool_with_triage_s_answer(desk: Desk) -> None:
    assert len(LONG) > triage_bridge.LONG_COMPLAINT_CHARS
    agent = logged_in(desk, "agent")
    try:
        short = agent.post("/cases/new", data={"complaint": "收不到外面发来的邮件"})
        assert short.status_code == 200
        assert pool_of(agent).started is False  # a short complaint stays in a request thread
        page = agent.post("/cases/new", data={"complaint": LONG, "action": "triage"})
        assert page.status_code == 200, page.text[:500]
        assert pool_of(agent).started is True
        best = triage(LONG, top=3, library=desk.library).ranking[0].playbook
        assert f'value="start:{best}"' in page.text
    finally:
        pool_of(agent).close()


def test_a_case_started_from_a_long_complaint_on_the_page_is_read_in_the_pool(desk: Desk) -> None:
    agent = logged_in(desk, "agent")
    try:
        answer = agent.post(
            "/cases/new",
            data={"complaint": LONG, "domain": "long.example.cn", "action": "start:cannot-receive"},
        )
        assert answer.status_code == 303, answer.text[:500]
        assert pool_of(agent).started is True
        case = agent.get(answer.headers["location"])
        assert case.status_code == 200
    finally:
        pool_of(agent).close()


def occupy(pool: EnginePool, seconds: float) -> threading.Thread:
    """Fill ``pool`` (one worker, no queue) with a job of ``seconds``; returns its thread."""
    holder = threading.Thread(target=lambda: asyncio.run(pool.run(time.sleep, seconds)))
    holder.start()
    deadline = time.monotonic() + 10
    while not pool.full:
        assert time.monotonic() < deadline, "the pool never filled"
        time.sleep(0.01)
    return holder


def test_a_full_pool_gives_the_page_the_busy_message_and_the_typed_form(desk: Desk) -> None:
    agent = logged_in(desk, "agent")
    pool = small_pool(agent, desk)
    typed = {"complaint": LONG, "domain": "kept.example.cn", "contact_name": "王经理"}
    try:
        holder = occupy(pool, 3)
        page = agent.post("/cases/new", data={**typed, "action": "triage"})
        started = agent.post("/cases/new", data={**typed, "action": "start:cannot-receive"})
        notice = agent.post("/cases/new/known-fault", data={"complaint": LONG})
        holder.join(timeout=60)
    finally:
        pool.close()
    for answer in (page, started):
        assert answer.status_code == 503, answer.text[:500]
        assert "分析服务正忙" in answer.text
        assert "Traceback" not in answer.text
        assert html.escape(LONG, quote=False) in answer.text  # the typed complaint is kept
        assert 'value="kept.example.cn"' in answer.text and "王经理" in answer.text
    # Nothing is open, so the notice needs no triage and the pool is not asked.
    assert notice.status_code == 200


def test_a_complaint_past_the_time_limit_says_too_slow_in_english(desk: Desk) -> None:
    agent = logged_in(desk, "agent")
    agent.cookies.set("postdesk_lang", "en")
    # A fresh worker builds the triage index first (seconds): far past 0.05 s.
    pool = small_pool(agent, desk, timeout_seconds=0.05)
    try:
        page = agent.post("/cases/new", data={"complaint": LONG, "action": "triage"})
    finally:
        pool.close()
    assert page.status_code == 422, page.text[:500]
    assert "reading the complaint took longer than 0.05 seconds" in page.text
    assert html.escape(LONG, quote=False) in page.text


def test_the_known_fault_notice_reads_a_long_complaint_in_the_pool(desk: Desk) -> None:
    admin = logged_in(desk, "admin")
    agent = logged_in(desk, "agent")
    assert len(LONG_SYSTEM_BUSY) > triage_bridge.LONG_COMPLAINT_CHARS
    try:
        for domain in ("a.example.cn", "b.example.cn", "c.example.cn"):
            new_case(admin, domain)  # three reports open an incident (the outage rule)
        notice = agent.post("/cases/new/known-fault", data={"complaint": LONG_SYSTEM_BUSY})
        assert notice.status_code == 200, notice.text[:500]
        assert 'data-testid="known-fault"' in notice.text
        assert pool_of(agent).started is True
        # The pool full: the notice says why it could not read the complaint.
        pool = small_pool(agent, desk)
        holder = occupy(pool, 3)
        busy = agent.post("/cases/new/known-fault", data={"complaint": LONG_SYSTEM_BUSY})
        holder.join(timeout=60)
        assert busy.status_code == 503
        assert 'data-testid="known-fault-unread"' in busy.text and "分析服务正忙" in busy.text
    finally:
        pool_of(agent).close()
        pool_of(admin).close()
