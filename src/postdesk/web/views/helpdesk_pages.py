"""Pages of the helpdesk around the walk: reminders, status, notes, hand-overs, answers,
attachment downloads and previews. Each post calls the same flow as its API endpoint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from postdesk.desk.attachments import content
from postdesk.desk.attachments import service as attachments
from postdesk.desk.cases import flows, links, notes, takeover
from postdesk.desk.cases import service as cases
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseUpdate
from postdesk.desk.deps import SessionRoute
from postdesk.desk.escalations.answers import record_answer
from postdesk.desk.reminders import flows as reminder_flows
from postdesk.desk.reminders import service as reminders
from postdesk.desk.reminders.schemas import ReminderCreate
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows
from postdesk.errors import InvalidInputError, NotFoundError, PostdeskError
from postdesk.web.auth import PageNotFound, require_page
from postdesk.web.render import render
from postdesk.web.views.case_pages import _allowed_case, _refused
from postdesk.web.views.common import PageDb, PageForm, PageUser, desk_of

router = APIRouter(include_in_schema=False, route_class=SessionRoute)


def _text(raw: PageForm, name: str, limit: int = 2000) -> str:
    value = raw.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def _back(case_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/cases/{case_id}{anchor}", status_code=303)


@router.get("/reminders")
def reminder_list(request: Request, db_session: PageDb, user: PageUser) -> HTMLResponse:
    """The user's reminders (due first), those due on cases nobody holds, and for
    supervisors every overdue one (desk.reminders.service.viewer_scope's rule)."""
    require_page(user, "cases:read")
    desk = desk_of(request)
    now = desk.clock()
    mine, _ = reminders.list_reminders(
        db_session=db_session, now=now, assignee=user.id, page_size=200
    )
    unassigned, _ = reminders.list_reminders(
        db_session=db_session, now=now, assignee="none", due=True, page_size=200
    )
    overdue: list[reminders.ReminderRead] = []
    if allows(user.role, "reminders:read-any"):
        overdue, _ = reminders.list_reminders(
            db_session=db_session, now=now, overdue=True, page_size=200
        )
    names = {row.id: row.username for row in users.list_users(db_session=db_session)}
    return render(
        request,
        "reminders.html",
        mine=mine,
        unassigned=unassigned,
        overdue=overdue,
        names=names,
    )


@router.post("/reminders/{reminder_id:int}/done")
def reminder_done(
    request: Request, reminder_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    require_page(user, "cases:write")
    try:
        reminder_flows.done(
            desk=desk_of(request),
            db_session=db_session,
            reminder_id=reminder_id,
            actor=user,
            note=_text(raw, "note") or None,
        )
    except NotFoundError:
        raise PageNotFound() from None
    back = _text(raw, "back", 200)
    return RedirectResponse(
        back if back.startswith("/") and not back.startswith("//") else "/reminders", 303
    )


@router.post("/cases/{case_id:int}/status")
def change_status(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Move the case to another status (reopening with a reason)."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    reason = _text(raw, "reason") or None
    return _update(
        request,
        db_session,
        user,
        case,
        lambda: CaseUpdate(status=_text(raw, "status", 32), reason=reason),  # type: ignore[arg-type]
    )


def _update(
    request: Request,
    db_session: Session,
    user: User,
    case: Case,
    update: Callable[[], CaseUpdate],
) -> Response:
    """Apply the form's change to the case (validated in the flow); back to the case page,
    or the page again with the refusal in the user's language."""
    try:
        flows.update_case(
            desk=desk_of(request),
            db_session=db_session,
            case_id=case.id,
            case_in=update(),
            actor=user,
        )
    except (PostdeskError, ValidationError) as err:
        return _refused(request, db_session, user, case.id, 409, err)
    return _back(case.id)


@router.post("/cases/{case_id:int}/assign")
def assign(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Take a free case, hand one's own case over, or (supervisor) reassign with a reason."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    chosen = _text(raw, "assignee", 12)
    assignee = user.id if chosen == "me" else (int(chosen) if chosen.isdigit() else None)
    reason = _text(raw, "reason") or None
    return _update(
        request, db_session, user, case, lambda: CaseUpdate(assignee_id=assignee, reason=reason)
    )


@router.post("/cases/{case_id:int}/notes")
def add_note(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    case = _allowed_case(db_session, user, case_id, "cases:write")
    try:
        notes.add_note(
            db_session=db_session, case=case, author_id=user.id, body=_text(raw, "body", 20_001)
        )
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 422, err)
    return _back(case.id, "#timeline")


@router.post("/cases/{case_id:int}/reminders")
def add_reminder(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """An agent's reminder at a local date and time ("call back at 15:00")."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    desk = desk_of(request)
    try:
        when = _text(raw, "due_at", 32)
        due_at = datetime.fromisoformat(when) if when else None
        reminder_in = ReminderCreate(text=_text(raw, "text"), due_at=due_at)
        reminder_flows.add_by_agent(
            desk=desk, db_session=db_session, case=case, reminder_in=reminder_in, actor=user
        )
    except ValueError as err:  # ValidationError too: a date that is no date, a missing text
        from postdesk.errors import InvalidInputError

        shown = (
            err if isinstance(err, ValidationError) else InvalidInputError(key="reminder_bad_time")
        )
        return _refused(request, db_session, user, case_id, 422, shown)
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 409, err)
    return _back(case.id, "#reminders")


@router.post("/cases/{case_id:int}/takeover")
def ask_takeover(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    _allowed_case(db_session, user, case_id, "cases:write")
    reason = _text(raw, "reason")
    try:
        if not reason:
            from postdesk.errors import InvalidInputError

            raise InvalidInputError(key="takeover_needs_reason")
        locked = cases.get_for_update(db_session=db_session, case_id=case_id)
        takeover.ask(db_session=db_session, case=locked, actor=user, reason=reason)
        db_session.commit()
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 409, err)
    return _back(case_id)


@router.post("/cases/{case_id:int}/takeover/{request_id:int}/{answer}")
def answer_takeover(
    request: Request,
    case_id: int,
    request_id: int,
    answer: str,
    _raw: PageForm,
    db_session: PageDb,
    user: PageUser,
) -> Response:
    _allowed_case(db_session, user, case_id, "cases:write")
    if answer not in ("accept", "decline"):
        raise PageNotFound()
    from postdesk.desk.cases.helpdesk_views import _decide

    try:
        _decide(db_session, case_id, request_id, user, accept=answer == "accept")
    except NotFoundError:
        raise PageNotFound() from None
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 403, err)
    return _back(case_id)


def _case_number(raw: PageForm, name: str) -> int:
    value = _text(raw, name, 12).lstrip("#")
    return int(value) if value.isdigit() and 0 < int(value) < 2**31 else 0


@router.post("/cases/{case_id:int}/links")
def link_case(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Link a related case by its number; audited on both."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    try:
        other = _case_number(raw, "other_id")
        if not other:
            raise InvalidInputError(key="case_number_needed")
        links.link(db_session=db_session, case=case, other_id=other, actor=user)
        db_session.commit()
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 422, err)
    return _back(case.id, "#links")


@router.post("/cases/{case_id:int}/merge")
def merge_case(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Merge this case, a duplicate, into another; the page of the surviving case follows."""
    _allowed_case(db_session, user, case_id, "cases:write")
    try:
        into = _case_number(raw, "into_id")
        if not into:
            raise InvalidInputError(key="case_number_needed")
        survivor = links.merge(
            db_session=db_session,
            duplicate_id=case_id,
            into_id=into,
            actor=user,
            reason=_text(raw, "reason") or None,
        )
        db_session.commit()
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 409, err)
    return _back(survivor.id, "#timeline")


@router.post("/escalations/{escalation_id:int}/answer")
def answer_escalation(
    request: Request, escalation_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    require_page(user, "escalations:answer")
    case_id = int(_text(raw, "case_id", 12) or 0)
    try:
        text = _text(raw, "answer", 20_000)
        if not text:
            from postdesk.errors import InvalidInputError

            raise InvalidInputError(key="answer_needs_text")
        row = record_answer(
            desk=desk_of(request),
            db_session=db_session,
            escalation_id=escalation_id,
            answer=text,
            actor=user,
        )
    except NotFoundError:
        raise PageNotFound() from None
    except PostdeskError as err:
        if not case_id:
            raise
        return _refused(request, db_session, user, case_id, 409, err)
    return _back(row.case_id or case_id, "#escalations")


def _attachment(
    request: Request, db_session: PageDb, user: PageUser, case_id: int, attachment_id: int
):  # type: ignore[no-untyped-def]
    _allowed_case(db_session, user, case_id, "cases:read")
    try:
        row = attachments.get(db_session=db_session, attachment_id=attachment_id)
    except NotFoundError:
        raise PageNotFound() from None
    if row.case_id != case_id:
        raise PageNotFound()
    return row


@router.get("/cases/{case_id:int}/attachments/{attachment_id:int}")
def download(
    request: Request, case_id: int, attachment_id: int, db_session: PageDb, user: PageUser
) -> Response:
    """The file as a download; never shown by the browser itself."""
    row = _attachment(request, db_session, user, case_id, attachment_id)
    try:
        data = content.read_bytes(desk_of(request).settings.data_dir, row)
    except NotFoundError:
        raise PageNotFound() from None
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": content.disposition("attachment", row.name),
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/cases/{case_id:int}/attachments/{attachment_id:int}/image")
def image(
    request: Request, case_id: int, attachment_id: int, db_session: PageDb, user: PageUser
) -> Response:
    """A raster image recognised by its first bytes, inline; anything else is not shown."""
    row = _attachment(request, db_session, user, case_id, attachment_id)
    data = content.read_bytes(desk_of(request).settings.data_dir, row)
    media_type = content.image_type(data[:16])
    if media_type is None:
        raise PageNotFound()
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": content.disposition("inline", row.name),
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/cases/{case_id:int}/attachments/{attachment_id:int}/preview")
def preview(
    request: Request, case_id: int, attachment_id: int, db_session: PageDb, user: PageUser
) -> HTMLResponse:
    """An image shown inline, a message shown as text (escaped), else a download link."""
    row = _attachment(request, db_session, user, case_id, attachment_id)
    data_dir = desk_of(request).settings.data_dir
    head = content.read_bytes(data_dir, row, 16)
    message = None
    if content.is_message(row):
        message = content.message_preview(content.read_bytes(data_dir, row, content.EML_READ_BYTES))
    return render(
        request,
        "attachment.html",
        case_id=case_id,
        row=row,
        is_image=content.image_type(head) is not None,
        message=message,
    )
