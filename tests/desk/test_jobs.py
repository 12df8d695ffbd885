"""Jobs on procrastinate: escalations queued by the API are sent by a worker."""

from __future__ import annotations

import asyncio
import itertools

from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.jobs import DeskJobs, ensure_schema
from tests.desk.conftest import new_case
from tests.desk.support import SmtpSink
from tests.desk.test_escalation_mail import escalate


def wait_for(condition, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    async def poll() -> bool:
        for _ in range(int(seconds * 10)):
            if condition():
                return True
            await asyncio.sleep(0.1)
        return False

    return asyncio.run(poll())


def test_api_defers_and_in_process_worker_sends(
    desk: Desk, smtp_sink: SmtpSink, backend: str
) -> None:
    """The app server with its in-process worker (the SQLite set-up, run on both backends)."""
    desk.settings = desk.settings.model_copy(update={"smtp_port": smtp_sink.port})
    ensure_schema(desk)
    jobs = DeskJobs(desk)

    async def start(_desk: Desk) -> None:
        await jobs.start(run_worker=True)

    async def stop(_desk: Desk) -> None:
        await jobs.stop()

    app = create_app(desk, on_startup=start, on_shutdown=stop)
    with TestClient(app, raise_server_exceptions=False) as client:
        from tests.desk.conftest import add_user, login

        add_user(desk, "jobs-admin", "admin")
        headers = login(client, "jobs-admin")
        escalation_ids = [escalate(client, headers) for _ in range(3)]
        sent = wait_for(lambda: len(smtp_sink.message_ids()) == 3)
        assert sent, f"only {len(smtp_sink.message_ids())} of 3 arrived"
        rows = [client.get(f"/api/escalations/{i}", headers=headers).json() for i in escalation_ids]
    assert sorted(smtp_sink.message_ids()) == sorted(row["message_id"] for row in rows)


def test_sweep_finds_escalations_without_a_job(
    desk: Desk, client: TestClient, admin: dict[str, str], smtp_sink: SmtpSink
) -> None:
    """An app server that died between commit and defer leaves a queued row: the sweep sends it."""
    desk.settings = desk.settings.model_copy(update={"smtp_port": smtp_sink.port})
    escalation_id = escalate(client, admin)  # no job queue attached: nothing deferred
    new_case(client, admin)
    ensure_schema(desk)
    jobs = DeskJobs(desk)

    async def run() -> int:
        async with jobs.app.open_async():
            jobs.loop = asyncio.get_running_loop()
            added = await jobs.sweep()
            await jobs.app.run_worker_async(
                wait=False, install_signal_handlers=False, queues=["escalations"]
            )
            return added

    assert asyncio.run(run()) == 1
    assert len(smtp_sink.message_ids()) == 1
    status = client.get(f"/api/escalations/{escalation_id}", headers=admin).json()["status"]
    assert status == "sent"


def test_the_sweep_fires_every_sweep_seconds(desk: Desk) -> None:
    """Next firing times from procrastinate's own periodic registry: every 15 s, all hour.

    ``*/15 * * * * *`` (the old schedule) fired every second of minutes :00, :15,
    :30 and :45 and never in between (issue 12.11).
    """
    from datetime import UTC, datetime

    import croniter

    desk.settings = desk.settings.model_copy(update={"sweep_seconds": 15})
    jobs = DeskJobs(desk)
    periodic = {
        task.periodic_id: task for task in jobs.app.periodic_registry.periodic_tasks.values()
    }
    # The croniter procrastinate's deferrer reads the task's cron with.
    cron = croniter.croniter(periodic["sweep"].cron)
    start = datetime(2026, 12, 1, 10, 7, 3, tzinfo=UTC).timestamp()
    cron.set_current(start_time=start)
    firings = [cron.get_next(ret_type=float) for _ in range(12)]
    gaps = {round(later - earlier) for earlier, later in itertools.pairwise(firings)}
    assert gaps == {15}
    assert [datetime.fromtimestamp(t, UTC).strftime("%M:%S") for t in firings[:3]] == [
        "07:15",
        "07:30",
        "07:45",
    ]
    # The maintenance schedules keep their minute steps.
    purge = croniter.croniter(periodic["purge"].cron)
    purge.set_current(start_time=start)
    assert round(purge.get_next(ret_type=float) - start) == 3 * 60 - 3
