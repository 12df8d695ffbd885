"""Cases through the API on SQLite and PostgreSQL: create, walk, list, update, close."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.users.models import User
from tests.desk.conftest import add_user, login, new_case


def count(desk: Desk, model: Any) -> int:
    with desk.sessions() as db_session:
        return db_session.scalar(select(func.count()).select_from(model)) or 0


def test_create_get_list_close(client: TestClient, admin: dict[str, str]) -> None:
    created = new_case(client, admin)
    assert created["status"] == "open"
    assert created["customer_domain"] == "example.com"
    assert created["current_step"] == "collect-credentials"
    got = client.get(f"/api/cases/{created['id']}", headers=admin).json()
    assert got["contact"]["name"] == "Li Lei"
    new_case(client, admin, customer={"domain": "other.example"})
    page = client.get("/api/cases", params={"domain": "other.example"}, headers=admin).json()
    assert page["total"] == 1 and page["items"][0]["customer_domain"] == "other.example"
    paged = client.get("/api/cases", params={"page_size": 1, "page": 2}, headers=admin).json()
    assert paged["total"] == 2 and paged["items"][0]["id"] == created["id"]
    closed = client.post(
        f"/api/cases/{created['id']}/close", json={"resolution": "done"}, headers=admin
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(f"/api/cases/{created['id']}/close", headers=admin)
    assert again.status_code == 409 and "already closed" in again.json()["message"]


def test_walk_to_mail_escalation(desk: Desk, client: TestClient, admin: dict[str, str]) -> None:
    case_id = new_case(client, admin)["id"]
    steps = [
        {"fields": {"domain": "example.com", "password": "pw-not-in-mail-123"}},
        {"choice": "confirmed"},
        {"fields": {"description": "no advanced user management menu"}},
        {"proceed": True},
    ]
    for action in steps:
        response = client.post(f"/api/cases/{case_id}/walk", json=action, headers=admin)
        assert response.status_code == 200, response.text
    walk = response.json()
    assert walk["status"] == "escalated" and walk["escalation_id"]
    escalation = client.get(f"/api/escalations/{walk['escalation_id']}", headers=admin).json()
    assert escalation["status"] == "queued"
    assert escalation["payload"]["to"] == "agents@desk.test"
    assert "pw-not-in-mail-123" not in str(escalation)
    assert f"/cases/{case_id}" in escalation["payload"]["body"]
    assert client.get(f"/api/cases/{case_id}", headers=admin).json()["status"] == "waiting_engineer"


def test_update_assignee(desk: Desk, client: TestClient, admin: dict[str, str]) -> None:
    other = add_user(desk, "other", "agent")
    case_id = new_case(client, admin)["id"]
    response = client.patch(f"/api/cases/{case_id}", json={"assignee_id": other.id}, headers=admin)
    assert response.status_code == 200 and response.json()["assignee_id"] == other.id
    missing = client.patch(f"/api/cases/{case_id}", json={"assignee_id": 999999}, headers=admin)
    assert missing.status_code == 404 and "no user with id 999999" in missing.json()["message"]
    with desk.sessions() as db_session:  # the refused change left the stored assignee alone
        assert db_session.get(Case, case_id).assignee_id == other.id  # type: ignore[union-attr]


BAD_CREATIONS = [
    (
        "wrong type",
        {"complaint": 5, "playbook_id": "admin-console-missing-features"},
        422,
        "complaint",
    ),
    (
        "unknown playbook",
        {"complaint": "x", "playbook_id": "no-such-playbook"},
        422,
        "unknown playbook",
    ),
    (
        "bad domain",
        {"complaint": "x", "playbook_id": "expiry-query", "customer": {"domain": "not a domain"}},
        422,
        "domain",
    ),
    (
        "unknown field",
        {"complaint": "x", "playbook_id": "expiry-query", "colour": "red"},
        422,
        "colour",
    ),
    (
        "contact without customer",
        {"complaint": "x", "playbook_id": "expiry-query", "contact": {"name": "a"}},
        422,
        "customer.domain",
    ),
]


@pytest.mark.parametrize(
    ("label", "body", "status", "words"), BAD_CREATIONS, ids=[row[0] for row in BAD_CREATIONS]
)
def test_bad_creation_writes_nothing(
    desk: Desk,
    client: TestClient,
    admin: dict[str, str],
    label: str,
    body: dict[str, Any],
    status: int,
    words: str,
) -> None:
    response = client.post("/api/cases", json=body, headers=admin)
    assert response.status_code == status, response.text
    error = response.json()
    assert words in error["message"] and error["error"]
    assert count(desk, Case) == 0


def test_invalid_json(desk: Desk, client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(
        "/api/cases",
        content=b'{"complaint": ',
        headers={**admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["message"]
    assert count(desk, Case) == 0


def test_bad_walk_action_leaves_case_unchanged(client: TestClient, admin: dict[str, str]) -> None:
    case_id = new_case(client, admin)["id"]
    before = client.get(f"/api/cases/{case_id}/walk", headers=admin).json()
    for action in (
        {"choice": "nope"},
        {"fields": {"domain": "bad domain"}},
        {},
        {"choice": 1, "proceed": True},
    ):
        response = client.post(f"/api/cases/{case_id}/walk", json=action, headers=admin)
        assert response.status_code == 422, response.text
        assert response.json()["message"]
    assert client.get(f"/api/cases/{case_id}/walk", headers=admin).json() == before


def test_walk_reply_shows_the_computed_real_expiry(
    client: TestClient, admin: dict[str, str]
) -> None:
    """4.0.5: the API gives the reply with expiry date + free months worked out."""
    case_id = new_case(client, admin, playbook_id="expiry-query", contact=None)["id"]
    for action in (
        {"fields": {"domain": "example.com"}},
        {"choice": "found"},
        {"fields": {"expiry_date": "2024-01-31", "free_months": 13}},
    ):
        response = client.post(f"/api/cases/{case_id}/walk", json=action, headers=admin)
        assert response.status_code == 200, response.text
    step = client.get(f"/api/cases/{case_id}/walk", headers=admin).json()["step"]
    assert step["id"] == "reply-expiry"
    assert "实际到期日为 2025-02-28" in step["text"]["zh"]
    assert "really expires on 2025-02-28" in step["text"]["en"]


@pytest.mark.parametrize(
    ("applicant", "sealed"), [("own-company", True), ("own-individual", False)]
)
def test_fax_escalation_form(
    desk: Desk, client: TestClient, admin: dict[str, str], applicant: str, sealed: bool
) -> None:
    """4.0.23: a company faxes a sealed letter; an individual faxes an ID card, no seal."""
    case_id = new_case(
        client,
        admin,
        playbook_id="delete-domain",
        customer={"domain": "gone.example"},
        contact=None,
    )["id"]
    fax_fields = {
        "company_name": "Gone Trading Ltd",
        "domain": "gone.example",
        "matter": "delete the domain",
        "contact_name": "Wang Fang",
        "contact_phone": "010-64240295",
    }
    for action in (
        {"choice": applicant},
        {"proceed": True},
        {"fields": fax_fields},
        {"proceed": True},
    ):
        response = client.post(f"/api/cases/{case_id}/walk", json=action, headers=admin)
        assert response.status_code == 200, response.text
    escalation_id = response.json()["escalation_id"]
    escalation = client.get(f"/api/escalations/{escalation_id}", headers=admin).json()
    assert escalation["channel_kind"] == "fax" and escalation["status"] == "form-ready"
    form = client.get(f"/api/escalations/{escalation_id}/form", headers=admin)
    assert form.status_code == 200 and form.headers["content-type"].startswith("text/html")
    for value in [*fax_fields.values(), desk.profile.channels["fax"].number]:
        assert value in form.text, value
    assert ("公章" in form.text, "company seal" in form.text) == (sealed, sealed)
    assert escalation["payload"]["needs_seal"] is sealed


def test_escalation_lists_every_missing_field(desk: Desk) -> None:
    from postdesk.desk.errors import IncompleteError
    from postdesk.desk.escalations.render import CaseFacts, gather
    from postdesk.kb.schema import EscalateStep

    playbook = desk.library.get("direct-mail-optout")
    step = next(s for s in playbook.steps if isinstance(s, EscalateStep))
    facts = CaseFacts(
        case_id=1,
        case_url="u",
        complaint="c",
        domain=None,
        company_name=None,
        contact_name=None,
        contact_phone=None,
        contact_email=None,
    )
    with pytest.raises(IncompleteError) as caught:
        gather(
            step=step,
            channel=desk.profile.channel(step.channel),
            playbook=playbook,
            fields={"description": "stop the ads"},
            facts=facts,
        )
    assert caught.value.missing == ["domain", "company_name", "contact_name", "contact_phone"]
    assert "domain, company_name, contact_name, contact_phone" in str(caught.value)


def test_auth_errors(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    none = client.get("/api/cases")
    assert none.status_code == 401 and "Authorization" in none.json()["message"]
    wrong = client.get("/api/cases", headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401 and "log in again" in wrong.json()["message"]
    forbidden = client.get("/api/users", headers=agent)
    assert forbidden.status_code == 403 and "agent" in forbidden.json()["message"]
    denied = client.post(
        "/api/users",
        headers=agent,
        json={"username": "x", "password": "long enough pw", "role": "admin"},
    )
    assert denied.status_code == 403
    with desk.sessions() as db_session:  # refused means nothing was created
        assert db_session.scalar(select(User).where(User.username == "x")) is None


def test_expired_token(desk: Desk, client: TestClient) -> None:
    add_user(desk, "short", "agent")
    desk.settings = desk.settings.model_copy(update={"token_ttl_hours": 1e-9})
    headers = login(client, "short")
    response = client.get("/api/cases", headers=headers)
    assert response.status_code == 401 and "expired" in response.json()["message"]


def test_login_rate_limited(desk: Desk, client: TestClient) -> None:
    add_user(desk, "guessme", "agent")
    limit = desk.settings.login_max_failures
    for _ in range(limit):
        bad = client.post("/api/auth/token", json={"username": "guessme", "password": "wrong"})
        assert bad.status_code == 401
    good = client.post(
        "/api/auth/token", json={"username": "guessme", "password": "correct horse battery staple"}
    )
    assert good.status_code == 429 and "too many failed logins" in good.json()["message"]
    assert good.headers["Retry-After"]


def test_upload_limit(desk: Desk, client: TestClient, admin: dict[str, str]) -> None:
    desk.settings = desk.settings.model_copy(update={"upload_limit_bytes": 1024})
    case_id = new_case(client, admin)["id"]
    small = client.post(
        f"/api/cases/{case_id}/attachments",
        headers=admin,
        files={"file": ("shot.png", b"x" * 1000, "image/png")},
        data={"kind": "screenshot"},
    )
    assert small.status_code == 201, small.text
    twice = client.post(
        f"/api/cases/{case_id}/attachments",
        headers=admin,
        files={"file": ("again.png", b"x" * 1000, "image/png")},
    )
    assert twice.json()["sha256"] == small.json()["sha256"]
    big = client.post(
        f"/api/cases/{case_id}/attachments",
        headers=admin,
        files={"file": ("big.bin", b"y" * 2048, "application/octet-stream")},
    )
    assert big.status_code == 413 and "MB" in big.json()["message"]
    listed = client.get(f"/api/cases/{case_id}/attachments", headers=admin).json()
    assert len(listed) == 2
    blobs = list((desk.settings.data_dir / "blobs").rglob("*"))
    assert not [path for path in blobs if path.name.startswith(".upload-")]


def test_upload_over_25_mb_refused_before_reading(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    case_id = new_case(client, admin)["id"]
    body = b"z" * (26 * 1024 * 1024)
    response = client.post(
        f"/api/cases/{case_id}/attachments",
        headers=admin,
        files={"file": ("huge.eml", body, "message/rfc822")},
    )
    assert response.status_code == 413
    assert client.get(f"/api/cases/{case_id}/attachments", headers=admin).json() == []


def test_nul_characters_are_client_errors(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    """PostgreSQL cannot store NUL: such input is a 4xx there, never a 500, and writes nothing.

    SQLite stores NUL like any other character, so there the same requests succeed and the
    complaint is kept exactly as sent.
    """
    refuses_nul = desk.engine.dialect.name == "postgresql"
    login_nul = client.post("/api/auth/token", json={"username": "\x00", "password": "x"})
    assert login_nul.status_code in (401, 422)
    listed = client.get("/api/cases", params={"domain": "a\x00b"}, headers=admin)
    assert listed.status_code in (200, 422)
    assert listed.status_code == (422 if refuses_nul else 200)
    created = client.post(
        "/api/cases",
        headers=admin,
        json={"complaint": "nul \x00 inside", "playbook_id": "expiry-query"},
    )
    assert created.status_code in (201, 422)
    assert created.status_code == (422 if refuses_nul else 201)
    if created.status_code == 422:
        assert "NUL" in created.json()["message"]
        assert count(desk, Case) == 0
    else:
        with desk.sessions() as db_session:
            assert db_session.scalars(select(Case.complaint)).all() == ["nul \x00 inside"]
