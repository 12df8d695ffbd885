"""The load benchmark's own parts against a real ``postdesk serve``: its lean HTTP
client (benchmarks/light_http.py) and its CPU accounting (benchmarks/cpu_share.py).

A generator that misreads answers would report sessions that never happened, or
errors the server never made; these tests pin what it reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from benchmarks import bench_load, cpu_share, light_http

from tests.desk import processes, support


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[str, str], int]]:
    env = processes.desk_env(tmp_path_factory.mktemp("desk"), None)
    processes.add_user(env, "loader")
    port = support.free_port()
    server = processes.start_server(env, port)
    try:
        yield port, processes.token(port, "loader"), server.pid
    finally:
        processes.stop(server)


def test_client_reads_status_headers_and_json_over_one_connection(
    served: tuple[int, dict[str, str], int],
) -> None:
    port, headers, _ = served

    async def run() -> tuple[light_http.Response, light_http.Response, light_http.Response]:
        client = light_http.Client("127.0.0.1", port, headers, timeout=30)
        try:
            complaint = {"text": "收不到外部邮件"}
            triage = await client.request("POST", "/api/triage", json_body=complaint)
            first_writer = client._writer
            missing = await client.request("GET", "/api/cases/999999")
            listed = await client.request("GET", "/api/cases", params={"page_size": 1})
            assert client._writer is first_writer  # kept alive, not reopened
            return triage, missing, listed
        finally:
            await client.close()

    triage, missing, listed = asyncio.run(run())
    assert triage.status_code == 200
    assert triage.json()["ranking"][0]["playbook"] == "cannot-receive"  # type: ignore[index]
    assert triage.headers["server-timing"].startswith("app;dur=")
    assert missing.status_code == 404
    assert listed.status_code == 200 and "items" in listed.json()  # type: ignore[operator]


def test_client_without_token_gets_the_servers_refusal(
    served: tuple[int, dict[str, str], int],
) -> None:
    port, _, _ = served

    async def run() -> light_http.Response:
        client = light_http.Client("127.0.0.1", port, {}, timeout=30)
        try:
            return await client.request("GET", "/api/cases")
        finally:
            await client.close()

    assert asyncio.run(run()).status_code == 401


def test_a_short_load_counts_sessions_and_the_servers_cpu(
    served: tuple[int, dict[str, str], int],
) -> None:
    port, headers, pid = served
    before = cpu_share.sample(pid, None)
    tally = asyncio.run(bench_load.load(f"http://127.0.0.1:{port}", headers, 2, 1.5))
    after = cpu_share.sample(pid, None)
    assert tally.sessions >= 1
    assert tally.errors == [] and tally.timeouts == 0
    # Eight requests a session, each timed and each carrying the server's own time.
    assert len(tally.latencies) >= 8 * tally.sessions
    assert len(tally.server_ms) == len(tally.latencies)
    assert after.server > before.server
    assert "server" in cpu_share.describe(before, after, 1.5, tally.sessions)
