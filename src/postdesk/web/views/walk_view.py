"""How the pages show the walk panel: input types, placeholders and labels for the template.

What the panel holds (suggested choices, offered values, the check's target,
the escalation preview) is the desk's one view (:mod:`postdesk.desk.cases.panel`),
the same the API answers with; this module only adds what a browser form needs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from postdesk.desk.cases import panel as walk_panel
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.i18n import Text
from postdesk.kb.runner import Hint, Walk
from postdesk.kb.schema import AskStep, CheckStep, Playbook

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


def choice_labels(playbook: Playbook) -> dict[tuple[str, str], Text]:
    """(step id, choice id) -> label, for the transcript."""
    choices: dict[tuple[str, str], Text] = {}
    for step in playbook.steps:
        if isinstance(step, AskStep | CheckStep):
            for option in step.options if isinstance(step, AskStep) else step.outcomes:
                choices[(step.id, option.id)] = option.label
    return choices


def field_label(playbook: Playbook, step_id: str, name: str) -> Text:
    """A field's label as step ``step_id`` gives it (the transcript shows each as collected)."""
    try:
        step = playbook.step(step_id)
    except KeyError:
        return Text(zh=name, en=name)
    for spec in getattr(step, "fields", None) or []:
        if spec.name == name:
            return spec.label
    return Text(zh=name, en=name)


def build(
    *,
    desk: Desk,
    db_session: Session,
    case: Case,
    walk: Walk,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    check_hints: dict[str, Hint] | None = None,
) -> dict[str, Any]:
    """The panel (desk.cases.panel) with each field's input type, placeholder and error."""
    panel = walk_panel.build(
        desk=desk, db_session=db_session, case=case, walk=walk, typed=typed, check_hints=check_hints
    )
    inputs = [
        {
            "field": shown,
            "input_type": INPUT_TYPES.get(shown.type, "text"),
            "placeholder": PLACEHOLDERS.get(shown.type, ""),
            "error": (errors or {}).get(shown.name),
            "form_name": ("secret:" if shown.type == "secret" else "field:") + shown.name,
        }
        for shown in panel.fields or []
    ]
    return {"panel": panel, "inputs": inputs}
