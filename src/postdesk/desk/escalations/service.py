"""Escalations: create them from a walk or an incident, mail them, record the outcome.

A mail escalation is created ``queued`` with its Message-ID fixed, so that
every attempt to send it, by whichever worker, carries the same id. Sending
is :func:`deliver`: it sends only a row that is still ``queued``, and marks
it ``sent`` after the relay accepted it. If a worker dies between the relay's
acceptance and that record, the next attempt sends the same message again
with the same Message-ID, and the receiver can drop the repeat.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib
from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from postdesk.config import Settings
from postdesk.desk.cases.models import Case
from postdesk.desk.cases.service import case_url
from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.errors import ConflictError
from postdesk.desk.escalations import render
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.incidents.models import Incident
from postdesk.errors import NotFoundError
from postdesk.kb.runner import SECRET_MARK
from postdesk.kb.schema import EscalateStep, Playbook
from postdesk.profile.schema import Profile


def new_message_id(settings: Settings) -> str:
    return f"<{secrets.token_hex(16)}@{settings.message_id_domain}>"


def _facts(db_session: Session, case: Case, settings: Settings) -> render.CaseFacts:
    customer = db_session.get(Customer, case.customer_id) if case.customer_id else None
    contact = db_session.get(Contact, case.contact_id) if case.contact_id else None
    return render.CaseFacts(
        case_id=case.id,
        case_url=case_url(settings.public_url, case.id),
        complaint=case.complaint,
        domain=customer.domain if customer else None,
        company_name=customer.company_name if customer else None,
        contact_name=contact.name if contact else None,
        contact_phone=contact.phone if contact else None,
        contact_email=contact.email if contact else None,
    )


# Why an escalation stands where it stands: message keys of the catalogue
# (postdesk/locale), shown in the reader's language; the API gives the key and its
# English text.
HELD_NO_ADDRESS = "esc_reason_no_address"
FAX_SEALED = "esc_reason_fax_sealed"
FAX_PLAIN = "esc_reason_fax"


def _initial_status(kind: str, payload: dict[str, Any]) -> tuple[str, str | None]:
    if kind == "mail":
        if not payload.get("to"):
            return "held", HELD_NO_ADDRESS
        return "queued", None
    if kind == "fax":
        return "form-ready", FAX_SEALED if payload.get("needs_seal") else FAX_PLAIN
    return "recorded", None


def _new_escalation(
    settings: Settings, channel_id: str, kind: str, payload: dict[str, Any], **owner: Any
) -> Escalation:
    """An escalation row with its initial status and its Message-ID fixed from the start.

    ``owner`` links it to what it escalates (case_id and created_by_id, or incident_id).
    """
    status, reason = _initial_status(kind, payload)
    return Escalation(
        channel_id=channel_id,
        channel_kind=kind,
        status=status,
        status_reason=reason,
        payload=payload,
        message_id=new_message_id(settings),
        **owner,
    )


def create_from_step(
    *,
    db_session: Session,
    settings: Settings,
    profile: Profile,
    playbook: Playbook,
    step: EscalateStep,
    case: Case,
    actor_id: int | None,
) -> Escalation:
    """An escalation of ``case`` as ``step`` asks; IncompleteError lists missing fields."""
    kind, payload = preview_from_step(
        db_session=db_session,
        settings=settings,
        profile=profile,
        playbook=playbook,
        step=step,
        case=case,
    )
    # The step it came from: its answer's reminders are the step's (desk.escalations.answers).
    payload = {**payload, "step": step.id}
    escalation = _new_escalation(
        settings, step.channel, kind, payload, case_id=case.id, created_by_id=actor_id
    )
    db_session.add(escalation)
    db_session.flush()
    return escalation


def create_incident_notice(
    *,
    db_session: Session,
    settings: Settings,
    profile: Profile,
    incident: Incident,
    symptom_text: str,
) -> Escalation:
    """The one notification of a new incident to the profile's outage channel (4.0.6)."""
    channel = profile.channel(profile.outage_channel)
    link = f"{settings.public_url.rstrip('/')}/incidents/{incident.id}"
    body = (
        f"疑似故障 / Suspected outage #{incident.id}: {symptom_text}\n"
        f"{incident.report_count} 个客户反映同一问题 / customers report the same problem, "
        f"{incident.opened_at:%Y-%m-%d %H:%M} UTC.\n"
        f"{link}\n"
    )
    payload = {
        "to": channel.address,
        "subject": f"[postdesk incident #{incident.id}] {symptom_text}",
        "body": body,
        "fields": {},
        "attachments": [],
        "case_url": link,
    }
    escalation = _new_escalation(
        settings, profile.outage_channel, channel.kind, payload, incident_id=incident.id
    )
    db_session.add(escalation)
    incident.notified_at = datetime.now(UTC)
    db_session.flush()
    return escalation


def get(*, db_session: Session, escalation_id: int) -> Escalation:
    escalation = db_session.get(Escalation, escalation_id)
    if escalation is None:
        raise NotFoundError(key="escalation_not_found", escalation_id=escalation_id)
    return escalation


def list_escalations(
    *,
    db_session: Session,
    status: str | None = None,
    case_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Escalation]:
    query = select(Escalation).order_by(Escalation.id.desc()).limit(limit).offset(offset)
    if status:
        query = query.where(Escalation.status == status)
    if case_id is not None:
        query = query.where(Escalation.case_id == case_id)
    return list(db_session.scalars(query))


def for_incident(*, db_session: Session, incident_id: int) -> list[Escalation]:
    """The notices of an incident (one, normally), newest first."""
    query = (
        select(Escalation)
        .where(Escalation.incident_id == incident_id)
        .order_by(Escalation.id.desc())
    )
    return list(db_session.scalars(query))


