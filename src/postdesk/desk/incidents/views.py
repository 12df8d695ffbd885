"""API: incidents (suspected outages) and closing them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from postdesk.db.base import MAX_ID
from postdesk.desk.deps import DbDep, DeskDep, SessionRoute, require
from postdesk.desk.incidents import service, work
from postdesk.desk.incidents.models import Incident
from postdesk.desk.incidents.schemas import (
    ComplaintMatch,
    IncidentRead,
    IncidentResolve,
    IncidentResolved,
    KnownFaultRead,
    KnownFaults,
)
from postdesk.desk.users.models import User

router = APIRouter(prefix="/incidents", tags=["incidents"], route_class=SessionRoute)

IncidentId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("", response_model=list[IncidentRead])
def list_incidents(
    db_session: DbDep,
    _user: Annotated[User, Depends(require("incidents:read"))],
    status: Annotated[Literal["open", "closed", "resolved"] | None, Query()] = None,
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


@router.post("/match", response_model=KnownFaults)
async def match_complaint(
    match_in: ComplaintMatch,
    request: Request,
    desk: DeskDep,
    user: Annotated[User, Depends(require("incidents:read"))],
) -> KnownFaults:
    """Open incidents a complaint matches ("known fault"), for the new-case page as the agent
    types: the outage rule's notion of the same symptom. Cheap while no incident is open;
    a long complaint is read in the engine pool (503 ``busy`` when it is full or the
    user has their share in it)."""
    from postdesk.api import request_lang
    from postdesk.i18n import message

    lang = request_lang(request)
    found = await work.known_faults(
        desk=desk,
        pool=request.app.state.engine_pool,
        complaint=match_in.complaint,
        owner=user.id,
    )
    return KnownFaults(
        known_faults=[
            KnownFaultRead(
                incident_id=fault.incident_id,
                playbook_id=fault.playbook_id,
                symptom=fault.symptom,
                opened_at=fault.opened_at,
                notice=message("known_fault", lang, symptom=fault.symptom, id=fault.incident_id),
            )
            for fault in found
        ]
    )


@router.post("/{incident_id}/resolve", response_model=IncidentResolved)
def resolve_incident(
    incident_id: IncidentId,
    resolve_in: IncidentResolve,
    db_session: DbDep,
    user: Annotated[User, Depends(require("incidents:write"))],
) -> IncidentResolved:
    """Resolve an incident with its cause (audited, and on each linked case's trail);
    409 when already resolved."""
    resolved = work.resolve(
        db_session=db_session, incident_id=incident_id, cause=resolve_in.cause, actor_id=user.id
    )
    db_session.commit()
    shown = _read(db_session, resolved.incident)
    return IncidentResolved(
        **shown.model_dump(), linked_case_ids=[case.id for case in resolved.linked_cases]
    )
