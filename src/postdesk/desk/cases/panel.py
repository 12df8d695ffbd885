"""The walk of a case as every interface shows it: one view for the API and the pages.

What the current step says, its numbered choices with what the desk suggests,
the fields with the values it offers (and where they come from), the check
it can run and on what, the escalation exactly as it will go, the next step,
whether the last answer can be taken back, and every collected value with
the label of the step that collected it. The rules behind each part live in
:mod:`postdesk.kb.runner` (and :mod:`postdesk.kb.facts`); this module only
gathers them with what the desk stores (customer, contact, incident), so the
API and the pages cannot disagree (issue 13.8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.errors import IncompleteError
from postdesk.desk.escalations import service as escalations
from postdesk.desk.escalations.render import field_labels
from postdesk.errors import NotFoundError
from postdesk.i18n import Text, message
from postdesk.kb import slots
from postdesk.kb.checks import known_checks
from postdesk.kb.facts import Facts
from postdesk.kb.runner import SECRET_MARK, CollectedField, Hint, Walk
from postdesk.kb.schema import (
    AnyStep,
    AskStep,
    CheckStep,
    CollectStep,
    EscalateStep,
    InstructStep,
    Playbook,
    ReplyStep,
)
from postdesk.kb.step_checks import runnable

_NEXT_LABEL_CHARS = {"zh": 40, "en": 70}


@dataclass
class ChoiceView:
    number: int
    id: str
    label: Text
    next: dict[str, Any] | None
    hint: Hint | None = None


@dataclass
class FieldView:
    name: str
    type: str
    label: Text
    help: Text | None
    required: bool
    choices: list[str]
    value: str  # what the form shows: typed, collected, offered, or ""
    source: str | None  # where an offered value comes from (walk, customer, complaint, ...)
    secret_given: bool


@dataclass
class CheckView:
    id: str
    title: Text | None
    runnable: bool
    target: str
    target_source: str | None
    how: list[Text]


@dataclass
class EscalationView:
    channel_id: str
    channel: Any = None
    kind: str | None = None
    payload: dict[str, Any] | None = None
    missing: list[Text] = field(default_factory=list)
    error: Text | None = None
    attachments: list[Any] = field(default_factory=list)


@dataclass
class Panel:
    """Everything shown for the case's current step (see the module docstring)."""

    step: AnyStep
    say: Text
    status: str
    finished: bool
    choices: list[ChoiceView] = field(default_factory=list)
    fields: list[FieldView] | None = None
    check: CheckView | None = None
    instructions: list[Text] = field(default_factory=list)
    escalation: EscalationView | None = None
    next: dict[str, Any] | None = None
    can_undo: bool = False
    collected: list[CollectedField] = field(default_factory=list)
    # Steps the case's attached originals point to (postdesk.inspect findings).
    suggestions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.step.kind


def facts_for(desk: Desk, db_session: Session, case: Case) -> Facts:
    """What the desk knows about ``case``: its records, the complaint's entities, its incident."""
    from zoneinfo import ZoneInfo

    from postdesk.desk.customers.models import Contact, Customer
    from postdesk.desk.incidents.models import Incident

    customer = db_session.get(Customer, case.customer_id) if case.customer_id else None
    contact = db_session.get(Contact, case.contact_id) if case.contact_id else None
    incident = db_session.get(Incident, case.incident_id) if case.incident_id else None
    created = case.created_at
    today = created.astimezone(ZoneInfo(desk.profile.timezone)).date() if created else None
    return Facts.from_entities(
        case.complaint,
        case.entities or {},
        customer_domain=customer.domain if customer else None,
        company_name=customer.company_name if customer else None,
        contact_name=contact.name if contact else None,
        contact_phone=contact.phone if contact else None,
        contact_email=contact.email if contact else None,
        today=today,
        open_incident=incident.id if incident is not None and incident.status == "open" else None,
    )


def next_label(walk: Walk, step_id: str | None) -> dict[str, Any] | None:
    """A step's id, kind and short label, for "next step" hints.

    The label is the step's title, else the first line of its text with what the
    walk knows filled in; a value the walk does not know yet shows as "…", never
    as a placeholder.
    """
    if not step_id:
        return None
    step = walk.playbook.step(step_id)
    return step_label(walk.playbook, step_id, walk.say(step))


def step_label(playbook: Playbook, step_id: str, said: Text | None = None) -> dict[str, Any]:
    """A step's id, kind and short label; ``said``: its text as the walk fills it in."""
    step = playbook.step(step_id)
    if step.title is not None:
        return {"id": step.id, "kind": step.kind, "label": step.title}
    said = said or slots.fill(step.text, {})
    label = Text(
        zh=_cut(said.zh, _NEXT_LABEL_CHARS["zh"]), en=_cut(said.en, _NEXT_LABEL_CHARS["en"])
    )
    return {"id": step.id, "kind": step.kind, "label": label}


def _cut(text: str, size: int) -> str:
    text = slots.UNFILLED.sub("…", text)
    first = text.strip().splitlines()[0] if text.strip() else "…"
    return first if len(first) <= size else first[: size - 1] + "…"


