"""Desk fixtures: each test runs against SQLite and against PostgreSQL.

PostgreSQL tests use a database created for the test session and dropped
after it. When no server answers they are skipped with the reason shown,
unless POSTDESK_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

from postdesk.db.models import Base
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.desk.users.schemas import UserCreate
from tests.desk import support

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL of a fresh PostgreSQL database for this test session."""
    yield from support.postgres_database()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def session_desk(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Desk]:
    data_dir = tmp_path_factory.mktemp(f"desk-{backend}")
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    desk = support.open_desk(data_dir, url)
    yield desk
    desk.close()


def _clear(desk: Desk) -> None:
    with desk.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def desk(session_desk: Desk) -> Iterator[Desk]:
    """The backend's desk with every table emptied, and default settings restored."""
    _clear(session_desk)
    settings = session_desk.settings
    yield session_desk
    session_desk.settings = settings
    session_desk.jobs = None


def add_user(desk: Desk, username: str, role: str = "agent") -> User:
    with desk.sessions() as db_session:
        user = users.create(
            db_session=db_session,
            user_in=UserCreate(username=username, role=role, password=PASSWORD),  # type: ignore[arg-type]
        )
        db_session.commit()
        return user


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def client(desk: Desk) -> Iterator[TestClient]:
    from postdesk.api import create_app

    with TestClient(create_app(desk), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def admin(desk: Desk, client: TestClient) -> dict[str, str]:
    """Authorization headers of a fresh admin."""
    add_user(desk, "root", "admin")
    return login(client, "root")


@pytest.fixture
def agent(desk: Desk, client: TestClient) -> dict[str, str]:
    add_user(desk, "agent1", "agent")
    return login(client, "agent1")


def new_case(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "complaint": "后台少了邮件用户高级管理",
        "playbook_id": "admin-console-missing-features",
        "customer": {"domain": "example.com", "company_name": "Example Co"},
        "contact": {"name": "Li Lei", "phone": "010-12345678"},
    }
    body.update(overrides)
    response = client.post("/api/cases", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
def smtp_sink() -> Iterator[support.SmtpSink]:
    sink, controller = support.start_sink()
    yield sink
    controller.stop()


__all__ = ["PASSWORD", "add_user", "login", "new_case"]
