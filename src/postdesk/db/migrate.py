"""Run Alembic migrations from code (``postdesk db upgrade``, ``postdesk serve``).

The migration scripts ship inside the package (``postdesk/db/alembic``), so
no ``alembic.ini`` is needed: the configuration is built here.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

SCRIPT_LOCATION = "postdesk.db:alembic"
# Alembic files are named by date and slug (YYYY-MM-DD_slug.py), newest last.
# Advisory lock key that serialises migrations on PostgreSQL ("postdesk" in ASCII).
MIGRATION_LOCK = 0x706F73746465736B
FILE_TEMPLATE = "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s"


def alembic_config(url: str) -> Config:
    """An Alembic configuration for the database at ``url``."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` (default: the newest)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several servers may start at once; one migrates, the others wait for it.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_current(engine: Engine) -> bool:
    """Whether the database has the desk's tables at all (a quick first-start test)."""
    return inspect(engine).has_table("alembic_version")
