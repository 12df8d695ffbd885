"""Reminders an agent sets on a case ("call back at 15:00"), and marking one done."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.errors import ConflictError
from postdesk.desk.reminders import service
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.reminders.schemas import ReminderCreate
from postdesk.desk.users.models import User
from postdesk.profile.business_time import calendar_of


def add_by_agent(
    *, desk: Desk, db_session: Session, case: Case, reminder_in: ReminderCreate, actor: User
) -> Reminder:
    """The agent's reminder on ``case``; a time without a zone is the provider's; one commit."""
    if case.status == "closed":
        raise ConflictError(key="reminder_case_closed", case_id=case.id)
    now = desk.clock()
    if reminder_in.due_at is not None:
        due_at = reminder_in.due_at
        if due_at.tzinfo is None:
            due_at = due_at.replace(tzinfo=ZoneInfo(desk.profile.timezone))
    elif reminder_in.minutes is not None:
        due_at = now + timedelta(minutes=reminder_in.minutes)
    else:
        due_at = calendar_of(desk.profile).add_working_days(now, reminder_in.working_days or 1)
    text = reminder_in.text.strip()
    reminder = service.add_reminder(
        db_session=db_session,
        case_id=case.id,
        due_at=due_at,
        text_zh=text,
        text_en=text,
        origin="agent",
        actor_id=actor.id,
    )
    db_session.commit()
    return reminder


def done(
    *, desk: Desk, db_session: Session, reminder_id: int, actor: User, note: str | None
) -> Reminder:
    """Mark a reminder done (again is harmless); one commit."""
    reminder = service.get(db_session=db_session, reminder_id=reminder_id)
    service.mark_done(
        db_session=db_session, reminder=reminder, actor_id=actor.id, now=desk.clock(), note=note
    )
    db_session.commit()
    return reminder
