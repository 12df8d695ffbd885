"""Asking to take over a case another agent holds, and the holder's (or a supervisor's) answer.

The assignee is who may see the case's customer passwords (desk.secrets), so a
case changes hands only when its holder or a supervisor agrees: until then the
request is only a request, and the passwords stay the holder's. Accepting goes
through the same assignment as any reassignment, audited as ``case.assigned``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case, TakeoverRequest
from postdesk.desk.errors import ConflictError, PermissionDeniedError
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows
from postdesk.errors import NotFoundError


def pending(*, db_session: Session, case_id: int) -> list[TakeoverRequest]:
    """The case's requests still waiting for an answer, oldest first."""
    query = select(TakeoverRequest).where(
        TakeoverRequest.case_id == case_id, TakeoverRequest.outcome.is_(None)
    )
    return list(db_session.scalars(query.order_by(TakeoverRequest.id)))


def ask(*, db_session: Session, case: Case, actor: User, reason: str) -> TakeoverRequest:
    """Ask the holder of ``case`` to hand it to ``actor``; audited (the caller commits)."""
    if case.assignee_id is None or case.assignee_id == actor.id:
        raise ConflictError(key="takeover_not_needed", case_id=case.id)
    if any(row.requester_id == actor.id for row in pending(db_session=db_session, case_id=case.id)):
        raise ConflictError(key="takeover_already_asked", case_id=case.id)
    request = TakeoverRequest(
        case_id=case.id, requester_id=actor.id, holder_id=case.assignee_id, reason=reason
    )
    db_session.add(request)
    db_session.flush()
    audit.record(
        db_session=db_session,
        action="takeover.asked",
        actor_id=actor.id,
        case_id=case.id,
        detail={"request_id": request.id, "holder_id": case.assignee_id, "reason": reason},
    )
    return request


def get(*, db_session: Session, case_id: int, request_id: int) -> TakeoverRequest:
    request = db_session.get(TakeoverRequest, request_id)
    if request is None or request.case_id != case_id:
        raise NotFoundError(key="takeover_request_not_found", case=case_id, request_id=request_id)
    return request


def check_may_decide(case: Case, actor: User) -> None:
    """PermissionDeniedError unless ``actor`` holds the case or may reassign any case."""
    if case.assignee_id == actor.id or allows(actor.role, "cases:reassign"):
        return
    raise PermissionDeniedError(key="takeover_not_yours", case_id=case.id)


def decide(
    *, db_session: Session, case: Case, request: TakeoverRequest, actor: User, accept: bool
) -> TakeoverRequest:
    """Accept (the requester becomes the assignee) or decline; audited (the caller commits)."""
    check_may_decide(case, actor)
    if request.outcome is not None:
        raise ConflictError(key="takeover_decided", outcome=request.outcome)
    request.outcome = "accepted" if accept else "declined"
    request.decided_by_id = actor.id
    request.decided_at = datetime.now(UTC)
    audit.record(
        db_session=db_session,
        action=f"takeover.{request.outcome}",
        actor_id=actor.id,
        case_id=case.id,
        detail={"request_id": request.id, "requester_id": request.requester_id},
    )
    return request


def void_pending(*, db_session: Session, case_id: int, keep: int | None = None) -> None:
    """Requests that no longer apply (the case changed hands or closed) are void."""
    for request in pending(db_session=db_session, case_id=case_id):
        if request.id != keep:
            request.outcome = "void"
            request.decided_at = datetime.now(UTC)
