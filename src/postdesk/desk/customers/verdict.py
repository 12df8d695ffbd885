"""A customer's domain checked live: its MX and the provider's hosts, on demand.

The diagnose checks run the way a walk's check step runs them from the API
and the pages (``desk.cases.flows.run_check``): through
:func:`postdesk.diagnose.run_check` with the desk's diagnose context (its
nameserver and forbidden address ranges), each check counted in the user's
per-minute quota, and no database transaction held while the network answers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.context import Desk
from postdesk.desk.customers.models import Customer

# The checks of a customer page: "is mail for the domain reaching us?" and "do our host
# names resolve as they should?" (4.0.2, 4.0.10, 4.0.31).
CHECKS = (("mx", "domain"), ("hosts", ""))


async def _run_all(desk: Desk, domain: str) -> list[Any]:
    from postdesk.diagnose import run_check

    context = desk.diagnose_context()
    runs = [
        run_check(name, domain if target == "domain" else "", context) for name, target in CHECKS
    ]
    found: list[Any] = []
    for results, _overall in await asyncio.gather(*runs):
        found.extend(results)
    return found


def check(*, desk: Desk, db_session: Session, customer: Customer, actor_id: int) -> list[Any]:
    """Run the customer page's checks on its domain; the results (CheckResult); audited."""
    for _ in CHECKS:
        desk.take_diagnose_turn(actor_id)  # RateLimitedError past the per-minute quota
    domain = customer.domain
    customer_id = customer.id
    db_session.rollback()  # no transaction (SQLite's write lock) waits on the network
    results = asyncio.run(_run_all(desk, domain))
    audit.record(
        db_session=db_session,
        action="customer.checked",
        actor_id=actor_id,
        detail={
            "customer_id": customer_id,
            "domain": domain,
            "status": [result.status for result in results],
        },
    )
    db_session.commit()
    return results
