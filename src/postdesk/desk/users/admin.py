"""Managing accounts: disable and enable, change a role, reset a password; each audited.

One implementation for the API (``PATCH /api/users/{id}``,
``POST /api/users/{id}/password-reset``), the settings page and the CLI
(``postdesk users disable/enable/role/reset-password``).

A disabled account stops at once: its tokens are revoked (its web sessions
are tokens too), and every look-up of a token checks the account, so this
process refuses it immediately and other server processes within
``token_cache_seconds`` (their token caches). Enabling an account again
does not bring old sessions back: its user logs in again.

The desk always keeps one active admin: the last one can be neither
disabled nor demoted (otherwise nobody could manage accounts from the pages).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.errors import ConflictError
from postdesk.desk.users import service as users
from postdesk.desk.users.models import ApiToken, User
from postdesk.desk.users.roles import ROLES
from postdesk.errors import InvalidInputError


def _active_admin_ids(db_session: Session) -> list[int]:
    """The active admins, row-locked on PostgreSQL so two demotions cannot both pass."""
    query = select(User.id).where(User.role == "admin", User.active.is_(True))
    if db_session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(db_session.scalars(query))  # SQLite: the write transaction serialises


def _keep_an_admin(db_session: Session, user: User) -> None:
    """ConflictError when ``user`` is the last active admin (about to be disabled or demoted)."""
    if user.role != "admin" or not user.active:
        return
    if _active_admin_ids(db_session) == [user.id]:
        raise ConflictError(key="last_admin", username=user.username)


def _revoke_all(db_session: Session, user_id: int) -> int:
    """Revoke every live token of the user (API tokens and web sessions alike)."""
    done = db_session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    users.token_cache.drop_user(user_id)
    return int(done.rowcount or 0)


def set_disabled(
    *, db_session: Session, user_id: int, disabled: bool, actor_id: int | None
) -> User:
    """Disable (tokens revoked at once) or enable an account; audited. The caller commits."""
    user = users.get(db_session=db_session, user_id=user_id)
    if disabled == (not user.active):
        return user  # already so: nothing to record
    if disabled:
        _keep_an_admin(db_session, user)
        revoked = _revoke_all(db_session, user.id)
        user.active = False
        action = "user.disabled"
        detail = {"user_id": user.id, "username": user.username, "tokens_revoked": revoked}
    else:
        user.active = True
        action = "user.enabled"
        detail = {"user_id": user.id, "username": user.username}
    audit.record(db_session=db_session, action=action, actor_id=actor_id, detail=detail)
    return user


def set_role(*, db_session: Session, user_id: int, role: str, actor_id: int | None) -> User:
    """Give an account another role; audited. The caller commits."""
    if role not in ROLES:
        raise InvalidInputError(key="role_unknown", role=role, roles=", ".join(ROLES))
    user = users.get(db_session=db_session, user_id=user_id)
    if user.role == role:
        return user
    if user.role == "admin":
        _keep_an_admin(db_session, user)
    before = user.role
    user.role = role
    # Cached copies of the user carry the old role; other processes refresh within the delay.
    users.token_cache.drop_user(user.id)
    audit.record(
        db_session=db_session,
        action="user.role_changed",
        actor_id=actor_id,
        detail={"user_id": user.id, "username": user.username, "from": before, "to": role},
    )
    return user


def reset_password(*, db_session: Session, user_id: int, actor_id: int | None) -> tuple[User, str]:
    """A new one-time password for the account, to be changed at its next login; audited.

    Every session of the account ends (whoever knew the old password is out).
    Returns the user and the password, shown once to the admin; the caller commits.
    """
    user = users.get(db_session=db_session, user_id=user_id)
    password = users.generate_password()
    user.password_hash = users.hash_password(password)
    user.must_change_password = True
    revoked = _revoke_all(db_session, user.id)
    audit.record(
        db_session=db_session,
        action="user.password_reset",
        actor_id=actor_id,
        detail={"user_id": user.id, "username": user.username, "tokens_revoked": revoked},
    )
    return user, password


def by_name_or_id(*, db_session: Session, who: str) -> User:
    """The user named ``who`` (a user name, or an id in digits), for the CLI."""
    found = users.get_by_username(db_session=db_session, username=who)
    if found is None and who.isdigit():
        found = db_session.get(User, int(who))
    if found is None:
        from postdesk.errors import NotFoundError

        raise NotFoundError(key="user_unknown", who=who)
    return found
