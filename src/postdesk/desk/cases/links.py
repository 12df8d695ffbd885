"""Related cases and duplicates: link two cases, merge a duplicate into the case that stays.

A link is stored once per pair (lower id first) and audited on both cases. A
merge closes the duplicate (its customer passwords purged, its reminders
ended, as any close) and points it at the surviving case, whose timeline then
shows the duplicate's entries too (desk.timeline). Only the duplicate's holder
or a supervisor merges it: closing it ends the holder's work.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases import service as cases
from postdesk.desk.cases.models import Case, CaseLink
from postdesk.desk.errors import ConflictError, PermissionDeniedError
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows
from postdesk.errors import InvalidInputError


def linked_ids(*, db_session: Session, case_id: int) -> list[int]:
    """Ids of the cases linked to ``case_id``, and of those merged into it or it into."""
    rows = db_session.execute(
        select(CaseLink.case_id, CaseLink.other_id).where(
            or_(CaseLink.case_id == case_id, CaseLink.other_id == case_id)
        )
    ).all()
    found = {other if first == case_id else first for first, other in rows}
    found |= set(db_session.scalars(select(Case.id).where(Case.merged_into_id == case_id)))
    case = db_session.get(Case, case_id)
    if case is not None and case.merged_into_id:
        found.add(case.merged_into_id)
    return sorted(found)


def link(*, db_session: Session, case: Case, other_id: int, actor: User) -> CaseLink | None:
    """Link ``case`` and ``other_id`` (both audited); None when they already are linked."""
    if other_id == case.id:
        raise InvalidInputError(key="link_self", case_id=case.id)
    other = cases.get(db_session=db_session, case_id=other_id)
    first, second = sorted((case.id, other.id))
    exists = db_session.scalar(
        select(CaseLink.id).where(CaseLink.case_id == first, CaseLink.other_id == second)
    )
    if exists is not None:
        return None
    row = CaseLink(case_id=first, other_id=second, created_by_id=actor.id)
    db_session.add(row)
    for mine, theirs in ((case.id, other.id), (other.id, case.id)):
        audit.record(
            db_session=db_session,
            action="case.linked",
            actor_id=actor.id,
            case_id=mine,
            detail={"other_id": theirs},
        )
    return row


def merge(
    *, db_session: Session, duplicate_id: int, into_id: int, actor: User, reason: str | None
) -> Case:
    """Merge case ``duplicate_id`` into case ``into_id`` (the caller commits); the survivor.

    Both rows are locked (PostgreSQL) in ascending id order, whichever way the merge
    goes: two merges of one pair in opposite directions at once then wait for each
    other instead of each holding one row and waiting for the other (a deadlock,
    which PostgreSQL breaks by failing one of them with an error no one can act on).
    The one that waited reads both rows as the first left them and is refused with
    ``merge_into_merged`` or ``merge_closed``.
    """
    from postdesk.desk.cases.flows import close_record

    if into_id == duplicate_id:
        raise InvalidInputError(key="merge_self", case_id=duplicate_id)
    locked = {
        case_id: cases.get_for_update(db_session=db_session, case_id=case_id)
        for case_id in sorted((duplicate_id, into_id))
    }
    duplicate, survivor = locked[duplicate_id], locked[into_id]
    if not (duplicate.assignee_id in (None, actor.id) or allows(actor.role, "cases:reassign")):
        raise PermissionDeniedError(key="merge_not_yours", case_id=duplicate.id)
    if duplicate.merged_into_id is not None:
        raise ConflictError(
            key="merge_already_merged", case_id=duplicate.id, into_id=duplicate.merged_into_id
        )
    if duplicate.status == "closed":
        raise ConflictError(key="merge_closed", case_id=duplicate.id)
    if survivor.merged_into_id is not None:
        raise ConflictError(
            key="merge_into_merged", case_id=survivor.id, into_id=survivor.merged_into_id
        )
    if survivor.status == "closed":
        raise ConflictError(key="merge_into_closed", case_id=survivor.id)
    duplicate.merged_into_id = survivor.id
    close_record(db_session, duplicate, actor, resolution=reason or f"merged into #{survivor.id}")
    for mine in (duplicate.id, survivor.id):
        audit.record(
            db_session=db_session,
            action="case.merged",
            actor_id=actor.id,
            case_id=mine,
            detail={"duplicate_id": duplicate.id, "into_id": survivor.id, "reason": reason},
        )
    return survivor
