"""Settings, generated keys, engines and migrations."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from postdesk.config import ConfigError, Settings, load_keys
from postdesk.db.engine import make_engine
from postdesk.db.models import Base
from postdesk.desk.context import Desk


def test_keys_generated_once_with_mode_0600(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = load_keys(settings)
    path = tmp_path / "data" / "keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_keys(settings) == first
    assert "Fernet" not in repr(first) and str(first.secret_key) not in repr(first)


def test_keys_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("POSTDESK_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("POSTDESK_ENCRYPTION_KEYS", "not-a-fernet-key")
    with pytest.raises(ConfigError, match="not a Fernet key"):
        load_keys(Settings())
    assert not (tmp_path / "keys.json").exists()


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("POSTDESK_DIAGNOSE_NAMESERVER", "localhost:5353", "must be an IP address"),
        ("POSTDESK_DIAGNOSE_NAMESERVER", "127.0.0.1:99999", "port 99999 is out of range"),
        ("POSTDESK_SERVER_THREADS", "many", "POSTDESK_SERVER_THREADS: should be a whole number"),
    ],
)
def test_bad_setting_stops_serve_with_one_line_naming_it(
    tmp_path: Path, name: str, value: str, said: str
) -> None:
    """Refused at start-up, before anything is created, not at the first look-up."""
    environment = {**os.environ, "POSTDESK_DATA_DIR": str(tmp_path / "data"), name: value}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "postdesk"), "serve"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert name in line and said in line, line
    assert not (tmp_path / "data" / "postdesk.db").exists()


@pytest.mark.parametrize("value", ["127.0.0.1:5353", "[::1]:5353", "127.0.0.1", ""])
def test_nameserver_setting_accepts_what_the_option_parser_does(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTDESK_DIAGNOSE_NAMESERVER", value)
    assert Settings().diagnose_nameserver == (value or None)


def test_default_database_is_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path.resolve()}/postdesk.db"
    assert settings.is_sqlite


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_migrations_match_the_models(session_desk: Desk) -> None:
    """The Alembic head creates exactly the tables the models declare (on both backends)."""
    with session_desk.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    migrations = Path(__file__).resolve().parents[2] / "src/postdesk/db/alembic/versions"
    names = [path.name for path in migrations.glob("*.py")]
    assert names and all(name[:10].count("-") == 2 and name[10] == "_" for name in names)
