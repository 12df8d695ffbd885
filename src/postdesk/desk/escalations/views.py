"""API: escalations (list, get, printable fax form, retry)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from postdesk.db.base import MAX_ID
from postdesk.desk.deps import DbDep, DeskDep, SessionRoute, require
from postdesk.desk.errors import ConflictError
from postdesk.desk.escalations import service
from postdesk.desk.escalations.schemas import EscalationRead
from postdesk.desk.jobs_bridge import queue_escalations
from postdesk.desk.users.models import User

router = APIRouter(prefix="/escalations", tags=["escalations"], route_class=SessionRoute)

Reader = Annotated[User, Depends(require("escalations:read"))]
EscalationId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("", response_model=list[EscalationRead])
def list_escalations(
    db_session: DbDep,
    _user: Reader,
    status: Annotated[str | None, Query(max_length=16)] = None,
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[EscalationRead]:
    """Escalations, newest first."""
    rows = service.list_escalations(
        db_session=db_session, status=status, case_id=case_id, limit=limit, offset=offset
    )
    return [EscalationRead.model_validate(row) for row in rows]


@router.get("/{escalation_id}", response_model=EscalationRead)
def get_escalation(escalation_id: EscalationId, db_session: DbDep, _user: Reader) -> EscalationRead:
    """One escalation with its rendered payload and sending state."""
    return EscalationRead.model_validate(
        service.get(db_session=db_session, escalation_id=escalation_id)
    )


@router.get("/{escalation_id}/form", response_class=HTMLResponse)
def fax_form(escalation_id: EscalationId, db_session: DbDep, _user: Reader) -> HTMLResponse:
    """The printable form of a fax escalation (to be sealed and faxed)."""
    escalation = service.get(db_session=db_session, escalation_id=escalation_id)
    if escalation.channel_kind != "fax":
        raise ConflictError(
            key="escalation_not_fax", escalation_id=escalation.id, kind=escalation.channel_kind
        )
    return HTMLResponse(escalation.payload["form_html"])


@router.post("/{escalation_id}/retry", response_model=EscalationRead)
def retry(
    escalation_id: EscalationId,
    desk: DeskDep,
    db_session: DbDep,
    _user: Annotated[User, Depends(require("escalations:retry"))],
) -> EscalationRead:
    """Queue a failed or held mail escalation again (same Message-ID)."""
    escalation = service.get(db_session=db_session, escalation_id=escalation_id)
    service.requeue(db_session=db_session, escalation=escalation)
    db_session.commit()
    queue_escalations(desk, [escalation.id])
    return EscalationRead.model_validate(escalation)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=20_000)


@router.post("/{escalation_id}/answer", response_model=EscalationRead)
def answer(
    escalation_id: EscalationId,
    answer_in: AnswerIn,
    desk: DeskDep,
    db_session: DbDep,
    user: Annotated[User, Depends(require("escalations:answer"))],
) -> EscalationRead:
    """Record the engineer's answer: the case stops waiting for it, and a reminder to pass
    it on to the customer is added (desk.escalations.answers)."""
    from postdesk.desk.escalations.answers import record_answer

    row = record_answer(
        desk=desk,
        db_session=db_session,
        escalation_id=escalation_id,
        answer=answer_in.answer,
        actor=user,
    )
    return EscalationRead.model_validate(row)
