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
only purges what is due, the provisioning watch (4.0.2) only opens
customers still pre-opened, and the reminder sweep records each reminder as
due (and overdue) once, by a conditional UPDATE of its row: reminders live in
the database, so a restart (or the in-memory queue of SQLite) loses none.
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
from postdesk.desk.reminders import service as reminders
from postdesk.desk.secrets import service as secrets

log = logging.getLogger("postdesk.jobs")

ESCALATION_QUEUE = "escalations"
MAINTENANCE_QUEUE = "maintenance"
SEND_TASK = "postdesk.send_escalation"
# A worker beats every HEARTBEAT_SECONDS; one silent for STALLED_WORKER_SECONDS is dead
# (killed, its machine gone): its jobs are retried and its escalations' leases released.
HEARTBEAT_SECONDS = 5.0
STALLED_WORKER_SECONDS = 20.0


def every_seconds(seconds: int) -> str:
    """A procrastinate cron firing every ``seconds`` seconds (1-59).

    procrastinate reads a sixth cron field as seconds (croniter's order: minute,
    hour, day, month, weekday, second). ``*/15 * * * * *`` is every second of
    minutes :00, :15, :30 and :45; this is ``* * * * * */15``. A step that does
    not divide 60 restarts at each minute (45: :00 and :45).
    """
    return f"* * * * * */{seconds}"


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

        @app.task(name=SEND_TASK, queue=ESCALATION_QUEUE)
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

        sweep_cron = every_seconds(desk.settings.sweep_seconds)

        @app.periodic(cron=sweep_cron, periodic_id="sweep")
        @app.task(name="postdesk.sweep_escalations", queue=MAINTENANCE_QUEUE, queueing_lock="sweep")
        async def sweep_escalations(timestamp: int) -> int:
            return await self.sweep()

        if not desk.settings.is_sqlite:
            # With SQLite the queue lives and dies with the server process; the sweep at
            # the next start finds what it left. In PostgreSQL a dead worker's jobs would
            # stay "doing" for ever without this.
            @app.periodic(cron=sweep_cron, periodic_id="recover")
            @app.task(
                name="postdesk.recover_stalled_jobs",
                queue=MAINTENANCE_QUEUE,
                queueing_lock="recover",
            )
            async def recover_stalled_jobs(timestamp: int) -> int:
                return await self.recover_stalled()

        @app.periodic(cron="*/5 * * * *", periodic_id="purge")
        @app.task(name="postdesk.purge_secrets", queue=MAINTENANCE_QUEUE, queueing_lock="purge")
        def purge_secrets(timestamp: int) -> int:
            with desk.sessions() as db_session:
                return secrets.purge_expired(db_session=db_session)

        @app.periodic(cron=sweep_cron, periodic_id="reminders")
        @app.task(
            name="postdesk.sweep_reminders", queue=MAINTENANCE_QUEUE, queueing_lock="reminders"
        )
        async def sweep_reminders(timestamp: int) -> int:
            result = await asyncio.to_thread(self.sweep_reminders)
            return len(result.fired)

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

    def sweep_reminders(self) -> reminders.SweepResult:
        """Reminders that fell due or went overdue since the last sweep, each recorded once
        (desk.reminders.service.sweep), at the desk's clock."""
        with self.desk.sessions() as db_session:
            return reminders.sweep(
                db_session=db_session, profile=self.desk.profile, now=self.desk.clock()
            )

    async def recover_stalled(self) -> int:
        """Retry the jobs of workers that stopped beating (procrastinate's stalled jobs).

        A send job's escalation is still leased to the dead worker: the lease is
        released first, so the retried job sends at once instead of after the lease
        (the mail may have reached the relay; a repeat carries the same Message-ID).
        Returns how many jobs were retried.
        """
        manager = self.app.job_manager
        stalled = list(
            await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_WORKER_SECONDS)
        )
        orphaned = [
            int(job.task_kwargs["escalation_id"])
            for job in stalled
            if job.task_name == SEND_TASK and "escalation_id" in job.task_kwargs
        ]

        def release() -> None:
            with self.desk.sessions() as db_session:
                escalations.release_leases(db_session=db_session, escalation_ids=orphaned)

        if orphaned:
            await asyncio.to_thread(release)
        for job in stalled:
            await manager.retry_job(job)
        if stalled:
            log.warning("retried %d job(s) of stalled workers", len(stalled))
        return len(stalled)

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
            update_heartbeat_interval=HEARTBEAT_SECONDS,
            stalled_worker_timeout=STALLED_WORKER_SECONDS,
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
