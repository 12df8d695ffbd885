"""Reminders: add them (from a playbook step, an agent, an escalation, an incident), list
them, mark them done, and the sweep that makes them fall due exactly once.

The reminder row is the truth. The sweep (:func:`sweep`, a periodic job on the
desk's queue, see postdesk.jobs) claims each due reminder with one conditional
UPDATE (``fired_at IS NULL``), so of two workers, or of a worker and its
restarted self, exactly one records it as fallen due; a reminder due while no
worker ran is found by the next sweep. Nothing lives only in the job queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case
from postdesk.desk.errors import PermissionDeniedError
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.reminders.schemas import ReminderRead, ReminderState
from postdesk.errors import NotFoundError
from postdesk.kb.schema import ReminderDelay, StepReminder
from postdesk.profile.business_time import Calendar, calendar_of
from postdesk.profile.schema import Profile

Origin = Literal["playbook", "agent", "escalation", "incident"]
# Escalation statuses that never reached anyone: nothing to wait an answer for.
NOT_HANDED_OVER = ("held", "failed")


def texts(key: str, **values: Any) -> dict[str, str]:
    """``text_zh`` and ``text_en`` of a catalogue message, for :func:`add_reminder`."""
    from postdesk.i18n import message

    return {"text_zh": message(key, "zh", **values), "text_en": message(key, "en", **values)}


def due_after(calendar: Calendar, start: datetime, delay: ReminderDelay) -> datetime:
    """When a reminder ``delay`` after ``start`` falls due (working days in business time)."""
    if delay.working_days is not None:
        return calendar.add_working_days(start, delay.working_days)
    return start + timedelta(minutes=delay.minutes or 0)


def add_reminder(
    *,
    db_session: Session,
    case_id: int,
    due_at: datetime,
    text_zh: str,
    text_en: str,
    origin: Origin = "agent",
    actor_id: int | None = None,
    origin_key: str | None = None,
    escalation_id: int | None = None,
) -> Reminder:
    """Add a reminder to case ``case_id`` (audited as ``reminder.added``; the caller commits).

    The one way every part of the desk adds a reminder (incident resolve calls it
    with ``origin="incident"``). ``origin_key`` names a reminder the desk must add
    at most once (IntegrityError on a repeat, see :func:`add_once`).
    """
    if db_session.get(Case, case_id) is None:
        raise NotFoundError(key="case_not_found", case_id=case_id)
    reminder = Reminder(
        case_id=case_id,
        origin=origin,
        origin_key=origin_key,
        text={"zh": text_zh, "en": text_en},
        due_at=due_at.astimezone(UTC) if due_at.tzinfo else due_at.replace(tzinfo=UTC),
        created_by_id=actor_id,
        escalation_id=escalation_id,
    )
    db_session.add(reminder)
    db_session.flush()
    audit.record(
        db_session=db_session,
        action="reminder.added",
        actor_id=actor_id,
        case_id=case_id,
        detail={
            "reminder_id": reminder.id,
            "origin": origin,
            "due_at": reminder.due_at.isoformat(),
        },
    )
    return reminder


def add_once(db_session: Session, **values: Any) -> Reminder | None:
    """:func:`add_reminder` for a reminder with an ``origin_key``; None when it already exists."""
    try:
        with db_session.begin_nested():
            return add_reminder(db_session=db_session, **values)
    except IntegrityError:
        return None


def from_steps(
    *,
    db_session: Session,
    profile: Profile,
    case_id: int,
    playbook_id: str,
    step_id: str,
    specs: list[StepReminder],
    on: Literal["done", "answered"],
    start: datetime,
    actor_id: int | None,
    escalation_id: int | None = None,
) -> list[Reminder]:
    """The reminders a playbook step declares for ``on``, added to the case."""
    calendar = calendar_of(profile)
    added = []
    for spec in specs:
        if spec.on != on:
            continue
        key = f"case-{case_id}-{playbook_id}-{step_id}-{spec.id}"
        if escalation_id is not None:
            key += f"-esc-{escalation_id}"
        reminder = add_once(
            db_session,
            case_id=case_id,
            due_at=due_after(calendar, start, spec.after),
            text_zh=spec.text.zh,
            text_en=spec.text.en,
            origin="playbook",
            actor_id=actor_id,
            # A step walked again after an undo adds its reminder again: keyed by time too.
            origin_key=f"{key}-{int(start.timestamp())}"[:128],
            escalation_id=escalation_id,
        )
        if reminder is not None:
            added.append(reminder)
    return added


def state_of(reminder: Reminder, now: datetime) -> ReminderState:
    if reminder.done_at is not None:
        return "done"
    if reminder.overdue_at is not None:
        return "overdue"
    return "due" if reminder.due_at <= now else "pending"


def read(reminder: Reminder, assignee_id: int | None, now: datetime) -> ReminderRead:
    return ReminderRead(
        id=reminder.id,
        case_id=reminder.case_id,
        origin=reminder.origin,
        text={"zh": str(reminder.text.get("zh", "")), "en": str(reminder.text.get("en", ""))},
        due_at=reminder.due_at,
        state=state_of(reminder, now),
        assignee_id=assignee_id,
        created_by_id=reminder.created_by_id,
        created_at=reminder.created_at,
        escalation_id=reminder.escalation_id,
        fired_at=reminder.fired_at,
        overdue_at=reminder.overdue_at,
        done_at=reminder.done_at,
        done_by_id=reminder.done_by_id,
    )


Assignee = int | Literal["none"] | None


def viewer_scope(
    *, role: str, user_id: int | None, assignee: Assignee, case_id: int | None
) -> int | None:
    """Whose reminders a list across cases may show: None for all, else a user id whose
    own cases' and the unassigned cases' reminders it shows (the one rule of the API,
    the pages and the CLI).

    Supervisors and admins (``reminders:read-any``) see every reminder: overdue ones
    go to them (issue 16.4). An agent sees the reminders of their own cases and of
    cases nobody holds (which any agent may take); asking for another agent's is
    refused. A case's own reminders (``case_id``) are part of the case's record,
    which every agent reads (the case page, its timeline), so they are not narrowed.
    """
    from postdesk.desk.users.roles import allows

    if allows(role, "reminders:read-any") or case_id is not None:
        return None
    if isinstance(assignee, int) and assignee != user_id:
        raise PermissionDeniedError(key="reminders_not_yours", assignee_id=assignee)
    if assignee is not None:
        return None  # "me" or "none": the filter itself keeps to the rule
    return user_id


def _conditions(
    *,
    now: datetime,
    assignee: Assignee,
    due: bool | None,
    overdue: bool | None,
    include_done: bool,
    case_id: int | None,
    viewer_id: int | None = None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if viewer_id is not None:
        conditions.append(or_(Case.assignee_id == viewer_id, Case.assignee_id.is_(None)))
    if not include_done:
        conditions.append(Reminder.done_at.is_(None))
    if assignee == "none":
        conditions.append(Case.assignee_id.is_(None))
    elif assignee is not None:
        conditions.append(Case.assignee_id == assignee)
    if due is True:
        conditions.append(Reminder.due_at <= now)
    elif due is False:
        conditions.append(Reminder.due_at > now)
    if overdue is True:
        conditions.append(Reminder.overdue_at.is_not(None))
    if case_id is not None:
        conditions.append(Reminder.case_id == case_id)
    return conditions


def list_reminders(
    *,
    db_session: Session,
    now: datetime,
    assignee: Assignee = None,
    due: bool | None = None,
    overdue: bool | None = None,
    include_done: bool = False,
    case_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
    viewer_id: int | None = None,
) -> tuple[list[ReminderRead], int]:
    """One page of reminders, soonest due first, and how many match.

    ``viewer_id``: only the reminders of that user's cases and of unassigned ones
    (an agent's view, see :func:`viewer_scope`).
    """
    conditions = _conditions(
        now=now,
        assignee=assignee,
        due=due,
        overdue=overdue,
        include_done=include_done,
        case_id=case_id,
        viewer_id=viewer_id,
    )
    query = (
        select(Reminder, Case.assignee_id)
        .join(Case, Case.id == Reminder.case_id)
        .where(*conditions)
        .order_by(Reminder.due_at, Reminder.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    counted = select(func.count(Reminder.id)).join(Case, Case.id == Reminder.case_id)
    total = db_session.scalar(counted.where(*conditions)) or 0
    items = [read(row, holder, now) for row, holder in db_session.execute(query)]
    return items, total


def due_count(*, db_session: Session, user_id: int, supervisor: bool, now: datetime) -> int:
    """The header's count: reminders due on the user's cases, and for a supervisor every
    overdue one besides."""
    mine = and_(Case.assignee_id == user_id, Reminder.due_at <= now)
    condition = mine | Reminder.overdue_at.is_not(None) if supervisor else mine
    query = (
        select(func.count(Reminder.id))
        .join(Case, Case.id == Reminder.case_id)
        .where(Reminder.done_at.is_(None), condition)
    )
    return int(db_session.scalar(query) or 0)


def get(*, db_session: Session, reminder_id: int) -> Reminder:
    reminder = db_session.get(Reminder, reminder_id)
    if reminder is None:
        raise NotFoundError(key="reminder_not_found", reminder_id=reminder_id)
    return reminder


def mark_done(
    *,
    db_session: Session,
    reminder: Reminder,
    actor_id: int | None,
    now: datetime,
    note: str | None,
) -> bool:
    """Mark a reminder done (audited); False when it already was."""
    changed = db_session.execute(
        update(Reminder)
        .where(Reminder.id == reminder.id, Reminder.done_at.is_(None))
        .values(done_at=now, done_by_id=actor_id)
        .execution_options(synchronize_session=False)
    )
    if not changed.rowcount:
        return False
    detail: dict[str, Any] = {"reminder_id": reminder.id}
    if note:
        detail["note"] = note
    audit.record(
        db_session=db_session,
        action="reminder.done",
        actor_id=actor_id,
        case_id=reminder.case_id,
        detail=detail,
    )
    db_session.refresh(reminder)
    return True


def close_open(*, db_session: Session, case_id: int, actor_id: int | None, now: datetime) -> int:
    """Mark every open reminder of a closing case done; returns how many."""
    open_ids = list(
        db_session.scalars(
            select(Reminder.id).where(Reminder.case_id == case_id, Reminder.done_at.is_(None))
        )
    )
    for reminder_id in open_ids:
        mark_done(
            db_session=db_session,
            reminder=get(db_session=db_session, reminder_id=reminder_id),
            actor_id=actor_id,
            now=now,
            note="case closed",
        )
    return len(open_ids)


@dataclass
class SweepResult:
    """What one sweep did: reminders that fell due, went overdue, were added."""

    fired: list[int]
    overdue: list[int]
    added: list[int]


# The unanswered-escalation sweep reads its candidates in batches of this size, and adds at
# most UNANSWERED_PER_SWEEP reminders per sweep (the next sweep goes on where it stopped).
UNANSWERED_BATCH = 500
UNANSWERED_PER_SWEEP = 5000


def _add_unanswered(db_session: Session, profile: Profile, now: datetime) -> list[int]:
    """A reminder for each escalation of an open case unanswered past the profile's limit,
    the most overdue (in working time) first.

    Working time since a moment never grows as the moment gets later, so ordering the
    escalations by ``created_at`` orders them by how overdue they are in working time,
    and the first one found under the limit ends the sweep: every later one is under it
    too. Older than the limit by the clock is a necessary condition (working time never
    runs faster than the clock) that lets the database skip the young ones. The
    candidates are read in batches from where the last batch ended, so escalations
    young in working time (raised over a weekend, say) never hold back older ones.
    """
    limit_minutes = profile.follow.escalation_unanswered_working_hours * 60
    hours = profile.follow.escalation_unanswered_working_hours
    calendar = calendar_of(profile)
    already = exists().where(
        Reminder.escalation_id == Escalation.id, Reminder.origin_key.like("unanswered-%")
    )
    query = (
        select(Escalation.id, Escalation.case_id, Escalation.created_at, Escalation.channel_id)
        .join(Case, Case.id == Escalation.case_id)
        .where(
            Escalation.answered_at.is_(None),
            Escalation.status.not_in(NOT_HANDED_OVER),
            Escalation.created_at <= now - timedelta(minutes=limit_minutes),
            Case.status != "closed",
            ~already,
        )
        .order_by(Escalation.created_at, Escalation.id)
        .limit(UNANSWERED_BATCH)
    )
    added: list[int] = []
    after: tuple[datetime, int] | None = None
    younger = False  # reached an escalation not overdue yet: so is every later one
    while not younger and len(added) < UNANSWERED_PER_SWEEP:
        batch = query
        if after is not None:
            batch = batch.where(
                (Escalation.created_at > after[0])
                | and_(Escalation.created_at == after[0], Escalation.id > after[1])
            )
        rows = db_session.execute(batch).all()
        for escalation_id, case_id, created_at, channel in rows:
            if calendar.working_minutes(created_at, now) < limit_minutes:
                younger = True
                break
            reminder = add_once(
                db_session,
                case_id=case_id,
                due_at=calendar.add_working_minutes(created_at, limit_minutes),
                **texts(
                    "reminder_escalation_unanswered",
                    escalation_id=escalation_id,
                    channel=channel,
                    hours=hours,
                ),
                origin="escalation",
                origin_key=f"unanswered-{escalation_id}",
                escalation_id=escalation_id,
            )
            if reminder is not None:
                added.append(reminder.id)
            after = (created_at, escalation_id)
        db_session.commit()
        if len(rows) < UNANSWERED_BATCH:
            break
    return added


def _claim(db_session: Session, column: Any, reminder_id: int, now: datetime) -> bool:
    """Set ``column`` (fired_at or overdue_at) once: True for the one caller that did."""
    changed = db_session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, column.is_(None), Reminder.done_at.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    )
    return bool(changed.rowcount)


def sweep(*, db_session: Session, profile: Profile, now: datetime) -> SweepResult:
    """Add the desk's own reminders, then record what fell due and what went overdue.

    Each step is one conditional UPDATE per row, committed with its audit event:
    run it from any number of workers at once, or again after a crash, and every
    reminder falls due (and goes overdue) exactly once.
    """
    added = _add_unanswered(db_session, profile, now)
    db_session.commit()
    fired: list[int] = []
    due = select(Reminder.id, Reminder.case_id).where(
        Reminder.fired_at.is_(None), Reminder.done_at.is_(None), Reminder.due_at <= now
    )
    for reminder_id, case_id in db_session.execute(due.order_by(Reminder.id).limit(1000)).all():
        if _claim(db_session, Reminder.fired_at, reminder_id, now):
            audit.record(
                db_session=db_session,
                action="reminder.fired",
                case_id=case_id,
                detail={"reminder_id": reminder_id},
            )
            fired.append(reminder_id)
        db_session.commit()
    overdue: list[int] = []
    late = now - timedelta(minutes=profile.follow.overdue_minutes)
    stale = select(Reminder.id, Reminder.case_id).where(
        Reminder.overdue_at.is_(None),
        Reminder.fired_at.is_not(None),
        Reminder.done_at.is_(None),
        Reminder.due_at <= late,
    )
    for reminder_id, case_id in db_session.execute(stale.order_by(Reminder.id).limit(1000)).all():
        if _claim(db_session, Reminder.overdue_at, reminder_id, now):
            audit.record(
                db_session=db_session,
                action="reminder.overdue",
                case_id=case_id,
                detail={"reminder_id": reminder_id},
            )
            overdue.append(reminder_id)
        db_session.commit()
    return SweepResult(fired=fired, overdue=overdue, added=added)
