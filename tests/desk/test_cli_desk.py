"""The desk's commands as a user runs them: db upgrade, users add, cases list, worker."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.run_cli import postdesk


def test_db_upgrade_users_add_cases_list(tmp_path: Path) -> None:
    env = {"POSTDESK_DATA_DIR": str(tmp_path / "data")}
    upgraded = postdesk("db", "upgrade", env=env)
    assert upgraded.code == 0, upgraded.err
    assert (tmp_path / "data" / "postdesk.db").is_file()
    added = postdesk("users", "add", "mei", "--role", "supervisor", env=env)
    assert added.code == 0 and "added supervisor 'mei'" in added.out
    assert "one-time password: " in added.err
    own = postdesk("users", "add", "lin", "--password-stdin", stdin="lin-own-password\n", env=env)
    assert own.code == 0 and "one-time" not in own.err
    # Only the printed password must be changed at the first login.
    with sqlite3.connect(tmp_path / "data" / "postdesk.db") as connection:
        flags = dict(connection.execute("SELECT username, must_change_password FROM users"))
    assert flags == {"mei": 1, "lin": 0}
    again = postdesk("users", "add", "mei", env=env)
    assert again.code == 2 and "taken" in again.err
    bad_role = postdesk("users", "add", "x", "--role", "king", env=env)
    assert bad_role.code == 2 and "role" in bad_role.err
    listed = postdesk("cases", "list", "--json", env=env)
    assert listed.code == 0 and json.loads(listed.out)["total"] == 0
    bad_status = postdesk("cases", "list", "--status", "lost", env=env)
    assert bad_status.code == 2 and "--status" in bad_status.err


def test_password_stdin_without_a_password_creates_no_account(tmp_path: Path) -> None:
    """An empty stdin would leave an account behind a random password nobody saw."""
    env = {"POSTDESK_DATA_DIR": str(tmp_path / "data")}
    for stdin in ("", "\n"):
        empty = postdesk("users", "add", "ann", "--password-stdin", stdin=stdin, env=env)
        assert empty.code == 2 and "read no password" in empty.err, empty.err
        assert "Traceback" not in empty.err
    assert not (tmp_path / "data" / "postdesk.db").exists()


def test_worker_refuses_sqlite(tmp_path: Path) -> None:
    result = postdesk("worker", env={"POSTDESK_DATA_DIR": str(tmp_path)})
    assert result.code == 2 and "POSTDESK_DATABASE_URL" in result.err
