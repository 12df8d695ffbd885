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


def test_an_expiry_query_is_never_an_outage(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    """Issue 13.10: the rule is a playbook's own; 4.0.5 declares none."""
    for domain in ("x1.example", "x2.example", "x3.example", "x4.example"):
        made = new_case(client, admin, playbook_id="expiry-query", customer={"domain": domain})
        assert made["incident_id"] is None
    assert counts(desk) == (0, 0, 0)


def test_the_same_problem_means_the_same_symptom(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    """Issue 12.12: "系统忙" three times is an outage; three different complaints are not."""
    for domain, complaint in (
        ("s1.example", "网页登录提示系统忙"),
        ("s2.example", "网页邮箱登录不上，一直转圈"),
        ("s3.example", "webmail 打不开"),
    ):
        made = new_case(
            client,
            admin,
            playbook_id=PLAYBOOK,
            complaint=complaint,
            customer={"domain": domain},
            contact=None,
        )
        assert made["incident_id"] is None
    report(client, admin, "s4.example")
    third = report(client, admin, "s5.example")
    assert third["incident_id"] is not None
    cases = client.get(
        "/api/cases", params={"incident_id": third["incident_id"]}, headers=admin
    ).json()
    assert cases["total"] == 3  # the three that said 系统忙, not the other three
    incident = client.get(f"/api/incidents/{third['incident_id']}", headers=admin).json()
    assert incident["report_count"] == 3 and "系统忙" in incident["symptom"]
    # Issue 13.9: 4.0.6 asks whether three customers reported it; the desk knows, and says so.
    walk = client.get(f"/api/cases/{third['id']}/walk", headers=admin).json()
    marked = {c["id"]: c["suggested"] for c in walk["step"]["choices"] if c["suggested"]}
    assert marked == {"outage": {"kind": "incident", "detail": str(third["incident_id"])}}


# SQLite serialises every writer anyway; the row lock is PostgreSQL's.
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_joining_an_open_incident_takes_no_lock(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    """Issue 12.12: while an incident is open, creations do not queue on the rule's lock."""
    from sqlalchemy import text

    for domain in ("l1.example", "l2.example", "l3.example"):
        opened = report(client, admin, domain)
    assert opened["incident_id"] is not None
    holder = desk.engine.connect()
    transaction = holder.begin()
    try:
        held = holder.execute(text("SELECT playbook_id FROM outage_guards FOR UPDATE")).all()
        assert held  # the guard of the symptom exists and is now held by another transaction
        with ThreadPoolExecutor(max_workers=1) as pool:
            joined = pool.submit(report, client, admin, "l4.example").result(timeout=10)
        assert joined["incident_id"] == opened["incident_id"]
    finally:
        transaction.rollback()
        holder.close()


def test_an_incident_whose_notice_has_no_address_says_so(
    desk: Desk, client: TestClient, admin: dict[str, str]
) -> None:
    """Issue 13.10: the incident page said 已通知 while its notice sat held."""
    from tests.desk.conftest import PASSWORD
    from tests.web.support import page_token

    library = desk.library
    channel = library.profile.channels["agent-interface"].model_copy(update={"address": None})
    channels = {**library.profile.channels, "agent-interface": channel}
    profile = library.profile.model_copy(update={"channels": channels})
    desk.library = dataclasses.replace(library, profile=profile)
    try:
        for domain in ("n1.example", "n2.example", "n3.example"):
            report(client, admin, domain)
        token = page_token(client.get("/login").text)
        login = client.post(
            "/login",
            data={"username": "root", "password": PASSWORD, "_csrf": token},
            follow_redirects=False,
        )
        assert login.status_code == 303
        page = client.get("/incidents").text
    finally:
        desk.library = library
    notice = page.split('data-testid="incident-notice"', 1)[1].split("</span>", 1)[0]
    assert "未通知" in notice and "没有地址" in notice
    assert "已通知" not in page.split('data-testid="incident"', 1)[1].split("</div>", 1)[0]
