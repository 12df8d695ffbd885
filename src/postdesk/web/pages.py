"""Mount the web pages into the API app: routers, static files, login handling, timing.

:func:`mount_web` is called once from :func:`postdesk.api.create_app`. The
pages live under ``/`` next to the API under ``/api``; each page module in
``postdesk.web.views`` holds the routes of one screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from postdesk.asgi_headers import AddHeaders
from postdesk.desk.deps import SessionRoute, client_address
from postdesk.desk.errors import AuthenticationError, RateLimitedError
from postdesk.desk.users import service as users
from postdesk.i18n import LANGS
from postdesk.web.auth import (
    PASSWORD_PAGE,
    SESSION_COOKIE,
    LoginRequired,
    PageForbidden,
    PageNotFound,
    PasswordChangeRequired,
    pending_of,
    safe_next,
    typed_values,
)
from postdesk.web.csrf import CsrfChecked, CsrfRejected, keep_browser_cookie
from postdesk.web.i18n import LANG_COOKIE
from postdesk.web.render import render
from postdesk.web.views.common import PageForm, PageUser

router = APIRouter(include_in_schema=False, route_class=SessionRoute)
# A year: the language choice is a preference, not a secret.
LANG_COOKIE_SECONDS = 365 * 24 * 3600


def server_timing(_scope: Scope) -> Callable[[], list[tuple[bytes, bytes]]]:
    """``Server-Timing: app;dur=<ms>`` for every answer (read by the benchmark)."""
    started = time.perf_counter()
    return lambda: [
        (b"server-timing", f"app;dur={(time.perf_counter() - started) * 1000:.1f}".encode())
    ]


def _login_page(
    request: Request,
    *,
    next_url: str,
    status_code: int = 200,
    error: str | None = None,
    error_values: dict[str, object] | None = None,
    expired: bool = False,
    pending: list[tuple[str, str]] | None = None,
    username: str = "",
) -> HTMLResponse:
    return render(
        request,
        "login.html",
        status_code=status_code,
        next_url=next_url,
        error=error,
        error_values=error_values or {},
        expired=expired,
        pending=pending or [],
        username=username,
    )


async def _login_required(request: Request, err: Exception) -> Response:
    assert isinstance(err, LoginRequired)
    err = await pending_of(request, err)
    if request.method == "POST":
        # The typed values come back as hidden fields; nothing the agent typed is lost.
        return _login_page(
            request, next_url=err.next_url, status_code=401, expired=True, pending=err.pending
        )
    query = f"?next={_quote(err.next_url)}" + ("&expired=1" if err.expired else "")
    return RedirectResponse(f"/login{query}", status_code=303)


def _password_change_required(_request: Request, err: Exception) -> Response:
    """Every page but the change-password page sends a one-time password there first."""
    assert isinstance(err, PasswordChangeRequired)
    return RedirectResponse(f"{PASSWORD_PAGE}?next={_quote(err.next_url)}", status_code=303)


def _forbidden(request: Request, _err: Exception) -> Response:
    return render(request, "message.html", status_code=403, message_key="forbidden")


def _not_found(request: Request, err: Exception) -> Response:
    assert isinstance(err, PageNotFound)
    return render(
        request, "message.html", status_code=404, message_key=err.message_key, value=err.value
    )


async def _form_expired(request: Request, _err: Exception) -> Response:
    """403 for a post without its page's token; the typed values wait in the tab for a reload.

    Nothing was done. Like the login page, the answer keeps what the agent typed
    (sessionStorage, static/desk.js) and links back to the form's page, which
    fills it in again with a fresh token.
    """
    referer = urlsplit(request.headers.get("referer", ""))
    fallback = referer.path if referer.path and referer.netloc == request.url.netloc else "/"
    pending, page = await typed_values(request, safe_next(fallback))
    if request.headers.get("x-fragment"):
        return render(request, "_form_expired.html", status_code=403)
    return render(
        request,
        "form_expired.html",
        status_code=403,
        next_url=page,
        pending=pending,
        pending_data={"page": page.split("?")[0], "values": pending},
    )


def too_large_page(request: Request, limit: int) -> Response:
    """413 for a page post over the body limit (the JSON API answers in JSON instead)."""
    referer = urlsplit(request.headers.get("referer", ""))
    back = referer.path if referer.path and referer.netloc == request.url.netloc else "/"
    return render(
        request,
        "too_large.html",
        status_code=413,
        limit_mb=limit // (1024 * 1024),
        back_to=safe_next(back),
    )


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="/")


@router.get("/login")
def login_form(request: Request, next: str = "/", expired: int = 0) -> HTMLResponse:
    return _login_page(request, next_url=safe_next(next), expired=bool(expired))


@router.post("/login", dependencies=[CsrfChecked])
async def login(request: Request, form: PageForm) -> Response:
    """Check the password, set the session cookie, go back to where the agent was."""
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    next_url = safe_next(str(form.get("next", "/")))
    pending = [
        (key.removeprefix("pending:"), str(value))
        for key, value in form.multi_items()
        if key.startswith("pending:") and isinstance(value, str)
    ]
    desk = request.app.state.desk
    try:
        token, _expires_at, user = await users.throttled_login(
            desk=desk, username=username, password=password, address=client_address(request)
        )
    except (AuthenticationError, RateLimitedError) as err:
        throttled = isinstance(err, RateLimitedError)
        page = _login_page(
            request,
            next_url=next_url,
            status_code=429 if throttled else 401,
            error=(err.key or "login_rate_limited") if throttled else "login_wrong",
            error_values=err.values if throttled else {},
            pending=pending,
            username=username,
        )
        retry_after = getattr(err, "retry_after", None)
        if retry_after:
            page.headers["Retry-After"] = str(retry_after)
        return page
    must_change_password = user.must_change_password
    if must_change_password:
        # Straight to the change; the page asked for follows it (typed values stay in the tab).
        response: Response = RedirectResponse(
            f"{PASSWORD_PAGE}?next={_quote(next_url)}", status_code=303
        )
    elif pending:
        response = render(
            request,
            "resume.html",
            next_url=next_url,
            pending_data={"page": next_url.split("?")[0], "values": pending},
        )
    else:
        response = RedirectResponse(next_url, status_code=303)
    # A fresh month for the browser value behind the page tokens (postdesk.web.csrf).
    keep_browser_cookie(request, response, renew=True)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(desk.settings.token_ttl_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    desk = request.app.state.desk
    if token:
        with desk.sessions() as db_session:
            users.revoke_token(db_session=db_session, keys=desk.keys, token=token)
            db_session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/lang", dependencies=[CsrfChecked])
def switch_language(lang: Annotated[str, Form()], back: Annotated[str, Form()] = "/") -> Response:
    """Remember the chosen language in a cookie and show the same page again."""
    response = RedirectResponse(safe_next(back), status_code=303)
    if lang in LANGS:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=LANG_COOKIE_SECONDS, samesite="lax", httponly=False
        )
    return response


@router.get("/")
def home(_user: PageUser) -> Response:
    # "我的工单": the agents' home is their own cases (issue 16.1).
    return RedirectResponse("/cases?agent=me", status_code=303)


def mount_web(app: FastAPI) -> None:
    """Add the pages, their static files and their login handling to ``app``."""
    from postdesk.web.views import (
        case_pages,
        customer_pages,
        helpdesk_pages,
        incident_pages,
        inspect_pages,
        password_page,
        playbook_pages,
        report_pages,
        settings_pages,
    )

    app.include_router(router)
    for module in (
        case_pages,
        helpdesk_pages,
        inspect_pages,
        incident_pages,
        playbook_pages,
        settings_pages,
        password_page,
        customer_pages,
        report_pages,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("postdesk.web", "static")]), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PageForbidden, _forbidden)
    app.add_exception_handler(PageNotFound, _not_found)
    app.add_exception_handler(PasswordChangeRequired, _password_change_required)
    app.add_exception_handler(CsrfRejected, _form_expired)
    app.add_middleware(AddHeaders, headers_for=server_timing)
