"""Write and read audit events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.audit.models import AuditEvent

VIA_KEY = "audit_via"


def mark_via(db_session: Session, via: str) -> None:
    """Record ``via`` (e.g. "cli") on every audit event this session writes from now on."""
    db_session.info[VIA_KEY] = via


def record(
    *,
    db_session: Session,
    action: str,
    actor_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event to the session (committed with the action it records).

    A session marked with :func:`mark_via` (the command line's) adds ``via`` to
    every event it records, so the trail tells what a person did on a page or
    through the API from what an operator did at the desk's machine.
    """
    detail = detail if detail is not None else {}
    via = db_session.info.get(VIA_KEY)
    if via:
        detail = {**detail, "via": via}
    event = AuditEvent(action=action, actor_id=actor_id, case_id=case_id, detail=detail)
    db_session.add(event)
    return event


def for_case(*, db_session: Session, case_id: int) -> list[AuditEvent]:
    """A case's audit events, oldest first."""
    query = select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
    return list(db_session.scalars(query))
