"""Render an escalation's payload from a playbook's escalate step and the profile channel.

Required fields are the step's ``requires`` plus the channel's own; values
come from the walk's collected fields, then from the case's customer and
contact records (domain, company name, contact person and phone), then for
``matter`` from the playbook's title. Every other value the walk collected
goes with them, and so does the case's contact (issue 13.5), each labelled as
the step that collected it labels it. A secret is never rendered: where the
document asks to pass a password on, the payload says where to find it (a
link to the case) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from postdesk.desk.errors import IncompleteError
from postdesk.errors import PostdeskError
from postdesk.i18n import Text
from postdesk.kb.runner import SECRET_MARK, Walk, WalkState
from postdesk.kb.schema import EscalateStep, Playbook
from postdesk.profile.schema import Channel


@dataclass(frozen=True)
class CaseFacts:
    """What the desk knows about a case besides the walk's fields."""

    case_id: int
    case_url: str
    complaint: str
    domain: str | None
    company_name: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("postdesk.desk.escalations", "templates"),
        autoescape=select_autoescape(["html"]),
    )


def field_labels(
    channel: Channel, playbook: Playbook, walk_state: dict[str, Any] | None = None
) -> dict[str, Text]:
    """Field name -> label: the channel's, then the playbook's, then the walk's own.

    A field the walk collected is labelled as the step that collected it
    (4.0.23's company_name is the company, or the individual applicant), so the
    case page, the preview and the sent payload never label a value differently.
    """
    labels: dict[str, Text] = {}
    for step in playbook.steps:
        for spec in getattr(step, "fields", []) or []:
            labels.setdefault(spec.name, spec.label)
    for spec in channel.requires:
        labels[spec.name] = spec.label
    if walk_state:
        walk = _walk_of(playbook, walk_state)
        if walk is not None:
            for collected in walk.collected():
                labels[collected.name] = collected.label
    for name, label in CASE_LABELS.items():
        labels.setdefault(name, label)
    return labels


def _walk_of(playbook: Playbook, walk_state: dict[str, Any]) -> Walk | None:
    try:
        return Walk(playbook, WalkState.model_validate(walk_state))
    except (ValueError, PostdeskError):  # a state of another version: labels by name only
        return None


# What the case's records add to every escalation (not collected in the walk).
CASE_LABELS: dict[str, Text] = {
    "case_domain": Text(zh="客户域名", en="customer domain"),
    "case_contact": Text(zh="联系人（工单）", en="contact (case)"),
    "case_contact_phone": Text(zh="联系电话（工单）", en="contact phone (case)"),
    "case_contact_email": Text(zh="联系邮箱（工单）", en="contact email (case)"),
}


def gather(
    *,
    step: EscalateStep,
    channel: Channel,
    playbook: Playbook,
    fields: dict[str, Any],
    facts: CaseFacts,
) -> dict[str, Any]:
    """Every required value, or IncompleteError listing all that are missing."""
    fallbacks = {
        "domain": facts.domain,
        "company_name": facts.company_name,
        "contact_name": facts.contact_name,
        "contact_phone": facts.contact_phone,
        "contact_email": facts.contact_email,
        "matter": f"{playbook.title.zh} / {playbook.title.en}",
    }
    required = list(dict.fromkeys([*step.requires, *(spec.name for spec in channel.requires)]))
    values: dict[str, Any] = {}
    missing: list[str] = []
    for name in required:
        value = fields.get(name)
        if value in (None, ""):
            value = fallbacks.get(name)
        if value in (None, ""):
            missing.append(name)
        else:
            values[name] = value
    if missing:
        raise IncompleteError(
            f"cannot escalate case {facts.case_id} to {step.channel}",
            missing,
            case=facts.case_id,
            channel=step.channel,
        )
    # Everything else the walk collected, then what the case's records say, goes too.
    for name, value in fields.items():
        if name not in values and value not in (None, ""):
            values[name] = value
    shown_values = {str(value) for value in values.values()}
    for name, value in (
        ("case_domain", facts.domain),
        ("case_contact", facts.contact_name),
        ("case_contact_phone", facts.contact_phone),
        ("case_contact_email", facts.contact_email),
    ):
        if value and str(value) not in shown_values:
            values[name] = value
    return values


