"""Case creations per second through the API, on SQLite and on PostgreSQL, with p50/p99.

Starts a real ``postdesk serve`` on loopback for each database, logs in, and
posts cases from an asyncio client with a fixed number of requests in
flight. PostgreSQL is measured when 127.0.0.1:5432 answers (a fresh
database is created and dropped). Target: >= 300 creations/s on SQLite.
Server CPU per creation (user + system time of the server processes, from
/proc) is the figure that does not depend on how loaded the machine is.

    .venv/bin/python benchmarks/bench_cases_api.py [--cases 2000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.desk import processes, support

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (uvicorn's workers run as children)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found.extend(_descendants(int(child)))
    return found


def server_cpu_seconds(pid: int) -> float:
    """User plus system CPU time used so far by the server processes (Linux /proc)."""
    total = 0
    for process in _descendants(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


PLAYBOOKS = ["expiry-query", "webmail-system-busy", "mail-delay", "cannot-receive"]


async def load(
    port: int, headers: dict[str, str], cases: int, concurrency: int
) -> tuple[list[float], int]:
    """Latencies of the creations, and how many times the desk said busy (503): the
    desk bounds requests in flight per process, so a busy answer is retried after its
    Retry-After, as a client should, and only creations are counted."""
    latencies: list[float] = []
    busy = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(cases):
        queue.put_nowait(number)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=headers, limits=limits, timeout=60
    ) as client:

        async def worker() -> None:
            while not queue.empty():
                number = queue.get_nowait()
                body = {
                    "complaint": "客户反映网页登录提示系统忙",
                    "playbook_id": PLAYBOOKS[number % len(PLAYBOOKS)],
                    "customer": {"domain": f"bench{number}.example"},
                }
                started = time.perf_counter()
                response = await client.post("/api/cases", json=body)
                if response.status_code == 503:
                    nonlocal busy
                    busy += 1
                    queue.put_nowait(number)
                    await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 201:
                    raise RuntimeError(f"{response.status_code}: {response.text[:200]}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, busy


def measure(
    name: str, database_url: str | None, cases: int, concurrency: int, workers: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = processes.desk_env(Path(folder), database_url)
        processes.add_user(env, "bench")
        port = support.free_port()
        server = processes.start_server(env, port, workers)
        try:
            headers = processes.token(port, "bench")
            asyncio.run(load(port, headers, 50, concurrency))  # warm up
            cpu_before = server_cpu_seconds(server.pid)
            started = time.perf_counter()
            latencies, busy = asyncio.run(load(port, headers, cases, concurrency))
            elapsed = time.perf_counter() - started
            cpu_used = server_cpu_seconds(server.pid) - cpu_before
        finally:
            processes.stop(server)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"{name:<8} {workers} server process(es), {cases} cases, {concurrency} in flight: "
        f"{cases / elapsed:6.1f} creations/s"
        f"  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
        f"  server CPU {cpu_used / cases * 1000:5.2f} ms/creation  503 busy {busy}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    measure("sqlite", None, args.cases, args.concurrency, args.workers)
    reason = support.postgres_reason()
    if reason:
        print(f"postgres   skipped: {reason}")
        return
    name, url = support.create_database()
    try:
        measure("postgres", url, args.cases, args.concurrency, args.workers)
    finally:
        support.drop_database(name)


if __name__ == "__main__":
    main()
