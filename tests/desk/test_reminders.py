"""Issue 16.4: reminders from playbook steps, agents and escalations; due once, overdue once,
across a restart and with two workers at once, at a clock the test moves."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.reminders import service as reminders
from postdesk.jobs import DeskJobs, ensure_schema
from tests.desk import support
from tests.desk.conftest import add_user, login, new_case
from tests.desk.test_helpdesk import escalated_case, walk
from tests.desk.test_jobs import wait_for

# A Tuesday, 10:00 in Beijing: inside working time.
MORNING = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


class Clock:
    """The desk's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def fired_events(desk: Desk, action: str = "reminder.fired") -> int:
    with desk.sessions() as db_session:
        query = select(func.count(AuditEvent.id)).where(AuditEvent.action == action)
        return int(db_session.scalar(query) or 0)


def sweep(desk: Desk) -> reminders.SweepResult:
    with desk.sessions() as db_session:
        return reminders.sweep(db_session=db_session, profile=desk.profile, now=desk.clock())


def prison_case(client: TestClient, headers: dict[str, str]) -> int:
    """4.0.9 G: the agent gives the sender-in-prison reply; the YAML adds a 20-minute call-back."""
    case_id = new_case(
        client,
        headers,
        complaint="发信时提示 sender in prison",
        playbook_id="client-send-receive",
    )["id"]
    walk(
        client,
        case_id,
        headers,
        {"fields": {"client_error": "sender in prison"}},
        {"choice": "code-g"},
        {"proceed": True},
    )
    return int(case_id)


