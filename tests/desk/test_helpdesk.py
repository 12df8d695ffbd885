"""Issue 16.1-3: ownership (my cases, the unassigned queue, reasons, takeover requests),
statuses with their waiting states, notes and the timeline, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from postdesk.desk.context import Desk
from tests.desk.conftest import add_user, login, new_case
from tests.desk.test_assignment import reveal, user_id
from tests.desk.test_secrets import PASSWORD, give_password


def walk(client: TestClient, case_id: int, headers: dict[str, str], *actions: Any) -> Any:
    response = None
    for action in actions:
        response = client.post(f"/api/cases/{case_id}/walk", json=action, headers=headers)
        assert response.status_code == 200, response.text
    assert response is not None
    return response.json()


def escalated_case(client: TestClient, headers: dict[str, str]) -> tuple[int, int]:
    case_id = new_case(client, headers)["id"]
    done = walk(
        client,
        case_id,
        headers,
        {"fields": {"domain": "example.com", "password": "pw-123456"}},
        {"choice": "confirmed"},
        {"fields": {"description": "no advanced user management menu"}},
        {"proceed": True},
    )
    return case_id, int(done["escalation_id"])


def test_my_cases_and_the_unassigned_queue(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    mine = new_case(client, agent)["id"]
    add_user(desk, "agent2")
    other = new_case(client, login(client, "agent2"))["id"]
    free = new_case(client, agent)["id"]
    assert client.patch(f"/api/cases/{free}", headers=agent, json={"assignee_id": None}).is_success
    listed = client.get("/api/cases?assignee=me", headers=agent).json()
    assert [item["id"] for item in listed["items"]] == [mine]
    assert listed["items"][0]["age_working_minutes"] >= 0
    assert "in_status_working_minutes" in listed["items"][0]
    queue = client.get("/api/cases?assignee=none", headers=agent).json()
    assert [item["id"] for item in queue["items"]] == [free]
    theirs = client.get(
        f"/api/cases?assignee={user_id(client, login(client, 'agent2'))}", headers=agent
    )
    assert [item["id"] for item in theirs.json()["items"]] == [other]
    bad = client.get("/api/cases?assignee=everyone", headers=agent)
    assert bad.status_code == 422


def test_a_takeover_request_keeps_the_passwords_with_the_holder_until_accepted(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = give_password(client, agent)
    add_user(desk, "agent2")
    add_user(desk, "agent3")
    agent2, agent3 = login(client, "agent2"), login(client, "agent3")
    asked = client.post(
        f"/api/cases/{case_id}/takeover", headers=agent2, json={"reason": "the customer called me"}
    )
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["id"]
    again = client.post(f"/api/cases/{case_id}/takeover", headers=agent2, json={"reason": "x"})
    assert again.status_code == 409
    assert reveal(client, case_id, agent2) == 403  # still the holder's
    # Neither the asker nor a bystander answers the request.
    for headers in (agent2, agent3):
        refused = client.post(f"/api/cases/{case_id}/takeover/{request_id}/accept", headers=headers)
        assert refused.status_code == 403, refused.text
    accepted = client.post(f"/api/cases/{case_id}/takeover/{request_id}/accept", headers=agent)
    assert accepted.status_code == 200 and accepted.json()["outcome"] == "accepted"
    case = client.get(f"/api/cases/{case_id}", headers=agent2).json()
    assert case["assignee_id"] == user_id(client, agent2)
    shown = client.post(f"/api/cases/{case_id}/secrets/password/reveal", headers=agent2)
    assert shown.json()["value"] == PASSWORD
    assert reveal(client, case_id, agent) == 403
    add_user(desk, "boss", "supervisor")
    kinds = [
        event["action"]
        for event in client.get(f"/api/cases/{case_id}/audit", headers=login(client, "boss")).json()
    ]
    assert "takeover.asked" in kinds and "takeover.accepted" in kinds and "case.assigned" in kinds


def test_a_supervisor_declines_a_takeover(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = new_case(client, agent)["id"]
    add_user(desk, "agent2")
    add_user(desk, "boss", "supervisor")
    asked = client.post(
        f"/api/cases/{case_id}/takeover", headers=login(client, "agent2"), json={"reason": "mine?"}
    ).json()
    declined = client.post(
        f"/api/cases/{case_id}/takeover/{asked['id']}/decline", headers=login(client, "boss")
    )
    assert declined.json()["outcome"] == "declined"
    assert client.get(f"/api/cases/{case_id}/takeover", headers=agent).json() == []
    assert client.get(f"/api/cases/{case_id}", headers=agent).json()["assignee_id"] == user_id(
        client, agent
    )


def test_status_moves_and_their_errors(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = new_case(client, agent)["id"]

    def move(body: dict[str, Any], lang: str = "en") -> Any:
        headers = {**agent, "Accept-Language": lang}
        return client.patch(f"/api/cases/{case_id}", headers=headers, json=body)

    assert move({"status": "waiting_customer"}).json()["status"] == "waiting_customer"
    engineer = move({"status": "waiting_engineer"})
    assert engineer.status_code == 409 and "escalation" in engineer.json()["message"]
    assert "升级" in move({"status": "waiting_engineer"}, "zh-CN").json()["message"]
    assert move({"status": "resolved"}).json()["status"] == "resolved"
    bad = move({"status": "waiting_customer"})
    assert bad.status_code == 409 and "closed, open" in bad.json()["message"]
    no_reason = move({"status": "open"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["message"]
    assert move({"status": "closed"}).json()["status"] == "closed"
    assert move({"channel": "mail"}).status_code == 409  # a closed case only reopens
    reopened = move({"status": "open", "reason": "the customer called again"})
    assert reopened.status_code == 200 and reopened.json()["closed_at"] is None
    timeline = client.get(f"/api/cases/{case_id}/timeline?page_size=200", headers=agent).json()
    moves = [e["detail"] for e in timeline["items"] if e["kind"] == "case.status"]
    assert [(m["from"], m["to"]) for m in moves] == [
        ("open", "waiting_customer"),
        ("waiting_customer", "resolved"),
        ("resolved", "closed"),
        ("closed", "open"),
    ]
    assert moves[-1]["reason"] == "the customer called again"


def test_an_escalation_waits_for_its_answer(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id, escalation_id = escalated_case(client, agent)
    assert client.get(f"/api/cases/{case_id}", headers=agent).json()["status"] == "waiting_engineer"
    stuck = client.patch(f"/api/cases/{case_id}", headers=agent, json={"status": "resolved"})
    assert stuck.status_code == 409
    answered = client.post(
        f"/api/escalations/{escalation_id}/answer",
        headers=agent,
        json={"answer": "the feature was switched off by mistake; it is back"},
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["answered_at"]
    assert client.get(f"/api/cases/{case_id}", headers=agent).json()["status"] == "open"
    twice = client.post(
        f"/api/escalations/{escalation_id}/answer", headers=agent, json={"answer": "again"}
    )
    assert twice.status_code == 409
    # The engineer's answer must reach the customer: a reminder on the case.
    pending = client.get(f"/api/reminders?case_id={case_id}", headers=agent).json()["items"]
    assert [item["origin"] for item in pending] == ["escalation"]
    assert f"#{escalation_id}" in pending[0]["text"]["zh"]


def test_notes_and_the_timeline(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    case_id = new_case(client, agent)["id"]
    walk(client, case_id, agent, {"fields": {"domain": "example.com", "password": "pw-9876543"}})
    note = client.post(
        f"/api/cases/{case_id}/notes", headers=agent, json={"body": "客户说下午三点后再联系"}
    )
    assert note.status_code == 201, note.text
    empty = client.post(f"/api/cases/{case_id}/notes", headers=agent, json={"body": "   "})
    assert empty.status_code == 422
    page = client.get(f"/api/cases/{case_id}/timeline", headers=agent).json()
    kinds = [entry["kind"] for entry in page["items"]]
    assert kinds == ["case.created", "case.walked", "case.note"]
    walked = page["items"][1]
    assert walked["detail"]["action"] == "collected"
    assert walked["detail"]["fields"]["password"] == "[secret given]"
    assert "pw-9876543" not in str(page)
    assert page["items"][2]["note"] == "客户说下午三点后再联系"
    assert page["items"][2]["actor"] == "agent1"
    second = client.get(f"/api/cases/{case_id}/timeline?page=2&page_size=2", headers=agent).json()
    assert second["total"] == 3 and [e["kind"] for e in second["items"]] == ["case.note"]


def test_an_attachment_downloads_and_never_renders(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = new_case(client, agent)["id"]
    html = b"<html><script>alert(1)</script></html>"
    uploaded = client.post(
        f"/api/cases/{case_id}/attachments",
        headers=agent,
        files={"file": ("报告 x.html", html, "text/html")},
    ).json()
    got = client.get(f"/api/cases/{case_id}/attachments/{uploaded['id']}/content", headers=agent)
    assert got.status_code == 200 and got.content == html
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["x-content-type-options"] == "nosniff"
    disposition = got.headers["content-disposition"]
    assert disposition == (
        "attachment; filename=\"?? x.html\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20x.html"
    )
    other = new_case(client, agent)["id"]
    wrong = client.get(f"/api/cases/{other}/attachments/{uploaded['id']}/content", headers=agent)
    assert wrong.status_code == 404


def test_every_new_endpoint_needs_a_login(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    case_id = new_case(client, agent)["id"]
    calls = [
        ("post", f"/api/cases/{case_id}/notes", {"body": "x"}),
        ("get", f"/api/cases/{case_id}/timeline", None),
        ("post", f"/api/cases/{case_id}/reminders", {"text": "x", "minutes": 5}),
        ("post", f"/api/cases/{case_id}/takeover", {"reason": "x"}),
        ("get", f"/api/cases/{case_id}/takeover", None),
        ("post", f"/api/cases/{case_id}/takeover/1/accept", None),
        ("post", f"/api/cases/{case_id}/takeover/1/decline", None),
        ("get", f"/api/cases/{case_id}/attachments/1/content", None),
        ("get", "/api/reminders", None),
        ("get", f"/api/cases/{case_id}/links", None),
        ("post", f"/api/cases/{case_id}/links", {"other_id": 1}),
        ("post", f"/api/cases/{case_id}/merge", {"into_id": 1}),
        ("post", "/api/reminders/1/done", None),
        ("post", "/api/escalations/1/answer", {"answer": "x"}),
    ]
    for method, path, body in calls:
        response = client.request(method, path, json=body)
        assert response.status_code == 401, (path, response.status_code)


def test_links_and_a_merged_duplicate_whose_timeline_follows(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    first = new_case(client, agent)["id"]
    duplicate = new_case(client, agent)["id"]
    related = new_case(client, agent)["id"]
    linked = client.post(f"/api/cases/{first}/links", headers=agent, json={"other_id": related})
    assert linked.status_code == 201 and [c["id"] for c in linked.json()] == [related]
    again = client.post(f"/api/cases/{related}/links", headers=agent, json={"other_id": first})
    assert [c["id"] for c in again.json()] == [first]  # one link, seen from both sides
    assert (
        client.post(
            f"/api/cases/{first}/links", headers=agent, json={"other_id": first}
        ).status_code
        == 422
    )
    client.post(f"/api/cases/{duplicate}/notes", headers=agent, json={"body": "同一个客户又来电"})
    # Another agent may not merge a case they do not hold.
    add_user(desk, "agent2")
    refused = client.post(
        f"/api/cases/{duplicate}/merge", headers=login(client, "agent2"), json={"into_id": first}
    )
    assert refused.status_code == 403
    merged = client.post(
        f"/api/cases/{duplicate}/merge",
        headers=agent,
        json={"into_id": first, "reason": "same call"},
    )
    assert merged.status_code == 200 and merged.json()["id"] == first
    gone = client.get(f"/api/cases/{duplicate}", headers=agent).json()
    assert gone["status"] == "closed" and gone["merged_into_id"] == first
    into_closed = client.post(
        f"/api/cases/{related}/merge", headers=agent, json={"into_id": duplicate}
    )
    assert into_closed.status_code == 409
    entries = client.get(f"/api/cases/{first}/timeline?page_size=200", headers=agent).json()[
        "items"
    ]
    notes = [entry for entry in entries if entry["kind"] == "case.note"]
    assert [(n["case_id"], n["note"]) for n in notes] == [(duplicate, "同一个客户又来电")]
    assert "case.merged" in [entry["kind"] for entry in entries if entry["case_id"] == first]
    assert [
        c["id"] for c in client.get(f"/api/cases/{first}/links", headers=agent).json()
    ] == sorted([related, duplicate])