def requeue(*, db_session: Session, escalation: Escalation) -> Escalation:
    """Put a failed or held mail escalation back in the queue (same Message-ID)."""
    if escalation.channel_kind != "mail":
        raise ConflictError(
            key="escalation_not_mail", escalation_id=escalation.id, kind=escalation.channel_kind
        )
    if escalation.status not in ("failed", "held"):
        raise ConflictError(
            key="escalation_not_retryable", escalation_id=escalation.id, status=escalation.status
        )
    escalation.status = "queued"
    escalation.status_reason = None
    escalation.next_attempt_at = None
    escalation.attempts = 0
    return escalation


def compose(escalation: Escalation, settings: Settings) -> EmailMessage:
    """The mail for an escalation, with its fixed Message-ID."""
    payload = escalation.payload
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message["Message-ID"] = escalation.message_id
    message["Date"] = format_datetime(escalation.created_at)
    message["X-Postdesk-Escalation"] = str(escalation.id)
    message.set_content(payload["body"])
    return message


async def send_message(message: EmailMessage, settings: Settings) -> None:
    """Hand one message to the configured relay (raises on any refusal)."""
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        start_tls=settings.smtp_starttls,
        use_tls=False,
        timeout=settings.smtp_timeout_seconds,
    )


def _due(now: datetime) -> ColumnElement[bool]:
    """Whether a row is a send job's to take at ``now``: queued and due, or held by a worker
    whose lease ran out (it died mid-send).

    :func:`claim` and :func:`due_ids` share it, so every id listed as due can be claimed.
    """
    return or_(
        and_(
            Escalation.status == "queued",
            or_(Escalation.next_attempt_at.is_(None), Escalation.next_attempt_at <= now),
        ),
        and_(Escalation.status == "sending", Escalation.claimed_until < now),
    )


def claim(*, db_session: Session, escalation_id: int, lease_seconds: float) -> Escalation | None:
    """Take an escalation for one send attempt; None when it is not this worker's to send.

    The single UPDATE succeeds for one worker only: the row must be queued and
    due, or held by a worker whose lease ran out (it died mid-send).
    """
    now = datetime.now(UTC)
    result = db_session.execute(
        update(Escalation)
        .where(
            Escalation.id == escalation_id,
            _due(now),
        )
        .values(
            status="sending",
            claimed_until=now + timedelta(seconds=lease_seconds),
            attempts=Escalation.attempts + 1,
        )
    )
    db_session.commit()
    if not result.rowcount:
        return None
    return db_session.get(Escalation, escalation_id, populate_existing=True)


def mark_sent(*, db_session: Session, escalation_id: int) -> None:
    db_session.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id, Escalation.status == "sending")
        .values(status="sent", status_reason=None, sent_at=datetime.now(UTC), claimed_until=None)
    )
    db_session.commit()


def mark_attempt_failed(
    *, db_session: Session, escalation_id: int, reason: str, retry_in: float | None
) -> None:
    """Record a failed attempt: back to queued after ``retry_in`` seconds, or failed."""
    values: dict[str, Any] = {"status_reason": reason[:1000], "claimed_until": None}
    if retry_in is None:
        values["status"] = "failed"
    else:
        values["status"] = "queued"
        values["next_attempt_at"] = datetime.now(UTC) + timedelta(seconds=retry_in)
    db_session.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id, Escalation.status == "sending")
        .values(**values)
    )
    db_session.commit()


def release_leases(*, db_session: Session, escalation_ids: list[int]) -> int:
    """End the leases of escalations whose worker died mid-send: due again at once."""
    if not escalation_ids:
        return 0
    result = db_session.execute(
        update(Escalation)
        .where(Escalation.id.in_(escalation_ids), Escalation.status == "sending")
        .values(claimed_until=datetime.now(UTC))
    )
    db_session.commit()
    return int(result.rowcount or 0)


def due_ids(*, db_session: Session, limit: int = 1000) -> list[int]:
    """Escalations a send job should run for now: queued and due, or orphaned mid-send."""
    now = datetime.now(UTC)
    query = select(Escalation.id).where(_due(now)).order_by(Escalation.id).limit(limit)
    return list(db_session.scalars(query))


def preview_from_step(
    *,
    db_session: Session,
    settings: Settings,
    profile: Profile,
    playbook: Playbook,
    step: EscalateStep,
    case: Case,
) -> tuple[str, dict[str, Any]]:
    """(channel kind, payload) that :func:`create_from_step` would store, without storing it.

    Added for the web walk (issue 7): the escalate button shows exactly what
    will be sent, since :func:`create_from_step` builds its payload here too.
    IncompleteError lists the fields still missing.
    """
    try:
        channel = profile.channel(step.channel)
    except KeyError as err:
        raise NotFoundError(str(err.args[0])) from None
    facts = _facts(db_session, case, settings)
    fields = dict(case.walk_state.get("fields", {}))
    values = render.gather(
        step=step, channel=channel, playbook=playbook, fields=fields, facts=facts
    )
    common = {
        "step": step,
        "channel": channel,
        "playbook": playbook,
        "values": values,
        "facts": facts,
        "labels": render.field_labels(channel, playbook, case.walk_state),
    }
    if channel.kind == "mail":
        has_secret = any(value == SECRET_MARK for value in fields.values())
        return channel.kind, render.mail_payload(**common, has_secret=has_secret)
    if channel.kind == "fax":
        return channel.kind, render.fax_payload(**common)
    return channel.kind, render.record_payload(**common)
