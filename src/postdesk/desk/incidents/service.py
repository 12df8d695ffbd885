"""The outage rule of 4.0.6: several customers, same problem, short window -> one incident.

When a case is created, :func:`report` runs inside the same transaction. It
first serialises itself per playbook (a row lock on the playbook's guard row
on PostgreSQL; on SQLite every write transaction already holds the single
write lock from its start), then either joins an open incident whose last
report is within the window, or counts the distinct customers of the recent
unlinked cases and raises a new incident when the profile's threshold is met.
Because of the lock, reports arriving at the same moment from several app
servers see each other's committed cases one after the other, so exactly one
of them raises the incident.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.incidents.models import Incident, OutageGuard
from postdesk.errors import NotFoundError
from postdesk.profile.schema import Limits


def _lock_playbook(db_session: Session, playbook_id: str) -> None:
    if db_session.get_bind().dialect.name != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE already serialises writers
    lock = (
        select(OutageGuard.playbook_id)
        .where(OutageGuard.playbook_id == playbook_id)
        .with_for_update()
    )
    # The guard row exists after a playbook's first case: then locking it is one
    # statement. Two first cases at once both insert (one waits for the other's
    # insert, then does nothing) and then lock the same row one after the other.
    if db_session.execute(lock).first() is None:
        db_session.execute(
            pg_insert(OutageGuard).values(playbook_id=playbook_id).on_conflict_do_nothing()
        )
        db_session.execute(lock)


def report(
    *, db_session: Session, case: Case, symptom: str, limits: Limits, now: datetime | None = None
) -> tuple[Incident | None, bool]:
    """Apply the outage rule to a new case: (its incident or None, whether it is new)."""
    if case.customer_id is None:
        return None, False  # without a customer the report cannot count as a distinct one
    moment = now or datetime.now(UTC)
    window_start = moment - timedelta(minutes=limits.outage_window_minutes)
    _lock_playbook(db_session, case.playbook_id)
    current = db_session.scalar(
        select(Incident)
        .where(
            Incident.playbook_id == case.playbook_id,
            Incident.status == "open",
            Incident.last_report_at >= window_start,
        )
        .order_by(Incident.id.desc())
        .limit(1)
    )
    if current is not None:
        case.incident_id = current.id
        current.report_count += 1
        current.last_report_at = moment
        return current, False
    recent = select(Case.id, Case.customer_id).where(
        Case.playbook_id == case.playbook_id,
        Case.created_at >= window_start,
        Case.incident_id.is_(None),
        Case.customer_id.is_not(None),
    )
    rows = db_session.execute(recent).all()
    customers = {customer_id for _, customer_id in rows}
    if len(customers) < limits.outage_reports:
        return None, False
    incident = Incident(
        playbook_id=case.playbook_id,
        symptom=symptom,
        report_count=len(rows),
        opened_at=moment,
        last_report_at=moment,
    )
    db_session.add(incident)
    db_session.flush()
    db_session.execute(
        update(Case)
        .where(Case.id.in_([case_id for case_id, _ in rows]))
        .values(incident_id=incident.id)
    )
    case.incident_id = incident.id
    return incident, True


def get(*, db_session: Session, incident_id: int) -> Incident:
    incident = db_session.get(Incident, incident_id)
    if incident is None:
        raise NotFoundError(f"no incident with id {incident_id}; list them with GET /api/incidents")
    return incident


def list_incidents(*, db_session: Session, status: str | None = None) -> list[Incident]:
    query = select(Incident).order_by(Incident.id.desc())
    if status:
        query = query.where(Incident.status == status)
    return list(db_session.scalars(query))


def case_count(*, db_session: Session, incident_id: int) -> int:
    return (
        db_session.scalar(select(func.count(Case.id)).where(Case.incident_id == incident_id)) or 0
    )


def close(*, db_session: Session, incident: Incident) -> Incident:
    if incident.status != "closed":
        incident.status = "closed"
        incident.closed_at = datetime.now(UTC)
    return incident
