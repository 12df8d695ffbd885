"""Mail escalations reach a real SMTP server on loopback, once, with a fixed Message-ID."""

from __future__ import annotations

import asyncio

from fastapi.testclient import TestClient
from sqlalchemy import update

from postdesk.desk.context import Desk
from postdesk.desk.escalations import service
from postdesk.desk.escalations.flows import deliver
from postdesk.desk.escalations.models import Escalation
from tests.desk.conftest import new_case
from tests.desk.support import SmtpSink, free_port

PASSWORD = "pw-escalated-9931"


def escalate(client: TestClient, headers: dict[str, str]) -> int:
    case_id = new_case(client, headers)["id"]
    for action in (
        {"fields": {"domain": "example.com", "password": PASSWORD}},
        {"choice": "confirmed"},
        {"fields": {"description": "advanced user management is missing"}},
        {"proceed": True},
    ):
        response = client.post(f"/api/cases/{case_id}/walk", json=action, headers=headers)
        assert response.status_code == 200, response.text
    return int(response.json()["escalation_id"])


def use_sink(desk: Desk, port: int) -> None:
    desk.settings = desk.settings.model_copy(update={"smtp_port": port, "smtp_timeout_seconds": 5})


def test_sent_once_with_fixed_message_id(
    desk: Desk, client: TestClient, admin: dict[str, str], smtp_sink: SmtpSink
) -> None:
    use_sink(desk, smtp_sink.port)
    escalation_id = escalate(client, admin)
    assert asyncio.run(deliver(desk, escalation_id)) == "sent"
    assert asyncio.run(deliver(desk, escalation_id)) == "skipped"  # a repeated job
    row = client.get(f"/api/escalations/{escalation_id}", headers=admin).json()
    assert row["status"] == "sent" and row["sent_at"] and row["attempts"] == 1
    assert smtp_sink.message_ids() == [row["message_id"]]
    mail = smtp_sink.raw[0].decode("utf-8", "replace")
    assert PASSWORD not in mail
    message = smtp_sink.messages[0]
    assert message["To"] == "agents@desk.test"
    body = message.get_payload(decode=True).decode("utf-8")
    assert f"/cases/{row['case_id']}" in body and "example.com" in body


def test_failure_is_retried_with_backoff_then_sent(
    desk: Desk, client: TestClient, admin: dict[str, str], smtp_sink: SmtpSink
) -> None:
    escalation_id = escalate(client, admin)
    use_sink(desk, free_port())  # nothing listens there
    assert asyncio.run(deliver(desk, escalation_id)) == "retry"
    with desk.sessions() as db_session:
        row = service.get(db_session=db_session, escalation_id=escalation_id)
        assert row.status == "queued" and row.next_attempt_at is not None
        assert "attempt 1" in (row.status_reason or "")
        first_id = row.message_id
    assert asyncio.run(deliver(desk, escalation_id)) == "skipped"  # not due yet
    with desk.sessions() as db_session:  # let the backoff pass
        db_session.execute(update(Escalation).values(next_attempt_at=None))
        db_session.commit()
    use_sink(desk, smtp_sink.port)
    assert asyncio.run(deliver(desk, escalation_id)) == "sent"
    assert smtp_sink.message_ids() == [first_id]


def test_refusals_end_in_failed_with_reason(
    desk: Desk, client: TestClient, admin: dict[str, str], smtp_sink: SmtpSink
) -> None:
    use_sink(desk, smtp_sink.port)
    desk.settings = desk.settings.model_copy(update={"send_attempts": 2})
    smtp_sink.refuse = True
    escalation_id = escalate(client, admin)
    assert asyncio.run(deliver(desk, escalation_id)) == "retry"
    with desk.sessions() as db_session:
        db_session.execute(update(Escalation).values(next_attempt_at=None))
        db_session.commit()
    assert asyncio.run(deliver(desk, escalation_id)) == "failed"
    row = client.get(f"/api/escalations/{escalation_id}", headers=admin).json()
    assert row["status"] == "failed" and "451" in row["status_reason"]
    retried = client.post(f"/api/escalations/{escalation_id}/retry", headers=admin)
    assert retried.status_code == 200 and retried.json()["status"] == "queued"


def test_dead_worker_lease_is_taken_over(
    desk: Desk, client: TestClient, admin: dict[str, str], smtp_sink: SmtpSink
) -> None:
    use_sink(desk, smtp_sink.port)
    escalation_id = escalate(client, admin)
    with desk.sessions() as db_session:  # a worker claimed it, then died
        assert (
            service.claim(db_session=db_session, escalation_id=escalation_id, lease_seconds=3600)
            is not None
        )
    assert asyncio.run(deliver(desk, escalation_id)) == "skipped"
    with desk.sessions() as db_session:
        assert service.due_ids(db_session=db_session) == []
        claimed = service.claim(
            db_session=db_session, escalation_id=escalation_id, lease_seconds=-1
        )
        assert claimed is None  # still held: the lease has not run out
        db_session.execute(update(Escalation).values(claimed_until=Escalation.created_at))
        db_session.commit()
        assert service.due_ids(db_session=db_session) == [escalation_id]
    assert asyncio.run(deliver(desk, escalation_id)) == "sent"
    assert len(smtp_sink.message_ids()) == 1
