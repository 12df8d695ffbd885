"""One-time passwords through the API: 403 on everything until POST /api/users/me/password."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from postdesk.desk.users.schemas import UserCreate
from tests.desk.conftest import PASSWORD

NEW_PASSWORD = "a-password-of-my-own"
REQUIRED = {
    "error": "password_change_required",
    "message": "change your one-time password first: POST /api/users/me/password",
}


def _one_time_user(desk: Desk, username: str = "newbie") -> int:
    with desk.sessions() as db_session:
        user = users.create(
            db_session=db_session,
            user_in=UserCreate(username=username, role="admin", password=PASSWORD),  # type: ignore[arg-type]
            must_change_password=True,
        )
        db_session.commit()
        return user.id


def _token(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    answer = client.post("/api/auth/token", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _change(client: TestClient, headers: dict[str, str], old: str, new: str) -> Response:
    return client.post(
        "/api/users/me/password",
        json={"old_password": old, "new_password": new},
        headers=headers,
    )


def test_one_time_password_gets_403_until_changed_then_everything_works(
    desk: Desk, client: TestClient
) -> None:
    user_id = _one_time_user(desk)
    headers = _token(client, "newbie")
    other_session = _token(client, "newbie")
    for method, path in (("GET", "/api/users/me"), ("GET", "/api/cases"), ("GET", "/api/users")):
        refused = client.request(method, path, headers=headers)
        assert refused.status_code == 403 and refused.json() == REQUIRED, path
    made = client.post("/api/cases", json={"complaint": "收不到邮件"}, headers=headers)
    assert made.status_code == 403 and made.json() == REQUIRED

    changed = _change(client, headers, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 204, changed.text
    me = client.get("/api/users/me", headers=headers)
    assert me.status_code == 200 and me.json()["must_change_password"] is False
    assert client.get("/api/cases", headers=headers).status_code == 200
    # Whoever else logged in with the one-time password is logged out.
    assert client.get("/api/users/me", headers=other_session).status_code == 401
    # The one-time password is gone; the new one logs in.
    old = client.post("/api/auth/token", json={"username": "newbie", "password": PASSWORD})
    assert old.status_code == 401
    _token(client, "newbie", NEW_PASSWORD)
    with desk.sessions() as db_session:
        events = list(
            db_session.scalars(
                select(AuditEvent).where(AuditEvent.action == "user.password_changed")
            )
        )
    assert [(event.actor_id, event.detail) for event in events] == [
        (user_id, {"user_id": user_id, "was_one_time": True})
    ]


def test_weak_same_or_wrong_passwords_are_refused_and_change_nothing(
    desk: Desk, client: TestClient
) -> None:
    _one_time_user(desk)
    headers = _token(client, "newbie")
    cases = [
        (PASSWORD, "nine-char", "at least 10 characters"),
        (PASSWORD, PASSWORD, "same as the current password"),
        ("not-the-password", NEW_PASSWORD, "current password is wrong"),
        (PASSWORD, "x" * 201, "at most 200 characters"),
    ]
    for old, new, says in cases:
        refused = _change(client, headers, old, new)
        assert refused.status_code == 422, (new, refused.text)
        assert says in refused.json()["message"], refused.json()
    assert client.get("/api/users/me", headers=headers).json() == REQUIRED
    with desk.sessions() as db_session:
        refusals = select(AuditEvent.id).where(AuditEvent.action != "user.created")
        assert db_session.scalar(refusals) is None


def test_a_user_without_a_one_time_password_is_not_held_and_may_change_it(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    me = client.get("/api/users/me", headers=admin)
    assert me.status_code == 200 and me.json()["must_change_password"] is False
    assert _change(client, admin, PASSWORD, NEW_PASSWORD).status_code == 204
    with desk.sessions() as db_session:
        event = db_session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.password_changed")
        )
    assert event is not None and event.detail["was_one_time"] is False


def test_password_change_needs_a_login(client: TestClient) -> None:
    answer = client.post(
        "/api/users/me/password", json={"old_password": "x", "new_password": NEW_PASSWORD}
    )
    assert answer.status_code == 401
