"""Server time of the helpdesk reads on a big desk: my cases, a case's timeline, the case
page, due reminders; on SQLite and on PostgreSQL (when 127.0.0.1:5432 answers).

Fills a fresh database with ``--cases`` cases spread over 20 agents, ``--events``
timeline (audit) events spread over them, one case with ``--hot`` events of its
own, and a reminder for every tenth case; then asks each read ``--repeat``
times in-process and prints p50/p95 of the ``Server-Timing`` the app reports
(target: p95 <= 150 ms). The machine is shared: say the load average with
the figures.

    .venv/bin/python benchmarks/bench_timeline.py [--cases 100000] [--events 1000000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient
from sqlalchemy import insert
from tests.desk import support

from postdesk.api import create_app
from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.users import service as users
from postdesk.desk.users.schemas import UserCreate
from postdesk.kb.runner import Walk

PASSWORD = "bench-helpdesk-password"
AGENTS = 20
ACTIONS = ("case.walked", "case.note", "case.status", "reminder.added", "case.checked")
BATCH = 20_000


def fill(desk: Desk, cases: int, events: int, hot: int) -> int:
    """Users, cases, events and reminders; returns the hot case's id."""
    with desk.sessions() as db_session:
        for number in range(AGENTS):
            users.create(
                db_session=db_session,
                user_in=UserCreate(username=f"agent{number}", role="agent", password=PASSWORD),  # type: ignore[arg-type]
            )
        db_session.commit()
    start = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    playbook = desk.library.get("webmail-system-busy")
    walk_state = Walk.start(playbook).state.model_dump(mode="json")
    with desk.engine.begin() as connection:
        for first in range(1, cases + 1, BATCH):
            rows = [
                {
                    "id": case_id,
                    "playbook_id": "webmail-system-busy",
                    "playbook_version": playbook.version,
                    "status": ("open", "waiting_customer", "resolved")[case_id % 3],
                    "status_changed_at": start + timedelta(minutes=case_id),
                    "channel": "phone",
                    "complaint": "网页登录提示系统忙",
                    "entities": {},
                    "walk_state": walk_state,
                    "assignee_id": 1 + case_id % AGENTS,
                    "created_at": start + timedelta(minutes=case_id),
                    "updated_at": start + timedelta(minutes=case_id),
                }
                for case_id in range(first, min(first + BATCH, cases + 1))
            ]
            connection.execute(insert(Case), rows)
        spread = events - hot
        for first in range(0, spread, BATCH):
            connection.execute(
                insert(AuditEvent),
                [
                    {
                        "case_id": 1 + number % cases,
                        "action": ACTIONS[number % len(ACTIONS)],
                        "actor_id": 1 + number % AGENTS,
                        "at": start + timedelta(seconds=number),
                        "detail": {"step": "s"},
                    }
                    for number in range(first, min(first + BATCH, spread))
                ],
            )
        hot_case = cases
        for first in range(0, hot, BATCH):
            connection.execute(
                insert(AuditEvent),
                [
                    {
                        "case_id": hot_case,
                        "action": ACTIONS[number % len(ACTIONS)],
                        "actor_id": 1,
                        "at": start + timedelta(seconds=number),
                        "detail": {"step": "s"},
                    }
                    for number in range(first, min(first + BATCH, hot))
                ],
            )
        connection.execute(
            insert(Reminder),
            [
                {
                    "case_id": case_id,
                    "origin": "agent",
                    "text": {"zh": "回电", "en": "call back"},
                    "due_at": start + timedelta(minutes=case_id),
                    "created_at": start,
                }
                for case_id in range(10, cases + 1, 10)
            ],
        )
    if desk.settings.database_url:
        with desk.engine.begin() as connection:
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"
            )
            connection.exec_driver_sql("ANALYZE")
    return hot_case


def server_ms(client: TestClient, path: str, headers: dict[str, str], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        timings.append(float(response.headers["server-timing"].split("dur=")[1]))
    return timings


def measure(name: str, url: str | None, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        desk = support.open_desk(Path(folder), url)
        try:
            began = time.perf_counter()
            hot = fill(desk, args.cases, args.events, args.hot)
            print(f"{name}: filled in {time.perf_counter() - began:.0f} s", flush=True)
            with TestClient(create_app(desk)) as client:
                token = client.post(
                    "/api/auth/token", json={"username": "agent0", "password": PASSWORD}
                ).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                total = client.get(f"/api/cases/{hot}/timeline?page_size=1", headers=headers)
                last = max(1, -(-total.json()["total"] // 100))
                client.cookies.set("postdesk_session", token)
                reads = {
                    "my cases (API)": "/api/cases?assignee=me",
                    "my cases (page)": "/cases?agent=me",
                    "timeline, last page": f"/api/cases/{hot}/timeline?page={last}&page_size=100",
                    "case page": f"/cases/{hot}",
                    "due reminders": "/api/reminders?due=true&assignee=me",
                }
                for label, path in reads.items():
                    timings = sorted(server_ms(client, path, headers, args.repeat))
                    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
                    print(
                        f"{name:<10} {label:<22} p50 {statistics.median(timings):7.1f} ms"
                        f"   p95 {p95:7.1f} ms",
                        flush=True,
                    )
        finally:
            desk.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--hot", type=int, default=2_000, help="events of the one busy case")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    measure("sqlite", None, args)
    if not args.no_postgres and support.postgres_reason() is None:
        name, url = support.create_database()
        try:
            measure("postgresql", url, args)
        finally:
            support.drop_database(name)
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
