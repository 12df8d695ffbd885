"""Checks started through the API and the pages: forbidden address ranges, a per-user quota.

Before, any agent could aim probes at any host (issue 12.8). The CLI, run by an
operator on the desk's machine, keeps --nameserver and --resolve free.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.config import Settings
from postdesk.desk.context import Desk
from tests.cli.run_cli import postdesk
from tests.desk.conftest import add_user, login


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP port on 127.0.0.1 that accepts connections and counts them."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    yield port
    stop.set()
    thread.join()
    server.close()


def locked_client(desk: Desk, **settings: object) -> TestClient:
    """A client of the desk with the default (closed) ranges, unlike the other tests' desk."""
    defaults = Settings().diagnose_forbidden_networks
    desk.settings = desk.settings.model_copy(
        update={"diagnose_forbidden_networks": defaults, **settings}
    )
    return TestClient(create_app(desk), raise_server_exceptions=False)


def test_loopback_and_private_targets_are_refused_by_default(desk: Desk, listener: int) -> None:
    client = locked_client(desk)
    add_user(desk, "prober")
    headers = login(client, "prober")
    for target in ("127.0.0.1", "10.1.2.3", "192.168.0.10", "::1", "169.254.169.254"):
        refused = client.post(
            "/api/diagnose",
            headers=headers,
            json={"check": "ports", "target": target, "port": listener},
        )
        assert refused.status_code == 403, (target, refused.text)
        assert refused.json()["error"] == "forbidden_target"
        assert "POSTDESK_DIAGNOSE_FORBIDDEN_NETWORKS" in refused.json()["message"]


def test_a_name_that_leads_to_a_forbidden_address_is_not_connected(
    desk: Desk, listener: int
) -> None:
    """A customer's domain whose A record is 127.0.0.1: reported forbidden, never connected."""
    from tests.diagnose.servers.dnsserver import DnsServer, Zone

    zone = Zone()
    zone.add("inside.example", "A", "127.0.0.1")
    with DnsServer(zone) as dns:
        client = locked_client(desk, diagnose_nameserver=dns.address)
        add_user(desk, "prober")
        headers = login(client, "prober")
        answer = client.post(
            "/api/diagnose",
            headers=headers,
            json={"check": "ports", "target": "inside.example", "port": listener},
        )
    assert answer.status_code == 200, answer.text
    result = answer.json()["results"][0]
    assert result["status"] != "ok"
    assert "not allowed to probe" in str(result) or "不允许探测" in str(result)


def test_ranges_open_by_configuration(desk: Desk, listener: int) -> None:
    client = locked_client(desk, diagnose_forbidden_networks="")
    add_user(desk, "lab")
    answer = client.post(
        "/api/diagnose",
        headers=login(client, "lab"),
        json={"check": "ports", "target": "127.0.0.1", "port": listener},
    )
    assert answer.status_code == 200
    assert answer.json()["results"][0]["status"] == "ok"


def test_per_user_quota(desk: Desk, listener: int) -> None:
    client = locked_client(desk, diagnose_forbidden_networks="", diagnose_per_minute=3)
    add_user(desk, "busy")
    add_user(desk, "other")
    busy, other = login(client, "busy"), login(client, "other")
    body = {"check": "ports", "target": "127.0.0.1", "port": listener}
    answers = [client.post("/api/diagnose", headers=busy, json=body) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
    assert "at most 3 a minute" in answers[-1].json()["message"]
    assert client.post("/api/diagnose", headers=other, json=body).status_code == 200


def test_the_cli_keeps_loopback_free(listener: int) -> None:
    done = postdesk("diagnose", "ports", "127.0.0.1", "--port", str(listener), "--json")
    assert done.code == 0, done.err
    assert '"open"' in done.out
