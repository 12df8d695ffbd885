"""API: a case's helpdesk side: notes, timeline, reminders, takeover requests, file content."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from postdesk.db.base import MAX_ID
from postdesk.desk.attachments import content
from postdesk.desk.attachments import service as attachments
from postdesk.desk.cases import links, notes, takeover
from postdesk.desk.cases import service as cases
from postdesk.desk.cases.schemas import CaseSummary
from postdesk.desk.deps import CaseDep, DbDep, DeskDep, SessionRoute, require
from postdesk.desk.reminders import flows as reminder_flows
from postdesk.desk.reminders import service as reminders
from postdesk.desk.reminders.schemas import ReminderCreate, ReminderRead
from postdesk.desk.timeline import service as timeline
from postdesk.desk.timeline.schemas import NoteCreate, NoteRead, TimelinePage
from postdesk.desk.users.models import User
from postdesk.errors import NotFoundError
from postdesk.profile.business_time import calendar_of

router = APIRouter(prefix="/cases", tags=["cases"], route_class=SessionRoute)

Reader = Annotated[User, Depends(require("cases:read"))]
Writer = Annotated[User, Depends(require("cases:write"))]


@router.post("/{case_id}/notes", response_model=NoteRead, status_code=status.HTTP_201_CREATED)
def add_note(case: CaseDep, note_in: NoteCreate, db_session: DbDep, user: Writer) -> NoteRead:
    """Add an internal note (never sent to the customer); it appears in the timeline."""
    note = notes.add_note(db_session=db_session, case=case, author_id=user.id, body=note_in.body)
    return NoteRead(
        id=note.id,
        case_id=note.case_id,
        author_id=note.author_id,
        body=note.body,
        created_at=note.created_at,
    )


@router.get("/{case_id}/timeline", response_model=TimelinePage)
def get_timeline(
    case: CaseDep,
    db_session: DbDep,
    _user: Reader,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TimelinePage:
    """Everything that happened on the case, oldest first (newest last), paged: walk answers,
    checks, notes, attachments, escalations and answers, statuses, reminders, hand-overs."""
    items, total = timeline.page_of(
        db_session=db_session, case_id=case.id, page=page, page_size=page_size
    )
    return TimelinePage(items=items, total=total, page=page, page_size=page_size)


@router.post(
    "/{case_id}/reminders", response_model=ReminderRead, status_code=status.HTTP_201_CREATED
)
def add_reminder(
    case: CaseDep, reminder_in: ReminderCreate, desk: DeskDep, db_session: DbDep, user: Writer
) -> ReminderRead:
    """Set a reminder on the case ("call back at 15:00"): due_at, minutes or working_days."""
    row = reminder_flows.add_by_agent(
        desk=desk, db_session=db_session, case=case, reminder_in=reminder_in, actor=user
    )
    fresh = cases.get(db_session=db_session, case_id=case.id)
    return reminders.read(row, fresh.assignee_id, desk.clock())


class TakeoverCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class TakeoverRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    requester_id: int
    holder_id: int | None
    reason: str
    created_at: datetime
    outcome: str | None
    decided_by_id: int | None
    decided_at: datetime | None


@router.post(
    "/{case_id}/takeover", response_model=TakeoverRead, status_code=status.HTTP_201_CREATED
)
def ask_takeover(
    case: CaseDep, takeover_in: TakeoverCreate, db_session: DbDep, user: Writer
) -> TakeoverRead:
    """Ask the holder of the case to hand it over; the holder or a supervisor answers.
    Until then the case, and its customer passwords, stay the holder's."""
    locked = cases.get_for_update(db_session=db_session, case_id=case.id)
    request = takeover.ask(
        db_session=db_session, case=locked, actor=user, reason=takeover_in.reason
    )
    db_session.commit()
    return TakeoverRead.model_validate(request)


@router.get("/{case_id}/takeover", response_model=list[TakeoverRead])
def list_takeovers(case: CaseDep, db_session: DbDep, _user: Reader) -> list[TakeoverRead]:
    """The case's takeover requests still waiting for an answer."""
    rows = takeover.pending(db_session=db_session, case_id=case.id)
    return [TakeoverRead.model_validate(row) for row in rows]