def _shown(values: dict[str, Any], facts: CaseFacts) -> dict[str, str]:
    """The values as every payload shows them: a secret only as where to find it."""
    secret = f"(given by the customer; stored encrypted in the case: {facts.case_url})"
    return {name: secret if value == SECRET_MARK else str(value) for name, value in values.items()}


def _labels_of(names: Any, labels: dict[str, Text]) -> dict[str, dict[str, str]]:
    """The labels of ``names`` as payloads store them, so a page shows them without the walk."""
    return {name: labels.get(name, Text(zh=name, en=name)).model_dump() for name in names}


def mail_payload(
    *,
    step: EscalateStep,
    channel: Channel,
    playbook: Playbook,
    values: dict[str, Any],
    facts: CaseFacts,
    has_secret: bool,
    labels: dict[str, Text],
) -> dict[str, Any]:
    """Subject, body and recipient of a mail escalation."""
    fields = _shown(values, facts)
    lines = [f"postdesk case {facts.case_id}: {playbook.title.zh} / {playbook.title.en}", ""]
    for name, shown in fields.items():
        label = labels.get(name, Text(zh=name, en=name))
        lines.append(f"{label.zh} / {label.en}: {shown}")
    lines += ["", "客户反映 / Customer's report:", facts.complaint, ""]
    if step.include_password or has_secret:
        lines.append(
            "客户提供的密码不随邮件发送，请在工单中查看 / The password the customer gave is "
            f"not sent by mail; open the case to see it: {facts.case_url}"
        )
    lines.append(f"工单 / Case: {facts.case_url}")
    subject_domain = f" — {facts.domain}" if facts.domain else ""
    return {
        "to": channel.address,
        "subject": f"[postdesk #{facts.case_id}] {playbook.title.zh}{subject_domain}",
        "body": "\n".join(lines) + "\n",
        "fields": fields,
        "labels": _labels_of(fields, labels),
        "attachments": [attachment.name for attachment in step.attachments],
        "case_url": facts.case_url,
    }


def fax_payload(
    *,
    step: EscalateStep,
    channel: Channel,
    playbook: Playbook,
    values: dict[str, Any],
    facts: CaseFacts,
    labels: dict[str, Text],
) -> dict[str, Any]:
    """A printable HTML form carrying what the document requires, with the seal notice.

    The number is the section's: 4.0.23 gives it without the extension.
    """
    fields = _shown(values, facts)
    needs_seal = step.needs_seal(channel.needs_seal)
    extension = channel.extension if step.fax_extension else None
    rows = []
    for name, shown in fields.items():
        label = labels.get(name, Text(zh=name, en=name))
        rows.append({"label_zh": label.zh, "label_en": label.en, "value": shown})
    html = (
        _templates()
        .get_template("fax_form.html")
        .render(
            title_zh=playbook.title.zh,
            title_en=playbook.title.en,
            domain=facts.domain or "",
            fax_number=channel.number,
            fax_extension=extension,
            rows=rows,
            needs_seal=needs_seal,
            case_id=facts.case_id,
            case_url=facts.case_url,
        )
    )
    return {
        "fax_number": channel.number,
        "fax_extension": extension,
        "needs_seal": needs_seal,
        "fields": fields,
        "labels": _labels_of(fields, labels),
        "form_html": html,
        "case_url": facts.case_url,
    }


def record_payload(
    *,
    step: EscalateStep,
    channel: Channel,
    playbook: Playbook,
    values: dict[str, Any],
    facts: CaseFacts,
    labels: dict[str, Text],
) -> dict[str, Any]:
    """A ticket or internal hand-over: the fields, for the agent to file."""
    fields = _shown(values, facts)
    return {
        "channel_name": channel.name.en,
        "fields": fields,
        "labels": _labels_of(fields, labels),
        "case_url": facts.case_url,
    }
