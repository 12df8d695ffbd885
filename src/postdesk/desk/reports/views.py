"""API: the supervisors' summary, and every list as CSV (cases, customers, report tables)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from postdesk.db.base import MAX_ID
from postdesk.desk.cases.schemas import CaseStatus
from postdesk.desk.deps import DbDep, DeskDep, SessionRoute, require
from postdesk.desk.export import lists
from postdesk.desk.reports import service
from postdesk.desk.reports.schemas import SummaryRead
from postdesk.desk.users.models import User

router = APIRouter(tags=["reports"], route_class=SessionRoute)

Supervisor = Annotated[User, Depends(require("reports:read"))]
Since = Annotated[date | None, Query(description="first day (YYYY-MM-DD, provider's time zone)")]
Until = Annotated[date | None, Query(description="last day, included (default: today)")]
ReportTable = Literal[
    "per_playbook_day", "open_by_age", "first_contact", "escalation_turnaround", "load_per_agent"
]


def csv_response(chunks: list[str], kind: str) -> Response:
    return Response(
        "".join(chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{lists.filename(kind)}"'},
    )


def summary_read(summary: service.Summary) -> SummaryRead:
    return SummaryRead(
        since=summary.span.first,
        until=summary.span.last,
        timezone=summary.span.zone,
        per_playbook_day=summary.per_playbook_day,  # type: ignore[arg-type]
        open_by_age=summary.open_by_age,  # type: ignore[arg-type]
        first_contact=summary.first_contact,  # type: ignore[arg-type]
        escalation_turnaround=summary.escalation_turnaround,  # type: ignore[arg-type]
        load_per_agent=summary.load_per_agent,  # type: ignore[arg-type]
    )


@router.get("/reports/summary", response_model=SummaryRead)
def report_summary(
    desk: DeskDep, db_session: DbDep, _user: Supervisor, since: Since = None, until: Until = None
) -> SummaryRead:
    """Cases per playbook and day, open cases by age, first-contact resolution, escalation
    turnaround per channel and load per agent, for whole days of the provider's time zone
    (default: the last 7). Supervisors and admins."""
    span = service.span_of(since, until, desk.profile.timezone)
    return summary_read(service.summary(db_session=db_session, span=span))


@router.get("/export/reports/{table}.csv", response_class=Response)
def report_table_csv(
    table: ReportTable,
    desk: DeskDep,
    db_session: DbDep,
    _user: Supervisor,
    since: Since = None,
    until: Until = None,
) -> Response:
    """One table of the summary as CSV (formula-safe, UTF-8 with BOM)."""
    span = service.span_of(since, until, desk.profile.timezone)
    summary = service.summary(db_session=db_session, span=span)
    return csv_response(list(lists.report_csv(summary, table)), f"{table}-{span.first}-{span.last}")


@router.get("/export/cases.csv", response_class=Response)
def cases_csv(
    db_session: DbDep,
    _user: Annotated[User, Depends(require("cases:read"))],
    status: Annotated[CaseStatus | None, Query()] = None,
    playbook_id: Annotated[str | None, Query(max_length=64)] = None,
    domain: Annotated[str | None, Query(max_length=253)] = None,
    assignee_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    incident_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    text: Annotated[str | None, Query(max_length=253)] = None,
) -> Response:
    """The cases list as CSV, newest first (at most 20,000 rows: narrow the filters for more)."""
    chunks = lists.cases_csv(
        db_session=db_session,
        status=status,
        playbook_id=playbook_id,
        domain=domain,
        assignee_id=assignee_id,
        incident_id=incident_id,
        text=text,
    )
    return csv_response(chunks, "cases")


@router.get("/export/customers.csv", response_class=Response)
def customers_csv(
    db_session: DbDep,
    _user: Annotated[User, Depends(require("customers:read"))],
    q: Annotated[str | None, Query(max_length=253)] = None,
) -> Response:
    """The customers list as CSV (at most 20,000 rows)."""
    return csv_response(lists.customers_csv(db_session=db_session, text=q), "customers")
