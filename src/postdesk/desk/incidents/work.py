"""Incidents as work: resolving one with its cause, and telling an agent of a known fault.

One implementation for ``POST /api/incidents/{id}/resolve``, the incidents
page, ``POST /api/incidents/match`` and the new-case page's "known fault"
notice.

"The same fault" is the outage rule's notion (:func:`service.symptom_of`):
a complaint matches an open incident when triage ranks the incident's
playbook among its first and the complaint's symptom on that playbook (the
server phrase or error code it matched, or the playbook alone) is the
incident's. So the notice says exactly what a case started from that
complaint would be linked to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case
from postdesk.desk.errors import ConflictError
from postdesk.desk.incidents import service
from postdesk.desk.incidents.models import Incident
from postdesk.desk.reminders import service as reminders
from postdesk.errors import InvalidInputError, PostdeskError
from postdesk.kb.load import Library

if TYPE_CHECKING:
    from postdesk.desk.context import Desk
    from postdesk.engine_pool import EnginePool

# Candidates of triage looked at for a known fault, and the least score a playbook-wide
# symptom (no phrase or code of its own) needs: a weak guess is no known fault.
CANDIDATES = 3
WEAKEST_PLAYBOOK_MATCH = 0.3
MAX_CAUSE = 2000
# Characters of a complaint read for a known fault (triage's own limit, triage.MAX_CHARS).
MAX_COMPLAINT = 20_000


@dataclass
class Resolved:
    """A resolved incident and every case linked to it (each one's customer awaits a call)."""

    incident: Incident
    linked_cases: list[Case] = field(default_factory=list)


def linked_cases(*, db_session: Session, incident_id: int) -> list[Case]:
    """The cases linked to the incident, oldest first."""
    query = select(Case).where(Case.incident_id == incident_id).order_by(Case.id)
    return list(db_session.scalars(query))


def follow_up_linked_case(
    *, db_session: Session, incident: Incident, case: Case, actor_id: int | None
) -> None:
    """What resolving an incident does to one linked case: its call-back.

    The case's trail records the incident's end and its cause, and the case gets
    a reminder, due at once, to call the customer back (issue 16.6): the customer
    was told of a fault and must hear that it is over. A closed case gets none
    (closed cases take no reminders; its trail still says the fault ended). The
    reminder is keyed by incident and case, so it is added once.
    """
    audit.record(
        db_session=db_session,
        action="case.incident_resolved",
        actor_id=actor_id,
        case_id=case.id,
        detail={"incident_id": incident.id, "cause": incident.cause},
    )
    if case.status == "closed":
        return
    reminders.add_once(
        db_session,
        case_id=case.id,
        due_at=incident.closed_at or datetime.now(UTC),
        **reminders.texts(
            "reminder_incident_resolved", incident_id=incident.id, cause=incident.cause or ""
        ),
        origin="incident",
        actor_id=actor_id,
        origin_key=f"incident-{incident.id}-case-{case.id}",
    )


def resolve(*, db_session: Session, incident_id: int, cause: str, actor_id: int | None) -> Resolved:
    """Resolve an open (or closed) incident with its cause; audited; the caller commits.

    Refused (409) when it is already resolved. Every linked case goes through
    :func:`follow_up_linked_case`, and the cases come back in the result.
    """
    cleaned = cause.strip()
    if not cleaned:
        raise InvalidInputError(key="incident_cause_missing")
    if len(cleaned) > MAX_CAUSE:
        raise InvalidInputError(key="incident_cause_too_long", limit=MAX_CAUSE)
    incident = db_session.scalar(
        select(Incident)
        .where(Incident.id == incident_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if incident is None:
        service.get(db_session=db_session, incident_id=incident_id)  # the NotFoundError
        raise AssertionError("unreachable")
    if incident.status == "resolved":
        raise ConflictError(key="incident_already_resolved", incident_id=incident.id)
    incident.status = "resolved"
    incident.cause = cleaned
    incident.resolved_by_id = actor_id
    incident.closed_at = incident.closed_at or datetime.now(UTC)
    result = Resolved(
        incident=incident, linked_cases=linked_cases(db_session=db_session, incident_id=incident.id)
    )
    for case in result.linked_cases:
        follow_up_linked_case(
            db_session=db_session, incident=incident, case=case, actor_id=actor_id
        )
    audit.record(
        db_session=db_session,
        action="incident.resolved",
        actor_id=actor_id,
        detail={
            "incident_id": incident.id,
            "cause": cleaned,
            "linked_cases": len(result.linked_cases),
        },
    )
    return result


def list_resolved(*, db_session: Session, limit: int = 20) -> list[Incident]:
    """The most recently resolved incidents, newest first."""
    query = (
        select(Incident)
        .where(Incident.status == "resolved")
        .order_by(Incident.closed_at.desc(), Incident.id.desc())
        .limit(limit)
    )
    return list(db_session.scalars(query))


@dataclass(frozen=True)
class KnownFault:
    """An open incident a complaint matches."""

    incident_id: int
    playbook_id: str
    symptom: str
    opened_at: datetime


def symptom_keys(library: Library, complaint: str) -> set[tuple[str, str]]:
    """(playbook, symptom key) for each of triage's first candidates for the complaint.

    A job for ``triage_bridge.off_the_loop`` (a long complaint is read in the engine
    pool): a module-level function of plain data.
    """
    try:
        from postdesk.triage import triage
    except ImportError:  # triage is built separately (desk.cases.triage_bridge): no match
        return set()
    try:
        result = triage(complaint, top=CANDIDATES, library=library)
    except PostdeskError:
        return set()  # an empty or unusable complaint matches nothing
    entities: dict[str, Any] = result.entities.as_dict()
    keys: set[tuple[str, str]] = set()
    for candidate in result.ranking:
        playbook = library.get(candidate.playbook)
        key, _text = service.symptom_of(playbook, entities)
        if key == playbook.id and candidate.score < WEAKEST_PLAYBOOK_MATCH:
            continue
        keys.add((playbook.id, key))
    return keys


def _open_incidents(desk: Desk) -> list[Any]:
    """(id, playbook, symptom key, symptom, opened) of every open incident, newest first.

    Through a look-up session: on SQLite it takes neither the write lock nor the
    writer gate (this runs each time an agent pauses while typing a complaint).
    """
    with desk.reader() as db_session:
        return list(
            db_session.execute(
                select(
                    Incident.id,
                    Incident.playbook_id,
                    Incident.symptom_key,
                    Incident.symptom,
                    Incident.opened_at,
                )
                .where(Incident.status == "open")
                .order_by(Incident.id.desc())
            ).all()
        )


async def known_faults(
    *, desk: Desk, pool: EnginePool, complaint: str, owner: object = None
) -> list[KnownFault]:
    """The open incidents the complaint matches (see the module's docstring), newest first.

    Cheap while nothing is open: one indexed read, no triage. Otherwise the
    complaint is read as every request reads one (``triage_bridge.off_the_loop``:
    a long one in the engine pool, with its limits for ``owner``).
    """
    from starlette.concurrency import run_in_threadpool

    from postdesk.desk.cases import triage_bridge

    open_rows = await run_in_threadpool(_open_incidents, desk)
    if not open_rows or not complaint.strip():
        return []
    keys = await triage_bridge.off_the_loop(
        pool, desk.library, symptom_keys, complaint[:MAX_COMPLAINT], owner=owner
    )
    return [
        KnownFault(
            incident_id=row.id,
            playbook_id=row.playbook_id,
            symptom=row.symptom,
            opened_at=row.opened_at,
        )
        for row in open_rows
        if (row.playbook_id, row.symptom_key or row.playbook_id) in keys
    ]
