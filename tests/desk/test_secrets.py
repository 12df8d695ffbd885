"""Customer passwords: encrypted at rest, revealed only to allowed roles, audited, purged."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy import select

from postdesk.config import Keys
from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.secrets import service as secrets
from postdesk.desk.secrets.models import CaseSecret
from tests.desk.conftest import add_user, login, new_case

PASSWORD = "S3cret-mailbox-pw-7781"


def give_password(client: TestClient, headers: dict[str, str]) -> int:
    case_id = new_case(client, headers)["id"]
    response = client.post(
        f"/api/cases/{case_id}/walk",
        headers=headers,
        json={"fields": {"domain": "example.com", "password": PASSWORD}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["fields"]["password"] == "[secret given]"
    return int(case_id)


def test_stored_only_encrypted(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    case_id = give_password(client, agent)
    with desk.sessions() as db_session:
        row = db_session.scalar(select(CaseSecret).where(CaseSecret.case_id == case_id))
        assert row is not None and row.ciphertext is not None
        assert PASSWORD.encode() not in row.ciphertext
    for path in (
        "/api/cases",
        f"/api/cases/{case_id}",
        f"/api/cases/{case_id}/walk",
        f"/api/cases/{case_id}/secrets",
    ):
        assert PASSWORD not in client.get(path, headers=agent).text, path


def test_reveal_roles_and_audit(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    case_id = give_password(client, agent)  # the creator is the assignee
    mine = client.post(f"/api/cases/{case_id}/secrets/password/reveal", headers=agent)
    assert mine.status_code == 200 and mine.json()["value"] == PASSWORD
    add_user(desk, "stranger", "agent")
    stranger = client.post(
        f"/api/cases/{case_id}/secrets/password/reveal", headers=login(client, "stranger")
    )
    assert stranger.status_code == 403 and "assignee" in stranger.json()["message"]
    add_user(desk, "boss", "supervisor")
    boss = client.post(
        f"/api/cases/{case_id}/secrets/password/reveal", headers=login(client, "boss")
    )
    assert boss.status_code == 200
    with desk.sessions() as db_session:
        actions = list(
            db_session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.case_id == case_id)
                .where(AuditEvent.action.like("secret.%"))
                .order_by(AuditEvent.id)
            )
        )
    assert actions == [
        "secret.stored",
        "secret.revealed",
        "secret.reveal-refused",
        "secret.revealed",
    ]


def test_purged_on_close_and_ttl(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    closed_case = give_password(client, agent)
    client.post(f"/api/cases/{closed_case}/close", headers=agent)
    gone = client.post(f"/api/cases/{closed_case}/secrets/password/reveal", headers=agent)
    assert gone.status_code == 409 and "purged" in gone.json()["message"]
    open_case = give_password(client, agent)
    with desk.sessions() as db_session:
        assert secrets.purge_expired(db_session=db_session) == 0
        later = datetime.now(UTC) + timedelta(hours=desk.settings.secret_ttl_hours, minutes=1)
        assert secrets.purge_expired(db_session=db_session, now=later) == 1
        rows = db_session.scalars(select(CaseSecret)).all()
        assert all(row.ciphertext is None and row.purged_at for row in rows)
    expired = client.post(f"/api/cases/{open_case}/secrets/password/reveal", headers=agent)
    assert expired.status_code == 409


def test_key_rotation(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    case_id = give_password(client, agent)
    old = desk.keys
    new_key = Fernet.generate_key()
    desk.keys = Keys(secret_key=old.secret_key, encryption_keys=(new_key, *old.encryption_keys))
    try:
        with desk.sessions() as db_session:
            assert secrets.rotate(db_session=db_session, keys=desk.keys) == 1
        desk.keys = Keys(secret_key=old.secret_key, encryption_keys=(new_key,))
        shown = client.post(f"/api/cases/{case_id}/secrets/password/reveal", headers=agent)
        assert shown.status_code == 200 and shown.json()["value"] == PASSWORD
    finally:
        desk.keys = old


def test_password_never_in_database_file_or_logs(
    desk: Desk,
    client: TestClient,
    agent: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    backend: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    case_id = give_password(client, agent)
    for action in (
        {"choice": "confirmed"},
        {"fields": {"description": "menus missing"}},
        {"proceed": True},
    ):
        walked = client.post(f"/api/cases/{case_id}/walk", headers=agent, json=action)
        assert walked.status_code == 200, walked.text
    # Without the escalation the listing below would be empty and prove nothing.
    assert walked.json()["escalation_id"]
    assert PASSWORD not in caplog.text
    escalations = client.get("/api/escalations", headers=agent).text
    assert "menus missing" in escalations
    assert PASSWORD not in escalations
    if backend == "sqlite":
        raw = desk.engine.raw_connection()  # outside a transaction, as a checkpoint needs
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            raw.close()
        data = b"".join(path.read_bytes() for path in desk.settings.data_dir.glob("postdesk.db*"))
        assert data and PASSWORD.encode() not in data
    else:
        assert desk.settings.database_url is not None
        for use_pg_dump in (True, False):
            dump = postgres_contents(desk.settings.database_url, use_pg_dump=use_pg_dump)
            # The dump holds the rows (the case's complaint), just not the password.
            assert "后台少了邮件用户高级管理".encode() in dump
            assert PASSWORD.encode() not in dump


def postgres_contents(database_url: str, *, use_pg_dump: bool = True) -> bytes:
    """Everything stored in the PostgreSQL database: pg_dump's output when the tool is
    installed (and ``use_pg_dump``), else every text, JSON and bytea value of every table."""
    libpq_url = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    pg_dump = shutil.which("pg_dump") if use_pg_dump else None
    if pg_dump is not None:
        done = subprocess.run(
            [pg_dump, "--data-only", "--no-owner", libpq_url],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode == 0:
            return done.stdout
        # A pg_dump older than the server refuses to dump: read the tables instead.
    import psycopg

    parts: list[bytes] = []
    with psycopg.connect(libpq_url) as connection:
        columns = connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb', 'bytea')"
        ).fetchall()
        for table, column, data_type in columns:
            query = sql.SQL("SELECT {} FROM {}").format(
                sql.Identifier(column), sql.Identifier(table)
            )
            for (value,) in connection.execute(query):
                if value is None:
                    continue
                if data_type == "bytea":
                    parts.append(bytes(value))
                else:
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    parts.append(text.encode())
    return b"\n".join(parts)
