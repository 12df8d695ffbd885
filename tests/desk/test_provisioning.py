"""The 4.0.2 provisioning watch as a desk job, against a DNS server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.customers import provisioning
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
    assert statuses == {
        "ready.example": "opened",
        "elsewhere.example": "pre-opened",
        "open.example": "opened",
    }
    assert events == [{"domain": "ready.example", "mx_verdict": "points-to-provider"}]
