"""Who may make whom the assignee of a case: the one rule, for the API, the pages and the CLI.

The assignee is who may see the case's customer passwords (desk.secrets), so
taking a case over is taking its secrets. An agent may not make themselves,
or anyone, the assignee of a case another active user holds: supervisors and
admins reassign, and an agent who needs such a case asks a supervisor or the
holder, who may hand it over. A case nobody holds (or whose holder's account
is disabled) may be taken or given by any agent. Later ownership work (asking
for a takeover, the holder accepting) calls :func:`check_reassign` too.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.errors import PermissionDeniedError
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows
from postdesk.errors import NotFoundError


def active_user(db_session: Session, user_id: int) -> User | None:
    user = db_session.get(User, user_id)
    return user if user is not None and user.active else None


def check_assignee_exists(db_session: Session, assignee_id: int | None) -> None:
    """NotFoundError when ``assignee_id`` names no user."""
    if assignee_id is not None and db_session.get(User, assignee_id) is None:
        raise NotFoundError(key="assignee_not_found", assignee_id=assignee_id)


def check_reassign(
    *, db_session: Session, case: Case, actor: User, assignee_id: int | None
) -> None:
    """PermissionDeniedError unless ``actor`` may make ``assignee_id`` the case's assignee."""
    check_assignee_exists(db_session, assignee_id)
    holder_id = case.assignee_id
    if assignee_id == holder_id or allows(actor.role, "cases:reassign"):
        return
    if holder_id is None or holder_id == actor.id:
        return  # nobody holds it, or the holder hands it over
    holder = active_user(db_session, holder_id)
    if holder is None:
        return  # the holder's account is disabled: the case is free to take
    raise PermissionDeniedError(key="case_held_by_other", case_id=case.id, holder=holder.username)
