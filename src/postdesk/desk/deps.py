"""FastAPI dependencies shared by the desk's routers: the desk, a session, the user.

Validation that needs the database lives here (fastapi-best-practices):
``valid_case`` loads a case or answers 404 before the endpoint runs.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Coroutine
from contextvars import ContextVar
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Path, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from postdesk.db.base import MAX_ID
from postdesk.desk.cases import service as cases
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.errors import (
    AuthenticationError,
    PasswordChangeRequiredError,
    PermissionDeniedError,
)
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="token from POST /api/auth/token")


# Dependencies that do no I/O are ``async def`` so that FastAPI runs them on the
# event loop instead of hopping to a worker thread for each (a hop costs more
# than the work here).


async def get_desk(request: Request) -> Desk:
    return request.app.state.desk  # type: ignore[no-any-return]


# The request's session, for end_transaction_after (the one place a request's session
# is found outside its dependency).
request_session: ContextVar[Session | None] = ContextVar("request_session", default=None)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_db(
    request: Request, desk: Annotated[Desk, Depends(get_desk)]
) -> AsyncIterator[Session]:
    """The request's one session; anything not committed is rolled back at the end.

    A GET reads through a look-up session (on SQLite it never takes the write
    lock or the in-process writer gate, so reads never queue behind writes);
    other methods get a writing session. Either way no transaction stays open
    across a wait: ``valid_case`` ends its read, and :func:`end_transaction_after`
    ends whatever a synchronous endpoint left open before its thread is given
    back (a write transaction held while the request waits for a thread or for
    its answer to be serialised held every other writer, and so every thread,
    for 30 s: issue 12.10). Creating a session does no I/O; the closing
    rollback ends at most a finished read, so both stay on the event loop.
    """
    session = desk.reader() if request.method in READ_METHODS else desk.sessions()
    token = request_session.set(session)
    try:
        yield session
    finally:
        request_session.reset(token)
        session.rollback()
        session.close()


def end_transaction_after(call: Callable[..., Any]) -> Callable[..., Any]:
    """``call`` (a synchronous endpoint) followed, in its own thread, by the end of the
    request session's transaction.

    What the endpoint did not commit is rolled back, as at the end of the request
    (flows commit their own work; a half-done flow that raised and was answered
    with an error page must leave nothing behind). The session's objects are
    detached first, keeping what was loaded, so the answer can still be
    serialised from them without opening another transaction.
    """

    @functools.wraps(call)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        finally:
            session = request_session.get()
            if session is not None and session.in_transaction():
                session.expunge_all()
                session.rollback()

    return wrapped


async def in_request_thread(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``call`` in a request thread, the request session's transaction ended there after it.

    For ``async def`` endpoints that first wait on the event loop (the engine pool)
    and then run a flow: the same rule as :class:`SessionRoute`'s for synchronous ones.
    """
    return await run_in_threadpool(end_transaction_after(call), *args, **kwargs)  # type: ignore[no-any-return]


class SessionRoute(APIRoute):
    """The route class of every router of the desk (API and pages): a synchronous
    endpoint ends its request session's transaction in its own thread.

    Without it the transaction a synchronous endpoint left open (the reads that
    render its answer after the flow's commit) lived on until the request's
    dependencies were torn down, after the answer was serialised in another
    thread hop: on SQLite that held the write lock and the writer gate while the
    request waited for a thread, and every thread waited for the gate (30 s
    stalls at 32+ clients, issue 12.10). The endpoint is wrapped here, where the
    route is made, because FastAPI builds each route's handler from its endpoint
    when the route is created (patching routes after ``include_router`` reaches
    nothing: included routers are not copied into ``app.routes``).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = end_transaction_after(endpoint)
        super().__init__(path, endpoint, **kwargs)


DeskDep = Annotated[Desk, Depends(get_desk)]
DbDep = Annotated[Session, Depends(get_db)]


async def token_user(
    desk: DeskDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The user of the request's bearer token, one-time password or not; 401 without one.

    A token checked a moment ago is answered from the token cache on the event
    loop; only a look-up in the database moves to a worker thread.
    """
    if credentials is None or not credentials.credentials:
        raise AuthenticationError(key="login_needed")
    token = credentials.credentials
    cache_seconds = desk.settings.token_cache_seconds
    cached = users.cached_user_for_token(keys=desk.keys, token=token, cache_seconds=cache_seconds)
    if cached is not None:
        return cached
    return await run_in_threadpool(_look_up_token, desk, token)


def _look_up_token(desk: Desk, token: str) -> User:
    # A look-up session of its own: on SQLite it reads without the single write lock,
    # so checking the token never waits for (or holds up) another request's writes.
    with desk.reader() as read_session:
        return users.user_for_token(
            db_session=read_session,
            keys=desk.keys,
            token=token,
            cache_seconds=desk.settings.token_cache_seconds,
        )


def client_address(request: Request) -> str:
    """The client's IP address as the server saw it (uvicorn applies X-Forwarded-For only
    from its trusted proxies, 127.0.0.1 by default)."""
    return request.client.host if request.client else ""


PASSWORD_CHANGE_REQUIRED = "change your one-time password first: POST /api/users/me/password"


async def current_user(user: Annotated[User, Depends(token_user)]) -> User:
    """The user of the request's bearer token, once their one-time password is changed.

    Until then every endpoint but the password change answers 403
    ``password_change_required``.
    """
    if user.must_change_password:
        raise PasswordChangeRequiredError(PASSWORD_CHANGE_REQUIRED)
    return user


UserDep = Annotated[User, Depends(current_user)]
# Only for the password change itself: also lets a user with a one-time password in.
AnyUserDep = Annotated[User, Depends(token_user)]


def require(permission: str) -> Callable[[User], Coroutine[None, None, User]]:
    """A dependency that lets the request through only when the user's role allows it."""

    async def check(user: UserDep) -> User:
        if not allows(user.role, permission):
            raise PermissionDeniedError(key="role_may_not", role=user.role, permission=permission)
        return user

    return check


def valid_case(db_session: DbDep, case_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Case:
    """The case of the path, or 404; the read's transaction ends here.

    The endpoint runs in another thread hop: a transaction left open would hold
    SQLite's write lock (and the writer gate) while the request waits for it.
    """
    case = cases.get(db_session=db_session, case_id=case_id)
    db_session.commit()  # nothing was written; expire_on_commit=False keeps the case loaded
    return case


CaseDep = Annotated[Case, Depends(valid_case)]
