"""Cases: the list with filters and paging, and the case page with its guided walk."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from postdesk.desk.attachments import service as attachments
from postdesk.desk.audit import service as audit
from postdesk.desk.cases import flows, links, originals, takeover
from postdesk.desk.cases import service as cases
from postdesk.desk.cases import status as status_rules
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseClose, CaseUpdate, WalkAction
from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.customers.schemas import CustomerIn
from postdesk.desk.deps import SessionRoute, in_request_thread
from postdesk.desk.errors import BusyError, RateLimitedError, TooLargeError
from postdesk.desk.escalations import service as escalations
from postdesk.desk.jobs_bridge import queue_escalations
from postdesk.desk.reminders import service as reminders
from postdesk.desk.secrets import service as secrets
from postdesk.desk.timeline import service as timeline
from postdesk.desk.users import service as users
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows
from postdesk.errors import NotFoundError, PostdeskError
from postdesk.inspect import texts
from postdesk.kb.runner import SECRET_MARK, Hint
from postdesk.kb.schema import CollectStep
from postdesk.profile.business_time import calendar_of
from postdesk.web.auth import PageNotFound, require_page
from postdesk.web.i18n import Translator, lang_of
from postdesk.web.render import render
from postdesk.web.views import inspect_pages, walk_view
from postdesk.web.views.common import (
    PageDb,
    PageForm,
    PageUser,
    desk_of,
    localise,
    problems_text,
    walk_field_errors,
)
from postdesk.web.views.new_case import router as new_case_router

router = APIRouter(include_in_schema=False, route_class=SessionRoute)
router.include_router(new_case_router)

PAGE_SIZE = 50
STATUSES = ("open", "waiting_customer", "waiting_engineer", "resolved", "closed")
TIMELINE_SHOWN = 50
ATTACHMENT_KINDS = ("original", "screenshot", "bounce-original", "other")


def _day_start(value: str, zone: str) -> datetime | None:
    """Midnight of a YYYY-MM-DD day in the provider's time zone, as UTC; None if not a date."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime.combine(day, time(), tzinfo=ZoneInfo(zone)).astimezone(UTC)


@router.get("/cases")
def case_list(request: Request, db_session: PageDb, user: PageUser) -> HTMLResponse:
    """Cases, newest first, with filters (status, playbook, customer, agent, dates) and search."""
    require_page(user, "cases:read")
    desk = desk_of(request)
    query = request.query_params
    filters = {
        key: query.get(key, "").strip()[:253]
        for key in ("status", "playbook", "domain", "agent", "from", "to", "q", "incident")
    }
    page = int(query["page"]) if query.get("page", "").isdigit() else 1
    page = max(1, min(page, 100_000))
    agent: int | str | None = int(filters["agent"]) if filters["agent"].isdigit() else None
    # "我的工单" (the agents' home) and the unassigned queue are this list, filtered.
    if filters["agent"] == "me":
        agent = user.id
    elif filters["agent"] == "none":
        agent = "none"
    zone = desk.profile.timezone
    created_from = _day_start(filters["from"], zone) if filters["from"] else None
    until = _day_start(filters["to"], zone) if filters["to"] else None
    items, total = cases.list_cases(
        db_session=db_session,
        page=page,
        page_size=PAGE_SIZE,
        status=filters["status"] if filters["status"] in STATUSES else None,
        playbook_id=filters["playbook"] or None,
        domain=filters["domain"] or None,
        assignee_id=agent,  # type: ignore[arg-type]
        incident_id=int(filters["incident"]) if filters["incident"].isdigit() else None,
        created_from=created_from,
        created_before=until + timedelta(days=1) if until else None,
        text=filters["q"] or None,
        calendar=calendar_of(desk.profile),
        now=desk.clock(),
    )
    agents = users.list_users(db_session=db_session)
    titles = {playbook.id: playbook for playbook in desk.library}
    pages = max(1, math.ceil(total / PAGE_SIZE))
    kept = {key: value for key, value in filters.items() if value}
    return render(
        request,
        "cases.html",
        items=items,
        total=total,
        page=page,
        pages=pages,
        filters=filters,
        kept=kept,
        statuses=STATUSES,
        playbooks=list(desk.library),
        titles=titles,
        agents=agents,
        agent_names={agent.id: agent.username for agent in agents},
    )


