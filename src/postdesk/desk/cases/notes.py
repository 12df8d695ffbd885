"""Internal notes on a case: the agents' own remarks, never sent to the customer."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case, CaseNote
from postdesk.errors import InvalidInputError

MAX_NOTE_CHARS = 20_000


def add_note(*, db_session: Session, case: Case, author_id: int | None, body: str) -> CaseNote:
    """Add a note to ``case`` (audited as ``case.note``, which places it in the timeline)."""
    text = body.strip()
    if not text:
        raise InvalidInputError(key="note_empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInputError(key="note_too_long", limit=MAX_NOTE_CHARS)
    note = CaseNote(case_id=case.id, author_id=author_id, body=text)
    db_session.add(note)
    db_session.flush()
    audit.record(
        db_session=db_session,
        action="case.note",
        actor_id=author_id,
        case_id=case.id,
        detail={"note_id": note.id},
    )
    db_session.commit()
    return note
