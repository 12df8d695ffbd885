"""Hardening of answers and files: security headers, a private database, logout, token admin."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from postdesk.config import Settings
from postdesk.desk.context import Desk


def test_every_answer_carries_the_hardening_headers(
    client: TestClient, agent: dict[str, str]
) -> None:
    for response in (
        client.get("/login"),
        client.get("/api/cases", headers=agent),
        client.get("/api/cases/999999", headers=agent),  # an error answer too
        client.get("/static/desk.css"),
    ):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "style-src 'self';" in policy
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style_attribute(
    client: TestClient, agent: dict[str, str]
) -> None:
    """What the policy would block: the pages carry data attributes for bars and shades."""
    page = client.get("/login").text
    assert "<script src=" in page and " style=" not in page
    assert "<script>" not in page


def test_sqlite_database_and_wal_are_private(tmp_path: Path) -> None:
    """postdesk.db holds complaints, contacts and password hashes: 0600 like keys.json."""
    desk = Desk.open(Settings(data_dir=tmp_path), migrate=True)
    try:
        with desk.sessions() as db_session:  # a write, so the WAL and its index exist
            db_session.execute(text("CREATE TABLE probe (x INTEGER)"))
            db_session.commit()
        for name in ("postdesk.db", "postdesk.db-wal", "postdesk.db-shm"):
            mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
            assert mode == 0o600, f"{name} is {mode:o}"
    finally:
        desk.close()


def test_an_existing_world_readable_database_is_narrowed(tmp_path: Path) -> None:
    Desk.open(Settings(data_dir=tmp_path), migrate=True).close()
    (tmp_path / "postdesk.db").chmod(0o644)
    Desk.open(Settings(data_dir=tmp_path)).close()
    assert stat.S_IMODE((tmp_path / "postdesk.db").stat().st_mode) == 0o600


def test_logout_revokes_the_token(client: TestClient, agent: dict[str, str]) -> None:
    assert client.get("/api/users/me", headers=agent).status_code == 200
    assert client.post("/api/auth/logout", headers=agent).status_code == 204
    assert client.get("/api/users/me", headers=agent).status_code == 401
    assert client.post("/api/auth/logout").status_code == 401  # no token: nothing to end


def test_admins_list_and_revoke_tokens(
    client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    assert client.get("/api/auth/tokens", headers=agent).status_code == 403
    listed = client.get("/api/auth/tokens", headers=admin)
    assert listed.status_code == 200
    rows = listed.json()
    assert {row["username"] for row in rows} == {"root", "agent1"}
    assert all(
        set(row) == {"id", "user_id", "username", "created_at", "expires_at", "revoked_at"}
        for row in rows
    )
    agents = [row for row in rows if row["username"] == "agent1"]
    assert client.delete(f"/api/auth/tokens/{agents[0]['id']}", headers=agent).status_code == 403
    assert client.delete(f"/api/auth/tokens/{agents[0]['id']}", headers=admin).status_code == 204
    assert client.get("/api/users/me", headers=agent).status_code == 401
    assert client.delete("/api/auth/tokens/999999", headers=admin).status_code == 404
    remaining = client.get("/api/auth/tokens", headers=admin).json()
    assert [row["username"] for row in remaining] == ["root"]
    ended = client.get("/api/auth/tokens?include_ended=true", headers=admin).json()
    assert any(row["revoked_at"] for row in ended)
