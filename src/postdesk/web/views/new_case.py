"""New case: paste the complaint, see triage's suggestions and facts, start a playbook."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from postdesk.desk.cases import customer_pick, flows, triage_bridge
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseCreate
from postdesk.desk.customers import service as customers
from postdesk.desk.customers.schemas import ContactIn, CustomerIn
from postdesk.desk.deps import SessionRoute, in_request_thread
from postdesk.desk.errors import BusyError
from postdesk.desk.jobs_bridge import queue_escalations
from postdesk.engine_pool import EngineTimeoutError
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
# The engine pool's refusals of a long complaint: the page says why and keeps the form.
ENGINE_REFUSALS = (BusyError, EngineTimeoutError)


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


async def _triage(request: Request, complaint: str, owner: int) -> dict[str, Any] | None:
    """Triage's suggestions for the page, read as the API reads a complaint
    (``triage_bridge.off_the_loop``: a long one in the engine pool).

    BusyError and EngineTimeoutError go up (the page says so); a complaint triage
    refuses (nothing to read) gives None.
    """
    desk = desk_of(request)
    try:
        result = await triage_bridge.off_the_loop(
            request.app.state.engine_pool,
            desk.library,
            triage_bridge.ranking,
            complaint,
            3,
            owner=owner,
        )
    except ENGINE_REFUSALS:
        raise
    except PostdeskError:
        return None
    ranking = [
        {
            "playbook": desk.library.get(candidate["playbook"]),
            "score": candidate["score"],
            "why": {"zh": candidate["why_zh"], "en": candidate["why"]},
        }
        for candidate in result["ranking"]
    ]
    sure = bool(ranking) and ranking[0]["score"] >= MANUAL_BELOW
    return {
        "ranking": ranking,
        "entities": result["entities"],
        "notices": result.get("notices", []),
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
    error_values: dict[str, Any] | None = None,
) -> HTMLResponse:
    desk = desk_of(request)
    domain = form.get("domain", "")
    customer_why = None
    if suggestions:
        # The desk's customer for the complaint, as the case's flow will decide it (a
        # customer record it already has wins over the wording: desk.cases.customer_pick).
        chosen = customer_pick.pick(db_session=db_session, entities=suggestions["entities"])
        suggestions = {**suggestions, "entities": chosen.entities(suggestions["entities"])}
        if chosen.reason is not None:
            customer_why = {"key": chosen.reason, "args": chosen.values}
        if not domain and chosen.domain:
            # The customer's own domain fills the field (never the other side's: issue
            # 13.2), so starting the case keeps it; the agent can change it.
            domain = chosen.domain
            form = {**form, "domain": domain}
    return render(
        request,
        "new_case.html",
        status_code=status_code,
        form=form,
        domain_guess=domain,
        customer_why=customer_why,
        customer=lookup_customer(db_session, domain) if domain else {"state": "none"},
        suggestions=suggestions,
        playbooks=list(desk.library),
        channels=CHANNELS,
        error=error,
        error_detail=error_detail,
        error_values=error_values or {},
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
async def submit_new_case(
    request: Request, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """``action=triage`` suggests playbooks; ``action=start`` opens the case and its walk.

    The complaint is read as ``POST /api/triage`` and ``POST /api/cases`` read it
    (a long one in the engine pool, with its limits); when the pool refuses it the
    page comes back with the typed form and the catalogue's reason (503 busy, 422
    too slow). The database work and the page's rendering run in a request thread.
    """
    require_page(user, "cases:write")
    form = {key: str(raw.get(key, ""))[:20000] for key in FORM_KEYS}
    action = str(raw.get("action", "triage"))
    if not form["complaint"].strip():
        return await in_request_thread(
            _page, request, db_session, form, status_code=422, error="empty_complaint"
        )
    try:
        if action.startswith("start:"):
            playbook_id = action.removeprefix("start:") or str(raw.get("playbook_id", ""))
            return await _start(request, db_session, form, playbook_id, user)
        suggestions = await _triage(request, form["complaint"], user.id)
    except ENGINE_REFUSALS as err:
        return await in_request_thread(
            _page,
            request,
            db_session,
            form,
            status_code=503 if isinstance(err, BusyError) else 422,
            error=err.key,
            error_values=err.values,
        )
    error = None if suggestions and suggestions["ranking"] else "no_match"
    return await in_request_thread(
        _page, request, db_session, form, suggestions=suggestions, error=error
    )


def _create(desk: Any, db_session: Session, case_in: CaseCreate, user: Any, facts: Any) -> int:
    """The case's flow (one commit) and its escalations' jobs; the new case's id."""
    result = flows.create_case(
        desk=desk, db_session=db_session, case_in=case_in, actor=user, facts=facts
    )
    queue_escalations(desk, result.queued)
    return int(result.case.id)


async def _start(
    request: Request, db_session: Session, form: dict[str, str], playbook_id: str, user: Any
) -> Response:
    """Open the case from the form, as ``POST /api/cases`` does; the form again when refused."""
    desk = desk_of(request)
    try:
        case_in = _case_in(form, playbook_id)
        facts = await triage_bridge.facts_of_long_complaint(
            request.app.state.engine_pool, desk.library, case_in, owner=user.id
        )
        case_id = await in_request_thread(_create, desk, db_session, case_in, user, facts)
    except ENGINE_REFUSALS:
        raise
    except (PostdeskError, ValidationError) as err:
        # The flow's thread rolled back what it did (deps.end_transaction_after).
        detail = problems_text(err, request)
        try:
            suggestions = await _triage(request, form["complaint"], user.id)
        except ENGINE_REFUSALS:
            suggestions = None  # the reason the case was not created is what matters here
        return await in_request_thread(
            _page,
            request,
            db_session,
            form,
            status_code=422,
            suggestions=suggestions,
            error="case_not_created",
            error_detail=detail,
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/new/known-fault")
async def known_fault_notice(request: Request, raw: PageForm, user: PageUser) -> HTMLResponse:
    """The "known fault" notice for the complaint typed so far (the page asks after a pause).

    The same matching as ``POST /api/incidents/match`` (desk.incidents.work), a long
    complaint read in the engine pool; when the pool refuses it the notice says why.
    """
    from postdesk.desk.incidents import work

    require_page(user, "incidents:read")
    complaint = str(raw.get("complaint", ""))[:20000]
    try:
        faults = await work.known_faults(
            desk=desk_of(request),
            pool=request.app.state.engine_pool,
            complaint=complaint,
            owner=user.id,
        )
    except ENGINE_REFUSALS as err:
        return await run_in_threadpool(
            render,
            request,
            "_known_fault.html",
            status_code=503 if isinstance(err, BusyError) else 422,
            known_faults=[],
            unread={"key": err.key, "values": err.values},
        )
    return await run_in_threadpool(render, request, "_known_fault.html", known_faults=faults)
