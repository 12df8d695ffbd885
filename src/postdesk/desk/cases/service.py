"""Cases: store, find, list with filters and paging, and render for the API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, defer

from postdesk.desk.cases import customer_pick
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseRead, CaseSummary
from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.customers.schemas import ContactRead, CustomerRead
from postdesk.errors import NotFoundError
from postdesk.profile.business_time import Calendar


def get(*, db_session: Session, case_id: int) -> Case:
    """The case ``case_id``, or NotFoundError."""
    case = db_session.get(Case, case_id)
    if case is None:
        raise NotFoundError(key="case_not_found", case_id=case_id)
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
        raise NotFoundError(key="case_not_found", case_id=case_id)
    return case


def summary(
    case: Case, domain: str | None, calendar: Calendar | None = None, now: datetime | None = None
) -> CaseSummary:
    """A case as the lists show it; age and time in status in working time (``calendar``)."""
    now = now or datetime.now(UTC)
    age = calendar.working_minutes(case.created_at, now) if calendar else 0
    in_status = calendar.working_minutes(case.status_changed_at, now) if calendar else 0
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
        status_changed_at=case.status_changed_at,
        age_working_minutes=age,
        in_status_working_minutes=in_status,
        merged_into_id=case.merged_into_id,
    )


def case_url(public_url: str, case_id: int) -> str:
    return f"{public_url.rstrip('/')}/cases/{case_id}"


def read(
    *,
    db_session: Session,
    case: Case,
    public_url: str,
    calendar: Calendar | None = None,
    now: datetime | None = None,
) -> CaseRead:
    """The full API view of a case (collected secrets appear only as given)."""
    customer = db_session.get(Customer, case.customer_id) if case.customer_id else None
    contact = db_session.get(Contact, case.contact_id) if case.contact_id else None
    state = case.walk_state
    return CaseRead(
        **summary(case, customer.domain if customer else None, calendar, now).model_dump(),
        complaint=case.complaint,
        playbook_version=case.playbook_version,
        customer=CustomerRead.model_validate(customer) if customer else None,
        customer_why=customer_pick.why(case.entities),
        contact=ContactRead.model_validate(contact) if contact else None,
        entities=case.entities,
        fields=dict(state.get("fields", {})),
        current_step=state.get("current", ""),
        walk_status=state.get("status", ""),
        resolution=case.resolution,
        closed_at=case.closed_at,
        case_url=case_url(public_url, case.id),
    )


def list_cases(
    *,
    db_session: Session,
    page: int = 1,
    page_size: int = 50,
    status: str | None = None,
    playbook_id: str | None = None,
    domain: str | None = None,
    assignee_id: int | Literal["none"] | None = None,
    incident_id: int | None = None,
    created_from: datetime | None = None,
    created_before: datetime | None = None,
    text: str | None = None,
    calendar: Calendar | None = None,
    now: datetime | None = None,
) -> tuple[list[CaseSummary], int]:
    """One page of cases, newest first, and the total matching the filters.

    The one listing behind the API, the CLI and the web pages: every filter left
    None narrows nothing. ``created_from``/``created_before`` bound the creation
    time; ``text`` matches the complaint or the customer domain as a plain
    substring (case-insensitive); ``assignee_id`` "none": the unassigned queue.
    With a ``calendar`` each row carries its age and time in status in working time.
    """
    conditions: list[ColumnElement[bool]] = []
    if status:
        conditions.append(Case.status == status)
    if playbook_id:
        conditions.append(Case.playbook_id == playbook_id)
    if domain:
        conditions.append(Customer.domain == domain.strip().lower())
    if assignee_id == "none":
        conditions.append(Case.assignee_id.is_(None))
    elif assignee_id is not None:
        conditions.append(Case.assignee_id == assignee_id)
    if incident_id is not None:
        conditions.append(Case.incident_id == incident_id)
    if created_from is not None:
        conditions.append(Case.created_at >= created_from)
    if created_before is not None:
        conditions.append(Case.created_at < created_before)
    if text and text.strip():
        # LIKE wildcards typed by the agent are taken literally.
        needle = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{needle}%"
        conditions.append(
            Case.complaint.ilike(pattern, escape="\\") | Customer.domain.ilike(pattern, escape="\\")
        )
    # The page and its count share the conditions, so the total always matches the rows.
    query = (
        select(Case, Customer.domain)
        # A list row needs none of the big columns (the walk's JSON above all).
        .options(defer(Case.walk_state), defer(Case.complaint), defer(Case.entities))
        .outerjoin(Customer, Case.customer_id == Customer.id)
        .where(*conditions)
        .order_by(Case.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    counted = select(func.count(Case.id)).where(*conditions)
    if domain or (text and text.strip()):
        # Only a filter on the customer needs the join; without one the count reads cases only.
        counted = counted.outerjoin(Customer, Case.customer_id == Customer.id)
    total = db_session.scalar(counted) or 0
    items = [summary(case, found, calendar, now) for case, found in db_session.execute(query)]
    return items, total


def counts_per_playbook(
    *,
    db_session: Session,
    since: datetime,
    bucket: Literal["hour", "day"],
    utc_offset_minutes: int = 0,
) -> list[tuple[str, str, int]]:
    """(playbook id, bucket start as 'YYYY-MM-DD HH' or 'YYYY-MM-DD', count) since ``since``.

    Buckets are UTC shifted by ``utc_offset_minutes`` (+480 gives Beijing days); the
    caller passes an offset only over a span where its time zone keeps one offset.
    """
    if db_session.get_bind().dialect.name == "postgresql":
        fmt = "YYYY-MM-DD HH24" if bucket == "hour" else "YYYY-MM-DD"
        # timezone('UTC', ...) so the buckets do not follow the session's TimeZone setting
        moment = func.timezone("UTC", Case.created_at) + func.make_interval(
            0, 0, 0, 0, 0, utc_offset_minutes
        )
        key = func.to_char(func.date_trunc(bucket, moment), fmt)
    else:
        fmt = "%Y-%m-%d %H" if bucket == "hour" else "%Y-%m-%d"
        key = func.strftime(fmt, Case.created_at, f"{utc_offset_minutes:+d} minutes")
    query = (
        select(Case.playbook_id, key.label("bucket"), func.count(Case.id))
        .where(Case.created_at >= since)
        .group_by(Case.playbook_id, "bucket")
    )
    return [(playbook, str(at), int(count)) for playbook, at, count in db_session.execute(query)]