def _case_page(
    request: Request,
    db_session: Session,
    user: User,
    case: Case,
    *,
    status_code: int = 200,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    general_errors: list[str] | None = None,
    check_results: list[dict[str, Any]] | None = None,
    check_hints: dict[str, Hint] | None = None,
    revealed: dict[str, str] | None = None,
    packaged: dict[str, Any] | None = None,
) -> HTMLResponse:
    desk = desk_of(request)
    customer = db_session.get(Customer, case.customer_id) if case.customer_id else None
    contact = db_session.get(Contact, case.contact_id) if case.contact_id else None
    walk = flows.load_walk(desk, case)
    view = walk_view.build(
        desk=desk,
        db_session=db_session,
        case=case,
        walk=walk,
        typed=typed,
        errors=errors,
        check_hints=check_hints,
    )
    every_user = users.list_users(db_session=db_session)
    names = {row.id: row.username for row in every_user}
    playbook = walk.playbook
    case_attachments = attachments.for_case(db_session=db_session, case_id=case.id)
    now = desk.clock()
    # The newest entries (the last page); the API pages through all of them.
    entries, timeline_total = timeline.page_of(
        db_session=db_session, case_id=case.id, page=None, page_size=TIMELINE_SHOWN
    )
    case_reminders, _ = reminders.list_reminders(
        db_session=db_session, now=now, case_id=case.id, page_size=200
    )
    calendar = calendar_of(desk.profile)
    response = render(
        request,
        "case.html",
        status_code=status_code,
        case=case,
        customer=customer,
        contact=contact,
        playbook=playbook,
        walk=walk,
        panel=view["panel"],
        inputs=view["inputs"],
        general_errors=general_errors or [],
        check_results=check_results,
        transcript=list(reversed(walk.state.transcript)),
        escalations=escalations.list_escalations(db_session=db_session, case_id=case.id),
        attachments=case_attachments,
        inspected=inspect_pages.stored_views(case.id, case_attachments, desk.library),
        packaged=packaged,
        itext=texts.text,
        audit_events=(
            audit.for_case(db_session=db_session, case_id=case.id)
            if allows(user.role, "audit:read")
            else None
        ),
        names=names,
        upload_limit=desk.settings.upload_limit_bytes,
        field_label=lambda step_id, name: walk_view.field_label(playbook, step_id, name),
        choice_labels=walk_view.choice_labels(playbook),
        secret_mark=SECRET_MARK,
        can_reveal=secrets.may_reveal(case=case, user=user),
        revealed=revealed or {},
        timeline=entries,
        timeline_total=timeline_total,
        case_reminders=case_reminders,
        takeovers=takeover.pending(db_session=db_session, case_id=case.id),
        may_decide=case.assignee_id == user.id or allows(user.role, "cases:reassign"),
        # In the statuses' own order (closing last); the form has no move chosen at first.
        moves=[
            name
            for name in status_rules.STATUSES
            if name in status_rules.MOVES.get(case.status, ())
        ],
        age_minutes=calendar.working_minutes(case.created_at, now),
        in_status_minutes=calendar.working_minutes(case.status_changed_at, now),
        agents=every_user,
        linked=[
            cases.get(db_session=db_session, case_id=other)
            for other in links.linked_ids(db_session=db_session, case_id=case.id)
        ],
    )
    if typed:
        # A refused form comes back with what was typed, a password field's too: not for a cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def _refused(
    request: Request,
    db_session: Session,
    user: User,
    case_id: int,
    status_code: int,
    err: Exception,
) -> HTMLResponse:
    """The case page again after a refused action: nothing changed, the reason shown."""
    db_session.rollback()
    fresh = cases.get(db_session=db_session, case_id=case_id)
    return _case_page(
        request,
        db_session,
        user,
        fresh,
        status_code=status_code,
        general_errors=[problems_text(err, request)],
    )


def _allowed_case(db_session: Session, user: User, case_id: int, permission: str) -> Case:
    """The case a page works on; PageNotFound (the 404 page) when there is none.

    The role is checked first (PageForbidden), so that a user without it learns
    nothing about which case ids exist.
    """
    require_page(user, permission)
    try:
        return cases.get(db_session=db_session, case_id=case_id)
    except NotFoundError:
        raise PageNotFound("case_not_found", case_id) from None


@router.get("/cases/{case_id:int}")
def case_page(request: Request, case_id: int, db_session: PageDb, user: PageUser) -> HTMLResponse:
    case = _allowed_case(db_session, user, case_id, "cases:read")
    return _case_page(request, db_session, user, case)


def _walk_action(form: dict[str, Any], step: Any) -> WalkAction:
    if "choice" in form:
        return WalkAction(choice=str(form["choice"]))
    if isinstance(step, CollectStep):
        values: dict[str, str | None] = {}
        for spec in step.fields:
            plain = form.get(f"field:{spec.name}")
            secret = form.get(f"secret:{spec.name}")
            value = secret if spec.type == "secret" else plain
            values[spec.name] = str(value) if isinstance(value, str) and value != "" else None
        return WalkAction(fields=values)
    return WalkAction(proceed=True)


