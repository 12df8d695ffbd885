"""The outage rule under a burst: how long case creations wait on its lock (issue 12.12).

On PostgreSQL (a fresh database on 127.0.0.1:5432), threads create cases of
one playbook and one symptom ("系统忙", 4.0.6) through the desk's own flow,
each with its own session. The rule's guard row lock is timed around every
acquisition. Phase 1: no incident yet, so creations take the lock until the
threshold raises one. Phase 2: the incident is open; a creation joins it with
a read and its own row, so it should take no lock at all. Printed: lock
acquisitions, total and worst wait, and creation p50/p99 per phase.
Target: phase 2 takes the lock 0 times.

    .venv/bin/python benchmarks/bench_outage_locks.py [--threads 16] [--cases 400]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.desk import support

from postdesk.desk.cases import flows
from postdesk.desk.cases.schemas import CaseCreate
from postdesk.desk.customers.schemas import CustomerIn
from postdesk.desk.incidents import service as incidents
from postdesk.desk.users import service as users
from postdesk.desk.users.schemas import UserCreate

_waits: list[float] = []
_lock = threading.Lock()
_original = incidents._lock_guard


def _timed_guard(db_session, symptom_key):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    _original(db_session, symptom_key)
    with _lock:
        _waits.append(time.perf_counter() - started)


def burst(  # type: ignore[no-untyped-def]
    desk, actor, first: int, count: int, threads: int, playbook: str = "webmail-system-busy"
) -> list[float]:
    latencies: list[float] = []

    def create(number: int) -> None:
        case_in = CaseCreate(
            complaint="网页登录一直提示系统忙",
            playbook_id=playbook,
            customer=CustomerIn(domain=f"lock{number}.example"),
        )
        started = time.perf_counter()
        with desk.sessions() as db_session:
            flows.create_case(desk=desk, db_session=db_session, case_in=case_in, actor=actor)
        with _lock:
            latencies.append(time.perf_counter() - started)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(create, range(first, first + count)))
    return latencies


def report(name: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    waited = sum(_waits)
    worst = max(_waits, default=0.0)
    print(
        f"{name}: {len(latencies)} creations; lock taken {len(_waits)} times, "
        f"waited {waited * 1000:.0f} ms in all (worst {worst * 1000:.1f} ms); "
        f"creation p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--cases", type=int, default=400)
    options = parser.parse_args()
    reason = support.postgres_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    name, url = support.create_database()
    try:
        with tempfile.TemporaryDirectory() as folder:
            desk = support.open_desk(Path(folder), url)
            with desk.sessions() as db_session:
                actor = users.create(
                    db_session=db_session,
                    user_in=UserCreate(username="bench", role="agent", password="bench-password-1"),  # type: ignore[arg-type]
                )
                db_session.commit()
                db_session.refresh(actor)
                db_session.expunge(actor)
            burst(desk, actor, 10_000, 4, 4, "expiry-query")  # warm-up: connections, caches
            _waits.clear()
            incidents._lock_guard = _timed_guard  # type: ignore[assignment]
            print(f"PostgreSQL, {options.threads} threads, one playbook and one symptom")
            report("phase 1 (until the incident)", burst(desk, actor, 0, 3, 3))
            _waits.clear()
            later = burst(desk, actor, 3, options.cases, options.threads)
            report("phase 2 (incident open)", later)
            joined = len(_waits)
            desk.close()
    finally:
        support.drop_database(name)
    return 0 if joined == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
