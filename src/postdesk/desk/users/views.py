"""API: log in for a token, see yourself, list and add users (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.security import HTTPAuthorizationCredentials

from postdesk.db.base import MAX_ID
from postdesk.desk.deps import (
    AnyUserDep,
    DbDep,
    DeskDep,
    SessionRoute,
    UserDep,
    bearer,
    client_address,
    require,
)
from postdesk.desk.users import service
from postdesk.desk.users.models import User
from postdesk.desk.users.schemas import (
    LoginRequest,
    PasswordChange,
    PasswordReset,
    TokenInfo,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)

router = APIRouter(tags=["users"], route_class=SessionRoute)


@router.post("/auth/token", response_model=TokenRead)
async def login(login_in: LoginRequest, request: Request, desk: DeskDep) -> TokenRead:
    """Exchange a user name and password for a bearer token.

    Throttled per client address and per (user, address), 429 with Retry-After;
    after many failures for a user from anywhere, each attempt waits a little
    longer first, and the right password still works (docs/security.md).
    """
    token, expires_at, _user = await service.throttled_login(
        desk=desk,
        username=login_in.username,
        password=login_in.password.get_secret_value(),
        address=client_address(request),
    )
    return TokenRead(access_token=token, expires_at=expires_at)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    _user: AnyUserDep,
    desk: DeskDep,
    db_session: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Response:
    """Revoke the token this request carries; it no longer logs anyone in."""
    if credentials is not None:
        service.revoke_token(db_session=db_session, keys=desk.keys, token=credentials.credentials)
        db_session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/auth/tokens", response_model=list[TokenInfo])
def list_tokens(
    db_session: DbDep,
    _user: Annotated[User, Depends(require("tokens:admin"))],
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    include_ended: bool = False,
) -> list[TokenInfo]:
    """Issued API tokens (admins): who, since and until when; never the token values."""
    rows = service.list_tokens(
        db_session=db_session, user_id=user_id, active_only=not include_ended
    )
    return [
        TokenInfo(
            id=row.id,
            user_id=row.user_id,
            username=username,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )
        for row, username in rows
    ]


@router.delete("/auth/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(
    token_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    db_session: DbDep,
    user: Annotated[User, Depends(require("tokens:admin"))],
) -> Response:
    """Revoke one token (admins): its session ends; audited as token.revoked."""
    service.revoke_token_id(db_session=db_session, token_id=token_id, actor_id=user.id)
    db_session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users/me", response_model=UserRead)
def me(user: UserDep) -> User:
    """The logged-in user."""
    return user


@router.post("/users/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_my_password(
    change: PasswordChange,
    user: AnyUserDep,
    desk: DeskDep,
    db_session: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Response:
    """Change your password (at least 10 characters, not the current one).

    Required first for an account with a printed one-time password: until then
    every other endpoint answers 403 ``password_change_required``. The token
    used here stays valid; the user's other tokens are revoked.
    """
    service.change_password(
        db_session=db_session,
        keys=desk.keys,
        user_id=user.id,
        old_password=change.old_password.get_secret_value(),
        new_password=change.new_password.get_secret_value(),
        keep_token=credentials.credentials if credentials else None,
    )
    db_session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users", response_model=list[UserRead])
def list_users(
    db_session: DbDep, _user: Annotated[User, Depends(require("users:read"))]
) -> list[User]:
    """Every user of the desk."""
    return service.list_users(db_session=db_session)


@router.post("/users", response_model=UserRead, status_code=status.HTTP_201_CREATED)
def add_user(
    user_in: UserCreate,
    db_session: DbDep,
    admin: Annotated[User, Depends(require("users:write"))],
) -> User:
    """Add an agent, supervisor or admin (audited)."""
    user = service.create(db_session=db_session, user_in=user_in, actor_id=admin.id)
    db_session.commit()
    return user


UserId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
UserAdmin = Annotated[User, Depends(require("users:write"))]


@router.get("/users/{user_id}", response_model=UserRead)
def get_user(
    user_id: UserId, db_session: DbDep, _user: Annotated[User, Depends(require("users:read"))]
) -> User:
    """One user of the desk."""
    return service.get(db_session=db_session, user_id=user_id)


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(user_id: UserId, change: UserUpdate, db_session: DbDep, admin: UserAdmin) -> User:
    """Disable or enable an account (``{"disabled": true}``), or change its role; audited.

    A disabled account's tokens and web sessions stop at once (other server
    processes: within ``token_cache_seconds``). The last active admin can be
    neither disabled nor demoted (409).
    """
    from postdesk.desk.users import admin as accounts
    from postdesk.errors import InvalidInputError

    if change.disabled is None and change.role is None:
        raise InvalidInputError(key="user_update_empty")
    user = service.get(db_session=db_session, user_id=user_id)
    if change.role is not None:
        user = accounts.set_role(
            db_session=db_session, user_id=user_id, role=change.role, actor_id=admin.id
        )
    if change.disabled is not None:
        user = accounts.set_disabled(
            db_session=db_session, user_id=user_id, disabled=change.disabled, actor_id=admin.id
        )
    db_session.commit()
    return user


@router.post("/users/{user_id}/password-reset", response_model=PasswordReset)
def reset_password(user_id: UserId, db_session: DbDep, admin: UserAdmin) -> PasswordReset:
    """A one-time password for the account (shown once in this answer); audited.

    The user must change it at the next login; every session of the account ends.
    """
    from postdesk.desk.users import admin as accounts

    user, password = accounts.reset_password(
        db_session=db_session, user_id=user_id, actor_id=admin.id
    )
    db_session.commit()
    return PasswordReset(user_id=user.id, username=user.username, one_time_password=password)
