"""A case's status and the moves between them: one table, for the API, the pages and the CLI.

- ``open``: someone is working on it;
- ``waiting_customer``: the agent waits for the customer (a file, a test, a call back);
- ``waiting_engineer``: an escalation waits for its answer. The desk sets it when
  an escalation is made and clears it when the last one is answered (no agent
  sets or clears it by hand: the answer is what ends the wait);
- ``resolved``: the walk ended or the agent solved it; the customer may still call;
- ``closed``: done, customer passwords purged (desk.cases.flows.close_case).

Leaving ``resolved`` or ``closed`` for ``open`` is a reopening and needs a reason.
Every change records ``case.status`` in the audit (the timeline shows it) and
restarts the time in status.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case
from postdesk.desk.errors import ConflictError
from postdesk.errors import InvalidInputError

Status = Literal["open", "waiting_customer", "waiting_engineer", "resolved", "closed"]
STATUSES: tuple[Status, ...] = (
    "open",
    "waiting_customer",
    "waiting_engineer",
    "resolved",
    "closed",
)

# Status -> the statuses an agent may move it to by hand.
MOVES: dict[str, frozenset[str]] = {
    "open": frozenset({"waiting_customer", "resolved", "closed"}),
    "waiting_customer": frozenset({"open", "resolved", "closed"}),
    "waiting_engineer": frozenset({"closed"}),
    "resolved": frozenset({"open", "closed"}),
    "closed": frozenset({"open"}),
}
REOPENED_FROM = frozenset({"resolved", "closed"})


def check_move(current: str, wanted: str, reason: str | None) -> None:
    """ConflictError (catalogue text) unless an agent may move ``current`` to ``wanted``."""
    if wanted == current:
        raise ConflictError(key="status_unchanged", status=wanted)
    if wanted == "waiting_engineer":
        raise ConflictError(key="status_set_by_escalation")
    if current == "waiting_engineer" and wanted != "closed":
        raise ConflictError(key="status_waits_for_answer", wanted=wanted)
    if wanted not in MOVES.get(current, frozenset()):
        allowed = ", ".join(sorted(MOVES.get(current, frozenset())))
        raise ConflictError(key="status_bad_move", current=current, wanted=wanted, allowed=allowed)
    if current in REOPENED_FROM and wanted == "open" and not (reason or "").strip():
        raise InvalidInputError(key="status_reopen_needs_reason", current=current)


def set_status(
    *,
    db_session: Session,
    case: Case,
    status: str,
    actor_id: int | None,
    reason: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Put ``case`` in ``status`` (no rule checked: the caller did); audited. False: no change."""
    if case.status == status:
        return False
    before = case.status
    case.status = status
    case.status_changed_at = now or datetime.now(UTC)
    detail: dict[str, object] = {"from": before, "to": status}
    if reason:
        detail["reason"] = reason
    audit.record(
        db_session=db_session,
        action="case.status",
        actor_id=actor_id,
        case_id=case.id,
        detail=detail,
    )
    return True
