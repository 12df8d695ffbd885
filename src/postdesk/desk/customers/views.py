"""API: customers (list and search, one with everything linked), merging, correcting a case's
customer, and the domain's live check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from postdesk.db.base import MAX_ID
from postdesk.desk.cases import service as cases
from postdesk.desk.cases.schemas import CaseRead
from postdesk.desk.customers import records
from postdesk.desk.customers.detail_schemas import CustomerDetail
from postdesk.desk.customers.models import Customer
from postdesk.desk.customers.schemas import (
    CaseMove,
    ContactRead,
    CustomerCheck,
    CustomerListItem,
    CustomerMerge,
    CustomerPage,
    CustomerRead,
    EscalationBrief,
    IncidentBrief,
)
from postdesk.desk.deps import DbDep, DeskDep, SessionRoute, require
from postdesk.desk.users.models import User

router = APIRouter(prefix="/customers", tags=["customers"], route_class=SessionRoute)

CustomerId = Annotated[int, Path(ge=1, le=MAX_ID)]
Reader = Annotated[User, Depends(require("customers:read"))]


@router.get("", response_model=CustomerPage)
def list_customers(
    db_session: DbDep,
    _user: Reader,
    q: Annotated[
        str | None, Query(max_length=253, description="part of a domain or company")
    ] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CustomerPage:
    """Customers, newest first, with their case counts; ``q`` searches domain and company."""
    rows, total = records.search(db_session=db_session, text=q, page=page, page_size=page_size)
    return CustomerPage(
        items=[list_item(row) for row in rows], total=total, page=page, page_size=page_size
    )


def list_item(row: records.CustomerRow) -> CustomerListItem:
    return CustomerListItem(
        **CustomerRead.model_validate(row.customer).model_dump(),
        case_count=row.case_count,
        open_cases=row.open_cases,
    )


def detail(db_session: DbDep, customer: Customer) -> CustomerDetail:
    """The customer with its domains, contacts, newest cases, escalations and incidents."""
    found = records.profile(db_session=db_session, customer=customer)
    domain = customer.domain
    return CustomerDetail(
        **CustomerRead.model_validate(customer).model_dump(),
        domains=found.domains,
        merged_into_id=customer.merged_into_id,
        contacts=[ContactRead.model_validate(row) for row in found.contacts],
        cases=[cases.summary(case, domain) for case, _ in found.cases],
        case_total=found.case_total,
        escalations=[EscalationBrief.model_validate(row) for row in found.escalations],
        incidents=[IncidentBrief.model_validate(row) for row in found.incidents],
    )


@router.get("/{customer_id}", response_model=CustomerDetail)
def get_customer(customer_id: CustomerId, db_session: DbDep, _user: Reader) -> CustomerDetail:
    """One customer with its cases (the newest 50; case_total counts all), escalations and
    incidents. A merged record says which customer it belongs to now (merged_into_id)."""
    return detail(db_session, records.get(db_session=db_session, customer_id=customer_id))


@router.post("/{customer_id}/merge", response_model=CustomerDetail)
def merge_customer(
    customer_id: CustomerId,
    merge_in: CustomerMerge,
    db_session: DbDep,
    user: Annotated[User, Depends(require("customers:merge"))],
) -> CustomerDetail:
    """Merge another record (``merged_id``) into this customer: its cases and contacts move
    here, its domain names this customer from now on; audited (supervisors, admins)."""
    merged = records.merge(
        db_session=db_session,
        survivor_id=customer_id,
        merged_id=merge_in.merged_id,
        actor_id=user.id,
    )
    db_session.commit()
    return detail(db_session, merged.survivor)


@router.post("/{customer_id}/cases", response_model=CaseRead)
def move_case_here(
    customer_id: CustomerId,
    move_in: CaseMove,
    desk: DeskDep,
    db_session: DbDep,
    user: Annotated[User, Depends(require("cases:write"))],
) -> CaseRead:
    """Correct a case's customer to this one (the same change, and audit, as
    ``PATCH /api/cases/{id}`` with ``customer``); a closed case is refused."""
    from postdesk.desk.customers import correction

    moved = correction.move_case(
        desk=desk,
        db_session=db_session,
        case_id=move_in.case_id,
        customer_id=customer_id,
        actor=user,
    )
    return cases.read(db_session=db_session, case=moved, public_url=desk.settings.public_url)


@router.post("/{customer_id}/check", response_model=CustomerCheck)
def check_customer(
    customer_id: CustomerId,
    desk: DeskDep,
    db_session: DbDep,
    user: Reader,
) -> CustomerCheck:
    """The domain's live MX verdict and the provider's hosts (the diagnose checks, with the
    desk's forbidden ranges; each counts in your per-minute quota: 429 past it)."""
    from postdesk.desk.customers import verdict

    customer = records.get(db_session=db_session, customer_id=customer_id)
    results = verdict.check(desk=desk, db_session=db_session, customer=customer, actor_id=user.id)
    return CustomerCheck(domain=customer.domain, results=[result.to_dict() for result in results])
