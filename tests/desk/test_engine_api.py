"""The engines through the API: bounce analysis, one-line explanations, a network check."""

from __future__ import annotations

import json
import os

from fastapi.testclient import TestClient

from tests.bounce.fuzz import messages
from tests.desk.support import SmtpSink

# Fuzzed messages per backend in make test (the full 10,000: bench_fuzz_bounce.py).
API_FUZZ_MESSAGES = int(os.environ.get("POSTDESK_API_FUZZ_MESSAGES", "300"))

DSN = b"""From: MAILER-DAEMON@mx.example.net
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; nobody@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown

--B--
"""


def test_bounce_upload(client: TestClient, agent: dict[str, str]) -> None:
    response = client.post(
        "/api/bounce", headers=agent, files={"file": ("bounce.eml", DSN, "message/rfc822")}
    )
    assert response.status_code == 200, response.text
    recipient = response.json()["recipients"][0]
    assert (recipient["address"], recipient["status"], recipient["reason"]) == (
        "nobody@example.org",
        "5.1.1",
        "userunknown",
    )
    assert recipient["playbook"] == "bounce-interpretation"


def test_inspect_originals(client: TestClient, agent: dict[str, str]) -> None:
    from tests.inspect.test_delay import INBOUND

    response = client.post(
        "/api/inspect",
        headers=agent,
        files=[("file", ("late.eml", INBOUND, "message/rfc822")), ("file", ("dsn.eml", DSN, ""))],
        data={"as": ["virus"], "with_files": "true"},
    )
    assert response.status_code == 200, response.text
    late, dsn = response.json()["results"]
    kinds = {finding["kind"]: finding for finding in late["findings"]}
    assert kinds["delay"]["slowest"]["side"] == "sender"
    assert kinds["virus"]["archive_password"] and kinds["virus"]["files"][0]["base64"]
    assert any(finding["kind"] == "bounce" for finding in dsn["findings"])


def test_inspect_refuses_bad_requests(client: TestClient, agent: dict[str, str]) -> None:
    files = {"file": ("m.eml", DSN, "message/rfc822")}
    assert client.post("/api/inspect", files=files).status_code == 401
    wrong = client.post("/api/inspect", headers=agent, files=files, data={"as": "ham"})
    assert wrong.status_code == 422 and "ham" in wrong.json()["message"]
    empty = client.post("/api/inspect", headers=agent, files={"file": ("e.eml", b"", "")})
    assert empty.status_code == 200
    assert empty.json()["results"][0]["error"]["code"] == "error_empty"


def test_explain_line(client: TestClient, agent: dict[str, str]) -> None:
    response = client.post(
        "/api/bounce/explain", headers=agent, json={"text": "550 5.1.1 User unknown"}
    )
    assert response.status_code == 200 and response.json()["reason"] == "userunknown"
    empty = client.post("/api/bounce/explain", headers=agent, json={"text": ""})
    assert empty.status_code == 422


def test_diagnose_port_on_loopback(
    client: TestClient, agent: dict[str, str], smtp_sink: SmtpSink
) -> None:
    response = client.post(
        "/api/diagnose",
        headers=agent,
        json={"check": "ports", "target": "127.0.0.1", "port": smtp_sink.port},
    )
    assert response.status_code == 200, response.text
    result = response.json()["results"][0]
    assert result["check"] == "ports" and result["status"] == "ok", result
    unknown = client.post(
        "/api/diagnose", headers=agent, json={"check": "telepathy", "target": "127.0.0.1"}
    )
    assert unknown.status_code == 422 and "unknown check" in unknown.json()["message"]


def test_bounce_with_an_undecodable_byte_is_valid_utf8_json(
    client: TestClient, agent: dict[str, str]
) -> None:
    """A lone 0xC2 in the Diagnostic-Code line made POST /api/bounce answer 500."""
    raw = DSN.replace(b"User unknown", b"User \xc2 unknown")
    response = client.post(
        "/api/bounce", headers=agent, files={"file": ("bad.eml", raw, "message/rfc822")}
    )
    assert response.status_code == 200, response.text
    body = json.loads(response.content.decode("utf-8"))
    assert body["undecodable_bytes"] == 1
    assert "User \ufffd unknown" in body["recipients"][0]["diagnostic"]


def test_explain_with_a_lone_surrogate(client: TestClient, agent: dict[str, str]) -> None:
    """JSON may spell a lone surrogate ("\\ud800"); it is refused as input, never a 500."""
    response = client.post(
        "/api/bounce/explain",
        headers={**agent, "Content-Type": "application/json"},
        content=b'{"text": "550 5.1.1 User \\ud800 unknown"}',
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_input"


def test_fuzzed_bounces_through_the_api_never_5xx(
    client: TestClient, agent: dict[str, str]
) -> None:
    """A share of the fuzzed corpus through POST /api/bounce: every answer 200, UTF-8 JSON.

    (The full 10,000 go through a real server in benchmarks/bench_fuzz_bounce.py.)
    """
    for name, data in messages(API_FUZZ_MESSAGES, seed=21):
        response = client.post(
            "/api/bounce", headers=agent, files={"file": (name, data, "message/rfc822")}
        )
        assert response.status_code == 200, (name, response.text[:300])
        json.loads(response.content.decode("utf-8"))


def test_diagnose_takes_the_tls_mode(
    client: TestClient, agent: dict[str, str], smtp_sink: SmtpSink
) -> None:
    """The API takes --tls as the CLI does: one run_check under both."""
    plain = client.post(
        "/api/diagnose",
        headers=agent,
        json={"check": "smtp", "target": "127.0.0.1", "port": smtp_sink.port, "tls": "none"},
    )
    assert plain.status_code == 200, plain.text
    [result] = plain.json()["results"]
    assert (result["verdict"], result["evidence"]["tls_mode"]) == ("plain-as-asked", "none")
    bogus = client.post(
        "/api/diagnose",
        headers=agent,
        json={"check": "smtp", "target": "127.0.0.1", "tls": "sometimes"},
    )
    assert bogus.status_code == 422
