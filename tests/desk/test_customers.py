"""Customers: list and search, one customer with everything linked, merging two records,
correcting a case's customer (audited), and the domain's live check against a real BIND."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.escalations.models import Escalation
from tests.desk.conftest import add_user, login, new_case
from tests.desk.test_outage import report
from tests.realservers import BindAuthoritative
from tests.realservers.fixtures import ServerPool


def audit_of(desk: Desk, action: str) -> list[AuditEvent]:
    with desk.sessions() as db_session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(db_session.scalars(query))


def customer_id(client: TestClient, headers: dict[str, str], domain: str) -> int:
    found = client.get("/api/customers", params={"q": domain}, headers=headers).json()
    return next(row["id"] for row in found["items"] if row["domain"] == domain)


def test_customer_page_holds_its_cases_contacts_escalations_and_incidents(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    first = new_case(client, agent)  # example.com, contact Li Lei
    cases = [report(client, agent, domain) for domain in ("example.com", "b.test", "c.test")]
    incident_id = cases[-1]["incident_id"]
    assert incident_id is not None
    with desk.sessions() as db_session:
        db_session.add(
            Escalation(
                case_id=first["id"],
                channel_id="hotline",
                channel_kind="mail",
                status="sent",
                message_id="<esc-1@desk.test>",
            )
        )
        db_session.commit()
    found = client.get(f"/api/customers/{first['customer']['id']}", headers=agent)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["domains"] == ["example.com"] and body["company_name"] == "Example Co"
    assert [row["name"] for row in body["contacts"]] == ["Li Lei"]
    assert [row["id"] for row in body["cases"]] == [cases[0]["id"], first["id"]]
    assert body["case_total"] == 2
    assert [row["case_id"] for row in body["escalations"]] == [first["id"]]
    assert [row["id"] for row in body["incidents"]] == [incident_id]
    missing = client.get("/api/customers/424242", headers=agent)
    assert missing.status_code == 404 and "424242" in missing.json()["message"]
    assert client.get(f"/api/customers/{first['customer']['id']}").status_code == 401


def test_list_and_search_by_domain_or_company(client: TestClient, agent: dict[str, str]) -> None:
    new_case(client, agent, customer={"domain": "alpha.test", "company_name": "阿尔法科技"})
    new_case(client, agent, customer={"domain": "beta.test", "company_name": "Beta 100% Ltd"})
    new_case(client, agent, customer={"domain": "beta.test"})
    everyone = client.get("/api/customers", headers=agent).json()
    assert [row["domain"] for row in everyone["items"]] == ["beta.test", "alpha.test"]
    assert everyone["items"][0]["case_count"] == 2 and everyone["items"][0]["open_cases"] == 2
    by_company = client.get("/api/customers", params={"q": "阿尔法"}, headers=agent).json()
    assert [row["domain"] for row in by_company["items"]] == ["alpha.test"]
    literal = client.get("/api/customers", params={"q": "100%"}, headers=agent).json()
    assert [row["domain"] for row in literal["items"]] == ["beta.test"]
    assert client.get("/api/customers", params={"q": "_"}, headers=agent).json()["total"] == 0
    paged = client.get("/api/customers", params={"page_size": 1, "page": 2}, headers=agent).json()
    assert paged["total"] == 2 and [row["domain"] for row in paged["items"]] == ["alpha.test"]
    bad = client.get("/api/customers", params={"page_size": 0}, headers=agent)
    assert bad.status_code == 422


def test_merge_moves_cases_and_contacts_and_the_domain_follows(
    desk: Desk, client: TestClient, admin: dict[str, str], agent: dict[str, str]
) -> None:
    kept = new_case(client, agent, customer={"domain": "main.test", "company_name": "Main Co"})
    other = new_case(
        client,
        agent,
        customer={"domain": "old-name.test", "edition": "企业版"},
        contact={"name": "Wang", "phone": "13800138000"},
    )
    survivor_id, merged_id = kept["customer"]["id"], other["customer"]["id"]
    denied = client.post(
        f"/api/customers/{survivor_id}/merge", json={"merged_id": merged_id}, headers=agent
    )
    assert denied.status_code == 403
    done = client.post(
        f"/api/customers/{survivor_id}/merge", json={"merged_id": merged_id}, headers=admin
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["domains"] == ["main.test", "old-name.test"] and body["edition"] == "企业版"
    assert sorted(row["id"] for row in body["cases"]) == [kept["id"], other["id"]]
    assert [row["name"] for row in body["contacts"]] == ["Li Lei", "Wang"]
    moved = client.get(f"/api/cases/{other['id']}", headers=agent).json()
    assert moved["customer"]["id"] == survivor_id
    old = client.get(f"/api/customers/{merged_id}", headers=agent).json()
    assert old["merged_into_id"] == survivor_id and old["cases"] == []
    later = new_case(client, agent, customer={"domain": "old-name.test"}, contact=None)
    assert later["customer"]["id"] == survivor_id  # the merged domain names the survivor
    listed = client.get("/api/customers", headers=agent).json()
    assert [row["id"] for row in listed["items"]] == [survivor_id]
    (event,) = audit_of(desk, "customer.merged")
    assert event.detail["cases_moved"] == 1 and event.detail["merged_domain"] == "old-name.test"
    assert [row.case_id for row in audit_of(desk, "case.customer_merged")] == [other["id"]]
    again = client.post(
        f"/api/customers/{survivor_id}/merge", json={"merged_id": merged_id}, headers=admin
    )
    assert again.status_code == 409 and "already merged" in again.json()["message"]
    itself = client.post(
        f"/api/customers/{survivor_id}/merge",
        json={"merged_id": survivor_id},
        headers={**admin, "Accept-Language": "zh"},
    )
    assert itself.status_code == 422 and "合并到它自己" in itself.json()["message"]
    nowhere = client.post(
        f"/api/customers/{survivor_id}/merge", json={"merged_id": 999999}, headers=admin
    )
    assert nowhere.status_code == 404
    add_user(desk, "boss", "supervisor")
    supervisor = login(client, "boss")
    third = new_case(client, agent, customer={"domain": "third.test"}, contact=None)
    by_supervisor = client.post(
        f"/api/customers/{survivor_id}/merge",
        json={"merged_id": third["customer"]["id"]},
        headers=supervisor,
    )
    assert by_supervisor.status_code == 200


def test_correcting_a_case_customer_is_audited_and_refused_once_closed(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    right = new_case(client, agent, customer={"domain": "right.test"}, contact=None)
    wrong = new_case(client, agent, customer={"domain": "wrong.test"}, contact=None)
    right_id = right["customer"]["id"]
    moved = client.post(
        f"/api/customers/{right_id}/cases", json={"case_id": wrong["id"]}, headers=agent
    )
    assert moved.status_code == 200 and moved.json()["customer"]["domain"] == "right.test"
    (event,) = audit_of(desk, "case.updated")
    assert event.case_id == wrong["id"]
    assert event.detail["customer_domain"] == {"from": "wrong.test", "to": "right.test"}
    client.post(f"/api/cases/{right['id']}/close", json={}, headers=agent)
    wrong_id = wrong["customer"]["id"]
    closed = client.post(
        f"/api/customers/{wrong_id}/cases", json={"case_id": right["id"]}, headers=agent
    )
    assert closed.status_code == 409
    missing = client.post(
        f"/api/customers/{right_id}/cases", json={"case_id": 999999}, headers=agent
    )
    assert missing.status_code == 404


@pytest.fixture(scope="module")
def customer_dns() -> Iterator[tuple[str, int]]:
    """A real BIND answering for the customers' zones: one MX at the provider, one elsewhere."""
    pool = ServerPool()
    try:
        bind = pool.start(
            BindAuthoritative(
                {
                    "ours.test": "@ IN MX 10 mx01.263xmail.com.",
                    "elsewhere.test": "@ IN MX 10 mx.other-provider.test.",
                    "other-provider.test": "mx IN A 198.51.100.25",
                    # The provider's own names, as the profile gives them (4.0.31).
                    "263xmail.com": "mx01 IN A 211.150.100.34",
                }
            )
        )
        yield bind.address
    finally:
        for server in reversed(pool.started):
            server.stop()


