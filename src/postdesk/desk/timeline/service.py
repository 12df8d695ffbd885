"""A case's timeline, built from the audit trail the desk already keeps.

Why the audit: every change to a case already writes one audit event in the
same transaction as the change (walk answers, checks, escalations,
attachments, closing), so the audit is complete and in commit order by
construction. The timeline is that trail, minus the security events (secret
reveals), joined with the records the events point to: note bodies,
attachment names, escalations with their answers, reminder texts. New kinds
of entry (notes, status changes, reminders, takeovers) are new audit actions,
not a second log to keep in step. Paging is one indexed query (case id, then
id order); a case merged into this one brings its own entries along.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postdesk.desk.attachments.models import Attachment
from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.cases.models import Case, CaseNote
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.timeline.schemas import TimelineEntry
from postdesk.desk.users.models import User

# Audit actions shown on a case's timeline. Left out: secret.* (who saw a password is
# for the audit page of supervisors), case.updated (its parts have their own entries,
# or are the customer correction shown from its detail).
TIMELINE_ACTIONS = (
    "case.created",
    "case.walked",
    "case.walk_undone",
    "case.checked",
    "case.inspected",
    "case.escalated",
    "case.updated",
    "case.status",
    "case.assigned",
    "case.closed",
    "case.note",
    "case.linked",
    "case.merged",
    "attachment.added",
    "escalation.answered",
    "incident.raised",
    "reminder.added",
    "reminder.fired",
    "reminder.overdue",
    "reminder.done",
    "takeover.asked",
    "takeover.accepted",
    "takeover.declined",
)


def case_ids(db_session: Session, case_id: int) -> list[int]:
    """The case and the cases merged into it (and into those)."""
    found = [case_id]
    frontier = [case_id]
    while frontier and len(found) < 1000:
        merged = list(db_session.scalars(select(Case.id).where(Case.merged_into_id.in_(frontier))))
        merged = [item for item in merged if item not in found]
        found.extend(merged)
        frontier = merged
    return found


def page_of(
    *, db_session: Session, case_id: int, page: int | None = 1, page_size: int = 50
) -> tuple[list[TimelineEntry], int]:
    """One page of the timeline, oldest first (newest last), and the number of entries;
    ``page=None``: the newest ``page_size`` entries."""
    ids = case_ids(db_session, case_id)
    where = (AuditEvent.case_id.in_(ids), AuditEvent.action.in_(TIMELINE_ACTIONS))
    total = int(db_session.scalar(select(func.count(AuditEvent.id)).where(*where)) or 0)
    offset = max(0, total - page_size) if page is None else (page - 1) * page_size
    events = list(
        db_session.scalars(
            select(AuditEvent).where(*where).order_by(AuditEvent.id).offset(offset).limit(page_size)
        )
    )
    return _entries(db_session, events), total


def last_page(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def _ids(events: list[AuditEvent], key: str) -> set[int]:
    return {int(event.detail[key]) for event in events if isinstance(event.detail.get(key), int)}


def _by_id(db_session: Session, model: Any, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in db_session.scalars(select(model).where(model.id.in_(ids)))}


def _entries(db_session: Session, events: list[AuditEvent]) -> list[TimelineEntry]:
    notes = _by_id(db_session, CaseNote, _ids(events, "note_id"))
    files = _by_id(db_session, Attachment, _ids(events, "attachment_id"))
    escalations = _by_id(db_session, Escalation, _ids(events, "escalation_id"))
    reminders = _by_id(db_session, Reminder, _ids(events, "reminder_id"))
    actors = _by_id(db_session, User, {event.actor_id for event in events if event.actor_id})
    entries = []
    for event in events:
        detail = event.detail
        note = notes.get(detail.get("note_id"))  # type: ignore[arg-type]
        file = files.get(detail.get("attachment_id"))  # type: ignore[arg-type]
        escalation = escalations.get(detail.get("escalation_id"))  # type: ignore[arg-type]
        reminder = reminders.get(detail.get("reminder_id"))  # type: ignore[arg-type]
        actor = actors.get(event.actor_id) if event.actor_id else None
        via = detail.get("via") if isinstance(detail.get("via"), str) else None
        # The command-line operator acting under no desk name (cli.actor) is shown by that name.
        name = actor.username if actor else (via if via and not event.actor_id else None)
        entries.append(
            TimelineEntry(
                id=event.id,
                at=event.at,
                kind=event.action,
                case_id=event.case_id or 0,
                actor_id=event.actor_id,
                actor=name,
                via=via,
                detail=detail,
                note=note.body if note else None,
                attachment={
                    "id": file.id,
                    "name": file.name,
                    "kind": file.kind,
                    "size": file.size,
                    "media_type": file.media_type,
                }
                if file
                else None,
                escalation={
                    "id": escalation.id,
                    "channel_id": escalation.channel_id,
                    "status": escalation.status,
                    "answer": escalation.answer,
                    "answered_at": escalation.answered_at,
                }
                if escalation
                else None,
                reminder={
                    "id": reminder.id,
                    "text": reminder.text,
                    "due_at": reminder.due_at,
                    "done_at": reminder.done_at,
                }
                if reminder
                else None,
            )
        )
    return entries
