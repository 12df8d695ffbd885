"""Issue 16.4: who sees which reminders. Agents: their own cases' and the unassigned cases';
supervisors and admins: everyone's. The same rule in the API, on the pages and in the CLI
(tests/desk/test_cli_actor.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.reminders import service as reminders
from tests.desk.conftest import add_user, login, new_case
from tests.web.support import logged_in, open_page_desk
from tests.web.support import new_case as new_page_case


def _remind(desk: Desk, case_id: int, text: str, *, unassign: bool = False) -> int:
    with desk.sessions() as db_session:
        if unassign:
            case = db_session.get(Case, case_id)
            assert case is not None
            case.assignee_id = None
        row = reminders.add_reminder(
            db_session=db_session,
            case_id=case_id,
            due_at=datetime.now(UTC) - timedelta(hours=3),
            text_zh=text,
            text_en=text,
        )
        db_session.commit()
        return row.id


def _texts(client: TestClient, headers: dict[str, str], query: str = "") -> list[str]:
    answer = client.get(f"/api/reminders{query}", headers=headers)
    assert answer.status_code == 200, answer.text
    return sorted(item["text"]["en"] for item in answer.json()["items"])


def test_agents_list_their_own_and_unassigned_reminders_supervisors_all(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_user(desk, "agent2")
    add_user(desk, "boss", "supervisor")
    other, boss = login(client, "agent2"), login(client, "boss")
    mine = new_case(client, agent)["id"]
    theirs = new_case(client, other)["id"]
    free = new_case(client, other)["id"]
    _remind(desk, mine, "mine")
    _remind(desk, theirs, "theirs")
    _remind(desk, free, "free", unassign=True)
    with desk.sessions() as db_session:
        reminders.sweep(db_session=db_session, profile=desk.profile, now=datetime.now(UTC))
    other_id = client.get("/api/users/me", headers=other).json()["id"]

    assert _texts(client, agent) == ["free", "mine"]
    assert _texts(client, agent, "?due=true") == ["free", "mine"]
    assert _texts(client, agent, "?overdue=true") == ["free", "mine"]
    assert _texts(client, agent, "?assignee=me") == ["mine"]
    assert _texts(client, agent, "?assignee=none") == ["free"]
    refused = client.get(f"/api/reminders?assignee={other_id}", headers=agent)
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "you may list only your own cases' and unassigned cases' reminders; "
        f"ask a supervisor about user {other_id}'s"
    )
    in_chinese = client.get(
        f"/api/reminders?assignee={other_id}", headers={**agent, "Accept-Language": "zh"}
    )
    assert in_chinese.status_code == 403
    assert in_chinese.json()["message"] == (
        f"您只能查看自己的工单和待分配工单的提醒；用户 {other_id} 的提醒请找主管查看。"
    )
    # A case's own reminders are part of its record, which every agent reads (its page).
    assert _texts(client, agent, f"?case_id={theirs}") == ["theirs"]

    assert _texts(client, boss) == ["free", "mine", "theirs"]
    assert _texts(client, boss, "?overdue=true") == ["free", "mine", "theirs"]
    assert _texts(client, boss, f"?assignee={other_id}") == ["theirs"]
    assert _texts(client, other, f"?assignee={other_id}") == ["theirs"]  # their own id


def test_the_reminders_page_shows_an_agent_only_their_own(tmp_path: Path) -> None:
    desk = open_page_desk(tmp_path)
    try:
        agent, admin = logged_in(desk, "agent"), logged_in(desk, "admin")
        agents_case = int(new_page_case(agent).rsplit("/", 1)[1])
        admins_case = int(new_page_case(admin, "other-example.cn").rsplit("/", 1)[1])
        _remind(desk, agents_case, "call-the-agents-customer")
        _remind(desk, admins_case, "call-the-admins-customer")
        with desk.sessions() as db_session:
            reminders.sweep(db_session=db_session, profile=desk.profile, now=datetime.now(UTC))
        page = agent.get("/reminders").text
        assert "call-the-agents-customer" in page and "call-the-admins-customer" not in page
        overseen = admin.get("/reminders").text
        assert "call-the-agents-customer" in overseen and "call-the-admins-customer" in overseen
    finally:
        desk.close()
