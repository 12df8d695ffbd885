"""A customer's record as the team sees it: find, list and search, everything linked to it,
merging two records of the same company, and a case corrected to its right customer.

One implementation for ``/api/customers``, the customer pages and
``postdesk customers``. Merging keeps the merged record (its domain now
names the survivor: :func:`service.get_by_domain` follows ``merged_into_id``),
so nothing stored is lost and a later case for that domain lands on the
survivor. Every change is audited, on the customer and on each moved case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy import case as when_then
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case
from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.errors import ConflictError
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.incidents.models import Incident
from postdesk.errors import InvalidInputError, NotFoundError

CASES_SHOWN = 50
ESCALATIONS_SHOWN = 50
# Fields the survivor takes from the merged record when it has none of its own.
FILLED_ON_MERGE = ("company_name", "edition", "service_status", "expiry_date")


def get(*, db_session: Session, customer_id: int) -> Customer:
    """The customer ``customer_id`` (merged or not), or NotFoundError."""
    customer = db_session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError(key="customer_not_found", customer_id=customer_id)
    return customer


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere; its own wildcards taken literally."""
    needle = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{needle}%"


@dataclass(frozen=True)
class CustomerRow:
    """A customer in a list: the record and how many cases it has."""

    customer: Customer
    case_count: int
    open_cases: int


