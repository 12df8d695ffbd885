"""Who may change a case's assignee: no agent takes over (or gives away) another's case.

The assignee may see the case's customer passwords, so this is what stands
between an agent and another agent's customer's password (issue 12.2).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from postdesk.desk.cases import flows
from postdesk.desk.cases.schemas import CaseUpdate
from postdesk.desk.context import Desk
from postdesk.desk.errors import PermissionDeniedError
from postdesk.desk.users.models import User
from tests.desk.conftest import add_user, login
from tests.desk.test_secrets import PASSWORD, give_password


def user_id(client: TestClient, headers: dict[str, str]) -> int:
    return int(client.get("/api/users/me", headers=headers).json()["id"])


def reveal(client: TestClient, case_id: int, headers: dict[str, str]) -> int:
    return client.post(f"/api/cases/{case_id}/secrets/password/reveal", headers=headers).status_code


def test_an_agent_cannot_take_over_another_agents_case(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    """The reproduction: a 403 reveal, a self-assignment, then a 200 reveal with the password."""
    case_id = give_password(client, agent)
    add_user(desk, "agent2")
    agent2 = login(client, "agent2")
    assert reveal(client, case_id, agent2) == 403
    took = client.patch(
        f"/api/cases/{case_id}", headers=agent2, json={"assignee_id": user_id(client, agent2)}
    )
    assert took.status_code == 403, took.text
    assert "ask agent1 to hand it over, or a supervisor" in took.json()["message"]
    zh = client.patch(
        f"/api/cases/{case_id}",
        headers={**agent2, "Accept-Language": "zh-CN"},
        json={"assignee_id": user_id(client, agent2)},
    )
    assert zh.json()["message"].startswith(f"工单 {case_id} 正由 agent1 处理")
    assert reveal(client, case_id, agent2) == 403
    # Nor to a third agent, nor to nobody.
    add_user(desk, "agent3")
    agent3_id = user_id(client, login(client, "agent3"))
    for body in ({"assignee_id": agent3_id}, {"assignee_id": None}):
        assert client.patch(f"/api/cases/{case_id}", headers=agent2, json=body).status_code == 403
    case = client.get(f"/api/cases/{case_id}", headers=agent2).json()
    assert case["assignee_id"] == user_id(client, agent)


def test_the_holder_hands_over_and_a_supervisor_reassigns(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = give_password(client, agent)
    add_user(desk, "agent2")
    add_user(desk, "boss", "supervisor")
    agent2, boss = login(client, "agent2"), login(client, "boss")
    handed = client.patch(
        f"/api/cases/{case_id}", headers=agent, json={"assignee_id": user_id(client, agent2)}
    )
    assert handed.status_code == 200, handed.text
    shown = client.post(f"/api/cases/{case_id}/secrets/password/reveal", headers=agent2)
    assert shown.status_code == 200 and shown.json()["value"] == PASSWORD
    # Over the holder's head, a supervisor gives a reason (issue 16.1); it is audited.
    no_reason = client.patch(
        f"/api/cases/{case_id}", headers=boss, json={"assignee_id": user_id(client, agent)}
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["message"]
    back = client.patch(
        f"/api/cases/{case_id}",
        headers=boss,
        json={"assignee_id": user_id(client, agent), "reason": "agent2 is off today"},
    )
    assert back.status_code == 200
    assert reveal(client, case_id, agent2) == 403


def test_a_case_of_a_disabled_or_no_holder_may_be_taken(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = give_password(client, agent)
    add_user(desk, "agent2")
    agent2 = login(client, "agent2")
    with desk.sessions() as db_session:
        db_session.execute(update(User).where(User.username == "agent1").values(active=False))
        db_session.commit()
    took = client.patch(
        f"/api/cases/{case_id}", headers=agent2, json={"assignee_id": user_id(client, agent2)}
    )
    assert took.status_code == 200, took.text


def test_the_rule_lives_in_the_desk_not_the_view(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    """Any caller of the flow (pages, CLI, later takeover work) meets the same refusal."""
    case_id = give_password(client, agent)
    intruder = add_user(desk, "agent2")
    with desk.sessions() as db_session, pytest.raises(PermissionDeniedError):
        flows.update_case(
            desk=desk,
            db_session=db_session,
            case_id=case_id,
            case_in=CaseUpdate(assignee_id=intruder.id),
            actor=intruder,
        )
