"""Outage detection (4.0.6): three customers, same problem, ten minutes -> one incident."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.incidents.models import Incident
from postdesk.profile.schema import Profile
from tests.desk.conftest import new_case

PLAYBOOK = "webmail-system-busy"


def report(client: TestClient, headers: dict[str, str], domain: str) -> dict:
    return new_case(
        client,
        headers,
        playbook_id=PLAYBOOK,
        complaint="网页登录提示系统忙",
        customer={"domain": domain},
        contact=None,
    )


def counts(desk: Desk) -> tuple[int, int, int]:
    with desk.sessions() as db_session:
        incidents = db_session.scalar(select(func.count(Incident.id))) or 0
        notices = (
            db_session.scalar(
                select(func.count(Escalation.id)).where(Escalation.incident_id.is_not(None))
            )
            or 0
        )
        linked = (
            db_session.scalar(select(func.count(Case.id)).where(Case.incident_id.is_not(None))) or 0
        )
    return incidents, notices, linked


def test_threshold_raises_one_incident(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    report(client, admin, "a.example")
    report(client, admin, "a.example")  # the same customer twice counts once
    report(client, admin, "b.example")
    assert counts(desk) == (0, 0, 0)
    third = report(client, admin, "c.example")
    assert third["incident_id"] is not None
    assert counts(desk) == (1, 1, 4)
    fourth = report(client, admin, "d.example")
    assert fourth["incident_id"] == third["incident_id"]
    assert counts(desk) == (1, 1, 5)
    other = new_case(client, admin, playbook_id="expiry-query", customer={"domain": "e.example"})
    assert other["incident_id"] is None
    incident = client.get(f"/api/incidents/{third['incident_id']}", headers=admin).json()
    assert incident["report_count"] == 5 and incident["notified_at"]
    cases = client.get("/api/cases", params={"incident_id": incident["id"]}, headers=admin).json()
    assert cases["total"] == 5


def test_concurrent_reports_one_incident_one_notice(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    domains = [f"c{number}.example" for number in range(24)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(lambda domain: report(client, admin, domain), domains))
    assert len({case["id"] for case in created}) == 24
    incidents, notices, linked = counts(desk)
    assert (incidents, notices) == (1, 1)
    assert linked == 24


def test_incident_notice_goes_to_the_profile_outage_channel(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    library = desk.library
    profile = library.profile.model_copy(update={"outage_channel": "hotline"})
    desk.library = dataclasses.replace(library, profile=profile)
    try:
        for domain in ("h1.example", "h2.example", "h3.example"):
            report(client, admin, domain)
    finally:
        desk.library = library
    with desk.sessions() as db_session:
        notice = db_session.scalars(select(Escalation)).one()
    assert notice.channel_id == "hotline"
    assert notice.payload["to"] == profile.channels["hotline"].address


def test_profile_refuses_an_outage_channel_it_does_not_have(desk: Desk) -> None:
    shape = desk.profile.model_dump(mode="json")
    shape["outage_channel"] = "no-such-mailbox"
    with pytest.raises(ValidationError, match=r"outage_channel 'no-such-mailbox'.*agent-interface"):
        Profile.model_validate(shape)
