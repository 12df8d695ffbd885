"""Customers: the list with search, one customer's page (domains, contacts, cases,
escalations, incidents), its live check, merging two records and correcting a case's customer.

The same functions as ``/api/customers`` (desk.customers.records, .correction, .verdict).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.db.base import MAX_ID
from postdesk.desk.customers import records
from postdesk.desk.deps import SessionRoute
from postdesk.desk.errors import ConflictError, PermissionDeniedError, RateLimitedError
from postdesk.desk.users.models import User
from postdesk.errors import NotFoundError, PostdeskError
from postdesk.web.auth import PageNotFound, require_page
from postdesk.web.render import render
from postdesk.web.views.common import PageDb, PageForm, PageUser, desk_of, localise

router = APIRouter(include_in_schema=False, route_class=SessionRoute)

PAGE_SIZE = 50
CustomerId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/customers")
def customer_list(
    request: Request, db_session: PageDb, user: PageUser, q: str = "", page: int = 1
) -> HTMLResponse:
    require_page(user, "customers:read")
    page = min(max(page, 1), 1_000_000)
    rows, total = records.search(
        db_session=db_session, text=q[:253], page=page, page_size=PAGE_SIZE
    )
    return render(
        request,
        "customers.html",
        rows=rows,
        total=total,
        q=q[:253],
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )


def _status_of(err: PostdeskError) -> int:
    for kind, status in (
        (NotFoundError, 404),
        (ConflictError, 409),
        (RateLimitedError, 429),
        (PermissionDeniedError, 403),
    ):
        if isinstance(err, kind):
            return status
    return 422


def _customer_page(
    request: Request,
    db_session: Session,
    customer_id: int,
    *,
    status_code: int = 200,
    error: str | None = None,
    check_results: list[dict[str, Any]] | None = None,
    notice: str | None = None,
) -> HTMLResponse:
    try:
        customer = records.get(db_session=db_session, customer_id=customer_id)
    except NotFoundError:
        raise PageNotFound("customer_missing", customer_id) from None
    found = records.profile(db_session=db_session, customer=customer)
    assignees = {case.assignee_id for case, _ in found.cases if case.assignee_id}
    names = (
        dict(db_session.execute(select(User.id, User.username).where(User.id.in_(assignees))).all())
        if assignees
        else {}
    )
    return render(
        request,
        "customer.html",
        status_code=status_code,
        found=found,
        c=customer,
        agent_names=names,
        titles={playbook.id: playbook for playbook in desk_of(request).library},
        error=error,
        notice=notice,
        check_results=check_results,
    )


@router.get("/customers/{customer_id}")
def customer_page(
    request: Request, customer_id: CustomerId, db_session: PageDb, user: PageUser
) -> HTMLResponse:
    require_page(user, "customers:read")
    return _customer_page(request, db_session, customer_id)


@router.post("/customers/{customer_id}/check")
def check_customer(
    request: Request, customer_id: CustomerId, db_session: PageDb, user: PageUser
) -> HTMLResponse:
    """The domain's live MX and hosts verdict, shown on the customer page."""
    from postdesk.desk.customers import verdict

    require_page(user, "customers:read")
    try:
        customer = records.get(db_session=db_session, customer_id=customer_id)
        results = verdict.check(
            desk=desk_of(request), db_session=db_session, customer=customer, actor_id=user.id
        )
    except PostdeskError as err:
        return _refused(request, db_session, customer_id, err)
    shown = [
        {"result": result, "problem": None, "detail": None, "outcome": None, "outcome_choice": None}
        for result in results
    ]
    return _customer_page(request, db_session, customer_id, check_results=shown)


@router.post("/customers/{customer_id}/merge")
def merge_customer(
    request: Request, customer_id: CustomerId, form: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Merge another record (typed as its domain or id) into this customer (supervisors)."""
    from postdesk.desk.customers.service import get_by_domain
    from postdesk.kb.fields import FieldError, normalise_domain

    require_page(user, "customers:merge")
    other = str(form.get("other", "")).strip()[:253]
    try:
        if other.isdigit():
            merged_id = int(other)
        else:
            try:
                found = get_by_domain(db_session=db_session, domain=normalise_domain(other))
            except FieldError as err:
                raise NotFoundError(key="customer_domain_unknown", domain=other) from err
            if found is None:
                raise NotFoundError(key="customer_domain_unknown", domain=other)
            merged_id = found.id
        records.merge(
            db_session=db_session, survivor_id=customer_id, merged_id=merged_id, actor_id=user.id
        )
        db_session.commit()
    except PostdeskError as err:
        return _refused(request, db_session, customer_id, err)
    return RedirectResponse(f"/customers/{customer_id}?merged=1", status_code=303)


def _refused(
    request: Request, db_session: Session, customer_id: int, err: PostdeskError
) -> Response:
    """The customer's page again, nothing of the refused change kept, the reason in the
    user's language."""
    db_session.rollback()
    return _customer_page(
        request, db_session, customer_id, status_code=_status_of(err), error=localise(err, request)
    )


@router.post("/customers/{customer_id}/cases")
def move_case_here(
    request: Request, customer_id: CustomerId, form: PageForm, db_session: PageDb, user: PageUser
) -> Response:
    """Correct a case's customer to this one (the case flow's own change, audited)."""
    from postdesk.desk.customers import correction

    require_page(user, "cases:write")
    raw = str(form.get("case_id", "")).strip().lstrip("#")
    try:
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
            raise NotFoundError(key="case_number_invalid", value=raw[:40])
        correction.move_case(
            desk=desk_of(request),
            db_session=db_session,
            case_id=int(raw),
            customer_id=customer_id,
            actor=user,
        )
    except PostdeskError as err:
        return _refused(request, db_session, customer_id, err)
    return RedirectResponse(f"/customers/{customer_id}", status_code=303)
