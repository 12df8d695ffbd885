"""What the walk panel shows for the current step, built from the playbook and the case.

Pure data for the template: the step's text, its numbered choices, the form
fields with their values and errors, the check that can run inline, and the
escalation exactly as it would be sent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.errors import IncompleteError
from postdesk.desk.escalations import service as escalations
from postdesk.desk.escalations.render import field_labels
from postdesk.errors import NotFoundError
from postdesk.kb.checks import known_checks
from postdesk.kb.runner import SECRET_MARK, Walk
from postdesk.kb.schema import (
    AnyStep,
    AskStep,
    CheckStep,
    CollectStep,
    EscalateStep,
    FieldSpec,
    InstructStep,
    Playbook,
    ReplyStep,
)

# How each field type is typed in the browser; the server validates every value anyway.
INPUT_TYPES: dict[str, str] = {
    "email": "email",
    "phone": "tel",
    "integer": "number",
    "url": "url",
    "secret": "password",
}
PLACEHOLDERS: dict[str, str] = {
    "domain": "example.com",
    "email": "name@example.com",
    "phone": "010-12345678",
    "datetime": "2024-03-05 14:30",
    "date": "2024-03-05",
    "ip": "203.0.113.7",
    "url": "http://",
}


def step_label(playbook: Playbook, step_id: str | None) -> dict[str, Any] | None:
    """A step's id, kind and a short bilingual label, for "next step" hints."""
    if not step_id:
        return None
    step = playbook.step(step_id)
    if step.title is not None:
        label = {"zh": step.title.zh, "en": step.title.en}
    else:
        label = {"zh": _cut(step.text.zh, 40), "en": _cut(step.text.en, 70)}
    return {"id": step.id, "kind": step.kind, "label": label}


def _cut(text: str, size: int) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= size else first[: size - 1] + "…"


def _known_domain(case: Case, domain: str | None) -> str:
    """The customer's domain, else the first domain triage found in the complaint, else ""."""
    if domain:
        return domain
    domains = (case.entities or {}).get("domains") or []
    return str(domains[0].get("ascii", "")) if domains else ""


def _suggested_value(spec: FieldSpec, case: Case, domain: str | None) -> str:
    """A value the desk already knows for an empty field: the case's domain or a found fact."""
    if spec.type == "domain" or spec.name == "domain":
        return _known_domain(case, domain)
    by_type = {"email": "emails", "phone": "phones", "ip": "ipv4"}
    values = (case.entities or {}).get(by_type.get(spec.type, ""), [])
    return str(values[0]) if values else ""


def _fields(
    step: CollectStep,
    walk: Walk,
    case: Case,
    domain: str | None,
    typed: dict[str, str],
    errors: dict[str, str],
) -> list[dict[str, Any]]:
    shown = []
    for spec in step.fields:
        stored = walk.state.fields.get(spec.name)
        if spec.type == "secret":
            value, given = "", stored == SECRET_MARK
        else:
            given = False
            if spec.name in typed:
                value = typed[spec.name]
            elif stored not in (None, ""):
                value = str(stored)
            else:
                value = _suggested_value(spec, case, domain)
        shown.append(
            {
                "name": spec.name,
                "type": spec.type,
                "label": spec.label,
                "help": spec.help,
                "required": spec.required and not given,
                "choices": spec.choices or [],
                "value": value,
                "secret_given": given,
                "input_type": INPUT_TYPES.get(spec.type, "text"),
                "placeholder": PLACEHOLDERS.get(spec.type, ""),
                "error": errors.get(spec.name),
                "form_name": ("secret:" if spec.type == "secret" else "field:") + spec.name,
            }
        )
    return shown


def labels(playbook: Playbook) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    """Field name -> label, and (step id, choice id) -> label, for the transcript and facts."""
    fields: dict[str, Any] = {}
    choices: dict[tuple[str, str], Any] = {}
    for step in playbook.steps:
        for spec in getattr(step, "fields", []) or []:
            fields[spec.name] = spec.label
        if isinstance(step, AskStep | CheckStep):
            for option in step.options if isinstance(step, AskStep) else step.outcomes:
                choices[(step.id, option.id)] = option.label
    return fields, choices


def check_target(step: CheckStep, walk: Walk, case: Case, domain: str | None) -> str:
    """The target a check runs on: the step's named field, else the customer's domain."""
    if step.target and walk.state.fields.get(step.target) not in (None, "", SECRET_MARK):
        return str(walk.state.fields[step.target])
    return _known_domain(case, domain)


def _escalation(
    desk: Desk, db_session: Session, case: Case, playbook: Playbook, step: EscalateStep
) -> dict[str, Any]:
    """The escalation preview: channel, payload as it would be stored, or what is missing."""
    view: dict[str, Any] = {
        "error": None,
        "channel": None,
        "channel_id": step.channel,
        "missing": [],
        "kind": None,
        "payload": None,
        "attachments": step.attachments,
    }
    try:
        channel = desk.profile.channel(step.channel)
    except KeyError as err:
        view["error"] = str(err.args[0])
        return view
    view["channel"] = channel
    try:
        kind, payload = escalations.preview_from_step(
            db_session=db_session,
            settings=desk.settings,
            profile=desk.profile,
            playbook=playbook,
            step=step,
            case=case,
        )
    except IncompleteError as err:
        labels = field_labels(channel, playbook)
        missing = (labels.get(name, (name, name)) for name in err.missing)
        view["missing"] = [{"zh": zh, "en": en} for zh, en in missing]
        return view
    except NotFoundError as err:
        view["error"] = str(err)
        return view
    view["kind"] = kind
    view["payload"] = payload
    return view


def build(
    *,
    desk: Desk,
    db_session: Session,
    case: Case,
    walk: Walk,
    domain: str | None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The walk panel's data for the case's current step."""
    from postdesk.diagnose import CHECK_NAMES

    playbook = walk.playbook
    step: AnyStep = walk.step
    view: dict[str, Any] = {
        "step": step,
        "say": walk.say(step),  # the text with what was collected (real expiry, ...) filled in
        "kind": step.kind,
        "finished": walk.finished,
        "status": walk.state.status,
        "choices": [],
        "next": None,
    }
    if isinstance(step, AskStep | CheckStep):
        options = step.options if isinstance(step, AskStep) else step.outcomes
        view["choices"] = [
            {
                "number": number,
                "id": option.id,
                "label": option.label,
                "next": step_label(playbook, option.next),
            }
            for number, option in enumerate(options, 1)
        ]
    if isinstance(step, CheckStep):
        info = known_checks().get(step.check)
        view["check"] = {
            "id": step.check,
            "title": info.title if info else None,
            "runnable": step.check in CHECK_NAMES,
            "target": check_target(step, walk, case, domain),
            "how": step.how,
        }
    if isinstance(step, InstructStep):
        view["instructions"] = step.steps
    if isinstance(step, CollectStep):
        view["fields"] = _fields(step, walk, case, domain, typed or {}, errors or {})
    if isinstance(step, EscalateStep) and not walk.finished:
        view["escalation"] = _escalation(desk, db_session, case, playbook, step)
    if isinstance(step, InstructStep | CollectStep | ReplyStep | EscalateStep):
        view["next"] = step_label(playbook, step.next)
    return view
