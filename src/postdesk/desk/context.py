"""The desk's process-wide parts, built once from the settings.

A :class:`Desk` holds the settings, the database engine and session factory,
the keys, and the playbook library with its profile. The API, the CLI and
the job worker each open one; tests open one per database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from postdesk.config import Keys, Settings, get_settings, load_keys
from postdesk.db.engine import autocommit_reader, make_engine, make_session_factory
from postdesk.kb.load import Library, default_library, load_library
from postdesk.profile import Profile, load_profile


class JobQueue(Protocol):
    """Where the desk hands work that happens later (see postdesk.jobs)."""

    def defer_escalations(self, escalation_ids: list[int]) -> None: ...


@dataclass
class Desk:
    """Settings, database, keys and knowledge base of one running desk."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    keys: Keys
    library: Library
    jobs: JobQueue | None = None
    # Sessions for look-ups that never write (the token check of every request, GET
    # requests): each statement on its own, no transaction (on SQLite they bypass the
    # single write lock; on PostgreSQL no BEGIN and COMMIT round trips). None: ``sessions``.
    read_sessions: sessionmaker[Session] | None = None
    # How checks started from a case (API and pages) resolve and connect; None: the
    # settings' diagnose_nameserver, else the system resolver. Tests and labs set it.
    make_diagnose_context: Callable[[Profile], Any] | None = None
    # Checks each user started through the API and the pages in the last minute.
    _diagnose_quota: Any = field(default=None, repr=False)
    # What time it is for reminders and business time; tests move it (a controllable clock).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)

    def diagnose_context(self) -> Any:
        """The DiagnoseContext for checks started through the API and the pages.

        Its probes never connect to Settings.diagnose_forbidden_networks (the CLI
        makes its own contexts, free of them); see ``make_diagnose_context``.
        """
        if self.make_diagnose_context is not None:
            context = self.make_diagnose_context(self.profile)
        else:
            from postdesk.diagnose import DiagnoseContext
            from postdesk.diagnose.options import nameserver_from_setting

            nameserver = nameserver_from_setting(self.settings.diagnose_nameserver)
            context = DiagnoseContext(profile=self.profile, nameserver=nameserver)
        context.forbidden_networks = self.settings.forbidden_networks()
        return context

    def take_diagnose_turn(self, user_id: int) -> None:
        """Count a check started by ``user_id``; RateLimitedError past diagnose_per_minute."""
        per_minute = self.settings.diagnose_per_minute
        if self._diagnose_quota is None or self._diagnose_quota.per_minute != per_minute:
            from postdesk.desk.quota import PerUserQuota

            self._diagnose_quota = PerUserQuota(per_minute, "diagnose_rate_limited")
        self._diagnose_quota.take(user_id)

    @property
    def profile(self) -> Profile:
        return self.library.profile

    @classmethod
    def open(cls, settings: Settings | None = None, *, migrate: bool = False) -> Desk:
        """A desk for ``settings`` (default: from the environment)."""
        settings = settings or get_settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url())
        if migrate:
            from postdesk.db.migrate import upgrade

            upgrade(engine)
        library = (
            load_library(profile=load_profile(settings.profile))
            if settings.profile
            else default_library()
        )
        if settings.is_sqlite:
            read_engine = make_engine(settings.resolved_database_url(), read_only=True)
        else:
            read_engine = autocommit_reader(engine)
        read_sessions = make_session_factory(read_engine)
        return cls(
            settings=settings,
            engine=engine,
            read_sessions=read_sessions,
            sessions=make_session_factory(engine),
            keys=load_keys(settings),
            library=library,
        )

    def reader(self) -> Session:
        """A session for look-ups only (never commit writes through it)."""
        return (self.read_sessions or self.sessions)()

    def close(self) -> None:
        if self.read_sessions is not None:
            bind = self.read_sessions.kw.get("bind")
            if bind is not None and bind.pool is not self.engine.pool:
                bind.dispose()
        self.engine.dispose()
