"""Write and read audit events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.audit.models import AuditEvent


def record(
    *,
    db_session: Session,
    action: str,
    actor_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event to the session (committed with the action it records)."""
    event = AuditEvent(action=action, actor_id=actor_id, case_id=case_id, detail=detail or {})
    db_session.add(event)
    return event


def for_case(*, db_session: Session, case_id: int) -> list[AuditEvent]:
    """A case's audit events, oldest first."""
    query = select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
    return list(db_session.scalars(query))
