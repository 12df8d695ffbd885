"""The supervisors' report page, and the CSV downloads of the pages' lists.

The same functions as ``/api/reports/summary`` and ``/api/export/...``
(desk.reports.service, desk.export.lists); here the login is the page's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from postdesk.desk.cases.status import STATUSES
from postdesk.desk.deps import SessionRoute
from postdesk.desk.export import lists
from postdesk.desk.reports import service
from postdesk.desk.reports.views import csv_response
from postdesk.errors import InvalidInputError, PostdeskError
from postdesk.web.auth import PageNotFound, require_page
from postdesk.web.render import render
from postdesk.web.views.common import PageDb, PageUser, desk_of, localise

router = APIRouter(include_in_schema=False, route_class=SessionRoute)


def _day(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InvalidInputError(key="report_bad_date", name=name, value=value[:40]) from None


def _span(request: Request) -> service.Span:
    query = request.query_params
    since = _day(query.get("since", ""), "since")
    until = _day(query.get("until", ""), "until")
    return service.span_of(since, until, desk_of(request).profile.timezone)


@router.get("/reports")
def report_page(request: Request, db_session: PageDb, user: PageUser) -> HTMLResponse:
    require_page(user, "reports:read")
    desk = desk_of(request)
    try:
        span = _span(request)
    except PostdeskError as err:
        fallback = service.span_of(None, None, desk.profile.timezone)
        summary = service.summary(db_session=db_session, span=fallback)
        return _render(request, summary, status_code=422, error=localise(err, request))
    return _render(request, service.summary(db_session=db_session, span=span))


def _render(
    request: Request, summary: service.Summary, *, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    desk = desk_of(request)
    days = [
        (summary.span.first + timedelta(days=n)).isoformat()
        for n in range((summary.span.last - summary.span.first).days + 1)
    ]
    grid: dict[str, dict[str, int]] = {}
    for row in summary.per_playbook_day:
        grid.setdefault(row["playbook_id"], {})[str(row["day"])] = row["cases"]
    return render(
        request,
        "reports.html",
        status_code=status_code,
        error=error,
        s=summary,
        days=days,
        grid=sorted(grid.items(), key=lambda item: -sum(item[1].values())),
        titles={playbook.id: playbook for playbook in desk.library},
        span_query=f"since={summary.span.first}&until={summary.span.last}",
    )


@router.get("/export/reports/{table}.csv")
def report_csv(
    request: Request,
    table: Annotated[str, Path(max_length=40)],
    db_session: PageDb,
    user: PageUser,
) -> Response:
    require_page(user, "reports:read")
    if table not in service.TABLES:
        raise PageNotFound("not_found", table)
    try:
        span = _span(request)
    except PostdeskError as err:
        return Response(localise(err, request), status_code=422, media_type="text/plain")
    summary = service.summary(db_session=db_session, span=span)
    return csv_response(list(lists.report_csv(summary, table)), f"{table}-{span.first}-{span.last}")


@router.get("/export/cases.csv")
def cases_csv(request: Request, db_session: PageDb, user: PageUser) -> Response:
    """The cases list as the list page filters it (its query: q, status, playbook, domain,
    agent, from, to, incident)."""
    require_page(user, "cases:read")
    query = request.query_params
    given = {
        key: query.get(key, "").strip()[:253]
        for key in ("status", "playbook", "domain", "agent", "from", "to", "q", "incident")
    }
    zone = ZoneInfo(desk_of(request).profile.timezone)

    def midnight(value: str) -> datetime | None:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)

    created_from = midnight(given["from"])
    last_day = midnight(given["to"])
    chunks = lists.cases_csv(
        db_session=db_session,
        status=given["status"] if given["status"] in STATUSES else None,
        playbook_id=given["playbook"] or None,
        domain=given["domain"] or None,
        assignee_id=int(given["agent"]) if given["agent"].isdigit() else None,
        incident_id=int(given["incident"]) if given["incident"].isdigit() else None,
        created_from=created_from,
        created_before=last_day + timedelta(days=1) if last_day else None,
        text=given["q"] or None,
    )
    return csv_response(chunks, "cases")


@router.get("/export/customers.csv")
def customers_csv(request: Request, db_session: PageDb, user: PageUser, q: str = "") -> Response:
    require_page(user, "customers:read")
    return csv_response(lists.customers_csv(db_session=db_session, text=q[:253]), "customers")
