"""API: incidents (suspected outages) and closing them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from postdesk.db.base import MAX_ID
from postdesk.desk.deps import DbDep, SessionRoute, require
from postdesk.desk.incidents import service
from postdesk.desk.incidents.models import Incident
from postdesk.desk.incidents.schemas import IncidentRead
from postdesk.desk.users.models import User

router = APIRouter(prefix="/incidents", tags=["incidents"], route_class=SessionRoute)

IncidentId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("", response_model=list[IncidentRead])
def list_incidents(
    db_session: DbDep,
    _user: Annotated[User, Depends(require("incidents:read"))],
    status: Annotated[Literal["open", "closed"] | None, Query()] = None,
) -> list[IncidentRead]:
    """Incidents, newest first."""
    rows = service.list_incidents(db_session=db_session, status=status)
    return [_read(db_session, row) for row in rows]


def _read(db_session: DbDep, incident: Incident) -> IncidentRead:
    """An incident with its report count and last report read from its cases."""
    count, last = service.reports(db_session=db_session, incident=incident)
    shown = IncidentRead.model_validate(incident)
    return shown.model_copy(update={"report_count": count, "last_report_at": last})


@router.get("/{incident_id}", response_model=IncidentRead)
def get_incident(
    incident_id: IncidentId,
    db_session: DbDep,
    _user: Annotated[User, Depends(require("incidents:read"))],
) -> IncidentRead:
    """One incident; its cases are listed by GET /api/cases?incident_id=..."""
    return _read(db_session, service.get(db_session=db_session, incident_id=incident_id))


@router.post("/{incident_id}/close", response_model=IncidentRead)
def close_incident(
    incident_id: IncidentId,
    db_session: DbDep,
    _user: Annotated[User, Depends(require("incidents:write"))],
) -> IncidentRead:
    """Close an incident; new reports of the problem start counting afresh."""
    incident = service.close(
        db_session=db_session, incident=service.get(db_session=db_session, incident_id=incident_id)
    )
    db_session.commit()
    return _read(db_session, incident)
