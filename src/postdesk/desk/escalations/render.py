"""Render an escalation's payload from a playbook's escalate step and the profile channel.

Required fields are the step's ``requires`` plus the channel's own; values
come from the walk's collected fields, then from the case's customer and
contact records (domain, company name, contact person and phone), then for
``matter`` from the playbook's title. A secret is never rendered: where the
document asks to pass a password on, the payload says where to find it (a
link to the case) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from postdesk.desk.errors import IncompleteError
from postdesk.kb.runner import SECRET_MARK
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


def field_labels(channel: Channel, playbook: Playbook) -> dict[str, tuple[str, str]]:
    """Field name -> (zh, en) label, from the channel and the playbook's collect steps.

    The channel's label wins; the web walk names missing fields with these too, so the
    preview and the sent payload never label a field differently.
    """
    labels: dict[str, tuple[str, str]] = {}
    for step in playbook.steps:
        for spec in getattr(step, "fields", []) or []:
            labels[spec.name] = (spec.label.zh, spec.label.en)
    for spec in channel.requires:
        labels[spec.name] = (spec.label.zh, spec.label.en)
    return labels


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
        raise IncompleteError(f"cannot escalate case {facts.case_id} to {step.channel}", missing)
    return values


def _shown(values: dict[str, Any], facts: CaseFacts) -> dict[str, str]:
    """The values as every payload shows them: a secret only as where to find it."""
    secret = f"(given by the customer; stored encrypted in the case: {facts.case_url})"
    return {name: secret if value == SECRET_MARK else str(value) for name, value in values.items()}


def mail_payload(
    *,
    step: EscalateStep,
    channel: Channel,
    playbook: Playbook,
    values: dict[str, Any],
    facts: CaseFacts,
    has_secret: bool,
) -> dict[str, Any]:
    """Subject, body and recipient of a mail escalation."""
    labels = field_labels(channel, playbook)
    fields = _shown(values, facts)
    lines = [f"postdesk case {facts.case_id}: {playbook.title.zh} / {playbook.title.en}", ""]
    for name, shown in fields.items():
        zh, en = labels.get(name, (name, name))
        lines.append(f"{zh} / {en}: {shown}")
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
) -> dict[str, Any]:
    """A printable HTML form carrying what the document requires, with the seal notice."""
    labels = field_labels(channel, playbook)
    fields = _shown(values, facts)
    needs_seal = step.needs_seal(channel.needs_seal)
    rows = []
    for name, shown in fields.items():
        zh, en = labels.get(name, (name, name))
        rows.append({"label_zh": zh, "label_en": en, "value": shown})
    html = (
        _templates()
        .get_template("fax_form.html")
        .render(
            title_zh=playbook.title.zh,
            title_en=playbook.title.en,
            domain=facts.domain or "",
            fax_number=channel.number,
            fax_extension=channel.extension,
            rows=rows,
            needs_seal=needs_seal,
            case_id=facts.case_id,
            case_url=facts.case_url,
        )
    )
    return {
        "fax_number": channel.number,
        "fax_extension": channel.extension,
        "needs_seal": needs_seal,
        "fields": fields,
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
) -> dict[str, Any]:
    """A ticket or internal hand-over: the fields, for the agent to file."""
    return {
        "channel_name": channel.name.en,
        "fields": _shown(values, facts),
        "case_url": facts.case_url,
    }
