"""API: cases (create, list, get, update, close), their walk, secrets and attachments."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile, status
from fastapi import Path as PathParam
from sqlalchemy.orm import Session

from postdesk.db.base import MAX_ID
from postdesk.desk.attachments import service as attachments
from postdesk.desk.attachments.schemas import AttachmentRead
from postdesk.desk.audit import service as audit
from postdesk.desk.audit.schemas import AuditEventRead
from postdesk.desk.cases import flows, originals, service, triage_bridge
from postdesk.desk.cases import panel as walk_panel
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.panel import Panel
from postdesk.desk.cases.schemas import (
    CaseClose,
    CaseCreate,
    CasePage,
    CaseRead,
    CaseStatus,
    CaseUpdate,
    CheckRead,
    CheckRequest,
    CheckRun,
    ChoiceRead,
    CollectedRead,
    FieldRead,
    OutcomeRead,
    StepView,
    Suggestion,
    WalkAction,
    WalkRead,
)
from postdesk.desk.context import Desk
from postdesk.desk.deps import CaseDep, DbDep, DeskDep, SessionRoute, in_request_thread, require
from postdesk.desk.jobs_bridge import queue_escalations
from postdesk.desk.reminders.views import ASSIGNEE, assignee_filter
from postdesk.desk.secrets import service as secrets
from postdesk.desk.secrets.schemas import SecretInfo, SecretRevealed
from postdesk.desk.users.models import User
from postdesk.kb.runner import Walk
from postdesk.profile.business_time import calendar_of

router = APIRouter(prefix="/cases", tags=["cases"], route_class=SessionRoute)

Reader = Annotated[User, Depends(require("cases:read"))]
Writer = Annotated[User, Depends(require("cases:write"))]


@router.post("", response_model=CaseRead, status_code=status.HTTP_201_CREATED)
async def create_case(
    request: Request, case_in: CaseCreate, desk: DeskDep, db_session: DbDep, user: Writer
) -> Response:
    """Open a case from a complaint; triage picks the playbook unless playbook_id is given.

    A long complaint is read in the engine pool first (triage_bridge; 503 ``busy``
    when it is full or the user has their share in it), then the case is written in
    a request thread.
    """
    facts = await triage_bridge.facts_of_long_complaint(
        request.app.state.engine_pool, desk.library, case_in, owner=user.id
    )
    return await in_request_thread(_create_case, desk, db_session, case_in, user, facts)


def _create_case(
    desk: Desk,
    db_session: Session,
    case_in: CaseCreate,
    user: User,
    facts: tuple[str | None, dict[str, Any]] | None,
) -> Response:
    result = flows.create_case(
        desk=desk, db_session=db_session, case_in=case_in, actor=user, facts=facts
    )
    queue_escalations(desk, result.queued)
    created = service.read(
        db_session=db_session, case=result.case, public_url=desk.settings.public_url
    )
    # Already a validated CaseRead: serialised once here instead of re-validated (the
    # busiest endpoint; response_model still documents the shape).
    return Response(created.model_dump_json(), status_code=201, media_type="application/json")


@router.get("", response_model=CasePage)
def list_cases(
    desk: DeskDep,
    db_session: DbDep,
    _user: Reader,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    status_: Annotated[CaseStatus | None, Query(alias="status")] = None,
    playbook_id: Annotated[str | None, Query(max_length=64)] = None,
    domain: Annotated[str | None, Query(max_length=253)] = None,
    assignee_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    incident_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    assignee: Annotated[
        str | None, Query(pattern=ASSIGNEE, description="me, none (unassigned) or a user id")
    ] = None,
) -> CasePage:
    """Cases, newest first, filtered and paged; age and time in status in working time."""
    chosen = assignee_filter(assignee, _user) if assignee is not None else assignee_id
    items, total = service.list_cases(
        db_session=db_session,
        page=page,
        page_size=page_size,
        status=status_,
        playbook_id=playbook_id,
        domain=domain,
        assignee_id=chosen,  # type: ignore[arg-type]
        incident_id=incident_id,
        calendar=calendar_of(desk.profile),
        now=desk.clock(),
    )
    return CasePage(items=items, total=total, page=page, page_size=page_size)


@router.get("/{case_id}", response_model=CaseRead)
def get_case(case: CaseDep, desk: DeskDep, db_session: DbDep, _user: Reader) -> CaseRead:
    """One case with its customer, contact, collected fields and walk position."""
    return service.read(
        db_session=db_session,
        case=case,
        public_url=desk.settings.public_url,
        calendar=calendar_of(desk.profile),
        now=desk.clock(),
    )


@router.patch("/{case_id}", response_model=CaseRead)
def update_case(
    case: CaseDep, case_in: CaseUpdate, desk: DeskDep, db_session: DbDep, user: Writer
) -> CaseRead:
    """Change the assignee (with a reason when another active user holds it), the status
    (open, waiting_customer, resolved, closed; reopening needs a reason), the channel or
    the customer. An invalid status move answers 409 saying which moves are allowed."""
    updated = flows.update_case(
        desk=desk, db_session=db_session, case_id=case.id, case_in=case_in, actor=user
    )
    return service.read(db_session=db_session, case=updated, public_url=desk.settings.public_url)


@router.post("/{case_id}/close", response_model=CaseRead)
def close_case(
    case: CaseDep,
    desk: DeskDep,
    db_session: DbDep,
    user: Annotated[User, Depends(require("cases:close"))],
    close_in: CaseClose | None = None,
) -> CaseRead:
    """Close the case; its stored customer passwords are purged."""
    closed = flows.close_case(
        desk=desk,
        db_session=db_session,
        case_id=case.id,
        close_in=close_in or CaseClose(),
        actor=user,
    )
    return service.read(db_session=db_session, case=closed, public_url=desk.settings.public_url)


def walk_read(
    case_id: int, walk: Walk, panel: Panel | None = None, escalation_id: int | None = None
) -> WalkRead:
    """The walk as the API shows it: the panel of the current step (the pages show the same).

    Without a panel (the stateless runner, no case) only what the walk itself knows.
    """
    step = walk.step
    if panel is None:
        panel = walk_panel.without_case(walk)
    choices = [
        ChoiceRead(
            number=choice.number,
            id=choice.id,
            label=choice.label.en,
            labels=choice.label.model_dump(),
            next=_next(choice.next),
            suggested=Suggestion(kind=choice.hint.kind, detail=choice.hint.detail)
            if choice.hint
            else None,
        )
        for choice in panel.choices
    ]
    fields = [
        FieldRead(
            name=shown.name,
            type=shown.type,
            required=shown.required,
            label=shown.label.model_dump(),
            choices=shown.choices or None,
            value=shown.value if shown.type != "secret" else "",
            source=shown.source,
            secret_given=shown.secret_given,
        )
        for shown in panel.fields or []
    ]
    check = (
        CheckRead(
            id=panel.check.id,
            runnable=panel.check.runnable,
            target=panel.check.target,
            target_source=panel.check.target_source,
        )
        if panel.check
        else None
    )
    return WalkRead(
        case_id=case_id,
        status=walk.state.status,
        step=StepView(
            id=step.id,
            kind=step.kind,
            title=step.title.model_dump() if step.title else None,
            text=panel.say.model_dump(),
            choices=choices,
            fields=fields,
            check=check,
            missing_for_escalation=walk.missing_for_escalation(),
            next=_next(panel.next),
        ),
        fields=dict(walk.state.fields),
        collected=[
            CollectedRead(
                name=item.name, value=item.value, label=item.label.model_dump(), step=item.step
            )
            for item in panel.collected
        ],
        can_undo=panel.can_undo,
        transcript=[entry.model_dump(mode="json") for entry in walk.state.transcript],
        escalation_id=escalation_id,
    )


def _next(label: dict[str, Any] | None) -> dict[str, Any] | None:
    if label is None:
        return None
    return {"id": label["id"], "kind": label["kind"], "label": label["label"].model_dump()}


def _case_walk(
    desk: DeskDep, db_session: DbDep, case: Case, escalation_id: int | None = None
) -> WalkRead:
    walk = flows.load_walk(desk, case)
    panel = walk_panel.build(desk=desk, db_session=db_session, case=case, walk=walk)
    return walk_read(case.id, walk, panel, escalation_id)


@router.get("/{case_id}/walk", response_model=WalkRead)
def get_walk(case: CaseDep, desk: DeskDep, db_session: DbDep, _user: Reader) -> WalkRead:
    """Where the case's walk stands: the current step with the choices the desk suggests,
    the values it offers for the fields, the check it can run, and the transcript."""
    return _case_walk(desk, db_session, case)


@router.post("/{case_id}/walk", response_model=WalkRead)
def walk_case(
    case: CaseDep, action: WalkAction, desk: DeskDep, db_session: DbDep, user: Writer
) -> WalkRead:
    """Answer the current step: a choice, the fields of a collect step, or proceed."""
    result = flows.act(desk=desk, db_session=db_session, case_id=case.id, action=action, actor=user)
    queue_escalations(desk, result.queued)
    escalation_id = result.escalation.id if result.escalation else None
    return _case_walk(desk, db_session, result.case, escalation_id)


@router.post("/{case_id}/walk/undo", response_model=WalkRead)
def undo_walk(case: CaseDep, desk: DeskDep, db_session: DbDep, user: Writer) -> WalkRead:
    """Take back the last answer (never an escalation); the walk is where it was before it."""
    result = flows.undo(desk=desk, db_session=db_session, case_id=case.id, actor=user)
    return _case_walk(desk, db_session, result.case)


@router.post("/{case_id}/check", response_model=CheckRun)
def run_check(
    case: CaseDep,
    desk: DeskDep,
    db_session: DbDep,
    user: Writer,
    check_in: CheckRequest | None = None,
) -> CheckRun:
    """Run the current check step's diagnostic (on the walk's target unless one is given);
    recorded in the case's audit. The outcomes it points to are suggestions."""
    target = check_in.target if check_in is not None else None
    found = flows.run_check(
        desk=desk, db_session=db_session, case_id=case.id, target=target, actor=user
    )
    walk = flows.load_walk(desk, service.get(db_session=db_session, case_id=case.id))
    numbered = {option.id: (number, option) for number, option in enumerate(walk.options(), 1)}
    return CheckRun(
        check=found.check,
        target=found.target,
        results=[result.to_dict() for result in found.results],
        suggested=[
            OutcomeRead(
                number=numbered[outcome][0],
                id=outcome,
                labels=numbered[outcome][1].label.model_dump(),
                detail=hint.detail,
            )
            for outcome, hint in found.suggested.items()
            if outcome in numbered
        ],
    )


