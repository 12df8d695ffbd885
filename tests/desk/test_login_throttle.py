"""Login throttling: per client address and per (user, address); slowed, never locked out.

Before, five wrong passwords for any user (admin included) refused the right
password for 15 minutes from anywhere, spraying 30 names was never slowed,
and every unknown name added a row for good (issue 12.6).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from postdesk.desk.users.models import LoginFailure
from tests.desk.conftest import PASSWORD, add_user


@pytest.fixture
def from_address(desk: Desk) -> Iterator[object]:
    """``from_address("10.0.0.7")``: a client whose requests come from that address."""
    app = create_app(desk)
    clients: list[TestClient] = []

    def make(address: str) -> TestClient:
        client = TestClient(app, raise_server_exceptions=False, client=(address, 40000))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def attempt(client: TestClient, username: str, password: str) -> int:
    body = {"username": username, "password": password}
    return client.post("/api/auth/token", json=body).status_code


def test_wrong_passwords_from_one_address_do_not_lock_out_another(desk: Desk, from_address) -> None:  # type: ignore[no-untyped-def]
    add_user(desk, "boss", "admin")
    attacker, owner = from_address("203.0.113.9"), from_address("198.51.100.20")
    for _ in range(desk.settings.login_max_failures):
        assert attempt(attacker, "boss", "guess") == 401
    refused = attacker.post("/api/auth/token", json={"username": "boss", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == desk.settings.login_window_minutes * 60
    assert "from this address" in refused.json()["message"]
    # The owner, elsewhere, gets in with the right password: slowed a little, not locked.
    started = time.monotonic()
    assert attempt(owner, "boss", PASSWORD) == 200
    assert time.monotonic() - started >= 0.5


def test_spraying_many_names_from_one_address_is_refused(desk: Desk, from_address) -> None:  # type: ignore[no-untyped-def]
    sprayer = from_address("203.0.113.66")
    limit = desk.settings.login_address_max_failures
    answers = [attempt(sprayer, f"user{number}", "Winter2026!") for number in range(limit + 10)]
    assert answers[:limit] == [401] * limit
    assert set(answers[limit:]) == {429}
    zh = sprayer.post(
        "/api/auth/token",
        json={"username": "x", "password": "y"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert zh.json()["message"].startswith("此地址登录失败次数过多")
    # Another address is not affected by this one's spraying.
    add_user(desk, "mei")
    assert attempt(from_address("198.51.100.7"), "mei", PASSWORD) == 200


def test_the_wait_grows_with_failures_from_anywhere_and_is_capped(desk: Desk) -> None:
    settings = desk.settings
    with desk.sessions() as db_session:
        waits = []
        for number in range(settings.login_max_failures + 8):
            waits.append(
                users.login_throttle(
                    db_session=db_session, settings=settings, username="boss", address="10.9.9.9"
                )
            )
            users.record_login_failure(
                db_session=db_session,
                settings=settings,
                username="boss",
                address=f"10.0.{number}.1",
            )
        db_session.commit()
    limit = settings.login_max_failures
    assert waits[:limit] == [0.0] * limit
    assert waits[limit : limit + 3] == [0.5, 1.0, 2.0]
    assert max(waits) == settings.login_max_delay_seconds


def test_the_failure_table_expires_and_is_capped(desk: Desk) -> None:
    settings = desk.settings.model_copy(update={"login_failures_cap": 100})
    with desk.sessions() as db_session:
        old = datetime.now(UTC) - timedelta(minutes=2 * settings.login_window_minutes)
        db_session.add(LoginFailure(username="ancient", address="10.1.1.1", at=old))
        db_session.commit()
        for number in range(350):
            users.record_login_failure(
                db_session=db_session,
                settings=settings,
                username=f"nobody{number}",
                address=f"10.2.{number // 250}.{number % 250}",
            )
        db_session.commit()
        rows = db_session.scalar(select(func.count()).select_from(LoginFailure))
        ancient = db_session.scalar(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.username == "ancient")
        )
    assert ancient == 0
    assert rows is not None and rows < settings.login_failures_cap + 100


def test_the_login_page_says_why_and_when(desk: Desk, from_address) -> None:  # type: ignore[no-untyped-def]
    from tests.web.support import page_token

    add_user(desk, "pagey")
    browser = from_address("203.0.113.40")
    token = page_token(browser.get("/login").text)
    for _ in range(desk.settings.login_max_failures):
        browser.post("/login", data={"username": "pagey", "password": "no", "_csrf": token})
    refused = browser.post(
        "/login", data={"username": "pagey", "password": PASSWORD, "_csrf": token}
    )
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert f"请 {desk.settings.login_window_minutes} 分钟后再试" in refused.text
