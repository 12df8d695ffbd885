"""RFC 3464 delivery status notifications: the machine-readable report.

The ``message/delivery-status`` part is one per-message block (Reporting-MTA,
Arrival-Date) and one block per recipient (Final-Recipient, Action, Status,
Remote-MTA, Diagnostic-Code, Last-Attempt-Date). Senders bend the format: blank
lines go missing, values fold over lines, fields appear in the text part
instead of a report part. The reader below takes fields in order and starts a
new recipient at each Final-Recipient (or Original-Recipient without one).
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address, collapse, is_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "rfc3464"

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s?(.*)$")
_RECIPIENT_FIELDS = {
    "final-recipient",
    "original-recipient",
    "x-actual-recipient",
    "action",
    "status",
    "remote-mta",
    "diagnostic-code",
    "last-attempt-date",
    "will-retry-until",
    "x-remote-mta",
}
_MESSAGE_FIELDS = {"reporting-mta", "arrival-date", "received-from-mta", "x-postfix-sender"}


def fields_of(text: str) -> list[tuple[str, str]]:
    """``(name, value)`` pairs in order, folded lines joined, names lower case."""
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and pairs:
            name, value = pairs[-1]
            pairs[-1] = (name, f"{value} {line.strip()}")
            continue
        match = _FIELD.match(line)
        if match:
            pairs.append((match.group(1).lower(), match.group(2).strip()))
        elif not line.strip():
            pairs.append(("", ""))  # block separator
    return pairs


def _value_after_type(value: str) -> str:
    """``smtp; 550 ...`` -> ``550 ...``; ``dns; host`` -> ``host``."""
    if ";" in value:
        kind, rest = value.split(";", 1)
        if " " not in kind.strip() and len(kind) < 20:
            return rest.strip()
    return value.strip()


def read_report(text: str) -> tuple[list[Recipient], dict[str, str]]:
    """Recipients of one delivery-status text and its per-message fields."""
    per_message: dict[str, str] = {}
    recipients: list[Recipient] = []
    current: Recipient | None = None
    seen: set[str] = set()  # recipient-naming fields the current record already has
    for name, value in fields_of(text):
        if name in _MESSAGE_FIELDS and current is None:
            per_message.setdefault(name, _value_after_type(value))
            continue
        if name == "":
            if current is not None and (current.status or current.action):
                current = None  # a blank line ends a recipient block
            continue
        if name in ("final-recipient", "original-recipient"):
            if current is None or name in seen or current.status or current.action:
                current = Recipient()
                recipients.append(current)
                seen = set()
            seen.add(name)
            if name == "final-recipient" or not current.address:
                current.address = clean_address(value) or current.address
            continue
        if current is None or name not in _RECIPIENT_FIELDS:
            continue
        if name == "x-actual-recipient":
            if is_address(clean_address(value)) and not current.address:
                current.address = clean_address(value)
        elif name == "action":
            current.action = value.split()[0].lower() if value.split() else ""
        elif name == "status":
            current.status = value.split()[0] if value.split() else ""
        elif name in ("remote-mta", "x-remote-mta"):
            current.rhost = current.rhost or _value_after_type(value).strip("[]")
        elif name == "diagnostic-code":
            current.diagnostic = collapse(_value_after_type(value))
            current.diagtype = value.split(";", 1)[0].strip().lower() if ";" in value else ""
        elif name == "last-attempt-date":
            current.date = value
    for recipient in recipients:
        recipient.lhost = per_message.get("reporting-mta", "")
        recipient.date = recipient.date or per_message.get("arrival-date", "")
    return [r for r in recipients if r.address], per_message


def has_report_fields(text: str) -> bool:
    """Whether ``text`` holds RFC 3464 recipient fields (report inline in the text)."""
    lowered = text.lower()
    return "final-recipient:" in lowered and ("status:" in lowered or "action:" in lowered)


def parse(message: Message) -> list[Recipient]:
    """Recipients of every delivery-status report the message carries."""
    recipients: list[Recipient] = []
    for report in message.reports:
        recipients.extend(read_report(report)[0])
    if not recipients and has_report_fields(message.text):
        recipients.extend(read_report(message.text)[0])
    return recipients
