"""Cross-site request forgery protection for the pages: a signed token bound to the login.

Every page form carries a hidden ``_csrf`` field, and the pages' JavaScript sends
the same value as ``X-CSRF-Token`` with its background posts. The token is an
HMAC, under the desk's secret key, of two cookies: ``postdesk_csrf`` (a random
value the browser gets with its first page, so the login form is covered too)
and the session cookie (empty before login). Another site can make a browser
send both cookies but can read neither, so it cannot make the token; nothing is
stored on the server. A new login (new session cookie) or a lost cookie makes
the tokens of pages shown before invalid: their posts get the "form expired"
page, which carries the typed values back like the login page does.

The JSON API under ``/api`` is not checked: it authenticates with a bearer token
in the Authorization header, which a browser never adds by itself to a forged
request, and it reads no cookie (postdesk.desk.deps.current_user).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import Response

from postdesk.desk.users.models import User
from postdesk.web.auth import SESSION_COOKIE, page_user, same_origin

CSRF_COOKIE = "postdesk_csrf"
CSRF_FIELD = "_csrf"
CSRF_HEADER = "x-csrf-token"
# Methods that change something; GET and HEAD pages never do.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The browser value outlives a working day's sessions, so a tab left open over a
# login does not meet an expired form for that reason alone.
CSRF_COOKIE_SECONDS = 30 * 24 * 3600
_BROWSER_BYTES = 32
_BROWSER_CHARS = len(secrets.token_urlsafe(_BROWSER_BYTES))


class CsrfRejected(Exception):
    """A state-changing page request without the token of the page it came from."""


def _browser_value(request: Request) -> str | None:
    """The browser's ``postdesk_csrf`` cookie when it looks like one this desk made."""
    value = request.cookies.get(CSRF_COOKIE, "")
    return value if len(value) == _BROWSER_CHARS and value.isascii() else None


def _sign(request: Request, browser: str) -> str:
    secret: bytes = request.app.state.desk.keys.secret_key
    session = request.cookies.get(SESSION_COOKIE, "")
    message = b"postdesk-csrf\x00" + browser.encode() + b"\x00" + session.encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_for(request: Request) -> str:
    """The token forms of this page carry; mints the browser cookie when there is none yet.

    A minted value is remembered on ``request.state`` so the response sets it
    (:func:`keep_browser_cookie`) and every form of the page uses the same one.
    """
    browser = getattr(request.state, "csrf_minted", None) or _browser_value(request)
    if browser is None:
        browser = secrets.token_urlsafe(_BROWSER_BYTES)
        request.state.csrf_minted = browser
    return _sign(request, browser)


def keep_browser_cookie(request: Request, response: Response, *, renew: bool = False) -> None:
    """Set the browser cookie on ``response`` when this request minted it (or ``renew``).

    Not in the answer to a post from another site: the browser held its cookie
    back (SameSite), and replacing it would expire the forms in the agent's
    other tabs; the page shown keeps working after one reload.
    """
    browser = getattr(request.state, "csrf_minted", None)
    if browser is None and renew:
        browser = _browser_value(request) or secrets.token_urlsafe(_BROWSER_BYTES)
    if browser is None or (request.method in UNSAFE_METHODS and not same_origin(request)):
        return
    response.set_cookie(
        CSRF_COOKIE,
        browser,
        max_age=CSRF_COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


async def given_token(request: Request) -> str:
    """The token the request carries: the header (background posts) or the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    # Read once and cached on the request: the endpoint's own form is the same object.
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def check_csrf(request: Request) -> None:
    """CsrfRejected unless a state-changing request carries the token of its browser and login.

    A dependency of every page route that changes something: through
    :data:`checked_page_user` for pages behind the login, directly for login,
    logout and the language switch.
    """
    if request.method not in UNSAFE_METHODS:
        return
    browser = _browser_value(request)
    given = await given_token(request)
    if browser is None or not given or not hmac.compare_digest(given, _sign(request, browser)):
        raise CsrfRejected()


async def checked_page_user(request: Request, user: Annotated[User, Depends(page_user)]) -> User:
    """The logged-in user (LoginRequired first), then the token of a state-changing request.

    The login comes first on purpose: a post whose session ran out gets the
    login page with the typed values, not a "form expired" page.
    """
    await check_csrf(request)
    return user


CsrfChecked = Depends(check_csrf)
