"""Agent sessions under load: 8, 32 and 64 concurrent clients on SQLite and PostgreSQL.

One agent session is what an agent does with one call: triage the complaint,
open the case, read it, two walk steps (read the step, answer it), the
filtered case list, and a bounce line explained. Each client repeats sessions
for ``--seconds``; every request is timed. A request that takes 5 s or more
counts as a stall, one with no answer in 30 s as a timeout; 503 answers (the
server's in-flight limit) are counted apart from errors.

Set-ups: SQLite with one ``postdesk serve`` process (its jobs run inside it);
PostgreSQL with one and with two server processes (``--workers 2``) plus one
``postdesk worker``. Targets (issue 12): 0 stalls, 0 timeouts, p99 <= 500 ms
at 64 clients, two processes >= 1.5x one.

    .venv/bin/python benchmarks/bench_load.py [--seconds 20] [--clients 8,32,64]
        [--setups sqlite,pg1,pg2] [--server-cores 0.5]

Each row also prints the cores each part used (server, worker, PostgreSQL, this
generator) and the server's CPU milliseconds per session. ``--server-cores``
caps each server process (a cgroup quota) so that two processes against one
measures the server, not how the generator and PostgreSQL share two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import cpu_share, light_http
from tests.desk import processes, support

STALL_SECONDS = 5.0
LAG_PROBE_SECONDS = 0.02
TIMEOUT_SECONDS = 30.0
COMPLAINTS = [
    ("网页登录邮箱一直提示系统忙", "webmail-system-busy"),
    ("邮件发出去很久对方才收到，延迟了两个小时", "mail-delay"),
    ("我们的邮箱服务什么时候到期", "expiry-query"),
    ("收不到外面发来的邮件", "cannot-receive"),
    ("附件变成 winmail.dat 打不开", "rtf-winmail-dat"),
    ("发信退回来说 550 5.1.1 user unknown", "bounce-interpretation"),
]
BOUNCE_LINES = ["550 5.1.1 User unknown", "552 Mailbox full", "554 Access denied"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    # The server's own time per answer (its Server-Timing header): what the client's
    # latency is less the time on the wire and in the load generator, which shares
    # the machine's two cores with the server.
    server_ms: list[float] = field(default_factory=list)
    # Latencies of the answers that were not 503: what an agent whose request was taken
    # waited (a 503 is answered at once and retried; it is counted in ``busy``).
    admitted: list[float] = field(default_factory=list)
    # The server's own time per endpoint ("POST /api/cases/{id}/walk"), for --by-endpoint.
    server_by_endpoint: dict[str, list[float]] = field(default_factory=dict)
    client_by_endpoint: dict[str, list[float]] = field(default_factory=dict)
    client_lag: list[float] = field(default_factory=list)
    stalls: int = 0
    timeouts: int = 0
    busy: int = 0
    errors: list[str] = field(default_factory=list)
    sessions: int = 0

    def add(self, started: float, response: light_http.Response | None, what: str) -> None:
        elapsed = time.perf_counter() - started
        self.latencies.append(elapsed)
        if elapsed >= STALL_SECONDS:
            self.stalls += 1
        if response is None:
            return
        if response.status_code != 503:
            self.admitted.append(elapsed)
            endpoint = re.sub(r"/\d+", "/{id}", what)
            self.client_by_endpoint.setdefault(endpoint, []).append(elapsed * 1000)
        timing = response.headers.get("server-timing", "")
        if timing.startswith("app;dur="):
            server_ms = float(timing.removeprefix("app;dur=").split(",")[0])
            self.server_ms.append(server_ms)
            endpoint = re.sub(r"/\d+", "/{id}", what)
            self.server_by_endpoint.setdefault(endpoint, []).append(server_ms)
        if response.status_code == 503:
            self.busy += 1
        elif response.status_code >= 500:
            self.errors.append(f"{what} {response.status_code} {response.text[:120]}")


async def call(
    client: light_http.Client, tally: Tally, method: str, url: str, **kwargs: object
) -> light_http.Response | None:
    """One request, timed; a 503 is counted and retried after its Retry-After, as a client
    should (the retried request is timed on its own)."""
    for _ in range(10):
        response = await _timed(client, tally, method, url, **kwargs)
        if response is None or response.status_code != 503:
            return response
        await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
    return response


async def _timed(
    client: light_http.Client, tally: Tally, method: str, url: str, **kwargs: object
) -> light_http.Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
    except TimeoutError:
        await client.close()  # half an answer may still be on its way: start afresh
        tally.timeouts += 1
        tally.errors.append(f"timeout {method} {url}")
        tally.add(started, None, url)
        return None
    except (OSError, light_http.HttpError) as err:
        tally.errors.append(f"{url} {type(err).__name__}")
        tally.add(started, None, url)
        return None
    tally.add(started, response, f"{method} {url}")
    return response


async def session(client: light_http.Client, tally: Tally, rng: random.Random) -> None:
    complaint, playbook = rng.choice(COMPLAINTS)
    await call(client, tally, "POST", "/api/triage", json_body={"text": complaint})
    body = {
        "complaint": complaint,
        "playbook_id": playbook,
        "customer": {"domain": f"load{rng.randrange(5000)}.example"},
    }
    created = await call(client, tally, "POST", "/api/cases", json_body=body)
    if created is None or created.status_code != 201:
        return
    case_id = created.json()["id"]
    await call(client, tally, "GET", f"/api/cases/{case_id}")
    for _ in range(2):
        walk = await call(client, tally, "GET", f"/api/cases/{case_id}/walk")
        if walk is None or walk.status_code != 200:
            return
        step = walk.json()["step"]
        action = {"choice": 1} if step["choices"] else {"proceed": True}
        await call(client, tally, "POST", f"/api/cases/{case_id}/walk", json_body=action)
    await call(
        client,
        tally,
        "GET",
        "/api/cases",
        params={"status": "open", "playbook_id": playbook, "page_size": 20},
    )
    line = rng.choice(BOUNCE_LINES)
    await call(client, tally, "POST", "/api/bounce/explain", json_body={"text": line})
    tally.sessions += 1


async def load(base: str, headers: dict[str, str], clients: int, seconds: float) -> Tally:
    """``clients`` agents, each with its own keep-alive connection, as each agent's
    browser keeps one (a single pooled client shared by 64 agents spent the
    generator's time checking idle connections, counted as the server's latency).
    The agents speak through ``light_http``: httpx took about 1 ms of CPU per
    request, 0.44 of a core at 400 requests/s, taken from the server it measured.
    """
    tally = Tally()
    host, port = base.removeprefix("http://").rsplit(":", 1)
    agents_clients = [
        light_http.Client(host, int(port), headers, TIMEOUT_SECONDS) for _ in range(clients)
    ]
    deadline = time.perf_counter() + seconds

    async def agent(number: int) -> None:
        rng = random.Random(number)
        client = agents_clients[number]
        try:
            while time.perf_counter() < deadline:
                await session(client, tally, rng)
        finally:
            await client.close()

    async def watch_own_loop() -> None:
        # How late this process's own event loop runs: time the load generator adds
        # to every latency it measures (it shares the machine's cores with the server).
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await asyncio.sleep(LAG_PROBE_SECONDS)
            tally.client_lag.append(time.perf_counter() - started - LAG_PROBE_SECONDS)

    await asyncio.gather(watch_own_loop(), *(agent(n) for n in range(clients)))
    return tally


def p99_of(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)] if ordered else 0.0


def report(name: str, clients: int, seconds: float, tally: Tally, by_endpoint: bool) -> float:
    ordered = sorted(tally.latencies)
    p50 = statistics.median(ordered) * 1000 if ordered else 0.0
    p99 = p99_of(ordered) * 1000
    admitted_p99 = p99_of(tally.admitted) * 1000
    rate = len(ordered) / seconds
    busy_share = 100 * tally.busy / len(ordered) if ordered else 0.0
    print(
        f"{name:<16} {clients:>3} clients: {tally.sessions / seconds:6.1f} sessions/s "
        f"{rate:7.1f} req/s  p50 {p50:6.1f} ms  p99 {p99:7.1f} ms"
        f"  p99 taken {admitted_p99:7.1f} ms  max {ordered[-1] * 1000:7.0f} ms"
        f"  server p99 {p99_of(tally.server_ms):6.1f} ms"
        f"  own loop lag p99 {p99_of(tally.client_lag) * 1000:6.1f} ms"
        f"  stalls {tally.stalls}  timeouts {tally.timeouts}"
        f"  503 {tally.busy} ({busy_share:.1f}%)  errors {len(tally.errors)}",
        flush=True,
    )
    for error in tally.errors[:3]:
        print(f"    {error}")
    if by_endpoint:
        for endpoint, values in sorted(tally.server_by_endpoint.items()):
            seen = tally.client_by_endpoint.get(endpoint, [0.0])
            print(
                f"    {endpoint:<34} n {len(values):5d}  server mean "
                f"{statistics.fmean(values):6.1f} ms p99 {p99_of(values):6.1f} ms;  client "
                f"mean {statistics.fmean(seen):6.1f} ms p99 {p99_of(seen):6.1f} ms"
            )
    return rate


def run_setup(name: str, database_url: str | None, workers: int, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = processes.desk_env(Path(folder), database_url)
        processes.add_user(env, "loader")
        port = support.free_port()
        # Two processes start two interpreters on a machine shared with other work.
        server = processes.start_server(env, port, workers, wait_seconds=120)
        worker = processes.start_worker(env) if database_url else None
        cap = None
        if args.server_cores:
            # The server's processes get ``server_cores`` each and no more, so the rest
            # of the machine (generator, PostgreSQL, worker) never takes their share.
            cap = cpu_share.CpuCap(args.server_cores * workers)
            cap.add(cpu_share.tree(server.pid))
            name += f" cap {args.server_cores:g}"
        try:
            headers = processes.token(port, "loader")
            base = f"http://127.0.0.1:{port}"
            asyncio.run(load(base, headers, 8, 2))  # warm up
            for clients in args.clients:
                worker_pid = worker.pid if worker else None
                before = cpu_share.sample(server.pid, worker_pid)
                tally = asyncio.run(load(base, headers, clients, args.seconds))
                after = cpu_share.sample(server.pid, worker_pid)
                report(name, clients, args.seconds, tally, args.by_endpoint)
                print(f"{'':<16} {cpu_share.describe(before, after, args.seconds, tally.sessions)}")
                # Recovery: once the load stops, a lone request answers at once.
                started = time.perf_counter()
                httpx.get(f"{base}/api/cases", headers=headers, timeout=TIMEOUT_SECONDS)
                after_ms = 1000 * (time.perf_counter() - started)
                print(f"{'':<16} after the load: GET /api/cases {after_ms:.0f} ms")
        finally:
            if worker is not None:
                processes.stop(worker)
            processes.stop(server)
            if cap is not None:
                cap.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", default="8,32,64")
    parser.add_argument("--setups", default="sqlite,pg1,pg2")
    parser.add_argument(
        "--by-endpoint", action="store_true", help="the server's own time per endpoint"
    )
    parser.add_argument(
        "--server-cores",
        type=float,
        default=0.0,
        help="cap each server process at this many CPUs (a cgroup; needs root): the "
        "server's own scaling, with the generator and PostgreSQL held apart",
    )
    args = parser.parse_args()
    args.clients = [int(n) for n in args.clients.split(",")]
    setups = args.setups.split(",")
    if "sqlite" in setups:
        run_setup("sqlite 1 proc", None, 1, args)
    wanted_pg = [s for s in setups if s.startswith("pg")]
    if not wanted_pg:
        return
    reason = support.postgres_reason()
    if reason:
        print(f"postgres skipped: {reason}")
        return
    for setup in wanted_pg:
        workers = int(setup[2:])
        name, url = support.create_database()
        try:
            run_setup(f"postgres {workers} proc", url, workers, args)
        finally:
            support.drop_database(name)


if __name__ == "__main__":
    main()
