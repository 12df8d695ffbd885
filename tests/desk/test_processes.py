"""Real processes: SIGKILLed workers and servers lose nothing; concurrent creations count once.

These start ``postdesk serve`` / ``postdesk worker`` as separate processes on
loopback, with an SMTP sink in the test process.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from postdesk.desk.cases.models import Case
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.escalations.service import new_message_id
from postdesk.desk.incidents.models import Incident
from postdesk.jobs import DeskJobs, ensure_schema
from tests.desk import processes, support
from tests.desk.support import SmtpSink

ESCALATIONS = 500


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    yield from support.postgres_database()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("fresh_postgres"))


def queue_escalations(desk, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """``count`` queued mail escalations with send jobs deferred; returns their Message-IDs."""
    with desk.sessions() as db_session:
        rows = [
            Escalation(
                channel_id="agent-interface",
                channel_kind="mail",
                status="queued",
                payload={
                    "to": "agents@desk.test",
                    "subject": f"load {number}",
                    "body": f"escalation {number}\n",
                },
                message_id=new_message_id(desk.settings),
            )
            for number in range(count)
        ]
        db_session.add_all(rows)
        db_session.commit()
        ids = [row.id for row in rows]
        message_ids = [row.message_id for row in rows]
    jobs = DeskJobs(desk)

    async def defer() -> None:
        async with jobs.app.open_async():
            for escalation_id in ids:
                await jobs._defer_one(escalation_id)

    asyncio.run(defer())
    return message_ids


def sent_count(desk) -> int:  # type: ignore[no-untyped-def]
    with desk.sessions() as db_session:
        query = select(func.count(Escalation.id)).where(Escalation.status == "sent")
        return int(db_session.scalar(query) or 0)


def wait_until(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_worker_killed_midway_loses_no_escalation(
    tmp_path: Path, fresh_postgres: str, smtp_sink: SmtpSink
) -> None:
    env = processes.desk_env(
        tmp_path,
        fresh_postgres,
        smtp_port=smtp_sink.port,
        send_lease_seconds=3,
        sweep_seconds=1,
        smtp_timeout_seconds=5,
    )
    desk = support.open_desk(tmp_path, fresh_postgres, smtp_port=smtp_sink.port)
    ensure_schema(desk)
    expected = queue_escalations(desk, ESCALATIONS)
    victim = processes.start_worker(env)
    survivor = processes.start_worker(env)
    try:
        assert wait_until(lambda: len(smtp_sink.message_ids()) >= ESCALATIONS // 3, 60)
        processes.stop(victim, kill=True)
        killed_at = len(smtp_sink.message_ids())
        assert killed_at < ESCALATIONS, "the workers finished before the kill"
        assert wait_until(lambda: len(set(smtp_sink.message_ids())) >= ESCALATIONS, 120), (
            f"{len(set(smtp_sink.message_ids()))} of {ESCALATIONS} arrived"
        )
        # A mail the victim handed over but did not record is sent again by the
        # survivor once its lease runs out; wait for the records to settle.
        assert wait_until(lambda: sent_count(desk) == ESCALATIONS, 60), sent_count(desk)
    finally:
        processes.stop(victim, kill=True)
        processes.stop(survivor)
    received = Counter(smtp_sink.message_ids())
    print(f"killed at {killed_at}, received {sum(received.values())}")
    assert set(received) == set(expected)
    repeats = {message_id: n for message_id, n in received.items() if n > 1}
    # A repeat is only possible for the few mails in flight on the killed worker
    # (at most its concurrency), and it carries the same Message-ID.
    assert sum(n - 1 for n in repeats.values()) <= 4, repeats
    desk.close()


def create_cases(  # type: ignore[no-untyped-def]
    port: int, headers: dict[str, str], bodies: list[dict], stop_event=None, created=None
):
    """POST every body with 16 threads; returns (ids answered 201, other outcomes)."""
    created = [] if created is None else created
    others: list[str] = []
    lock = threading.Lock()

    def post(body: dict) -> None:
        if stop_event is not None and stop_event.is_set():
            return
        try:
            response = httpx.post(
                f"http://127.0.0.1:{port}/api/cases", json=body, headers=headers, timeout=30
            )
        except httpx.HTTPError as err:
            with lock:
                others.append(type(err).__name__)
            return
        with lock:
            if response.status_code == 201:
                created.append(int(response.json()["id"]))
            else:
                others.append(f"{response.status_code} {response.text[:200]}")

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(post, bodies))
    return created, others


def complaint(playbook: str, domain: str) -> dict:
    return {"complaint": "report", "playbook_id": playbook, "customer": {"domain": domain}}


def start_loader_server(
    tmp_path: Path, database_url: str | None
) -> tuple[subprocess.Popen[bytes], int, dict[str, str]]:
    """A ``postdesk serve`` process with an admin "loader": (process, port, loader's headers)."""
    env = processes.desk_env(tmp_path, database_url)
    processes.add_user(env, "loader")
    port = support.free_port()
    server = processes.start_server(env, port)
    try:
        headers = processes.token(port, "loader")
    except BaseException:
        # The caller gets no process to stop if the token never came.
        processes.stop(server, kill=True)
        raise
    return server, port, headers


def test_200_concurrent_creations_one_incident_per_symptom(
    tmp_path: Path, database_url: str | None
) -> None:
    server, port, headers = start_loader_server(tmp_path, database_url)
    try:
        bodies = (
            [complaint("webmail-system-busy", f"busy{n % 40}.example") for n in range(90)]
            + [complaint("mail-delay", f"slow{n % 30}.example") for n in range(90)]
            # one customer reporting often is not an outage
            + [complaint("expiry-query", "same.example") for _ in range(20)]
        )
        created, others = create_cases(port, headers, bodies)
    finally:
        processes.stop(server)
    assert others == [] and len(created) == 200
    desk = support.open_desk(tmp_path, database_url)
    with desk.sessions() as db_session:
        assert db_session.scalar(select(func.count(Case.id))) == 200
        incidents = list(db_session.scalars(select(Incident.playbook_id).order_by(Incident.id)))
        notices = db_session.scalar(
            select(func.count(Escalation.id)).where(Escalation.incident_id.is_not(None))
        )
        linked = db_session.scalar(select(func.count(Case.id)).where(Case.incident_id.is_not(None)))
    desk.close()
    assert sorted(incidents) == ["mail-delay", "webmail-system-busy"]
    assert notices == 2 and linked == 180


def test_server_killed_during_creations_keeps_every_201(
    tmp_path: Path, database_url: str | None
) -> None:
    server, port, headers = start_loader_server(tmp_path, database_url)
    stop_event = threading.Event()
    bodies = [complaint("expiry-query", f"k{n}.example") for n in range(5000)]
    created: list[int] = []

    def kill_midway() -> None:
        # Kill once creations are flowing, however slow the machine is today.
        wait_until(lambda: len(created) >= 100, 60)
        processes.stop(server, kill=True)
        stop_event.set()

    killer = threading.Thread(target=kill_midway)
    killer.start()
    try:
        created, others = create_cases(port, headers, bodies, stop_event, created)
    finally:
        killer.join()
        processes.stop(server, kill=True)
    assert created, "no case was created before the kill"
    assert others, "the server finished everything before the kill"
    if database_url is None:
        with sqlite3.connect(tmp_path / "postdesk.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    desk = support.open_desk(tmp_path, database_url)
    with desk.sessions() as db_session:
        stored = set(db_session.scalars(select(Case.id)))
        orphans = db_session.scalar(select(func.count(Case.id)).where(Case.customer_id.is_(None)))
    desk.close()
    assert set(created) <= stored
    assert orphans == 0


class HangingSink(SmtpSink):
    """An SMTP sink whose first message hangs in DATA until released: a send in flight."""

    def __init__(self, port: int) -> None:
        super().__init__(port=port)
        self.first_seen = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        if not self.first_seen.is_set():
            self.first_seen.set()
            while not self.release.is_set():
                await asyncio.sleep(0.1)
            return "451 4.3.0 the first attempt's connection is gone"
        return await super().handle_DATA(server, session, envelope)


def test_a_worker_killed_mid_send_is_recovered_by_procrastinate(
    tmp_path: Path, fresh_postgres: str
) -> None:
    """A SIGKILLed worker's job is retried once its heartbeat is stale and the mail goes out.

    With the default lease (120 s) and the old sweep (every second of minutes :00,
    :15, :30, :45), the cut-off mail went out minutes later and the dead worker's
    job stayed "doing" for ever (issue 12.11). Now procrastinate's stalled-job
    query finds it within STALLED_WORKER_SECONDS, its lease is released and a
    surviving worker sends it.
    """
    from aiosmtpd.controller import Controller

    from postdesk.jobs import STALLED_WORKER_SECONDS

    sink = HangingSink(support.free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    env = processes.desk_env(tmp_path, fresh_postgres, smtp_port=sink.port, sweep_seconds=2)
    desk = support.open_desk(tmp_path, fresh_postgres, smtp_port=sink.port)
    ensure_schema(desk)
    (message_id,) = queue_escalations(desk, 1)
    victim = processes.start_worker(env)
    survivor = None
    try:
        assert sink.first_seen.wait(60), "the worker never started sending"
        processes.stop(victim, kill=True)
        killed_at = time.monotonic()
        sink.release.set()
        survivor = processes.start_worker(env)
        assert wait_until(lambda: sent_count(desk) == 1, STALLED_WORKER_SECONDS + 40), (
            "the killed worker's mail was not sent again"
        )
        recovered_in = time.monotonic() - killed_at
        assert sink.message_ids() == [message_id]

        def doing() -> int:
            with psycopg_connect(fresh_postgres) as conn:
                row = conn.execute(
                    "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"
                ).fetchone()
                return int(row[0])

        assert wait_until(lambda: doing() == 0, 30), "a job stayed 'doing'"
    finally:
        processes.stop(victim, kill=True)
        if survivor is not None:
            processes.stop(survivor)
        controller.stop()
        desk.close()
    print(
        f"re-sent {recovered_in:.1f} s after the kill (lease {desk.settings.send_lease_seconds} s)"
    )
    assert recovered_in < desk.settings.send_lease_seconds


def psycopg_connect(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
