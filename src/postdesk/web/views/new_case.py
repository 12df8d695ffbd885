"""New case: paste the complaint, see triage's suggestions and facts, start a playbook."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postdesk.desk.cases import flows
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseCreate
from postdesk.desk.customers import service as customers
from postdesk.desk.customers.schemas import ContactIn, CustomerIn
from postdesk.desk.deps import SessionRoute
from postdesk.desk.jobs_bridge import queue_escalations
from postdesk.errors import PostdeskError
from postdesk.kb.fields import FieldError, normalise_domain
from postdesk.web.auth import require_page
from postdesk.web.render import render
from postdesk.web.views.common import (
    PageDb,
    PageForm,
    PageUser,
    desk_of,
    problems_text,
)

router = APIRouter(include_in_schema=False, route_class=SessionRoute)

CHANNELS = ("phone", "mail", "web", "chat")
# Below this confidence the page does not offer triage's first guess as the answer: it
# says the complaint says too little and opens the list to choose from.
MANUAL_BELOW = 0.3
# What the new-case form posts besides the complaint; kept when the page comes back.
FORM_KEYS = ("complaint", "domain", "company_name", "contact_name", "contact_phone", "channel")


def lookup_customer(db_session: Session, domain: str) -> dict[str, Any]:
    """What the desk knows about the customer of ``domain`` (for the customer card)."""
    if not domain.strip():
        return {"state": "none"}
    try:
        ascii_domain = normalise_domain(domain)
    except FieldError:
        return {"state": "invalid", "domain": domain}
    customer = customers.get_by_domain(db_session=db_session, domain=ascii_domain)
    if customer is None:
        return {"state": "unknown", "domain": ascii_domain}
    case_count = db_session.scalar(
        select(func.count(Case.id)).where(Case.customer_id == customer.id)
    )
    return {"state": "known", "domain": ascii_domain, "customer": customer, "cases": case_count}


def _triage(desk: Any, complaint: str) -> dict[str, Any] | None:
    from postdesk.triage import triage

    try:
        result = triage(complaint, top=3, library=desk.library)
    except PostdeskError:
        return None
    ranking = [
        {
            "playbook": desk.library.get(candidate.playbook),
            "score": candidate.score,
            "why": {"zh": candidate.why_zh, "en": candidate.why},
        }
        for candidate in result.ranking
    ]
    sure = bool(ranking) and ranking[0]["score"] >= MANUAL_BELOW
    return {
        "ranking": ranking,
        "entities": result.entities.as_dict(),
        "notices": result.notices,
        "sure": sure,
    }


def _page(
    request: Request,
    db_session: Session,
    form: dict[str, str],
    *,
    status_code: int = 200,
    suggestions: dict[str, Any] | None = None,
    error: str | None = None,
    error_detail: str | None = None,
) -> HTMLResponse:
    desk = desk_of(request)
    domain = form.get("domain", "")
    customer_domain = suggestions["entities"].get("customer_domain") if suggestions else None
    if not domain and customer_domain:
        # The customer's own domain found in the complaint fills the field (never the other
        # side's: issue 13.2), so starting the case keeps it; the agent can change it.
        domain = customer_domain
        form = {**form, "domain": domain}
    return render(
        request,
        "new_case.html",
        status_code=status_code,
        form=form,
        domain_guess=domain,
        customer=lookup_customer(db_session, domain) if domain else {"state": "none"},
        suggestions=suggestions,
        playbooks=list(desk.library),
        channels=CHANNELS,
        error=error,
        error_detail=error_detail,
    )


@router.get("/cases/new")
def new_case(request: Request, db_session: PageDb, user: PageUser) -> HTMLResponse:
    require_page(user, "cases:write")
    return _page(request, db_session, {"channel": "phone"})


@router.get("/customers/lookup")
def customer_card(
    request: Request, db_session: PageDb, _user: PageUser, domain: str = ""
) -> HTMLResponse:
    """The customer card alone, for the live lookup while the agent types the domain."""
    return render(
        request, "_customer_card.html", customer=lookup_customer(db_session, domain[:253])
    )


def _case_in(form: dict[str, str], playbook_id: str) -> CaseCreate:
    domain = form.get("domain", "").strip()
    contact = {
        "name": form.get("contact_name", "").strip() or None,
        "phone": form.get("contact_phone", "").strip() or None,
    }
    channel = form.get("channel", "phone")
    company = form.get("company_name", "").strip() or None
    return CaseCreate(
        complaint=form["complaint"].strip(),
        playbook_id=playbook_id,
        channel=channel if channel in CHANNELS else "phone",  # type: ignore[arg-type]
        customer=CustomerIn(domain=domain, company_name=company) if domain else None,
        contact=ContactIn(**contact) if domain and any(contact.values()) else None,
    )


@router.post("/cases/new")
def submit_new_case(
    request: Request, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """``action=triage`` suggests playbooks; ``action=start`` opens the case and its walk."""
    require_page(user, "cases:write")
    form = {key: str(raw.get(key, ""))[:20000] for key in FORM_KEYS}
    action = str(raw.get("action", "triage"))
    if not form["complaint"].strip():
        return _page(request, db_session, form, status_code=422, error="empty_complaint")
    desk = desk_of(request)
    if action.startswith("start:"):
        playbook_id = action.removeprefix("start:") or str(raw.get("playbook_id", ""))
        try:
            case_in = _case_in(form, playbook_id)
            result = flows.create_case(
                desk=desk, db_session=db_session, case_in=case_in, actor=user
            )
        except (PostdeskError, ValidationError) as err:
            db_session.rollback()
            detail = problems_text(err, request)
            suggestions = _triage(desk, form["complaint"])
            return _page(
                request,
                db_session,
                form,
                status_code=422,
                suggestions=suggestions,
                error="case_not_created",
                error_detail=detail,
            )
        queue_escalations(desk, result.queued)
        return RedirectResponse(f"/cases/{result.case.id}", status_code=303)
    suggestions = _triage(desk, form["complaint"])
    error = None if suggestions and suggestions["ranking"] else "no_match"
    return _page(request, db_session, form, suggestions=suggestions, error=error)


@router.post("/cases/new/known-fault")
def known_fault_notice(
    request: Request, raw: PageForm, db_session: PageDb, user: PageUser
) -> HTMLResponse:
    """The "known fault" notice for the complaint typed so far (the page asks after a pause).

    The same matching as ``POST /api/incidents/match`` (desk.incidents.work).
    """
    from postdesk.desk.incidents import work

    require_page(user, "incidents:read")
    complaint = str(raw.get("complaint", ""))[:20000]
    faults = work.known_faults(
        db_session=db_session, library=desk_of(request).library, complaint=complaint
    )
    return render(request, "_known_fault.html", known_faults=faults)