RequestId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def _decide(
    db_session: DbDep, case_id: int, request_id: int, user: User, accept: bool
) -> TakeoverRead:
    from postdesk.desk.cases import flows

    case = cases.get_for_update(db_session=db_session, case_id=case_id)
    request = takeover.get(db_session=db_session, case_id=case_id, request_id=request_id)
    takeover.decide(db_session=db_session, case=case, request=request, actor=user, accept=accept)
    if accept:
        # As the holder handing over, or a supervisor reassigning: the one assignment rule.
        flows.reassign(
            db_session=db_session,
            case=case,
            actor=user,
            assignee_id=request.requester_id,
            reason=f"takeover request {request.id}: {request.reason}",
        )
    db_session.commit()
    return TakeoverRead.model_validate(request)


@router.post("/{case_id}/takeover/{request_id}/accept", response_model=TakeoverRead)
def accept_takeover(
    case: CaseDep, request_id: RequestId, db_session: DbDep, user: Writer
) -> TakeoverRead:
    """The holder (or a supervisor) hands the case to the agent who asked; audited."""
    return _decide(db_session, case.id, request_id, user, accept=True)


@router.post("/{case_id}/takeover/{request_id}/decline", response_model=TakeoverRead)
def decline_takeover(
    case: CaseDep, request_id: RequestId, db_session: DbDep, user: Writer
) -> TakeoverRead:
    """The holder (or a supervisor) keeps the case; audited."""
    return _decide(db_session, case.id, request_id, user, accept=False)


@router.get(
    "/{case_id}/attachments/{attachment_id}/content",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_attachment(
    case: CaseDep,
    attachment_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    desk: DeskDep,
    db_session: DbDep,
    _user: Reader,
) -> Response:
    """The attached file itself, always as a download (never rendered by the browser)."""
    row = attachments.get(db_session=db_session, attachment_id=attachment_id)
    if row.case_id != case.id:
        raise NotFoundError(
            key="case_attachment_not_found", case=case.id, attachment_id=attachment_id
        )
    data = content.read_bytes(desk.settings.data_dir, row)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": content.disposition("attachment", row.name),
            # X-Content-Type-Options: nosniff comes with every answer (api.SECURITY_HEADERS).
            "Cache-Control": "private, no-store",
        },
    )


class LinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_id: int = Field(ge=1, le=MAX_ID)


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into_id: int = Field(ge=1, le=MAX_ID, description="the case that stays")
    reason: str | None = Field(default=None, max_length=2000)


@router.get("/{case_id}/links", response_model=list[CaseSummary])
def list_links(case: CaseDep, desk: DeskDep, db_session: DbDep, _user: Reader) -> list[CaseSummary]:
    """Cases linked to this one, merged into it, or it was merged into."""
    found = [
        cases.get(db_session=db_session, case_id=other)
        for other in links.linked_ids(db_session=db_session, case_id=case.id)
    ]
    calendar, now = calendar_of(desk.profile), desk.clock()
    return [cases.summary(row, None, calendar, now) for row in found]


@router.post(
    "/{case_id}/links", response_model=list[CaseSummary], status_code=status.HTTP_201_CREATED
)
def add_link(
    case: CaseDep, link_in: LinkCreate, desk: DeskDep, db_session: DbDep, user: Writer
) -> list[CaseSummary]:
    """Link a related case (same customer, same incident); audited on both."""
    links.link(db_session=db_session, case=case, other_id=link_in.other_id, actor=user)
    db_session.commit()
    return list_links(case, desk, db_session, user)


@router.post("/{case_id}/merge", response_model=CaseSummary)
def merge_case(
    case: CaseDep, merge_in: MergeRequest, desk: DeskDep, db_session: DbDep, user: Writer
) -> CaseSummary:
    """Merge this case, a duplicate, into ``into_id``: it closes, and its timeline shows in
    the surviving case's; audited on both. Only its holder or a supervisor merges it."""
    survivor = links.merge(
        db_session=db_session,
        duplicate_id=case.id,
        into_id=merge_in.into_id,
        actor=user,
        reason=merge_in.reason,
    )
    db_session.commit()
    return cases.summary(survivor, None, calendar_of(desk.profile), desk.clock())
