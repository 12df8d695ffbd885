"""The Jinja2 environment of the pages and the one function that renders a page."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from postdesk.desk.users.roles import allows
from postdesk.kb import slots
from postdesk.web.csrf import CSRF_FIELD, keep_browser_cookie, token_for
from postdesk.web.i18n import Translator, lang_of

# Cache-busting suffix for static files: changes with every process start.
ASSET_VERSION = str(int(datetime.now(UTC).timestamp()))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("postdesk.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["asset_version"] = ASSET_VERSION
    # A step text outside a walk: its {{ walk.NAME }} values shown as ‹NAME›.
    env.filters["unwalked"] = lambda text: slots.fill(text, {})
    return env


def local_time(moment: datetime | None, zone: str, with_seconds: bool = False) -> str:
    """A stored UTC time shown in the provider's time zone (naive values are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    shown = moment.astimezone(ZoneInfo(zone))
    return shown.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def back_url(request: Request) -> str:
    """Where the language switch returns to: this page, or for a POST answer the form's page."""
    if request.method == "GET":
        query = f"?{request.url.query}" if request.url.query else ""
        return request.url.path + query
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return "/"
    return (referer.path or "/") + (f"?{referer.query}" if referer.query else "")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language; ``user`` and ``can`` are there for the nav bar.

    ``csrf_field()`` is the hidden token input every post form carries, and
    ``csrf_token`` the same value for the page's background posts.
    """
    lang = lang_of(request)
    t = Translator(lang)
    user = getattr(request.state, "user", None)
    desk = request.app.state.desk
    zone = desk.profile.timezone

    def can(permission: str) -> bool:
        return user is not None and allows(user.role, permission)

    def reminder_count() -> int:
        """The header's count of due reminders (and overdue ones for supervisors)."""
        if user is None:
            return 0
        from postdesk.desk.reminders.service import due_count

        with desk.reader() as db_session:
            return due_count(
                db_session=db_session,
                user_id=user.id,
                supervisor=allows(user.role, "reminders:read-any"),
                now=desk.clock(),
            )

    csrf_token = token_for(request)
    # Every post form of a template starts with {{ csrf_field() }}.
    csrf_input = Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf_token)

    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=lang,
            t=t,
            tx=t.text,
            msg=t.message,
            user=user,
            can=can,
            when=lambda moment, seconds=False: local_time(moment, zone, seconds),
            path=request.url.path,
            back=back_url(request),
            csrf_token=csrf_token,
            csrf_field=lambda: csrf_input,
            reminder_count=reminder_count,
            worktime=lambda minutes: t("worktime", h=minutes // 60, m=minutes % 60),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    keep_browser_cookie(request, response)
    return response
