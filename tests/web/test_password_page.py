"""The change-password page: a one-time password is replaced before any other page opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.api import create_app
from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.desk.users.schemas import UserCreate
from tests.web.support import PASSWORD, logged_in, login_as, open_page_desk, page_token

NEW_PASSWORD = "my-own-page-password"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    opened = open_page_desk(tmp_path)
    with opened.sessions() as db_session:
        users.create(
            db_session=db_session,
            user_in=UserCreate(username="newbie", role="agent", password=PASSWORD),  # type: ignore[arg-type]
            must_change_password=True,
        )
        db_session.commit()
    yield opened
    opened.close()


def _change_form(client: TestClient, old: str, new: str, again: str | None = None) -> dict:
    token = page_token(client.get("/password").text)
    return {
        "_csrf": token,
        "next": "/cases?status=open",
        "old_password": old,
        "new_password": new,
        "new_password_again": new if again is None else again,
    }


def test_every_page_sends_a_one_time_password_to_the_change_first(desk: Desk) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    login = login_as(client, "newbie", next="/cases?status=open")
    assert login.status_code == 303
    assert login.headers["location"] == "/password?next=/cases%3Fstatus%3Dopen"
    for path in ("/", "/cases/new", "/incidents", "/playbooks"):
        held = client.get(path)
        assert held.status_code == 303, path
        assert held.headers["location"] == f"/password?next={path}"
    token = page_token(client.get("/password").text)
    posted = client.post("/cases/new", data={"complaint": "系统忙", "_csrf": token})
    assert posted.status_code == 303 and posted.headers["location"].startswith("/password")
    shown = client.get("/password?next=/cases")
    assert shown.status_code == 200 and 'data-testid="password-change-required"' in shown.text

    changed = client.post("/password", data=_change_form(client, PASSWORD, NEW_PASSWORD))
    assert changed.status_code == 303 and changed.headers["location"] == "/cases?status=open"
    assert client.get("/cases?status=open").status_code == 200
    assert client.get("/cases/new").status_code == 200
    with desk.sessions() as db_session:
        user = db_session.scalar(select(User).where(User.username == "newbie"))
        event = db_session.scalar(select(AuditEvent).where(AuditEvent.actor_id == user.id))
    assert user is not None and not user.must_change_password
    assert event is not None and event.action == "user.password_changed"


@pytest.mark.parametrize(
    ("old", "new", "again", "zh_text"),
    [
        (PASSWORD, "nine-char", None, "新密码太短，至少需要 10 个字符"),
        (PASSWORD, PASSWORD, None, "新密码与当前密码相同"),
        ("wrong-password", NEW_PASSWORD, None, "当前密码不对"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "两次输入的新密码不一致"),
    ],
)
def test_weak_same_wrong_or_mistyped_passwords_are_refused_clearly(
    desk: Desk, old: str, new: str, again: str | None, zh_text: str
) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    login_as(client, "newbie")
    refused = client.post("/password", data=_change_form(client, old, new, again))
    assert refused.status_code == 422
    assert zh_text in refused.text
    assert client.get("/cases").headers["location"] == "/password?next=/cases"


def test_the_change_needs_the_page_token_and_a_login(desk: Desk) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    assert client.get("/password").headers["location"] == "/login?next=/password"
    login_as(client, "newbie")
    form = _change_form(client, PASSWORD, NEW_PASSWORD)
    forged = client.post("/password", data={**form, "_csrf": "forged"})
    assert forged.status_code == 403
    assert client.get("/cases").status_code == 303


def test_a_user_added_on_the_settings_page_must_change_the_shown_password(desk: Desk) -> None:
    admin = logged_in(desk)
    added = admin.post("/settings/users", data={"username": "mei", "role": "agent"})
    assert added.status_code == 200
    with desk.sessions() as db_session:
        mei = db_session.scalar(select(User).where(User.username == "mei"))
    assert mei is not None and mei.must_change_password
    # Accounts with a password of their own are not held.
    assert admin.get("/cases").status_code == 200
