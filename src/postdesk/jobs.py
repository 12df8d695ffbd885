"""Background work on procrastinate: sending escalations, sweeping, purging secrets.

Where the jobs live depends on the database:

- PostgreSQL: procrastinate keeps its queue in the same database; any number
  of ``postdesk worker`` processes take jobs from it, and app servers only
  defer jobs. A job taken by a worker that is killed is not lost: the
  escalation row stays ``queued`` (or ``sending`` with a lease that runs out)
  and the periodic sweep defers a new job for it.
- SQLite (embedded default): the queue is in memory inside ``postdesk serve``
  and its worker runs on the server's event loop. The database row is still
  the truth, so after a restart the sweep finds every escalation not sent yet.

Every job's side effect is safe to repeat: sending claims the row first (see
:mod:`postdesk.desk.escalations.flows`), the sweep only defers, purging
only purges what is due, and the provisioning watch (4.0.2) only opens
customers still pre-opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from postdesk.desk.context import Desk
from postdesk.desk.customers import provisioning
from postdesk.desk.escalations import service as escalations
from postdesk.desk.escalations.flows import backoff_seconds, deliver
from postdesk.desk.secrets import service as secrets

log = logging.getLogger("postdesk.jobs")

ESCALATION_QUEUE = "escalations"
MAINTENANCE_QUEUE = "maintenance"


def postgres_conninfo(url: str) -> str:
    """A libpq connection string from a SQLAlchemy PostgreSQL URL."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_connector(desk: Desk) -> procrastinate.BaseConnector:
    if desk.settings.is_sqlite:
        from procrastinate.testing import InMemoryConnector

        return InMemoryConnector()
    return procrastinate.PsycopgConnector(
        conninfo=postgres_conninfo(desk.settings.resolved_database_url()),
        min_size=1,
        max_size=4,
    )


class DeskJobs:
    """The desk's procrastinate app and its tasks; also the desk's JobQueue."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.app = procrastinate.App(connector=make_connector(desk))
        self.loop: asyncio.AbstractEventLoop | None = None
        self._register()

    # -- tasks ---------------------------------------------------------------------

    def _register(self) -> None:
        app, desk = self.app, self.desk

        @app.task(name="postdesk.send_escalation", queue=ESCALATION_QUEUE)
        async def send_escalation(escalation_id: int) -> str:
            outcome = await deliver(desk, escalation_id)
            if outcome == "retry":

                def attempts_so_far() -> int:
                    with desk.sessions() as db_session:
                        row = escalations.get(db_session=db_session, escalation_id=escalation_id)
                        return row.attempts

                attempts = await asyncio.to_thread(attempts_so_far)
                await self._defer_one(escalation_id, delay=backoff_seconds(attempts))
            return outcome

        @app.periodic(cron=f"*/{desk.settings.sweep_seconds} * * * * *", periodic_id="sweep")
        @app.task(name="postdesk.sweep_escalations", queue=MAINTENANCE_QUEUE, queueing_lock="sweep")
        async def sweep_escalations(timestamp: int) -> int:
            return await self.sweep()

        @app.periodic(cron="*/5 * * * *", periodic_id="purge")
        @app.task(name="postdesk.purge_secrets", queue=MAINTENANCE_QUEUE, queueing_lock="purge")
        def purge_secrets(timestamp: int) -> int:
            with desk.sessions() as db_session:
                return secrets.purge_expired(db_session=db_session)

        minutes = desk.profile.limits.provisioning_recheck_minutes
        every = f"*/{minutes} * * * *" if 1 <= minutes < 60 else "0 * * * *"

        @app.periodic(cron=every, periodic_id="provisioning")
        @app.task(
            name="postdesk.recheck_provisioning",
            queue=MAINTENANCE_QUEUE,
            queueing_lock="provisioning",
        )
        async def recheck_provisioning(timestamp: int) -> int:
            return len(await provisioning.recheck(desk))

        self.send_escalation = send_escalation

    async def _defer_one(self, escalation_id: int, delay: float = 0) -> bool:
        """Defer a send job unless one is already waiting; True when a job was added."""
        options: dict[str, Any] = {"queueing_lock": f"send-escalation-{escalation_id}"}
        if delay:
            options["schedule_in"] = {"seconds": delay}
        try:
            await self.send_escalation.configure(**options).defer_async(escalation_id=escalation_id)
        except AlreadyEnqueued:
            return False
        return True

    async def sweep(self) -> int:
        """Defer jobs for escalations that are due and have none waiting; returns how many."""

        def due() -> list[int]:
            with self.desk.sessions() as db_session:
                return escalations.due_ids(db_session=db_session)

        added = 0
        for escalation_id in await asyncio.to_thread(due):
            added += await self._defer_one(escalation_id)
        return added

    # -- the JobQueue the API calls -------------------------------------------------

    def defer_escalations(self, escalation_ids: list[int]) -> None:
        """Defer send jobs from a worker thread of the app server (or from sync code)."""

        async def defer_all() -> None:
            for escalation_id in escalation_ids:
                await self._defer_one(escalation_id)

        self._run(defer_all())

    def _run(self, coroutine: Coroutine[Any, Any, None]) -> None:
        if self.loop is None:
            raise RuntimeError("the job queue is not started")
        try:
            asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)
        except Exception as err:  # the sweep defers it later; the case is already saved
            log.warning("could not defer a job now (%s); the sweep will", type(err).__name__)

    # -- running --------------------------------------------------------------------

    async def start(self, *, run_worker: bool) -> None:
        """Open the queue on the running loop; with ``run_worker``, work in this process too."""
        self.loop = asyncio.get_running_loop()
        await self.app.open_async()
        self.desk.jobs = self
        self._worker_task: asyncio.Task[None] | None = None
        if run_worker:
            self._worker_task = asyncio.create_task(self.work(install_signal_handlers=False))

    async def stop(self) -> None:
        self.desk.jobs = None
        task = getattr(self, "_worker_task", None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.app.close_async()

    async def work(self, *, install_signal_handlers: bool = True, concurrency: int = 4) -> None:
        """Run a worker on every queue until stopped."""
        await self.app.run_worker_async(
            concurrency=concurrency,
            install_signal_handlers=install_signal_handlers,
            fetch_job_polling_interval=1.0,
            update_heartbeat_interval=5.0,
            stalled_worker_timeout=20.0,
            delete_jobs="successful",
        )


def ensure_schema(desk: Desk) -> bool:
    """Create procrastinate's tables on PostgreSQL when absent; True when created."""
    if desk.settings.is_sqlite or inspect(desk.engine).has_table("procrastinate_jobs"):
        return False
    jobs = DeskJobs(desk)
    with jobs.app.open():
        jobs.app.schema_manager.apply_schema()
    return True
