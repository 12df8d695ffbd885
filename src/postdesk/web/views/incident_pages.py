"""Incidents: open ones with their linked cases, and cases per playbook per hour and day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from postdesk.db.base import MAX_ID
from postdesk.desk.cases import service as cases
from postdesk.desk.deps import SessionRoute
from postdesk.desk.errors import ConflictError
from postdesk.desk.escalations import service as escalations
from postdesk.desk.incidents import service as incidents
from postdesk.errors import NotFoundError, PostdeskError
from postdesk.web.auth import require_page
from postdesk.web.render import render
from postdesk.web.views.common import PageDb, PageForm, PageUser, desk_of, localise

router = APIRouter(include_in_schema=False, route_class=SessionRoute)

HOURS = 24
DAYS = 14
LINKED_SHOWN = 20


def heatmap(
    counts: list[tuple[str, str, int]], buckets: list[str], labels: list[str]
) -> dict[str, Any]:
    """Rows of (playbook, cells) for a heat map; each cell's shade is its share of the max."""
    table: dict[str, dict[str, int]] = {}
    for playbook, bucket, count in counts:
        table.setdefault(playbook, {})[bucket] = count
    peak = max((count for _, _, count in counts), default=0)
    rows = []
    for playbook, by_bucket in sorted(table.items(), key=lambda item: -sum(item[1].values())):
        cells = [
            {
                "count": by_bucket.get(bucket, 0),
                "shade": round(by_bucket.get(bucket, 0) / peak, 2) if peak else 0,
            }
            for bucket in buckets
        ]
        rows.append({"playbook": playbook, "cells": cells, "total": sum(by_bucket.values())})
    return {"labels": labels, "rows": rows, "peak": peak}


def _hour_buckets(now: datetime, zone: ZoneInfo) -> tuple[list[str], list[str]]:
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=HOURS - 1)
    moments = [start + timedelta(hours=n) for n in range(HOURS)]
    return (
        [moment.strftime("%Y-%m-%d %H") for moment in moments],
        [moment.astimezone(zone).strftime("%H") for moment in moments],
    )


def _day_buckets(today: date) -> tuple[list[str], list[str]]:
    start = today - timedelta(days=DAYS - 1)
    days = [start + timedelta(days=n) for n in range(DAYS)]
    # Day of month only, with the month where it starts or changes: narrow columns.
    labels = [
        day.strftime("%m/%d") if index == 0 or day.day == 1 else day.strftime("%d")
        for index, day in enumerate(days)
    ]
    return [day.isoformat() for day in days], labels


def _per_local_day(
    db_session: Session, first_midnight: datetime, now: datetime, zone: ZoneInfo
) -> list[tuple[str, str, int]]:
    """Cases per playbook per calendar day of the provider's time zone.

    Where the zone keeps one UTC offset over the whole span (most spans; always for
    Asia/Shanghai) the database buckets days itself, shifted by that offset; across a
    daylight-saving change it buckets hours and they are summed into local days.
    """
    offset = first_midnight.utcoffset()
    since = first_midnight.astimezone(UTC)
    if offset is not None and offset == now.astimezone(zone).utcoffset():
        return cases.counts_per_playbook(
            db_session=db_session,
            since=since,
            bucket="day",
            utc_offset_minutes=int(offset.total_seconds() // 60),
        )
    per_hour = cases.counts_per_playbook(db_session=db_session, since=since, bucket="hour")
    return _local_days(per_hour, zone)


def _local_days(
    per_utc_hour: list[tuple[str, str, int]], zone: ZoneInfo
) -> list[tuple[str, str, int]]:
    """UTC hour buckets summed into the provider's calendar days.

    Agents and supervisors count days in the provider's time zone (the hour
    labels are local too); a day bucketed in UTC would split a Beijing
    working day at 08:00.
    """
    local_day: dict[str, str] = {}  # at most 24 x DAYS distinct hours: convert each once
    totals: dict[tuple[str, str], int] = {}
    for playbook, hour, count in per_utc_hour:
        day = local_day.get(hour)
        if day is None:
            moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
            day = local_day[hour] = moment.astimezone(zone).date().isoformat()
        totals[(playbook, day)] = totals.get((playbook, day), 0) + count
    return [(playbook, day, count) for (playbook, day), count in totals.items()]


@router.get("/incidents")
def incident_page(request: Request, db_session: PageDb, user: PageUser) -> HTMLResponse:
    require_page(user, "incidents:read")
    return _incident_page(request, db_session)


@router.post("/incidents/{incident_id}/resolve")
def resolve_incident(
    request: Request,
    incident_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    form: PageForm,
    db_session: PageDb,
    user: PageUser,
) -> Response:
    """Resolve an incident with its cause (supervisors); as POST /api/incidents/{id}/resolve."""
    from postdesk.desk.incidents import work

    require_page(user, "incidents:write")
    try:
        work.resolve(
            db_session=db_session,
            incident_id=incident_id,
            cause=str(form.get("cause", "")),
            actor_id=user.id,
        )
        db_session.commit()
    except PostdeskError as err:
        db_session.rollback()
        status_code = 404 if isinstance(err, NotFoundError) else 422
        if isinstance(err, ConflictError):
            status_code = 409
        return _incident_page(
            request, db_session, status_code=status_code, error=localise(err, request)
        )
    return RedirectResponse(f"/incidents#resolved-{incident_id}", status_code=303)


def _incident_page(
    request: Request, db_session: Session, *, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    from postdesk.desk.incidents import work

    desk = desk_of(request)
    zone = ZoneInfo(desk.profile.timezone)
    now = datetime.now(UTC)
    open_incidents = []
    for incident in incidents.list_incidents(db_session=db_session, status="open"):
        linked, total = cases.list_cases(
            db_session=db_session, incident_id=incident.id, page_size=LINKED_SHOWN
        )
        reports, last_report = incidents.reports(db_session=db_session, incident=incident)
        # What became of its notice: sent, queued, or held because the channel has no address.
        notices = escalations.for_incident(db_session=db_session, incident_id=incident.id)
        open_incidents.append(
            {
                "incident": incident,
                "cases": linked,
                "total": total,
                "reports": reports,
                "last_report": last_report,
                "notices": notices,
            }
        )
    hour_keys, hour_labels = _hour_buckets(now, zone)
    today = now.astimezone(zone).date()
    day_keys, day_labels = _day_buckets(today)
    per_hour = cases.counts_per_playbook(
        db_session=db_session, since=now - timedelta(hours=HOURS), bucket="hour"
    )
    first_midnight = datetime.combine(today - timedelta(days=DAYS - 1), time(), tzinfo=zone)
    per_day = _per_local_day(db_session, first_midnight, now, zone)
    return render(
        request,
        "incidents.html",
        status_code=status_code,
        error=error,
        resolved=work.list_resolved(db_session=db_session),
        open_incidents=open_incidents,
        hourly=heatmap(per_hour, hour_keys, hour_labels),
        daily=heatmap(per_day, day_keys, day_labels),
        titles={playbook.id: playbook for playbook in desk.library},
        hours=HOURS,
        days=DAYS,
    )
