"""Amazon SES notifications delivered by e-mail (SNS): JSON, not a bounce text.

Sample (one line)::

    {"notificationType":"Bounce","bounce":{"bounceType":"Permanent",
     "bouncedRecipients":[{"emailAddress":"a@example.jp","action":"failed",
     "status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}], ...}}

The JSON may be the body itself or the ``Message`` string of an SNS envelope.
Bounce, Complaint (reason ``feedback``) and Delivery (reason ``delivered``)
notifications are read. SES's ordinary RFC 3464 bounces go to the RFC 3464
reader.
"""

from __future__ import annotations

import json
from typing import Any

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "amazonses"
HINTS = ("aws notification",)


def _notification(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    end = text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        # Mail transport may have wrapped the one-line JSON: line breaks are never
        # part of it, so they are dropped before reading.
        data = json.loads(text[start : end + 1].replace("\n", ""))
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("Message"), str):
        try:
            data = json.loads(data["Message"])  # an SNS envelope around the notification
        except ValueError:
            return None
    return data if isinstance(data, dict) and "notificationType" in data else None


# SES bounce types (its "notification contents" page): a Transient bounce of these subtypes
# names its cause; the taxonomy's module reads them so (taxonomy-lhost, rb-sisimai
# lib/sisimai/lhost/amazonses.rb: Transient MailboxFull, MessageTooLarge).
_TRANSIENT = {"MailboxFull": "mailboxfull", "MessageTooLarge": "mesgtoobig"}


def _subtype_reason(bounce: dict[str, Any]) -> str:
    """The reason SES's bounce type and subtype name, or ``""``."""
    subtype = bounce.get("bounceSubType")
    if subtype == "Suppressed":
        return "suppressed"
    if bounce.get("bounceType") == "Transient":
        return _TRANSIENT.get(str(subtype), "")
    return ""


def _bounces(data: dict[str, Any]) -> list[Recipient]:
    bounce = data.get("bounce") or {}
    out = []
    for entry in bounce.get("bouncedRecipients") or []:
        diagnostic = str(entry.get("diagnosticCode", ""))
        if ";" in diagnostic[:12]:
            diagnostic = diagnostic.split(";", 1)[1]
        out.append(
            Recipient(
                address=clean_address(str(entry.get("emailAddress", ""))),
                action=str(entry.get("action", "")),
                status=str(entry.get("status", "")),
                diagnostic=diagnostic.strip(),
                date=str(bounce.get("timestamp", "")),
                lhost=str(bounce.get("reportingMTA", "")).replace("dsn;", "").strip(),
                reason=_subtype_reason(bounce),
            )
        )
    return out


def _complaints(data: dict[str, Any]) -> list[Recipient]:
    complaint = data.get("complaint") or {}
    kind = str(complaint.get("complaintFeedbackType", "") or "abuse")
    return [
        Recipient(
            address=clean_address(str(entry.get("emailAddress", ""))),
            reason="feedback",
            feedbacktype=kind,
            date=str(complaint.get("timestamp", "")),
        )
        for entry in complaint.get("complainedRecipients") or []
    ]


def _deliveries(data: dict[str, Any]) -> list[Recipient]:
    delivery = data.get("delivery") or {}
    response = str(delivery.get("smtpResponse", ""))
    return [
        Recipient(
            address=clean_address(str(address)),
            reason="delivered",
            action="delivered",
            diagnostic=response,
            date=str(delivery.get("timestamp", "")),
            lhost=str(delivery.get("reportingMTA", "")),
        )
        for address in delivery.get("recipients") or []
    ]


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an SES notification, or ``None`` when it is not one."""
    if (
        "amazonaws.com" not in message.header("from").lower()
        and "notificationType" not in (message.text[:200])
    ):
        return None
    data = _notification(message.text)
    if data is None:
        return None
    kind = str(data.get("notificationType", ""))
    readers = {"Bounce": _bounces, "Complaint": _complaints, "Delivery": _deliveries}
    reader = readers.get(kind)
    return (reader(data) or None) if reader else None