def test_a_playbook_reminder_falls_due_once_across_a_restart(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(MORNING)
    monkeypatch.setattr(desk, "clock", clock)
    case_id = prison_case(client, agent)
    listed = client.get("/api/reminders?assignee=me", headers=agent).json()["items"]
    assert len(listed) == 1 and listed[0]["origin"] == "playbook"
    assert listed[0]["state"] == "pending" and "4.0.9 G" in listed[0]["text"]["zh"]
    due_at = datetime.fromisoformat(listed[0]["due_at"])
    assert due_at == MORNING + timedelta(minutes=20)
    assert client.get("/api/reminders?due=true", headers=agent).json()["total"] == 0

    clock.now = MORNING + timedelta(minutes=19)
    assert sweep(desk).fired == []
    clock.now = MORNING + timedelta(minutes=21)
    assert sweep(desk).fired == [listed[0]["id"]]
    due = client.get("/api/reminders?due=true&assignee=me", headers=agent).json()
    assert due["total"] == 1 and due["items"][0]["case_id"] == case_id

    # A restart: a new desk on the same database sweeps again; nothing fires twice.
    again = support.open_desk(desk.settings.data_dir, desk.settings.database_url)
    try:
        again.clock = Clock(MORNING + timedelta(minutes=30))
        assert sweep(again).fired == []
        # An hour after it was due and not done, it goes to the supervisors, once.
        again.clock = Clock(MORNING + timedelta(minutes=81))
        assert sweep(again).overdue == [listed[0]["id"]]
        assert sweep(again).overdue == []
    finally:
        again.close()
    assert fired_events(desk) == 1 and fired_events(desk, "reminder.overdue") == 1
    add_user(desk, "boss", "supervisor")
    overdue = client.get("/api/reminders?overdue=true", headers=login(client, "boss")).json()
    assert [item["state"] for item in overdue["items"]] == ["overdue"]
    done = client.post(
        f"/api/reminders/{listed[0]['id']}/done", headers=agent, json={"note": "called"}
    )
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert client.get("/api/reminders?due=true", headers=agent).json()["total"] == 0
    kinds = [
        e["kind"]
        for e in client.get(f"/api/cases/{case_id}/timeline", headers=agent).json()["items"]
    ]
    assert kinds[-4:] == ["reminder.added", "reminder.fired", "reminder.overdue", "reminder.done"]


def test_registration_reminder_is_one_working_day_later(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """4.0.2 A on a Friday afternoon in Beijing: due Monday at the same time."""
    friday = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)  # 15:00 Beijing
    monkeypatch.setattr(desk, "clock", Clock(friday))
    case_id = new_case(
        client, agent, complaint="域名一直没注册", playbook_id="setup-report-missing"
    )["id"]
    walk(
        client,
        case_id,
        agent,
        {"fields": {"domain": "example.com"}},
        {"choice": "not-pointing"},
        {"choice": "new-domain"},
        {"choice": "opened"},
        {"choice": "within"},
        {"proceed": True},
    )
    items = client.get(f"/api/reminders?case_id={case_id}", headers=agent).json()["items"]
    assert [datetime.fromisoformat(item["due_at"]) for item in items] == [
        friday + timedelta(days=3)
    ]


def test_an_agents_reminder_at_a_local_time(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk, "clock", Clock(MORNING))
    case_id = new_case(client, agent)["id"]
    made = client.post(
        f"/api/cases/{case_id}/reminders",
        headers=agent,
        json={"text": "15:00 回电客户", "due_at": "2026-12-01T15:00:00"},
    )
    assert made.status_code == 201, made.text
    assert datetime.fromisoformat(made.json()["due_at"]) == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    both = client.post(
        f"/api/cases/{case_id}/reminders",
        headers=agent,
        json={"text": "x", "minutes": 5, "working_days": 1},
    )
    assert both.status_code == 422
    client.post(f"/api/cases/{case_id}/close", headers=agent, json={})
    closed = client.post(
        f"/api/cases/{case_id}/reminders", headers=agent, json={"text": "x", "minutes": 5}
    )
    assert closed.status_code == 409
    # Closing the case ended its reminder.
    assert client.get(f"/api/reminders?case_id={case_id}", headers=agent).json()["total"] == 0


def test_an_unanswered_escalation_gets_a_reminder_once(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(datetime.now(UTC))
    monkeypatch.setattr(desk, "clock", clock)
    case_id, escalation_id = escalated_case(client, agent)
    assert sweep(desk).added == []
    # Four working hours later at the least: a week later by the clock.
    clock.now = datetime.now(UTC) + timedelta(days=7)
    added = sweep(desk).added
    assert len(added) == 1 and sweep(desk).added == []
    items = client.get(f"/api/reminders?case_id={case_id}", headers=agent).json()["items"]
    assert items[0]["escalation_id"] == escalation_id and items[0]["origin"] == "escalation"
    client.post(f"/api/escalations/{escalation_id}/answer", headers=agent, json={"answer": "done"})
    items = client.get(f"/api/reminders?case_id={case_id}", headers=agent).json()["items"]
    # The unanswered one is done; the one to pass the answer on waits.
    assert [item["text"]["en"].split(":")[0] for item in items] == [
        f"Escalation #{escalation_id} has been answered"
    ]


def test_the_abuse_answer_reminds_to_reply_again(
    desk: Desk, client: TestClient, agent: dict[str, str], tmp_path: Path
) -> None:
    """4.0.12 4): the escalate step's own on-answered reminder replaces the generic one."""
    case_id = new_case(
        client, agent, complaint="blocked by RBL", playbook_id="bounce-interpretation"
    )["id"]
    uploaded = client.post(
        f"/api/cases/{case_id}/attachments",
        headers=agent,
        files={
            "file": ("bounce.eml", b"Subject: bounce\r\n\r\nblocked by RBL\r\n", "message/rfc822")
        },
        data={"kind": "bounce-original"},
    )
    assert uploaded.status_code == 201, uploaded.text
    done = walk(
        client,
        case_id,
        agent,
        {"fields": {"bounce_original": "bounce.eml"}},
        {"choice": "rbl"},
        {"choice": "rejected"},
        {"proceed": True},
        {
            "fields": {
                "sender": "a@example.com",
                "recipient": "b@example.net",
                "sent_at": "2026-12-01 10:00",
                "description": "blocked by RBL",
            }
        },
        {"proceed": True},
    )
    escalation_id = done["escalation_id"]
    assert escalation_id, done
    client.post(
        f"/api/escalations/{escalation_id}/answer", headers=agent, json={"answer": "contacted"}
    )
    items = client.get(f"/api/reminders?case_id={case_id}", headers=agent).json()["items"]
    assert [item["origin"] for item in items] == ["playbook"]
    assert "4.0.12 4)" in items[0]["text"]["zh"] and items[0]["state"] == "due"


def test_two_workers_fire_each_reminder_once(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(MORNING)
    monkeypatch.setattr(desk, "clock", clock)
    case_ids = [new_case(client, agent)["id"] for _ in range(5)]
    for case_id in case_ids:
        for minutes in (1, 2, 3, 4):
            client.post(
                f"/api/cases/{case_id}/reminders",
                headers=agent,
                json={"text": "x", "minutes": minutes},
            )
    clock.now = MORNING + timedelta(hours=3)
    other = support.open_desk(desk.settings.data_dir, desk.settings.database_url)
    other.clock = clock
    results: list[reminders.SweepResult] = []
    start = threading.Barrier(2)

    def work(on: Desk) -> None:
        start.wait()
        results.append(sweep(on))

    threads = [threading.Thread(target=work, args=(on,)) for on in (desk, other)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        other.close()
    fired = [reminder for result in results for reminder in result.fired]
    assert len(fired) == 20 and len(set(fired)) == 20
    assert fired_events(desk) == 20


def test_the_queue_job_fires_reminders_and_a_restarted_worker_does_not_repeat(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The periodic job on procrastinate (in-process, as on SQLite) at a moved clock."""
    clock = Clock(MORNING)
    monkeypatch.setattr(desk, "clock", clock)
    desk.settings = desk.settings.model_copy(update={"sweep_seconds": 1})
    case_id = new_case(client, agent)["id"]
    client.post(f"/api/cases/{case_id}/reminders", headers=agent, json={"text": "x", "minutes": 10})
    clock.now = MORNING + timedelta(minutes=11)
    ensure_schema(desk)
    for _ in range(2):  # the second run is the restart
        jobs = DeskJobs(desk)

        async def run(jobs: DeskJobs = jobs) -> None:
            import asyncio

            await jobs.start(run_worker=True)
            await asyncio.sleep(3)
            await jobs.stop()

        import asyncio

        asyncio.run(run())
        assert wait_for(lambda: fired_events(desk) >= 1, 5)
    assert fired_events(desk) == 1
