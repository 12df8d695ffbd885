"""10,000 fuzzed bounces through ``postdesk bounce --json`` and a real server's POST /api/bounce.

The messages are the corpus damaged by ``tests/bounce/fuzz.py`` (seeded: the
same bytes every run; ``bench_bounce.py --fuzz`` runs them through the engine
in process). Every CLI output line must be valid UTF-8 JSON and
every API answer a 200 with valid UTF-8 JSON (issue 12.3); a 503 (the user's share of
the engine pool taken) is counted and the message sent again after its Retry-After.
The figures are the
counts and the rates. ``make test`` runs 2,000 through the CLI and 300 per
database through the API (tests/bounce/test_fuzz.py, tests/desk/test_engine_api.py).

    .venv/bin/python benchmarks/bench_fuzz_bounce.py [--messages 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bounce.fuzz import messages as fuzzed_messages
from tests.desk import processes, support


def through_cli(folder: Path, count: int) -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "postdesk", "bounce", str(folder), "--json"],
        capture_output=True,
        check=False,
        env={**processes.desk_env(folder, None), "PYTHONIOENCODING": "utf-8"},
    )
    elapsed = time.perf_counter() - started
    bad = 0
    lines = done.stdout.splitlines()
    for line in lines:
        try:
            json.loads(line.decode("utf-8"))
        except ValueError:
            bad += 1
    print(
        f"CLI: exit {done.returncode}, {len(lines)} lines for {count} messages, "
        f"{bad} not valid UTF-8 JSON, {count / elapsed:.0f} msg/s"
    )


async def through_api(
    base: str, headers: dict[str, str], messages: list[tuple[str, bytes]]
) -> None:
    statuses: Counter[int] = Counter()
    bad = busy = 0
    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for item in messages:
        queue.put_nowait(item)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:

        async def sender() -> None:
            nonlocal bad, busy
            while not queue.empty():
                name, data = queue.get_nowait()
                while True:
                    response = await client.post("/api/bounce", files={"file": (name, data)})
                    try:
                        json.loads(response.content.decode("utf-8"))
                    except ValueError:
                        bad += 1
                    if response.status_code != 503:
                        break
                    # One user's share of the engine pool (POSTDESK_ENGINE_JOBS_PER_USER,
                    # 3 by default) is below the 8 sent at once: the server says when to
                    # come back, and the same message is sent again, as a client should.
                    busy += 1
                    await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
                statuses[response.status_code] += 1

        await asyncio.gather(*(sender() for _ in range(8)))
    elapsed = time.perf_counter() - started
    shown = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
    print(
        f"API: {shown} (final answers, one per message); {bad} not valid UTF-8 JSON; "
        f"{busy} 503 answers retried after their Retry-After; "
        f"{len(messages) / elapsed:.0f} msg/s (8 in flight, one user)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    messages = [
        (f"fuzz-{number:05d}.eml", data)
        for number, (_label, data) in enumerate(fuzzed_messages(args.messages, seed=12))
    ]
    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder) / "fuzz"
        files.mkdir()
        for name, data in messages:
            (files / name).write_bytes(data)
        through_cli(files, len(messages))
        env = processes.desk_env(Path(folder), None)
        processes.add_user(env, "fuzz")
        port = support.free_port()
        server = processes.start_server(env, port)
        try:
            headers = processes.token(port, "fuzz")
            asyncio.run(through_api(f"http://127.0.0.1:{port}", headers, messages))
        finally:
            processes.stop(server)


if __name__ == "__main__":
    main()