@router.post("/cases/{case_id:int}/walk")
def walk_step(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Answer the current step (choice, fields or proceed); the page shows the next one."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    desk = desk_of(request)
    form = {key: value for key, value in raw.items()}
    walk = flows.load_walk(desk, case)
    expected = str(form.get("step", ""))
    if expected and expected != walk.state.current:
        # Another tab or agent moved the walk on; show where it is now instead of guessing.
        return _case_page(
            request, db_session, user, case, status_code=409, general_errors=["walk_moved"]
        )
    # What the agent typed comes back with a refused form, a password included
    # (a field error elsewhere must not wipe it, issue 13.13).
    typed = {
        key.split(":", 1)[1]: str(value)
        for key, value in form.items()
        if key.startswith(("field:", "secret:")) and isinstance(value, str)
    }
    try:
        action = _walk_action(form, walk.step)
        result = flows.act(
            desk=desk, db_session=db_session, case_id=case.id, action=action, actor=user
        )
    except PostdeskError as err:
        db_session.rollback()
        fresh = cases.get(db_session=db_session, case_id=case_id)
        step = flows.load_walk(desk, fresh).step
        names = [spec.name for spec in getattr(step, "fields", []) or []]
        per_field, general = walk_field_errors(err, names, request)
        return _case_page(
            request,
            db_session,
            user,
            fresh,
            status_code=422,
            typed=typed,
            errors=per_field,
            general_errors=general,
        )
    queue_escalations(desk, result.queued)
    return RedirectResponse(f"/cases/{case.id}#walk", status_code=303)


@router.post("/cases/{case_id:int}/check")
def run_check(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Run the current check step's diagnostic and show its results inline (audited)."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    desk = desk_of(request)
    target = str(raw.get("target", "")).strip()[:253]
    results: list[dict[str, Any]] = []
    hints: dict[str, Hint] = {}
    if not target:
        results.append({"problem": "check_needs_target", "detail": ""})
    else:
        try:
            found = flows.run_check(
                desk=desk, db_session=db_session, case_id=case.id, target=target, actor=user
            )
        except PostdeskError as err:
            db_session.rollback()
            key = "check_not_runnable" if err.key == "check_cannot_run" else None
            if isinstance(err, RateLimitedError):  # the per-user quota of checks
                key = "check_refused"
            results.append(
                {
                    "problem": key or "check_bad_target",
                    "detail": localise(err, request) if key != "check_not_runnable" else "",
                }
            )
        else:
            hints = found.suggested
            walk = flows.load_walk(desk, cases.get(db_session=db_session, case_id=case.id))
            numbered = {o.id: (n, o.label) for n, o in enumerate(walk.options(), 1)}
            for result in found.results:
                outcome = result.suggested_outcome(walk.playbook.id, walk.state.current)
                results.append(
                    {
                        "problem": None,
                        "result": result,
                        "outcome": outcome,
                        "outcome_choice": numbered.get(outcome or ""),
                    }
                )
    if request.headers.get("x-fragment"):
        return render(request, "_check_results.html", check_results=results)
    fresh = cases.get(db_session=db_session, case_id=case.id)
    return _case_page(request, db_session, user, fresh, check_results=results, check_hints=hints)


@router.post("/cases/{case_id:int}/undo")
def undo(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Take back the last answer (Backspace on the page); the walk shows that step again."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    expected = str(raw.get("step", ""))
    desk = desk_of(request)
    if expected and expected != flows.load_walk(desk, case).state.current:
        return _case_page(
            request, db_session, user, case, status_code=409, general_errors=["walk_moved"]
        )
    try:
        flows.undo(desk=desk, db_session=db_session, case_id=case.id, actor=user)
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 409, err)
    return RedirectResponse(f"/cases/{case.id}#walk", status_code=303)


@router.post("/cases/{case_id:int}/customer")
def change_customer(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Correct whose case it is: the customer's domain (audited with both domains)."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    domain = str(raw.get("domain", "")).strip()[:253]
    try:
        flows.update_case(
            desk=desk_of(request),
            db_session=db_session,
            case_id=case.id,
            case_in=CaseUpdate(customer=CustomerIn(domain=domain)),
            actor=user,
        )
    except (PostdeskError, ValidationError) as err:
        return _refused(request, db_session, user, case_id, 422, err)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/cases/{case_id:int}/secrets/{field}/reveal")
def reveal_secret(
    request: Request, case_id: int, field: str, db_session: PageDb, user: PageUser
) -> Response:
    """Show a customer password on the case page to its assignee or a supervisor (audited)."""
    case = _allowed_case(db_session, user, case_id, "secrets:reveal")
    desk = desk_of(request)
    try:
        value = secrets.reveal(
            db_session=db_session, keys=desk.keys, case=case, field=field[:64], user=user
        )
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 403, err)
    response = _case_page(request, db_session, user, case, revealed={field: value})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/cases/{case_id:int}/close")
def close(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    case = _allowed_case(db_session, user, case_id, "cases:close")
    resolution = str(raw.get("resolution", "")).strip()[:20000] or None
    try:
        flows.close_case(
            desk=desk_of(request),
            db_session=db_session,
            case_id=case.id,
            close_in=CaseClose(resolution=resolution),
            actor=user,
        )
    except PostdeskError as err:
        return _refused(request, db_session, user, case_id, 409, err)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/cases/{case_id:int}/attachments")
async def attach(
    request: Request, case_id: int, raw: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Attach a file (bounce original, screenshot) to the case from the page.

    An original is read in the engine pool (desk.cases.originals.attach); when the
    pool refuses it before it is stored, the case page says so (503).
    """
    case = await in_request_thread(_allowed_case, db_session, user, case_id, "cases:write")
    desk = desk_of(request)
    upload = raw.get("file")
    kind = str(raw.get("kind", "other"))
    if kind not in ATTACHMENT_KINDS:
        kind = "other"
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await in_request_thread(
            _attach_refused, request, db_session, user, case_id, 422, "no_file"
        )
    try:
        await originals.attach(
            desk=desk,
            pool=request.app.state.engine_pool,
            db_session=db_session,
            case=case,
            kind=kind,
            name=upload.filename,
            media_type=upload.content_type or "application/octet-stream",
            source=upload.file,
            actor_id=user.id,
        )
    except TooLargeError:
        too_large = Translator(lang_of(request))(
            "upload_too_large", limit=desk.settings.upload_limit_bytes // (1024 * 1024)
        )
        return await in_request_thread(
            _attach_refused, request, db_session, user, case_id, 413, too_large
        )
    except BusyError as err:
        busy = err.localised(lang_of(request))
        return await in_request_thread(
            _attach_refused, request, db_session, user, case_id, 503, busy
        )
    return RedirectResponse(f"/cases/{case.id}#attachments", status_code=303)


def _attach_refused(
    request: Request, db_session: Session, user: User, case_id: int, status_code: int, why: str
) -> HTMLResponse:
    """The case page again with why the file was not attached (the case read afresh here:
    the one the attach started from was read in another thread)."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    return _case_page(
        request, db_session, user, case, status_code=status_code, general_errors=[why]
    )


@router.get("/cases/{case_id:int}/attachments/{attachment_id:int}/tnef/{index:int}")
def tnef_download(
    request: Request,
    case_id: int,
    attachment_id: int,
    index: int,
    db_session: PageDb,
    user: PageUser,
) -> Response:
    """A file from inside an attached winmail.dat, unpacked again from the stored original."""
    from urllib.parse import quote

    case = _allowed_case(db_session, user, case_id, "cases:read")
    try:
        name, data = originals.tnef_file(
            desk=desk_of(request),
            db_session=db_session,
            case=case,
            attachment_id=attachment_id,
            index=index,
        )
    except NotFoundError:
        raise PageNotFound() from None
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )


@router.post("/cases/{case_id:int}/attachments/{attachment_id:int}/package")
def package_virus(
    request: Request,
    case_id: int,
    attachment_id: int,
    _raw: PageForm,
    db_session: PageDb,
    user: PageUser,
) -> Response:
    """Pack an original for the hotline (4.0.16): archive on the case, password shown once."""
    case = _allowed_case(db_session, user, case_id, "cases:write")
    try:
        stored, password = originals.package_virus(
            desk=desk_of(request),
            db_session=db_session,
            case=case,
            attachment_id=attachment_id,
            actor_id=user.id,
        )
    except NotFoundError:
        raise PageNotFound() from None
    shown = {"name": stored.name, "password": password}
    return _case_page(request, db_session, user, case, packaged=shown)


@router.get("/escalations/{escalation_id:int}/form")
def fax_form(
    request: Request, escalation_id: int, db_session: PageDb, user: PageUser
) -> HTMLResponse:
    """The printable fax form of an escalation, for the browser's print dialog."""
    require_page(user, "escalations:read")
    try:
        escalation = escalations.get(db_session=db_session, escalation_id=escalation_id)
    except NotFoundError:
        raise PageNotFound() from None
    if escalation.channel_kind != "fax":
        raise PageNotFound()
    return HTMLResponse(escalation.payload["form_html"])
