"""Playbook library: browse and search the playbooks, read-only, in zh, en or both."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from postdesk.desk.cases.panel import step_label
from postdesk.desk.deps import SessionRoute
from postdesk.kb.checks import known_checks
from postdesk.kb.schema import Playbook
from postdesk.web.auth import PageNotFound, require_page
from postdesk.web.render import render
from postdesk.web.views.common import PageUser, desk_of

router = APIRouter(include_in_schema=False, route_class=SessionRoute)
SHOWS = ("page", "both")


def search_text(playbook: Playbook) -> str:
    """Everything a search may match: id, section, titles, summaries, symptoms."""
    parts = [
        playbook.id,
        playbook.section,
        playbook.title.zh,
        playbook.title.en,
        playbook.summary.zh,
        playbook.summary.en,
        *playbook.symptoms.zh,
        *playbook.symptoms.en,
    ]
    return " ".join(parts).lower()


@router.get("/playbooks")
def library(request: Request, user: PageUser, q: str = "") -> HTMLResponse:
    require_page(user, "playbooks:read")
    needle = q.strip().lower()[:200]
    playbooks = [
        playbook
        for playbook in desk_of(request).library
        if not needle or needle in search_text(playbook)
    ]
    return render(
        request,
        "playbooks.html",
        playbooks=playbooks,
        q=q[:200],
        search_index={p.id: search_text(p) for p in playbooks},
    )


@router.get("/playbooks/{playbook_id}")
def playbook_page(
    request: Request, playbook_id: str, user: PageUser, show: str = "page"
) -> HTMLResponse:
    require_page(user, "playbooks:read")
    desk = desk_of(request)
    try:
        playbook = desk.library.get(playbook_id[:64])
    except Exception:  # NotFoundError with suggestions; the page says so plainly
        raise PageNotFound("playbook_not_found", playbook_id[:64]) from None
    return render(
        request,
        "playbook.html",
        playbook=playbook,
        show=show if show in SHOWS else "page",
        checks=known_checks(),
        label_of=lambda step_id: step_label(playbook, step_id),
    )
