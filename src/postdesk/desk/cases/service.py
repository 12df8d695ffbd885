"""Cases: store, find, list with filters and paging, and render for the API."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseRead, CaseSummary
from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.customers.schemas import ContactRead, CustomerRead
from postdesk.errors import NotFoundError


def get(*, db_session: Session, case_id: int) -> Case:
    """The case ``case_id``, or NotFoundError."""
    case = db_session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"no case with id {case_id}; list cases with GET /api/cases")
    return case


def get_for_update(*, db_session: Session, case_id: int) -> Case:
    """The case, row-locked on PostgreSQL so two agents' actions apply one after the other."""
    case = db_session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if case is None:
        raise NotFoundError(f"no case with id {case_id}; list cases with GET /api/cases")
    return case


def _filtered(
    query: Select,  # type: ignore[type-arg]
    *,
    status: str | None,
    playbook_id: str | None,
    domain: str | None,
    assignee_id: int | None,
    incident_id: int | None,
) -> Select:  # type: ignore[type-arg]
    if status:
        query = query.where(Case.status == status)
    if playbook_id:
        query = query.where(Case.playbook_id == playbook_id)
    if domain:
        query = query.where(Customer.domain == domain.strip().lower())
    if assignee_id is not None:
        query = query.where(Case.assignee_id == assignee_id)
    if incident_id is not None:
        query = query.where(Case.incident_id == incident_id)
    return query


def list_cases(
    *,
    db_session: Session,
    page: int = 1,
    page_size: int = 50,
    status: str | None = None,
    playbook_id: str | None = None,
    domain: str | None = None,
    assignee_id: int | None = None,
    incident_id: int | None = None,
) -> tuple[list[CaseSummary], int]:
    """One page of cases, newest first, and the total matching the filters."""
    filters = {
        "status": status,
        "playbook_id": playbook_id,
        "domain": domain,
        "assignee_id": assignee_id,
        "incident_id": incident_id,
    }
    base = select(Case, Customer.domain).outerjoin(Customer, Case.customer_id == Customer.id)
    query = _filtered(base, **filters).order_by(Case.id.desc())
    query = query.offset((page - 1) * page_size).limit(page_size)
    counted = _filtered(
        select(func.count(Case.id)).outerjoin(Customer, Case.customer_id == Customer.id),
        **filters,
    )
    total = db_session.scalar(counted) or 0
    items = [summary(case, domain) for case, domain in db_session.execute(query)]
    return items, total


def summary(case: Case, domain: str | None) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        status=case.status,  # type: ignore[arg-type]
        playbook_id=case.playbook_id,
        channel=case.channel,
        customer_domain=domain,
        assignee_id=case.assignee_id,
        incident_id=case.incident_id,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def case_url(public_url: str, case_id: int) -> str:
    return f"{public_url.rstrip('/')}/cases/{case_id}"


def read(*, db_session: Session, case: Case, public_url: str) -> CaseRead:
    """The full API view of a case (collected secrets appear only as given)."""
    customer = db_session.get(Customer, case.customer_id) if case.customer_id else None
    contact = db_session.get(Contact, case.contact_id) if case.contact_id else None
    state = case.walk_state
    return CaseRead(
        **summary(case, customer.domain if customer else None).model_dump(),
        complaint=case.complaint,
        playbook_version=case.playbook_version,
        customer=CustomerRead.model_validate(customer) if customer else None,
        contact=ContactRead.model_validate(contact) if contact else None,
        entities=case.entities,
        fields=dict(state.get("fields", {})),
        current_step=state.get("current", ""),
        walk_status=state.get("status", ""),
        resolution=case.resolution,
        closed_at=case.closed_at,
        case_url=case_url(public_url, case.id),
    )
