"""Incidents as work: resolve with a cause (audited, on every linked case), and the
"known fault" match of a complaint typed while an incident is open."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.reminders.models import Reminder
from tests.desk.conftest import add_user, login
from tests.desk.test_outage import report

COMPLAINT = "网页登录提示系统忙"


def raise_incident(client: TestClient, headers: dict[str, str]) -> tuple[int, list[int]]:
    cases = [report(client, headers, f"{name}.example") for name in ("a", "b", "c")]
    incident_id = cases[-1]["incident_id"]
    assert incident_id is not None
    return incident_id, [case["id"] for case in cases]


def audit_of(desk: Desk, action: str) -> list[AuditEvent]:
    with desk.sessions() as db_session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(db_session.scalars(query))


def test_resolve_records_the_cause_on_the_incident_and_each_linked_case(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    incident_id, case_ids = raise_incident(client, admin)
    cause = "  webmail 集群一台前端宕机，已切换  "
    done = client.post(
        f"/api/incidents/{incident_id}/resolve", json={"cause": cause}, headers=admin
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "resolved" and body["cause"] == cause.strip()
    assert body["linked_case_ids"] == case_ids and body["closed_at"]
    assert body["resolved_by_id"] == client.get("/api/users/me", headers=admin).json()["id"]
    (event,) = audit_of(desk, "incident.resolved")
    assert event.detail == {"incident_id": incident_id, "cause": cause.strip(), "linked_cases": 3}
    per_case = audit_of(desk, "case.incident_resolved")
    assert sorted(row.case_id for row in per_case) == case_ids
    assert client.get(f"/api/incidents/{incident_id}", headers=admin).json()["cause"]
    listed = client.get("/api/incidents", params={"status": "resolved"}, headers=admin).json()
    assert [row["id"] for row in listed] == [incident_id]
    again = client.post(f"/api/incidents/{incident_id}/resolve", json={"cause": "x"}, headers=admin)
    assert again.status_code == 409 and "already resolved" in again.json()["message"]
    # Closing after resolving keeps it resolved; a new report starts afresh.
    closed = client.post(f"/api/incidents/{incident_id}/close", headers=admin)
    assert closed.json()["status"] == "resolved"
    assert report(client, admin, "d.example")["incident_id"] is None


def test_resolve_gives_each_linked_open_case_one_call_back_reminder(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    incident_id, case_ids = raise_incident(client, admin)
    closed_id = case_ids[-1]
    assert (
        client.patch(
            f"/api/cases/{closed_id}", json={"status": "closed"}, headers=admin
        ).status_code
        == 200
    )
    done = client.post(
        f"/api/incidents/{incident_id}/resolve", json={"cause": "前端宕机，已切换"}, headers=admin
    )
    assert done.status_code == 200, done.text
    with desk.sessions() as db_session:
        rows = list(db_session.scalars(select(Reminder).order_by(Reminder.case_id)))
    # One each for the open cases, due at once; the closed case takes none.
    assert [row.case_id for row in rows] == case_ids[:-1]
    assert {row.origin for row in rows} == {"incident"}
    assert all(f"#{incident_id}" in row.text["zh"] and "回电" in row.text["zh"] for row in rows)
    assert all("前端宕机" in row.text["en"] for row in rows)
    due = client.get("/api/reminders", params={"due": "true"}, headers=admin).json()
    assert sorted(item["case_id"] for item in due["items"]) == case_ids[:-1]


def test_resolve_refuses_bad_input_and_agents(
    desk: Desk, client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    incident_id, _ = raise_incident(client, admin)
    blank = client.post(
        f"/api/incidents/{incident_id}/resolve", json={"cause": "   "}, headers=admin
    )
    assert blank.status_code == 422 and "cause" in blank.json()["message"]
    zh = client.post(
        f"/api/incidents/{incident_id}/resolve",
        json={"cause": " "},
        headers={**admin, "Accept-Language": "zh"},
    )
    assert "故障原因" in zh.json()["message"]
    long = client.post(
        f"/api/incidents/{incident_id}/resolve", json={"cause": "x" * 2001}, headers=admin
    )
    assert long.status_code == 422
    missing = client.post("/api/incidents/999999/resolve", json={"cause": "x"}, headers=admin)
    assert missing.status_code == 404
    denied = client.post(
        f"/api/incidents/{incident_id}/resolve", json={"cause": "x"}, headers=agent
    )
    assert denied.status_code == 403
    add_user(desk, "boss", "supervisor")
    supervisor = login(client, "boss")
    allowed = client.post(
        f"/api/incidents/{incident_id}/resolve", json={"cause": "fixed"}, headers=supervisor
    )
    assert allowed.status_code == 200
    assert audit_of(desk, "incident.resolved")[0].detail["cause"] == "fixed"


def test_a_typed_complaint_matches_an_open_incident_only(
    client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    def match(text: str, headers: dict[str, str] = agent) -> list[dict]:
        answer = client.post("/api/incidents/match", json={"complaint": text}, headers=headers)
        assert answer.status_code == 200, answer.text
        return list(answer.json()["known_faults"])

    assert match(COMPLAINT) == []  # nothing open: no triage at all
    incident_id, _ = raise_incident(client, admin)
    found = match(COMPLAINT)
    assert [fault["incident_id"] for fault in found] == [incident_id]
    assert found[0]["notice"].startswith("known fault")
    zh = client.post(
        "/api/incidents/match",
        json={"complaint": "客户说网页邮箱登录时显示系统忙，请稍后再试"},
        headers={**agent, "Accept-Language": "zh-CN"},
    ).json()["known_faults"]
    assert zh and zh[0]["notice"].startswith("已知故障")
    assert match("续费到期时间查询，想知道什么时候到期") == []
    assert match("\x00\x00") == []
    empty = client.post("/api/incidents/match", json={"complaint": ""}, headers=agent)
    assert empty.status_code == 422
    assert client.post("/api/incidents/match", json={"complaint": COMPLAINT}).status_code == 401
    client.post(f"/api/incidents/{incident_id}/resolve", json={"cause": "ok"}, headers=admin)
    assert match(COMPLAINT) == []