@router.get("/{case_id}/audit", response_model=list[AuditEventRead])
def case_audit(
    case: CaseDep, db_session: DbDep, _user: Annotated[User, Depends(require("audit:read"))]
) -> list[AuditEventRead]:
    """The case's audit trail."""
    events = audit.for_case(db_session=db_session, case_id=case.id)
    return [AuditEventRead.model_validate(event) for event in events]


@router.get("/{case_id}/secrets", response_model=list[SecretInfo])
def list_secrets(case: CaseDep, db_session: DbDep, _user: Reader) -> list[SecretInfo]:
    """Which secrets the case holds and until when (never their values)."""
    return [
        SecretInfo(
            field=row.field,
            created_at=row.created_at,
            expires_at=row.expires_at,
            purged=row.ciphertext is None,
        )
        for row in secrets.list_for_case(db_session=db_session, case_id=case.id)
    ]


@router.post("/{case_id}/secrets/{field}/reveal", response_model=SecretRevealed)
def reveal_secret(
    case: CaseDep,
    field: Annotated[str, PathParam(max_length=64, pattern=r"^[a-z][a-z0-9_]*$")],
    desk: DeskDep,
    db_session: DbDep,
    user: Annotated[User, Depends(require("secrets:reveal"))],
) -> SecretRevealed:
    """Show a customer password to an allowed user; the reveal is audited."""
    value = secrets.reveal(db_session=db_session, keys=desk.keys, case=case, field=field, user=user)
    return SecretRevealed(field=field, value=value)


