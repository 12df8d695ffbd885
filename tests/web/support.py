"""In-process page tests: a desk with two users, and clients that log in as a browser does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from postdesk.desk.users.schemas import UserCreate
from tests.desk import support

PASSWORD = "page-tests-password"
COMPLAINT = "网页登录邮箱一直提示系统忙，域名 pages-example.cn"
PAGE_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def open_page_desk(data_dir: Path, **overrides: Any) -> Desk:
    """A SQLite desk with an admin and an agent, both with PASSWORD."""
    opened = support.open_desk(data_dir, None, **overrides)
    with opened.sessions() as db_session:
        for name, role in (("admin", "admin"), ("agent", "agent")):
            users.create(
                db_session=db_session,
                user_in=UserCreate(username=name, role=role, password=PASSWORD),  # type: ignore[arg-type]
            )
        db_session.commit()
    return opened


def page_token(html: str) -> str:
    """The CSRF token a page gives its forms (postdesk.web.csrf)."""
    found = PAGE_TOKEN.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def login_as(client: TestClient, username: str = "admin", **form: str) -> Response:
    """Log in as a browser does: the login page first, for its token."""
    token = page_token(client.get("/login").text)
    return client.post(
        "/login", data={"username": username, "password": PASSWORD, "_csrf": token, **form}
    )


def logged_in(desk: Desk, username: str = "admin") -> TestClient:
    """A logged-in client that sends the page's token with every post, as desk.js does."""
    client = TestClient(create_app(desk), follow_redirects=False)
    assert login_as(client, username).status_code == 303
    # The login made a new session, so the pages carry a new token.
    client.headers["X-CSRF-Token"] = page_token(client.get("/cases/new").text)
    return client


def new_case(client: TestClient, domain: str = "pages-example.cn") -> str:
    """Open a webmail-system-busy case from the new-case page; its URL."""
    answer = client.post(
        "/cases/new",
        data={"complaint": COMPLAINT, "domain": domain, "action": "start:webmail-system-busy"},
    )
    assert answer.status_code == 303, answer.text[:500]
    return str(answer.headers["location"])
