"""Correcting a case's customer from the customer's side (page, API): the case flow's own
change (``desk.cases.flows.update_case``), so the audit and the rules are the same."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postdesk.desk.cases import flows
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseUpdate
from postdesk.desk.context import Desk
from postdesk.desk.customers import records
from postdesk.desk.customers.schemas import CustomerIn
from postdesk.desk.users.models import User


def move_case(
    *, desk: Desk, db_session: Session, case_id: int, customer_id: int, actor: User
) -> Case:
    """Make ``customer_id`` the customer of case ``case_id``; audited as ``case.updated``
    with both domains. Commits."""
    customer = records.get(db_session=db_session, customer_id=customer_id)
    change = CaseUpdate(customer=CustomerIn(domain=customer.domain))
    return flows.update_case(
        desk=desk, db_session=db_session, case_id=case_id, case_in=change, actor=actor
    )
