"""The 4.0.2 provisioning watch as a desk job, against a DNS server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.customers import provisioning, records
from postdesk.desk.customers import service as customers
from postdesk.desk.customers.models import Customer
from postdesk.desk.customers.schemas import CustomerIn
from tests.diagnose.servers.dnsserver import DnsServer, Zone


@pytest.fixture
def dns_desk(desk: Desk) -> Iterator[Desk]:
    profile = desk.profile
    zone = Zone()
    zone.add(profile.hosts.mx, "A", profile.server_addresses.mx[0])
    zone.add("ready.example", "MX", f"10 {profile.hosts.mx}.")
    zone.add("typo.example", "MX", f"10 {profile.hosts.mx}.")
    zone.add("elsewhere.example", "MX", "10 mx.other-provider.test.")
    zone.add("mx.other-provider.test", "A", "192.0.2.9")
    with DnsServer(zone) as server:
        desk.settings = desk.settings.model_copy(
            update={"diagnose_nameserver": f"127.0.0.1:{server.port}"}
        )
        yield desk


def test_pre_opened_customer_is_opened_once_mx_points_here(dns_desk: Desk) -> None:
    with dns_desk.sessions() as db_session:
        for domain, status in (
            ("ready.example", "pre-opened"),
            ("elsewhere.example", "pre-opened"),
            ("open.example", "opened"),
        ):
            customers.get_or_create(
                db_session=db_session, customer_in=CustomerIn(domain=domain, service_status=status)
            )
        db_session.commit()
    assert asyncio.run(provisioning.recheck(dns_desk)) == ["ready.example"]
    assert asyncio.run(provisioning.recheck(dns_desk)) == []  # idempotent
    with dns_desk.sessions() as db_session:
        statuses = dict(db_session.execute(select(Customer.domain, Customer.service_status)).all())
        events = list(
            db_session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == "customer.opened")
            )
        )
        ready_id = db_session.scalar(select(Customer.id).where(Customer.domain == "ready.example"))
    assert statuses == {
        "ready.example": "opened",
        "elsewhere.example": "pre-opened",
        "open.example": "opened",
    }
    assert events == [
        {"customer_id": ready_id, "domain": "ready.example", "mx_verdict": "points-to-provider"}
    ]


def _customer(db_session: Session, domain: str, status: str | None) -> int:
    customer = customers.get_or_create(
        db_session=db_session, customer_in=CustomerIn(domain=domain, service_status=status)
    )
    db_session.flush()
    return customer.id


def test_the_watch_follows_a_merged_record_to_the_company_it_belongs_to(
    dns_desk: Desk,
) -> None:
    """A record merged into another is history: the watch acts on the record it was merged
    into (whose domains include the merged one), never on the merged record itself."""
    with dns_desk.sessions() as db_session:
        company = _customer(db_session, "company.example", None)
        ready = _customer(db_session, "ready.example", "pre-opened")
        opened = _customer(db_session, "opened-co.example", "opened")
        stale = _customer(db_session, "elsewhere.example", "pre-opened")
        # A typo record whose domain points here, merged into a company already opened.
        typo = _customer(db_session, "typo.example", "pre-opened")
        records.merge(db_session=db_session, survivor_id=company, merged_id=ready, actor_id=None)
        records.merge(db_session=db_session, survivor_id=opened, merged_id=typo, actor_id=None)
        db_session.commit()
    # The company took the merged record's status; only live records are watched.
    assert provisioning.pending_domains(dns_desk) == [
        (company, "company.example"),
        (company, "ready.example"),
        (stale, "elsewhere.example"),
    ]
    assert asyncio.run(provisioning.recheck(dns_desk)) == ["ready.example"]
    assert asyncio.run(provisioning.recheck(dns_desk)) == []
    with dns_desk.sessions() as db_session:
        statuses = dict(db_session.execute(select(Customer.id, Customer.service_status)).all())
        events = list(
            db_session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == "customer.opened")
            )
        )
    assert statuses[company] == "opened"
    assert statuses[ready] == "pre-opened" and statuses[typo] == "pre-opened"  # history
    assert statuses[stale] == "pre-opened"
    assert events == [
        {
            "customer_id": company,
            "domain": "ready.example",
            "customer_domain": "company.example",
            "mx_verdict": "points-to-provider",
        }
    ]