def search(
    *, db_session: Session, text: str | None = None, page: int = 1, page_size: int = 50
) -> tuple[list[CustomerRow], int]:
    """One page of customers (merged records left out), newest first, and the total.

    ``text`` matches the domain or the company name as a plain substring.
    """
    conditions: list[ColumnElement[bool]] = [Customer.merged_into_id.is_(None)]
    if text and text.strip():
        pattern = _like(text[:253])
        conditions.append(
            Customer.domain.ilike(pattern, escape="\\")
            | Customer.company_name.ilike(pattern, escape="\\")
        )
    total = db_session.scalar(select(func.count(Customer.id)).where(*conditions)) or 0
    customers = list(
        db_session.scalars(
            select(Customer)
            .where(*conditions)
            .order_by(Customer.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    counts = _case_counts(db_session, [customer.id for customer in customers])
    rows = [CustomerRow(customer, *counts.get(customer.id, (0, 0))) for customer in customers]
    return rows, total


def _case_counts(db_session: Session, customer_ids: list[int]) -> dict[int, tuple[int, int]]:
    """customer id -> (cases, cases not closed or resolved), for one page of customers."""
    if not customer_ids:
        return {}
    still_open = func.sum(when_then((Case.status.not_in(("resolved", "closed")), 1), else_=0))
    query = (
        select(Case.customer_id, func.count(), still_open)
        .where(Case.customer_id.in_(customer_ids))
        .group_by(Case.customer_id)
    )
    return {
        customer_id: (int(count), int(opened or 0))
        for customer_id, count, opened in db_session.execute(query)
    }


@dataclass
class CustomerProfile:
    """Everything the customer page shows."""

    customer: Customer
    domains: list[str]
    merged: list[Customer]
    contacts: list[Contact]
    cases: list[tuple[Case, str | None]]
    case_total: int
    escalations: list[Escalation]
    incidents: list[Incident]
    merged_into: Customer | None = None
    counts: dict[str, int] = field(default_factory=dict)


def profile(*, db_session: Session, customer: Customer) -> CustomerProfile:
    """The customer's domains, contacts, newest cases, escalations and incidents."""
    merged = list(
        db_session.scalars(
            select(Customer).where(Customer.merged_into_id == customer.id).order_by(Customer.id)
        )
    )
    contacts = list(
        db_session.scalars(
            select(Contact).where(Contact.customer_id == customer.id).order_by(Contact.id)
        )
    )
    of_customer = Case.customer_id == customer.id
    case_total = db_session.scalar(select(func.count()).where(of_customer)) or 0
    cases = [
        (case, None)
        for case in db_session.scalars(
            select(Case).where(of_customer).order_by(Case.id.desc()).limit(CASES_SHOWN)
        )
    ]
    escalations = list(
        db_session.scalars(
            select(Escalation)
            .join(Case, Case.id == Escalation.case_id)
            .where(of_customer)
            .order_by(Escalation.id.desc())
            .limit(ESCALATIONS_SHOWN)
        )
    )
    incident_ids = select(Case.incident_id).where(of_customer, Case.incident_id.is_not(None))
    incidents = list(
        db_session.scalars(
            select(Incident).where(Incident.id.in_(incident_ids)).order_by(Incident.id.desc())
        )
    )
    merged_into = (
        db_session.get(Customer, customer.merged_into_id) if customer.merged_into_id else None
    )
    return CustomerProfile(
        customer=customer,
        domains=[customer.domain, *(row.domain for row in merged)],
        merged=merged,
        contacts=contacts,
        cases=cases,
        case_total=case_total,
        escalations=escalations,
        incidents=incidents,
        merged_into=merged_into,
    )


@dataclass(frozen=True)
class Merged:
    survivor: Customer
    merged: Customer
    moved_case_ids: list[int]
    moved_contacts: int


def merge(*, db_session: Session, survivor_id: int, merged_id: int, actor_id: int | None) -> Merged:
    """Merge customer ``merged_id`` into ``survivor_id``: its cases and contacts move; audited.

    The merged record stays, pointing to the survivor (its domain keeps finding
    the company). Records merged into it before now point to the survivor too.
    The caller commits.
    """
    if survivor_id == merged_id:
        raise InvalidInputError(key="customer_merge_self")
    # Both rows locked in ascending id order, whichever way the merge goes: two merges of
    # one pair in opposite directions at once then queue instead of deadlocking (each
    # holding one row, waiting for the other). The one that waited finds the other
    # record merged and is refused below with the survivor to use.
    locked = {
        customer_id: _locked(db_session, customer_id)
        for customer_id in sorted((survivor_id, merged_id))
    }
    survivor, merged = locked[survivor_id], locked[merged_id]
    for record in (survivor, merged):
        if record.merged_into_id is not None:
            raise ConflictError(
                key="customer_already_merged",
                domain=record.domain,
                survivor_id=record.merged_into_id,
            )
    moved_case_ids = list(db_session.scalars(select(Case.id).where(Case.customer_id == merged.id)))
    db_session.execute(
        update(Case).where(Case.customer_id == merged.id).values(customer_id=survivor.id)
    )
    moved_contacts = db_session.execute(
        update(Contact).where(Contact.customer_id == merged.id).values(customer_id=survivor.id)
    ).rowcount
    db_session.execute(
        update(Customer)
        .where(Customer.merged_into_id == merged.id)
        .values(merged_into_id=survivor.id)
    )
    for name in FILLED_ON_MERGE:
        if getattr(survivor, name) is None and getattr(merged, name) is not None:
            setattr(survivor, name, getattr(merged, name))
    merged.merged_into_id = survivor.id
    for case_id in moved_case_ids:
        audit.record(
            db_session=db_session,
            action="case.customer_merged",
            actor_id=actor_id,
            case_id=case_id,
            detail={"from": merged.domain, "to": survivor.domain},
        )
    audit.record(
        db_session=db_session,
        action="customer.merged",
        actor_id=actor_id,
        detail={
            "survivor_id": survivor.id,
            "survivor_domain": survivor.domain,
            "merged_id": merged.id,
            "merged_domain": merged.domain,
            "cases_moved": len(moved_case_ids),
            "contacts_moved": int(moved_contacts or 0),
        },
    )
    return Merged(survivor, merged, moved_case_ids, int(moved_contacts or 0))


def _locked(db_session: Session, customer_id: int) -> Customer:
    """The customer row, locked on PostgreSQL (two merges of one record apply in turn)."""
    customer = db_session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if customer is None:
        raise NotFoundError(key="customer_not_found", customer_id=customer_id)
    return customer