@router.post(
    "/{case_id}/attachments", response_model=AttachmentRead, status_code=status.HTTP_201_CREATED
)
async def upload_attachment(
    request: Request,
    case: CaseDep,
    desk: DeskDep,
    db_session: DbDep,
    _user: Writer,
    file: Annotated[UploadFile, File(description="the file, at most the upload limit (25 MB)")],
    kind: Annotated[
        Literal["original", "bounce-original", "screenshot", "other"], Form()
    ] = "other",
) -> AttachmentRead:
    """Attach an original, a bounce, a screenshot or another file to the case.

    An original (.eml, winmail.dat) is read by the message reader at once, with
    the case's other originals, in the engine pool; its findings come back in
    ``inspection`` (503 ``busy`` before anything is stored when the pool is full or
    the user has their share in it; a reading past the time limit is kept as its
    ``error``).
    """
    row = await originals.attach(
        desk=desk,
        pool=request.app.state.engine_pool,
        db_session=db_session,
        case=case,
        kind=kind,
        name=file.filename or "file",
        media_type=file.content_type or "application/octet-stream",
        source=file.file,
        actor_id=_user.id,
    )
    return AttachmentRead.model_validate(row)


@router.get("/{case_id}/attachments", response_model=list[AttachmentRead])
def list_attachments(case: CaseDep, db_session: DbDep, _user: Reader) -> list[AttachmentRead]:
    """The case's attachments (metadata)."""
    rows = attachments.for_case(db_session=db_session, case_id=case.id)
    return [AttachmentRead.model_validate(row) for row in rows]