def _choices(walk: Walk, facts: Facts, extra: dict[str, Hint]) -> list[ChoiceView]:
    hints = {**walk.suggestions(facts), **extra}
    return [
        ChoiceView(
            number=number,
            id=option.id,
            label=option.label,
            next=next_label(walk, option.next),
            hint=hints.get(option.id),
        )
        for number, option in enumerate(walk.options(), 1)
    ]


def _fields(step: CollectStep, walk: Walk, facts: Facts, typed: dict[str, str]) -> list[FieldView]:
    offered = walk.prefill(facts)
    shown = []
    for spec in step.fields:
        stored = walk.state.fields.get(spec.name)
        given = spec.type == "secret" and stored == SECRET_MARK
        source = None
        if spec.type == "secret":
            value = typed.get(spec.name, "")
        elif spec.name in typed:
            value = typed[spec.name]
        elif spec.name in offered:
            value, source = offered[spec.name].value, offered[spec.name].source
        else:
            value = ""
        shown.append(
            FieldView(
                name=spec.name,
                type=spec.type,
                label=spec.label,
                help=spec.help,
                required=spec.required and not given,
                choices=list(spec.choices or []),
                value=value,
                source=source,
                secret_given=given,
            )
        )
    return shown


def _escalation(
    desk: Desk, db_session: Session, case: Case, playbook: Playbook, step: EscalateStep
) -> EscalationView:
    """The escalation preview: channel, payload as it would be stored, or what is missing."""
    view = EscalationView(channel_id=step.channel, attachments=list(step.attachments))
    try:
        channel = desk.profile.channel(step.channel)
    except KeyError:
        known = ", ".join(sorted(desk.profile.channels))
        view.error = Text(
            zh=message("profile_channel_unknown", "zh", channel=step.channel, known=known),
            en=message("profile_channel_unknown", "en", channel=step.channel, known=known),
        )
        return view
    view.channel = channel
    try:
        view.kind, view.payload = escalations.preview_from_step(
            db_session=db_session,
            settings=desk.settings,
            profile=desk.profile,
            playbook=playbook,
            step=step,
            case=case,
        )
    except IncompleteError as err:
        labels = field_labels(channel, playbook, case.walk_state)
        view.missing = [labels.get(name, Text(zh=name, en=name)) for name in err.missing]
    except NotFoundError as err:
        view.error = Text(zh=err.localised("zh"), en=err.localised("en"))
    return view


def _panel(
    walk: Walk, facts: Facts, typed: dict[str, str], hints: dict[str, Hint], can_undo: bool
) -> Panel:
    """What every panel shows, from the walk and what the desk knows."""
    step = walk.step
    panel = Panel(
        step=step,
        say=walk.say(step),
        status=walk.state.status,
        finished=walk.finished,
        can_undo=can_undo and walk.can_undo(),
        collected=walk.collected(),
    )
    if isinstance(step, AskStep | CheckStep):
        panel.choices = _choices(walk, facts, hints)
    if isinstance(step, InstructStep):
        panel.instructions = list(step.steps)
    if isinstance(step, CollectStep):
        panel.fields = _fields(step, walk, facts, typed)
    if isinstance(step, InstructStep | CollectStep | ReplyStep | EscalateStep):
        panel.next = next_label(walk, step.next)
    return panel


def without_case(walk: Walk) -> Panel:
    """The panel of a walk that has no case (the stateless runner): what the walk knows."""
    return _panel(walk, Facts(), {}, {}, can_undo=True)


def build(
    *,
    desk: Desk,
    db_session: Session,
    case: Case,
    walk: Walk,
    typed: dict[str, str] | None = None,
    check_hints: dict[str, Hint] | None = None,
) -> Panel:
    """The panel of ``case``'s current step; ``typed`` keeps what a refused form held."""
    from postdesk.desk.cases import originals

    facts = facts_for(desk, db_session, case)
    step = walk.step
    found = originals.suggestions(db_session=db_session, case=case, playbook=walk.playbook)
    # An original's finding that leads where a choice leads marks that choice too.
    hints = {
        option.id: Hint("original", hint["file"])
        for hint in found
        for option in walk.options()
        if option.next == hint["step"]
    }
    hints.update(check_hints or {})
    panel = _panel(walk, facts, typed or {}, hints, case.status != "closed")
    panel.suggestions = [
        {**hint, "label": step_label(walk.playbook, hint["step"])} for hint in found
    ]
    if isinstance(step, CheckStep):
        info = known_checks().get(step.check)
        target = walk.check_target(desk.profile.hosts.model_dump(), facts)
        panel.check = CheckView(
            id=step.check,
            title=info.title if info else None,
            runnable=runnable(step),
            target=target.value if target else "",
            target_source=target.source if target else None,
            how=list(step.how),
        )
    if isinstance(step, EscalateStep) and not walk.finished:
        panel.escalation = _escalation(desk, db_session, case, walk.playbook, step)
    return panel
