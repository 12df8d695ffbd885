"""API: reminders across cases (the agent's list, the supervisors' overdue list)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from postdesk.db.base import MAX_ID
from postdesk.desk.deps import DbDep, DeskDep, SessionRoute, require
from postdesk.desk.reminders import flows, service
from postdesk.desk.reminders.schemas import ReminderDone, ReminderPage, ReminderRead
from postdesk.desk.users.models import User
from postdesk.errors import InvalidInputError

router = APIRouter(prefix="/reminders", tags=["reminders"], route_class=SessionRoute)

Reader = Annotated[User, Depends(require("cases:read"))]
Writer = Annotated[User, Depends(require("cases:write"))]
ASSIGNEE = r"^(me|none|[0-9]{1,10})$"


def assignee_filter(value: str | None, user: User) -> int | str | None:
    """``me``, ``none`` or a user id as a filter value (shared with GET /api/cases)."""
    if value is None:
        return None
    if value == "me":
        return user.id
    if value == "none":
        return "none"
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise InvalidInputError(key="assignee_not_user_id", value=value)
    return number


@router.get("", response_model=ReminderPage)
def list_reminders(
    desk: DeskDep,
    db_session: DbDep,
    user: Reader,
    due: bool | None = None,
    overdue: bool | None = None,
    assignee: Annotated[
        str | None, Query(pattern=ASSIGNEE, description="me, none or a user id")
    ] = None,
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    include_done: bool = False,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ReminderPage:
    """Reminders not done, soonest due first: ?due=true those due now, ?overdue=true those
    gone to the supervisors, ?assignee=me those on your cases. Agents see their own
    cases' and the unassigned cases' reminders (another agent's: 403); supervisors and
    admins see all."""
    chosen = assignee_filter(assignee, user)
    items, total = service.list_reminders(
        db_session=db_session,
        now=desk.clock(),
        assignee=chosen,  # type: ignore[arg-type]
        viewer_id=service.viewer_scope(
            role=user.role,
            user_id=user.id,
            assignee=chosen,  # type: ignore[arg-type]
            case_id=case_id,
        ),
        due=due,
        overdue=overdue,
        include_done=include_done,
        case_id=case_id,
        page=page,
        page_size=page_size,
    )
    return ReminderPage(items=items, total=total, page=page, page_size=page_size)


@router.post("/{reminder_id}/done", response_model=ReminderRead)
def mark_done(
    reminder_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    desk: DeskDep,
    db_session: DbDep,
    user: Writer,
    done_in: ReminderDone | None = None,
) -> ReminderRead:
    """Mark a reminder done (the call made, the customer told); audited."""
    from postdesk.desk.cases.models import Case

    row = flows.done(
        desk=desk,
        db_session=db_session,
        reminder_id=reminder_id,
        actor=user,
        note=done_in.note if done_in else None,
    )
    case = db_session.get(Case, row.case_id)
    return service.read(row, case.assignee_id if case else None, desk.clock())
