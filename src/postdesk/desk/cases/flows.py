"""Where the case services meet: create from a complaint, walk, escalate, close.

Each flow is one transaction: it either commits everything it did (case,
customer, walk state, secrets, escalation, incident, audit events) or
nothing, so bad input never leaves half a case behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from postdesk.desk.audit import service as audit
from postdesk.desk.cases import assignment, customer_pick, status, takeover
from postdesk.desk.cases import service as cases
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.schemas import CaseClose, CaseCreate, CaseUpdate, WalkAction
from postdesk.desk.context import Desk
from postdesk.desk.customers import service as customers
from postdesk.desk.customers.models import Customer
from postdesk.desk.errors import ConflictError
from postdesk.desk.escalations import service as escalations
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.incidents import service as incidents
from postdesk.desk.reminders import service as reminders
from postdesk.desk.secrets import service as secrets
from postdesk.desk.users.models import User
from postdesk.errors import InvalidInputError, NotFoundError
from postdesk.kb.runner import SECRET_MARK, Walk
from postdesk.kb.schema import EscalateStep, Playbook
from postdesk.kb.step_checks import StepCheck, run_step_check


@dataclass
class FlowResult:
    """A case after a flow, and the mail escalations it queued (for the job queue)."""

    case: Case
    queued: list[int] = field(default_factory=list)
    escalation: Escalation | None = None
    # Held so that rendering the answer finds them in the session instead of re-reading.
    related: list[object] = field(default_factory=list)


def pick_playbook(
    desk: Desk,
    case_in: CaseCreate,
    facts: tuple[str | None, dict[str, Any]] | None = None,
) -> tuple[Playbook, dict[str, Any]]:
    """The playbook named by the agent, else the one triage ranks first, and its entities.

    ``facts``: what ``triage_bridge.facts`` found, when it was read elsewhere (a
    long complaint, in the engine pool); read here otherwise.
    """
    from postdesk.desk.cases import triage_bridge

    if facts is None:
        facts = triage_bridge.facts(desk.library, case_in.complaint, case_in.playbook_id)
    chosen, entities = facts
    if case_in.playbook_id:
        try:
            return desk.library.get(case_in.playbook_id), entities
        except NotFoundError as err:  # a bad value in the body, not a missing resource
            raise InvalidInputError(key="case_playbook_unknown", error=err) from None
    if chosen is None:
        raise InvalidInputError(key="case_no_playbook")
    return desk.library.get(chosen), entities


def create_case(
    *,
    desk: Desk,
    db_session: Session,
    case_in: CaseCreate,
    actor: User,
    facts: tuple[str | None, dict[str, Any]] | None = None,
) -> FlowResult:
    """A new case with its walk started; runs the outage rule; one commit.

    ``facts``: triage's reading of the complaint when it was done elsewhere
    (see :func:`pick_playbook`).
    """
    playbook, entities = pick_playbook(desk, case_in, facts)
    assignment.check_assignee_exists(db_session, case_in.assignee_id)
    walk = Walk.start(playbook)
    if case_in.customer is None and case_in.contact is not None:
        raise InvalidInputError(key="case_contact_needs_customer")
    chosen = customer_pick.pick(db_session=db_session, entities=entities)
    customer = contact = None
    if case_in.customer is not None:
        customer = customers.get_or_create(db_session=db_session, customer_in=case_in.customer)
        chosen = chosen.given(customer.id, customer.domain)
        if case_in.contact is not None:
            contact = customers.add_contact(
                db_session=db_session, customer=customer, contact_in=case_in.contact
            )
    elif chosen.record is not None:
        # A customer the desk already has, named in the complaint: the case is theirs.
        # Never a new record from the complaint (that could be the other side's domain).
        customer = db_session.get(Customer, chosen.record.customer_id)
    if entities and chosen.reason is not None:
        entities = chosen.entities(entities)
    symptom = incidents.symptom_of(playbook, entities)
    case = Case(
        customer_id=customer.id if customer else None,
        contact_id=contact.id if contact else None,
        playbook_id=playbook.id,
        playbook_version=playbook.version,
        channel=case_in.channel,
        complaint=case_in.complaint,
        entities=entities,
        symptom_key=symptom[0] if playbook.outage is not None else None,
        walk_state=walk.state.model_dump(mode="json"),
        assignee_id=case_in.assignee_id or actor.id,
        created_by_id=actor.id,
        status=_status_of(walk),
    )
    db_session.add(case)
    db_session.flush()  # the case's id, and the outage rule counts the case itself
    result = FlowResult(case=case, related=[customer, contact])
    incident, is_new = incidents.report(
        db_session=db_session,
        case=case,
        rule=playbook.outage,
        symptom=symptom,
        limits=desk.profile.limits,
    )
    # Recorded after the rule's queries so that it goes out with the commit's single
    # flush instead of forcing one of its own (case creation is the busiest write).
    audit.record(
        db_session=db_session,
        action="case.created",
        actor_id=actor.id,
        case_id=case.id,
        detail={"playbook_id": playbook.id, "customer_reason": chosen.reason},
    )
    if incident is not None and is_new:
        notice = escalations.create_incident_notice(
            db_session=db_session,
            settings=desk.settings,
            profile=desk.profile,
            incident=incident,
            symptom_text=incident.symptom,
        )
        audit.record(
            db_session=db_session,
            action="incident.raised",
            actor_id=actor.id,
            case_id=case.id,
            detail={"incident_id": incident.id},
        )
        if notice.status == "queued":
            result.queued.append(notice.id)
    db_session.commit()
    return result


def _status_of(walk: Walk) -> str:
    """The status a fresh case takes from its walk (a walk may end at its first step)."""
    return {"active": "open", "resolved": "resolved", "escalated": "waiting_engineer"}[
        walk.state.status
    ]


def _status_after_walk(case: Case, walk: Walk) -> str:
    """The status after a walk action or an undo: an escalation waiting for its answer
    keeps the case waiting; a walk that ends resolved resolves it; an undone end opens it."""
    if case.status == "waiting_engineer":
        return case.status
    if walk.state.status == "resolved":
        return "resolved"
    if case.status == "resolved":
        return "open"
    return case.status


def load_walk(desk: Desk, case: Case) -> Walk:
    playbook = desk.library.get(case.playbook_id)
    return Walk.from_json(playbook, _json(case.walk_state))


def _json(state: dict[str, Any]) -> str:
    import json

    return json.dumps(state)


def _lock_open_case(db_session: Session, case_id: int, refusal: str) -> Case:
    """The case, row-locked for a change; ConflictError ``refusal`` (a catalogue key) once closed.

    Every flow that changes a case goes through here, so none of them can touch a
    closed one (its secrets are already purged).
    """
    case = cases.get_for_update(db_session=db_session, case_id=case_id)
    if case.status == "closed":
        raise ConflictError(key=refusal, case=case.id)
    return case


def act(
    *, desk: Desk, db_session: Session, case_id: int, action: WalkAction, actor: User
) -> FlowResult:
    """Apply one walk action to a case; secrets go to the vault, escalations are created."""
    case = _lock_open_case(db_session, case_id, "case_closed_new_problem")
    walk = load_walk(desk, case)
    step_before = walk.step
    secrets_given: dict[str, str] = {}
    if action.proceed:
        walk.proceed()
    elif action.fields is not None:
        outcome = walk.collect(action.fields)
        secrets_given = outcome.secrets
    else:
        assert action.choice is not None
        walk.answer(action.choice)
    result = FlowResult(case=case)
    for name, value in secrets_given.items():
        secrets.store(
            db_session=db_session,
            keys=desk.keys,
            case_id=case.id,
            field=name,
            value=value,
            ttl_hours=desk.settings.secret_ttl_hours,
            actor_id=actor.id,
        )
    case.walk_state = walk.state.model_dump(mode="json")
    if isinstance(step_before, EscalateStep) and walk.state.escalation is not None:
        escalation = escalations.create_from_step(
            db_session=db_session,
            settings=desk.settings,
            profile=desk.profile,
            playbook=walk.playbook,
            step=step_before,
            case=case,
            actor_id=actor.id,
        )
        audit.record(
            db_session=db_session,
            action="case.escalated",
            actor_id=actor.id,
            case_id=case.id,
            detail={"escalation_id": escalation.id, "channel": escalation.channel_id},
        )
        result.escalation = escalation
        if escalation.status == "queued":
            result.queued.append(escalation.id)
        status.set_status(
            db_session=db_session, case=case, status="waiting_engineer", actor_id=actor.id
        )
    else:
        status.set_status(
            db_session=db_session,
            case=case,
            status=_status_after_walk(case, walk),
            actor_id=actor.id,
        )
    answer = walk.state.transcript[-1] if walk.state.transcript else None
    detail: dict[str, Any] = {"step": step_before.id, "kind": step_before.kind}
    if answer is not None and answer.step == step_before.id:
        # The answer itself (secrets are already masked in the transcript), for the timeline.
        detail.update(
            {"action": answer.action, "choice": answer.choice, "fields": answer.fields or {}}
        )
    audit.record(
        db_session=db_session,
        action="case.walked",
        actor_id=actor.id,
        case_id=case.id,
        detail=detail,
    )
    reminders.from_steps(
        db_session=db_session,
        profile=desk.profile,
        case_id=case.id,
        playbook_id=walk.playbook.id,
        step_id=step_before.id,
        specs=list(step_before.reminders),
        on="done",
        start=desk.clock(),
        actor_id=actor.id,
    )
    db_session.commit()
    return result


def update_case(
    *, desk: Desk, db_session: Session, case_id: int, case_in: CaseUpdate, actor: User
) -> Case:
    """Change the assignee, status, channel or customer of a case; each change audited.

    A closed case changes only by being reopened (``status: open`` with a reason),
    in the same request or before.
    """
    case = cases.get_for_update(db_session=db_session, case_id=case_id)
    if case.status == "closed" and case_in.status != "open":
        raise ConflictError(key="case_closed_no_change", case=case.id)
    changed: list[str] = []
    if case_in.status is not None:
        change_status(
            db_session=db_session,
            case=case,
            wanted=case_in.status,
            reason=case_in.reason,
            actor=actor,
        )
        changed.append("status")
    if "assignee_id" in case_in.model_fields_set:
        reassign(
            db_session=db_session,
            case=case,
            actor=actor,
            assignee_id=case_in.assignee_id,
            reason=case_in.reason,
        )
        changed.append("assignee_id")
    if case_in.channel is not None:
        case.channel = case_in.channel
        changed.append("channel")
    detail: dict[str, Any] = {}
    if case_in.customer is not None:
        before = db_session.get(Customer, case.customer_id) if case.customer_id else None
        customer = customers.get_or_create(db_session=db_session, customer_in=case_in.customer)
        case.customer_id = customer.id
        changed.append("customer")
        # The agent corrects whose case it is (issue 13.2): the audit keeps both domains.
        detail["customer_domain"] = {
            "from": before.domain if before else None,
            "to": customer.domain,
        }
        if customer_pick.reason_of(case.entities) is not None:
            # The reason shown with the customer is now the agent's correction.
            stored = {**case.entities[customer_pick.PICK_KEY]}
            stored.update(reason=customer_pick.CORRECTED, values={}, customer_id=customer.id)
            case.entities = {**case.entities, customer_pick.PICK_KEY: stored}
    if set(changed) - {"status", "assignee_id"}:
        # Status and assignee changes have their own events (case.status, case.assigned).
        audit.record(
            db_session=db_session,
            action="case.updated",
            actor_id=actor.id,
            case_id=case.id,
            detail={"changed": changed, **detail},
        )
    db_session.commit()
    return case


def reassign(
    *, db_session: Session, case: Case, actor: User, assignee_id: int | None, reason: str | None
) -> None:
    """Make ``assignee_id`` the case's assignee (desk.cases.assignment's rule), audited.

    Taking a case from another active holder over their head (a supervisor)
    needs a reason; the holder handing it over, or taking a free case, does not.
    """
    assignment.check_reassign(
        db_session=db_session, case=case, actor=actor, assignee_id=assignee_id
    )
    before = case.assignee_id
    if assignee_id == before:
        return
    held_by_other = before is not None and before != actor.id
    if held_by_other and assignment.active_user(db_session, before) and not (reason or "").strip():
        raise InvalidInputError(key="reassign_needs_reason", case_id=case.id)
    case.assignee_id = assignee_id
    takeover.void_pending(db_session=db_session, case_id=case.id)
    detail: dict[str, Any] = {"from": before, "to": assignee_id}
    if reason:
        detail["reason"] = reason
    audit.record(
        db_session=db_session,
        action="case.assigned",
        actor_id=actor.id,
        case_id=case.id,
        detail=detail,
    )


def change_status(
    *, db_session: Session, case: Case, wanted: str, reason: str | None, actor: User
) -> None:
    """Move the case to ``wanted`` by hand (desk.cases.status.MOVES); closing purges secrets."""
    status.check_move(case.status, wanted, reason)
    if wanted == "closed":
        close_record(db_session, case, actor, resolution=reason)
        return
    if case.status == "closed":
        case.closed_at = None
    status.set_status(
        db_session=db_session, case=case, status=wanted, actor_id=actor.id, reason=reason
    )


def close_record(db_session: Session, case: Case, actor: User, resolution: str | None) -> None:
    """Close ``case`` in the session: status, secrets purged, reminders and requests ended."""
    now = datetime.now(UTC)
    status.set_status(db_session=db_session, case=case, status="closed", actor_id=actor.id, now=now)
    case.closed_at = now
    if resolution:
        case.resolution = resolution
    purged = secrets.purge_case(db_session=db_session, case_id=case.id)
    reminders.close_open(db_session=db_session, case_id=case.id, actor_id=actor.id, now=now)
    takeover.void_pending(db_session=db_session, case_id=case.id)
    audit.record(
        db_session=db_session,
        action="case.closed",
        actor_id=actor.id,
        case_id=case.id,
        detail={"secrets_purged": purged},
    )


def undo(*, desk: Desk, db_session: Session, case_id: int, actor: User) -> FlowResult:
    """Take back the case's last answer (kb.runner.Walk.undo); audited, one commit.

    An escalation is never taken back; a secret collected by the undone answer is
    dropped from the vault with it.
    """
    case = _lock_open_case(db_session, case_id, "case_closed_no_walk")
    walk = load_walk(desk, case)
    undone = walk.undo()
    for name, value in (undone.fields or {}).items():
        if value == SECRET_MARK:
            secrets.drop(db_session=db_session, case_id=case.id, field=name)
    case.walk_state = walk.state.model_dump(mode="json")
    status.set_status(
        db_session=db_session, case=case, status=_status_after_walk(case, walk), actor_id=actor.id
    )
    audit.record(
        db_session=db_session,
        action="case.walk_undone",
        actor_id=actor.id,
        case_id=case.id,
        detail={"step": undone.step, "action": undone.action, "choice": undone.choice},
    )
    db_session.commit()
    return FlowResult(case=case)


def run_check(
    *,
    desk: Desk,
    db_session: Session,
    case_id: int,
    target: str | None,
    actor: User,
) -> StepCheck:
    """Run the case's current check step (kb.step_checks) and record it in the audit.

    ``target`` is what the agent typed; None: the walk's own target
    (:meth:`Walk.check_target`). No transaction stays open while the check waits
    on the network (desk.diagnose_context() says how it resolves and connects).
    """
    import asyncio

    from postdesk.desk.cases.panel import facts_for

    case = cases.get(db_session=db_session, case_id=case_id)
    if case.status == "closed":
        raise ConflictError(key="case_closed_new_problem", case=case.id)
    walk = load_walk(desk, case)
    if not (target or "").strip():
        known = walk.check_target(
            desk.profile.hosts.model_dump(), facts_for(desk, db_session, case)
        )
        target = known.value if known else ""
    desk.take_diagnose_turn(actor.id)  # the per-user quota of checks (docs/security.md)
    # SQLite's writer lock (or a pooled connection) must not wait on the network.
    db_session.rollback()
    found = asyncio.run(run_step_check(walk, target or "", desk.diagnose_context()))
    audit.record(
        db_session=db_session,
        action="case.checked",
        actor_id=actor.id,
        case_id=case_id,
        detail={
            "step": walk.state.current,
            "check": found.check,
            "target": found.target,
            "status": found.statuses,
            "suggested": sorted(found.suggested),
        },
    )
    db_session.commit()
    return found


def close_case(
    *, desk: Desk, db_session: Session, case_id: int, close_in: CaseClose, actor: User
) -> Case:
    """Close a case, purge its secrets, end its reminders; closing twice is refused."""
    case = _lock_open_case(db_session, case_id, "case_already_closed")
    close_record(db_session, case, actor, resolution=close_in.resolution)
    db_session.commit()
    return case
