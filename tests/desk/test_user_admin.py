"""Managing accounts: disable/enable, role change, one-time password reset; all audited.

API on SQLite and PostgreSQL (fixtures of tests.desk.conftest), the CLI, and a
disabled user's API token and web session refused by another server process.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from tests.desk import processes, support
from tests.desk.conftest import PASSWORD, add_user, login


def user_id(client: TestClient, headers: dict[str, str], username: str) -> int:
    listed = client.get("/api/users", headers=headers).json()
    return next(row["id"] for row in listed if row["username"] == username)


def actions(desk: Desk, *, created: bool = False) -> list[tuple[str, int | None, dict]]:
    """The audit trail in order; the fixtures' own ``user.created`` events only when
    ``created`` (they have a test of their own)."""
    with desk.sessions() as db_session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if not created:
            query = query.where(AuditEvent.action != "user.created")
        return [(row.action, row.actor_id, row.detail) for row in db_session.scalars(query)]


def test_disable_stops_the_token_at_once_and_enable_needs_a_new_login(
    desk: Desk, client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    agent_id = user_id(client, admin, "agent1")
    assert client.get("/api/users/me", headers=agent).status_code == 200  # cached now
    done = client.patch(f"/api/users/{agent_id}", json={"disabled": True}, headers=admin)
    assert done.status_code == 200 and done.json()["active"] is False
    refused = client.get("/api/users/me", headers=agent)
    assert refused.status_code == 401
    relogin = client.post("/api/auth/token", json={"username": "agent1", "password": PASSWORD})
    assert relogin.status_code == 401
    enabled = client.patch(f"/api/users/{agent_id}", json={"disabled": False}, headers=admin)
    assert enabled.status_code == 200 and enabled.json()["active"] is True
    assert client.get("/api/users/me", headers=agent).status_code == 401  # old session stays ended
    fresh = login(client, "agent1")
    assert client.get("/api/users/me", headers=fresh).status_code == 200
    recorded = [(action, detail["user_id"]) for action, _, detail in actions(desk)]
    assert recorded == [("user.disabled", agent_id), ("user.enabled", agent_id)]
    assert actions(desk)[0][2]["tokens_revoked"] == 1


def test_role_change_takes_effect_and_is_audited(
    desk: Desk, client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    agent_id = user_id(client, admin, "agent1")
    assert client.get("/api/users", headers=agent).status_code == 403
    changed = client.patch(f"/api/users/{agent_id}", json={"role": "supervisor"}, headers=admin)
    assert changed.status_code == 200 and changed.json()["role"] == "supervisor"
    assert client.get("/api/users", headers=agent).status_code == 200  # same token, new role
    (action, actor, detail) = actions(desk)[-1]
    admin_id = user_id(client, admin, "root")
    assert (action, actor) == ("user.role_changed", admin_id)
    assert (detail["from"], detail["to"]) == ("agent", "supervisor")


def test_the_last_active_admin_can_be_neither_disabled_nor_demoted(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    root_id = user_id(client, admin, "root")
    for change in ({"disabled": True}, {"role": "agent"}):
        refused = client.patch(f"/api/users/{root_id}", json=change, headers=admin)
        assert refused.status_code == 409, refused.text
        assert "last active admin" in refused.json()["message"]
    zh = client.patch(
        f"/api/users/{root_id}",
        json={"disabled": True},
        headers={**admin, "Accept-Language": "zh-CN"},
    )
    assert "最后一个启用的管理员" in zh.json()["message"]
    assert client.get("/api/users/me", headers=admin).json()["active"] is True
    add_user(desk, "second", "admin")
    second = login(client, "second")
    demoted = client.patch(f"/api/users/{root_id}", json={"role": "agent"}, headers=second)
    assert demoted.status_code == 200
    second_id = user_id(client, second, "second")
    last = client.patch(f"/api/users/{second_id}", json={"disabled": True}, headers=second)
    assert last.status_code == 409
    assert actions(desk) == [
        (
            "user.role_changed",
            second_id,
            {"user_id": root_id, "username": "root", "from": "admin", "to": "agent"},
        )
    ]


def test_password_reset_is_one_time_and_ends_every_session(
    desk: Desk, client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    agent_id = user_id(client, admin, "agent1")
    reset = client.post(f"/api/users/{agent_id}/password-reset", headers=admin)
    assert reset.status_code == 200, reset.text
    one_time = reset.json()["one_time_password"]
    assert len(one_time) >= 12
    assert client.get("/api/users/me", headers=agent).status_code == 401
    assert (
        client.post(
            "/api/auth/token", json={"username": "agent1", "password": PASSWORD}
        ).status_code
        == 401
    )
    token = client.post("/api/auth/token", json={"username": "agent1", "password": one_time})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    held = client.get("/api/cases", headers=headers)
    assert held.status_code == 403 and held.json()["error"] == "password_change_required"
    changed = client.post(
        "/api/users/me/password",
        json={"old_password": one_time, "new_password": "agent-own-new-password"},
        headers=headers,
    )
    assert changed.status_code == 204
    assert client.get("/api/cases", headers=headers).status_code == 200
    assert [action for action, _, _ in actions(desk)] == [
        "user.password_reset",
        "user.password_changed",
    ]
    assert one_time not in str(actions(desk))


def test_only_admins_manage_accounts(
    desk: Desk, client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    add_user(desk, "boss", "supervisor")
    supervisor = login(client, "boss")
    agent_id = user_id(client, admin, "agent1")
    for headers in (agent, supervisor):
        patch = client.patch(f"/api/users/{agent_id}", json={"disabled": True}, headers=headers)
        assert patch.status_code == 403, patch.text
        reset = client.post(f"/api/users/{agent_id}/password-reset", headers=headers)
        assert reset.status_code == 403
    assert client.get(f"/api/users/{agent_id}", headers=supervisor).status_code == 200
    assert client.get(f"/api/users/{agent_id}", headers=agent).status_code == 403
    assert client.patch(f"/api/users/{agent_id}", json={"disabled": True}).status_code == 401
    assert actions(desk) == []


def test_bad_changes_say_what_is_wrong(
    client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    agent_id = user_id(client, admin, "agent1")
    empty = client.patch(f"/api/users/{agent_id}", json={}, headers=admin)
    assert empty.status_code == 422 and "disabled" in empty.json()["message"]
    bad_role = client.patch(f"/api/users/{agent_id}", json={"role": "king"}, headers=admin)
    assert bad_role.status_code == 422 and "role" in bad_role.json()["message"]
    extra = client.patch(f"/api/users/{agent_id}", json={"password": "x"}, headers=admin)
    assert extra.status_code == 422
    missing = client.patch("/api/users/99999", json={"disabled": True}, headers=admin)
    assert missing.status_code == 404 and "99999" in missing.json()["message"]


# -- across processes: the served desk and the command line ---------------------------


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    yield from support.postgres_database()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("fresh_postgres"))


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postdesk", "users", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def web_login(base: str, username: str) -> httpx.Client:
    """A browser-like client logged in through the login page (session cookie)."""
    browser = httpx.Client(base_url=base, timeout=10)
    page = browser.get("/login").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert csrf is not None
    answer = browser.post(
        "/login",
        data={"username": username, "password": processes.PASSWORD, "_csrf": csrf.group(1)},
    )
    assert answer.status_code == 303, answer.text[:500]
    return browser


CACHE_SECONDS = 1.0


def test_disabled_in_another_process_stops_tokens_and_sessions(
    tmp_path: Path, database_url: str | None
) -> None:
    env = processes.desk_env(tmp_path / "data", database_url, token_cache_seconds=CACHE_SECONDS)
    processes.add_user(env, "root", "admin")
    processes.add_user(env, "mei", "agent")
    port = support.free_port()
    server = processes.start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        stack.callback(processes.stop, server)
        headers = processes.token(port, "mei")
        browser = web_login(base, "mei")
        stack.callback(browser.close)
        assert httpx.get(f"{base}/api/users/me", headers=headers).status_code == 200
        assert browser.get("/cases").status_code == 200
        done = cli(env, "disable", "mei")
        assert done.returncode == 0, done.stderr
        disabled_at = time.monotonic()
        # The web session looks its token up on every page: refused at once.
        assert browser.get("/cases").status_code == 303
        # The API token: within the token cache's delay (the server's own cache).
        while httpx.get(f"{base}/api/users/me", headers=headers).status_code == 200:
            assert time.monotonic() - disabled_at < CACHE_SECONDS + 0.5
            time.sleep(0.05)
        assert httpx.get(f"{base}/api/users/me", headers=headers).status_code == 401
        listed = cli(env, "list", "--json")
        assert '"active": false' in listed.stdout
        enabled = cli(env, "enable", "mei")
        assert enabled.returncode == 0
        assert processes.token(port, "mei")  # logs in again
        last = cli(env, "disable", "root")
        assert last.returncode == 2 and "last active admin" in last.stderr
        assert "Traceback" not in last.stderr
        role = cli(env, "role", "mei", "supervisor")
        assert role.returncode == 0 and "supervisor" in role.stdout
        bad = cli(env, "role", "mei", "king")
        assert bad.returncode == 2 and "king" in bad.stderr
        reset = cli(env, "reset-password", "mei")
        assert reset.returncode == 0
        one_time = re.search(r"one-time password: (\S+)", reset.stderr)
        assert one_time is not None
        token = httpx.post(
            f"{base}/api/auth/token", json={"username": "mei", "password": one_time.group(1)}
        ).json()["access_token"]
        held = httpx.get(f"{base}/api/cases", headers={"Authorization": f"Bearer {token}"})
        assert held.json()["error"] == "password_change_required"
        unknown = cli(env, "disable", "nobody")
        assert unknown.returncode == 2 and "nobody" in unknown.stderr


def test_adding_a_user_is_audited(desk: Desk, client: TestClient, admin: dict[str, str]) -> None:
    """Who added whom with which role, through the API, as every later change is."""
    admin_id = user_id(client, admin, "root")
    added = client.post(
        "/api/users",
        json={"username": "newcomer", "role": "supervisor", "password": "a-long-pass-phrase-9"},
        headers=admin,
    )
    assert added.status_code == 201
    created = [
        (actor, detail)
        for action, actor, detail in actions(desk, created=True)
        if action == "user.created"
    ]
    assert created[-1] == (
        admin_id,
        {"user_id": added.json()["id"], "username": "newcomer", "role": "supervisor"},
    )
