"""The provisioning watch of 4.0.2 as a desk job: pre-opened customers whose MX now points
to the provider are marked opened.

The provider's system re-checks ordered domains every
``limits.provisioning_recheck_minutes``; the desk does the same for every
customer it knows as ``pre-opened``, with :func:`postdesk.diagnose.watch.watch_once`
(one concurrent round), and records each change with an audit event. The job
is idempotent: a customer already opened is not looked at again.
"""

from __future__ import annotations

from sqlalchemy import select, update

from postdesk.desk.audit import service as audit
from postdesk.desk.context import Desk
from postdesk.desk.customers.models import Customer

PENDING = "pre-opened"
OPENED = "opened"


def pending_domains(desk: Desk) -> list[str]:
    with desk.sessions() as db_session:
        query = select(Customer.domain).where(Customer.service_status == PENDING)
        return list(db_session.scalars(query.order_by(Customer.id)))


async def recheck(desk: Desk) -> list[str]:
    """One round over the pre-opened customers; returns the domains now opened."""
    import asyncio

    from postdesk.diagnose import DiagnoseContext
    from postdesk.diagnose.options import nameserver_from_setting
    from postdesk.diagnose.watch import parse_watch_list, points_to_provider, watch_once

    domains = await asyncio.to_thread(pending_domains, desk)
    if not domains:
        return []
    nameserver = nameserver_from_setting(desk.settings.diagnose_nameserver)
    context = DiagnoseContext(profile=desk.profile, nameserver=nameserver)
    results = await watch_once(parse_watch_list(domains), context)
    opened = [
        domain
        for domain, result in zip(domains, results, strict=True)
        if points_to_provider(result)
    ]
    if opened:
        verdicts = {domain: result.verdict for domain, result in zip(domains, results, strict=True)}
        await asyncio.to_thread(_mark_opened, desk, opened, verdicts)
    return opened


def _mark_opened(desk: Desk, domains: list[str], verdicts: dict[str, str]) -> None:
    with desk.sessions() as db_session:
        for domain in domains:
            changed = db_session.execute(
                update(Customer)
                .where(Customer.domain == domain, Customer.service_status == PENDING)
                .values(service_status=OPENED)
            )
            if changed.rowcount:
                audit.record(
                    db_session=db_session,
                    action="customer.opened",
                    detail={"domain": domain, "mx_verdict": verdicts[domain]},
                )
        db_session.commit()
