"""The change-password page: where a one-time password is replaced before anything else.

A user created with a printed password (``postdesk serve``, ``postdesk users
add``, the settings page) is sent here by every other page
(:class:`postdesk.web.auth.PasswordChangeRequired`); after the change the
agent goes on to the page they asked for. Any logged-in user may use it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from postdesk.desk.deps import SessionRoute
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.web.auth import PASSWORD_PAGE, SESSION_COOKIE, safe_next, session_user
from postdesk.web.csrf import check_csrf
from postdesk.web.render import render
from postdesk.web.views.common import PageDb, PageForm, desk_of

router = APIRouter(include_in_schema=False, route_class=SessionRoute)
# Rule -> the number its message shows ({value}).
RULE_VALUES = {
    "password_too_short": users.MIN_PASSWORD_LENGTH,
    "password_too_long": users.MAX_PASSWORD_LENGTH,
}


async def checked_session_user(
    request: Request, user: Annotated[User, Depends(session_user)]
) -> User:
    """The logged-in user (one-time password or not), then the page token of a post."""
    await check_csrf(request)
    return user


SessionUser = Annotated[User, Depends(checked_session_user)]


def _next_of(url: str | None) -> str:
    """Where to go after the change; never back to this page."""
    wanted = safe_next(url)
    return "/" if wanted.split("?")[0] == PASSWORD_PAGE else wanted


def _page(
    request: Request,
    user: User,
    *,
    next_url: str,
    status_code: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        "password.html",
        status_code=status_code,
        next_url=next_url,
        required=user.must_change_password,
        error=error,
        error_value=RULE_VALUES.get(error or "", ""),
        min_length=users.MIN_PASSWORD_LENGTH,
        max_length=users.MAX_PASSWORD_LENGTH,
    )


@router.get(PASSWORD_PAGE)
def password_form(request: Request, user: SessionUser, next: str = "/") -> HTMLResponse:
    return _page(request, user, next_url=_next_of(next))


@router.post(PASSWORD_PAGE)
def change_password(
    request: Request, form: PageForm, db_session: PageDb, user: SessionUser
) -> Response:
    """Check the current password and the rules, store the new one, go on."""
    next_url = _next_of(str(form.get("next", "/")))
    old_password = str(form.get("old_password", ""))
    new_password = str(form.get("new_password", ""))
    if new_password != str(form.get("new_password_again", "")):
        return _page(request, user, next_url=next_url, status_code=422, error="password_mismatch")
    desk = desk_of(request)
    try:
        users.change_password(
            db_session=db_session,
            keys=desk.keys,
            user_id=user.id,
            old_password=old_password,
            new_password=new_password,
            keep_token=request.cookies.get(SESSION_COOKIE),
        )
    except users.PasswordRejected as err:
        return _page(request, user, next_url=next_url, status_code=422, error=err.reason)
    db_session.commit()
    return RedirectResponse(next_url, status_code=303)
