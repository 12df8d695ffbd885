"""The outage rule of 4.0.6: several customers, same symptom, short window -> one incident.

The rule is a playbook's own (``outage:`` in its YAML, off by default): an
expiry query from three customers is no outage (issue 13.10). "The same
problem" is the same symptom (:func:`symptom_of`): the playbook's signal the
complaint matched (the server phrase or error code), or the playbook alone.

When a case is created, :func:`report` runs inside the same transaction:

- a case whose symptom has an open incident with a report inside the window
  joins it. That is a plain read and the case's own row: no lock, so the
  creations of a busy playbook never queue behind each other (issue 12.12);
  the incident's report count and last report are read from its cases;
- otherwise the rule takes the symptom's guard row (a row lock on PostgreSQL;
  on SQLite every write transaction already holds the single write lock), looks
  for an incident again (another process may have raised one meanwhile), then
  counts the distinct customers of the recent unlinked cases with the symptom
  and raises an incident when the threshold is met. Because of the lock,
  reports arriving at once from several app servers see each other's committed
  cases one after the other, so exactly one of them raises the incident.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.incidents.models import Incident, OutageGuard
from postdesk.errors import NotFoundError
from postdesk.kb.schema import OutageRule, Playbook
from postdesk.profile.schema import Limits


def symptom_of(playbook: Playbook, entities: dict[str, Any]) -> tuple[str, str]:
    """(key, text) of a case's symptom: the playbook's signal its complaint matched, if any."""
    title = f"{playbook.title.zh} / {playbook.title.en}"
    for hit in entities.get("server_phrases", []):
        if hit.get("playbook") == playbook.id and hit.get("signal"):
            return f"{playbook.id}:{hit['signal']}"[:128], f"{title} — {hit.get('phrase', '')}"
    return playbook.id, title


def _guard_key(symptom_key: str) -> str:
    """The guard row's key (at most 64 characters, the column's width)."""
    if len(symptom_key) <= 64:
        return symptom_key
    return symptom_key[:40] + "#" + hashlib.sha256(symptom_key.encode()).hexdigest()[:16]


def _lock_guard(db_session: Session, symptom_key: str) -> None:
    """Serialise the raising of an incident for one symptom (PostgreSQL row lock)."""
    if db_session.get_bind().dialect.name != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE already serialises writers
    key = _guard_key(symptom_key)
    lock = select(OutageGuard.playbook_id).where(OutageGuard.playbook_id == key).with_for_update()
    # The guard row exists after a symptom's first raise attempt: then locking it is one
    # statement. Two first attempts at once both insert (one waits for the other's
    # insert, then does nothing) and then lock the same row one after the other.
    if db_session.execute(lock).first() is None:
        db_session.execute(pg_insert(OutageGuard).values(playbook_id=key).on_conflict_do_nothing())
        db_session.execute(lock)


def last_report_at() -> ColumnElement[datetime]:
    """The newest linked case of an incident (a correlated sub-query)."""
    return (
        select(func.max(Case.created_at)).where(Case.incident_id == Incident.id).scalar_subquery()
    )


def _open_incident(
    db_session: Session, playbook_id: str, symptom_key: str, window_start: datetime
) -> Incident | None:
    """The symptom's open incident with a report since ``window_start``, or None."""
    return db_session.scalar(
        select(Incident)
        .where(
            Incident.playbook_id == playbook_id,
            Incident.symptom_key == symptom_key,
            Incident.status == "open",
            func.coalesce(last_report_at(), Incident.opened_at) >= window_start,
        )
        .order_by(Incident.id.desc())
        .limit(1)
    )


def report(
    *,
    db_session: Session,
    case: Case,
    rule: OutageRule | None,
    symptom: tuple[str, str],
    limits: Limits,
    now: datetime | None = None,
) -> tuple[Incident | None, bool]:
    """Apply the outage rule to a new case: (its incident or None, whether it is new)."""
    if rule is None or case.customer_id is None:
        return None, False  # no rule here; or no customer, which cannot count as a distinct one
    symptom_key, symptom_text = symptom
    case.symptom_key = symptom_key
    moment = now or datetime.now(UTC)
    window_start = moment - timedelta(minutes=rule.window_minutes or limits.outage_window_minutes)
    current = _open_incident(db_session, case.playbook_id, symptom_key, window_start)
    if current is None:
        _lock_guard(db_session, symptom_key)
        current = _open_incident(db_session, case.playbook_id, symptom_key, window_start)
    if current is not None:
        case.incident_id = current.id
        return current, False
    recent = select(Case.id, Case.customer_id).where(
        Case.playbook_id == case.playbook_id,
        Case.symptom_key == symptom_key,
        Case.created_at >= window_start,
        Case.incident_id.is_(None),
        Case.customer_id.is_not(None),
    )
    rows = db_session.execute(recent).all()
    customers = {customer_id for _, customer_id in rows}
    if case.id not in {case_id for case_id, _ in rows}:  # not flushed with its key yet
        rows.append((case.id, case.customer_id))
        customers.add(case.customer_id)
    if len(customers) < (rule.reports or limits.outage_reports):
        return None, False
    incident = Incident(
        playbook_id=case.playbook_id,
        symptom=symptom_text[:500],
        symptom_key=symptom_key,
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
        raise NotFoundError(key="incident_not_found", incident_id=incident_id)
    return incident


def list_incidents(*, db_session: Session, status: str | None = None) -> list[Incident]:
    query = select(Incident).order_by(Incident.id.desc())
    if status:
        query = query.where(Incident.status == status)
    return list(db_session.scalars(query))


def reports(*, db_session: Session, incident: Incident) -> tuple[int, datetime]:
    """(how many cases report the incident, when the last one came in): read from its cases,
    since linking a case never writes the incident row."""
    count, newest = db_session.execute(
        select(func.count(Case.id), func.max(Case.created_at)).where(
            Case.incident_id == incident.id
        )
    ).one()
    return int(count or 0), newest or incident.last_report_at


def case_count(*, db_session: Session, incident_id: int) -> int:
    return (
        db_session.scalar(select(func.count(Case.id)).where(Case.incident_id == incident_id)) or 0
    )


def close(*, db_session: Session, incident: Incident) -> Incident:
    # A resolved incident stays resolved: its cause says more than "closed".
    if incident.status == "open":
        incident.status = "closed"
        incident.closed_at = datetime.now(UTC)
    return incident