def test_live_check_uses_the_diagnose_checks_and_the_quota(
    desk: Desk, client: TestClient, agent: dict[str, str], customer_dns: tuple[str, int]
) -> None:
    host, port = customer_dns
    desk.settings = desk.settings.model_copy(
        update={"diagnose_nameserver": f"{host}:{port}", "diagnose_per_minute": 4}
    )
    ours = new_case(client, agent, customer={"domain": "ours.test"}, contact=None)
    elsewhere = new_case(client, agent, customer={"domain": "elsewhere.test"}, contact=None)
    good = client.post(f"/api/customers/{ours['customer']['id']}/check", headers=agent)
    assert good.status_code == 200, good.text
    verdicts = {row["check"]: row for row in good.json()["results"]}
    assert verdicts["mx"]["status"] == "ok", verdicts["mx"]
    assert verdicts["mx"]["target"] == "ours.test"
    assert "hosts" in verdicts
    bad = client.post(f"/api/customers/{elsewhere['customer']['id']}/check", headers=agent)
    assert bad.status_code == 200
    mx = next(row for row in bad.json()["results"] if row["check"] == "mx")
    assert mx["status"] == "fail", mx
    over = client.post(f"/api/customers/{ours['customer']['id']}/check", headers=agent)
    assert over.status_code == 429 and over.headers["Retry-After"]
    recorded = audit_of(desk, "customer.checked")
    assert [row.detail["domain"] for row in recorded] == ["ours.test", "elsewhere.test"]


def test_cli_lists_shows_and_merges(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from postdesk.desk.customers.schemas import CustomerIn
    from postdesk.desk.customers.service import get_or_create
    from tests.cli.run_cli import postdesk
    from tests.desk.support import open_desk

    opened = open_desk(tmp_path / "data", None)
    with opened.sessions() as db_session:
        for domain in ("keep.test", "gone.test"):
            get_or_create(db_session=db_session, customer_in=CustomerIn(domain=domain))
        db_session.commit()
    opened.close()
    env = {"POSTDESK_DATA_DIR": str(tmp_path / "data")}
    listed = postdesk("customers", "list", "--json", env=env)
    assert listed.code == 0, listed.err
    ids = {row["domain"]: row["id"] for row in json.loads(listed.out)["items"]}
    merged = postdesk("customers", "merge", str(ids["keep.test"]), str(ids["gone.test"]), env=env)
    assert merged.code == 0 and "merged gone.test into keep.test" in merged.out
    shown = postdesk("customers", "show", str(ids["keep.test"]), env=env)
    assert json.loads(shown.out)["domains"] == ["keep.test", "gone.test"]
    again = postdesk("customers", "merge", str(ids["keep.test"]), str(ids["gone.test"]), env=env)
    assert again.code == 2 and "already merged" in again.err and "Traceback" not in again.err
    missing = postdesk("customers", "show", "999", env=env)
    assert missing.code == 2 and "999" in missing.err
