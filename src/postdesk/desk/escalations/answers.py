"""An engineer's answer to an escalation: recorded by the agent, it ends the wait.

Recording it (one transaction) ends the case's ``waiting_engineer`` once no
other escalation of the case waits, marks the "unanswered" reminder of this
escalation done, and adds the reminder that the answer must reach the customer:
the escalate step's own (``on: answered`` in its YAML, e.g. 4.0.12 4)), else
the profile's ``follow.escalation_answered_minutes``.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases import status
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.errors import ConflictError
from postdesk.desk.escalations import service as escalations
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.reminders import service as reminders
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.users.models import User
from postdesk.kb.schema import EscalateStep


def _step_of(desk: Desk, case: Case, escalation: Escalation) -> EscalateStep | None:
    step_id = escalation.payload.get("step")
    if not step_id:
        return None
    try:
        step = desk.library.get(case.playbook_id).step(str(step_id))
    except (KeyError, LookupError):
        return None
    return step if isinstance(step, EscalateStep) else None


def waiting(db_session: Session, case_id: int) -> int:
    """How many escalations of the case still wait for an answer."""
    query = select(func.count(Escalation.id)).where(
        Escalation.case_id == case_id, Escalation.answered_at.is_(None)
    )
    return int(db_session.scalar(query) or 0)


def record_answer(
    *, desk: Desk, db_session: Session, escalation_id: int, answer: str, actor: User
) -> Escalation:
    """Record the engineer's answer to ``escalation_id``; one commit."""
    escalations.get(db_session=db_session, escalation_id=escalation_id)  # 404 first
    # Row-locked (PostgreSQL): of two agents recording an answer at once, the second
    # waits and then finds it answered.
    escalation = db_session.get(
        Escalation, escalation_id, with_for_update=True, populate_existing=True
    )
    assert escalation is not None
    if escalation.case_id is None:
        raise ConflictError(key="answer_not_a_case", escalation_id=escalation.id)
    if escalation.answered_at is not None:
        raise ConflictError(key="answer_already", escalation_id=escalation.id)
    case = db_session.get(Case, escalation.case_id)
    assert case is not None  # the foreign key cascades
    if case.status == "closed":
        raise ConflictError(key="answer_case_closed", case=case.id)
    now = desk.clock()
    escalation.answer = answer
    escalation.answered_at = now
    escalation.answered_by_id = actor.id
    db_session.flush()
    audit.record(
        db_session=db_session,
        action="escalation.answered",
        actor_id=actor.id,
        case_id=case.id,
        detail={"escalation_id": escalation.id, "channel": escalation.channel_id},
    )
    for row in db_session.scalars(
        select(Reminder).where(Reminder.escalation_id == escalation.id, Reminder.done_at.is_(None))
    ):
        reminders.mark_done(
            db_session=db_session, reminder=row, actor_id=actor.id, now=now, note="answered"
        )
    _remind_to_pass_on(desk, db_session, case, escalation, actor)
    if case.status == "waiting_engineer" and waiting(db_session, case.id) == 0:
        status.set_status(db_session=db_session, case=case, status="open", actor_id=actor.id)
    db_session.commit()
    return escalation


def _remind_to_pass_on(
    desk: Desk, db_session: Session, case: Case, escalation: Escalation, actor: User
) -> None:
    step = _step_of(desk, case, escalation)
    specs = [spec for spec in (step.reminders if step else []) if spec.on == "answered"]
    now = desk.clock()
    if step is not None and specs:
        reminders.from_steps(
            db_session=db_session,
            profile=desk.profile,
            case_id=case.id,
            playbook_id=case.playbook_id,
            step_id=step.id,
            specs=specs,
            on="answered",
            start=now,
            actor_id=actor.id,
            escalation_id=escalation.id,
        )
        return
    from datetime import timedelta

    minutes = desk.profile.follow.escalation_answered_minutes
    reminders.add_once(
        db_session,
        case_id=case.id,
        due_at=now + timedelta(minutes=minutes),
        **reminders.texts("reminder_escalation_answered", escalation_id=escalation.id),
        origin="escalation",
        actor_id=actor.id,
        origin_key=f"answered-{escalation.id}",
        escalation_id=escalation.id,
    )
