"""Migration 0006 on a database with cases: "escalated" becomes waiting_engineer and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from postdesk.db.engine import make_engine
from postdesk.db.migrate import alembic_config, upgrade


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_escalated_cases_wait_for_an_engineer_after_the_upgrade(
    backend: str, tmp_path: Path
) -> None:
    from tests.desk import support

    databases = support.postgres_database()  # kept: its end drops the database
    url = next(databases) if backend == "postgres" else f"sqlite:///{tmp_path}/old.db"
    engine = make_engine(url)
    try:
        upgrade(engine, "0005")
        with engine.begin() as connection:
            for status in ("escalated", "open"):
                connection.execute(
                    text(
                        "INSERT INTO cases (playbook_id, playbook_version, status, channel, "
                        "complaint, entities, walk_state, created_at, updated_at) VALUES "
                        "('p', 1, :status, 'phone', 'c', '{}', '{}', :at, :at)"
                    ),
                    {"status": status, "at": "2026-12-01 01:00:00"},
                )
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT status, status_changed_at FROM cases ORDER BY id")
            ).all()
        assert [row[0] for row in rows] == ["waiting_engineer", "open"]
        assert all(row[1] is not None for row in rows)
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        with engine.connect() as connection:
            statuses = connection.execute(text("SELECT status FROM cases ORDER BY id")).scalars()
            assert list(statuses) == ["escalated", "open"]
        upgrade(engine)
    finally:
        engine.dispose()
        databases.close()
