"""The provisioning watch of 4.0.2 as a desk job: pre-opened customers whose MX now points
to the provider are marked opened.

The provider's system re-checks ordered domains every
``limits.provisioning_recheck_minutes``; the desk does the same for every
customer it knows as ``pre-opened``, with :func:`postdesk.diagnose.watch.watch_once`
(one concurrent round), and records each change with an audit event. The job
is idempotent: a customer already opened is not looked at again. Only live
records are watched and changed; a record merged into another is followed to
that one (see :func:`pending_domains`).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from postdesk.desk.audit import service as audit
from postdesk.desk.context import Desk
from postdesk.desk.customers.models import Customer

PENDING = "pre-opened"
OPENED = "opened"


def pending_domains(desk: Desk) -> list[tuple[int, str]]:
    """(customer id, domain) of every domain of a pre-opened customer, record by record.

    A record merged into another (customers.records.merge) is not watched on its
    own: its status is history, and acting on it would open a record nobody sees.
    Its domain is watched for the record it was merged into, which is the
    company's now (and took the merged record's status when it had none).
    """
    with desk.sessions() as db_session:
        merged = aliased(Customer)
        live = (Customer.merged_into_id.is_(None), Customer.service_status == PENDING)
        own = select(Customer.id, Customer.domain).where(*live)
        theirs = (
            select(Customer.id, merged.domain)
            .join(merged, merged.merged_into_id == Customer.id)
            .where(*live)
        )
        rows = [(int(cid), str(domain)) for cid, domain in db_session.execute(own)]
        rows += [(int(cid), str(domain)) for cid, domain in db_session.execute(theirs)]
        return sorted(rows)


async def recheck(desk: Desk) -> list[str]:
    """One round over the pre-opened customers; returns the domains now opened (of the
    customers marked opened: the domain that points here)."""
    import asyncio

    from postdesk.diagnose import DiagnoseContext
    from postdesk.diagnose.options import nameserver_from_setting
    from postdesk.diagnose.watch import parse_watch_list, points_to_provider, watch_once

    pending = await asyncio.to_thread(pending_domains, desk)
    if not pending:
        return []
    nameserver = nameserver_from_setting(desk.settings.diagnose_nameserver)
    context = DiagnoseContext(profile=desk.profile, nameserver=nameserver)
    results = await watch_once(parse_watch_list(domain for _, domain in pending), context)
    pointing: dict[int, tuple[str, str]] = {}
    for (customer_id, domain), result in zip(pending, results, strict=True):
        if points_to_provider(result):
            pointing.setdefault(customer_id, (domain, result.verdict))
    if not pointing:
        return []
    return await asyncio.to_thread(_mark_opened, desk, pointing)


def _mark_opened(desk: Desk, pointing: dict[int, tuple[str, str]]) -> list[str]:
    """Mark each customer opened, unless it was merged or opened since the round began."""
    opened = []
    with desk.sessions() as db_session:
        for customer_id, (domain, verdict) in sorted(pointing.items()):
            changed = db_session.execute(
                update(Customer)
                .where(
                    Customer.id == customer_id,
                    Customer.service_status == PENDING,
                    # Merged while the round ran: its survivor is watched next round.
                    Customer.merged_into_id.is_(None),
                )
                .values(service_status=OPENED)
            )
            if changed.rowcount:
                record = db_session.get(Customer, customer_id)
                detail = {"customer_id": customer_id, "domain": domain, "mx_verdict": verdict}
                if record is not None and record.domain != domain:
                    detail["customer_domain"] = record.domain
                audit.record(db_session=db_session, action="customer.opened", detail=detail)
                opened.append(domain)
        db_session.commit()
    return opened
