"""Page logins: the API's bearer token kept in an HttpOnly cookie.

A page request without a valid cookie raises :class:`LoginRequired`. For a
GET the answer is a redirect to the login page; for a POST (the agent typed
something and the session ran out meanwhile) the login page is shown at once
with the typed values carried in hidden fields, so nothing is lost: after
logging in, the browser keeps them for the tab (sessionStorage), opens the
page the agent was on and fills them in again (static/app.js).
Customer passwords and uploaded files are never carried this way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import UploadFile

from postdesk.desk.context import Desk
from postdesk.desk.errors import AuthenticationError
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows

SESSION_COOKIE = "postdesk_session"
# Form keys never carried through the login page: secrets and the login itself. Keys
# that start with "_" are the form's plumbing (_page, _csrf), never typed by the agent.
SECRET_PREFIX = "secret:"
NOT_CARRIED = frozenset({"username", "password", "next"})


@dataclass
class LoginRequired(Exception):
    """The request needs a login; ``pending`` holds typed values of an interrupted POST."""

    next_url: str
    expired: bool
    pending: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PasswordChangeRequired(Exception):
    """The user logged in with a one-time password; only the change-password page opens."""

    next_url: str


PASSWORD_PAGE = "/password"


class PageForbidden(Exception):
    """The user's role does not allow this page."""


@dataclass
class PageNotFound(Exception):
    """What the page is about does not exist; answered with the 404 message page.

    ``message_key`` names the message (locale/messages.yaml), ``value`` fills it in.
    """

    message_key: str = "not_found"
    value: object = ""


def safe_next(url: str | None) -> str:
    """A local path to go to after login; anything else (another site) becomes "/"."""
    if not url:
        return "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//"):
        return "/"
    return url


def carried_values(form_items: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """The form values worth carrying through a login: text only, no secrets, no files."""
    return [
        (key, value)
        for key, value in form_items
        if isinstance(value, str)
        and not isinstance(value, UploadFile)
        and not key.startswith((SECRET_PREFIX, "_"))
        and key not in NOT_CARRIED
    ]


def same_origin(request: Request) -> bool:
    """Whether a post comes from the desk's own pages (as far as the browser tells).

    Typed values are carried back only then: a forged post from another site must
    not fill the agent's form with its own text. Browsers that send neither
    header (old ones, some privacy settings) are taken at their word.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


def session_user(request: Request) -> User:
    """The logged-in user of a page request, or LoginRequired; a one-time password is fine.

    Only the change-password page takes this directly; every other page uses
    :func:`page_user`. A plain function on purpose: FastAPI runs it in a worker thread, so the
    database look-up never blocks the event loop's thread.
    """
    desk: Desk = request.app.state.desk
    token = request.cookies.get(SESSION_COOKIE)
    user: User | None = None
    if token:
        # A look-up session: on SQLite it reads without the single write lock, so the
        # login check of every page never waits for (or holds up) another request's writes.
        with desk.reader() as db_session:
            try:
                user = users.user_for_token(db_session=db_session, keys=desk.keys, token=token)
            except AuthenticationError:
                user = None
            else:
                db_session.expunge(user)
    if user is not None:
        request.state.user = user
        return user
    next_url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise LoginRequired(next_url=safe_next(next_url), expired=bool(token))


def page_user(request: Request) -> User:
    """The logged-in user of a page request: LoginRequired without a login, and
    PasswordChangeRequired while the user still has a one-time password.

    The page asked for comes back after the change: this URL for a GET, the
    form's page (from the Referer) for a post, whose typed values are not kept.
    """
    user = session_user(request)
    if user.must_change_password:
        if request.method == "GET":
            query = f"?{request.url.query}" if request.url.query else ""
            wanted = request.url.path + query
        else:
            referer = urlsplit(request.headers.get("referer", ""))
            wanted = referer.path if referer.netloc == request.url.netloc else "/"
        raise PasswordChangeRequired(next_url=safe_next(wanted))
    return user


async def typed_values(request: Request, fallback_url: str) -> tuple[list[tuple[str, str]], str]:
    """For an interrupted post: the typed values worth carrying and the page the form was on."""
    if request.method == "GET":
        return [], fallback_url
    async with request.form() as form:
        pending = carried_values(list(form.multi_items())) if same_origin(request) else []
        # Forms name the page they sit on; that page, not the POST target, comes back.
        page = form.get("_page")
    return pending, safe_next(page) if isinstance(page, str) and page else fallback_url


async def pending_of(request: Request, err: LoginRequired) -> LoginRequired:
    """For an interrupted POST: the typed values and the page the form was on."""
    if request.method == "GET":
        return err
    pending, next_url = await typed_values(request, err.next_url)
    return LoginRequired(next_url=next_url, expired=True, pending=pending)


def require_page(user: User, permission: str) -> None:
    """PageForbidden unless the user's role allows ``permission``."""
    if not allows(user.role, permission):
        raise PageForbidden(permission)
