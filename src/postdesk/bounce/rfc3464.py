"""RFC 3464 delivery status notifications: the machine-readable report.

The ``message/delivery-status`` part is one per-message block (Reporting-MTA,
Arrival-Date) and one block per recipient (Final-Recipient, Action, Status,
Remote-MTA, Diagnostic-Code, Last-Attempt-Date). Senders bend the format: blank
lines go missing, fields come in any order, values fold over lines, fields
appear in the text part instead of a report part. The reader below takes
each blank-line block as one recipient, and starts another inside a block
when a Final-Recipient (or Original-Recipient) appears a second time.
"""

from __future__ import annotations

from postdesk.bounce.codes import clean_address, collapse, is_address
from postdesk.bounce.fields import fields_of
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "rfc3464"

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
    "x-powermta-bouncecategory",
}
_MESSAGE_FIELDS = {"reporting-mta", "arrival-date", "received-from-mta", "x-postfix-sender"}


def _value_after_type(value: str) -> str:
    """``smtp; 550 ...`` -> ``550 ...``; ``dns; host`` -> ``host``."""
    if ";" in value:
        kind, rest = value.split(";", 1)
        if " " not in kind.strip() and len(kind) < 20:
            return rest.strip()
    return value.strip()


def _blocks(fields: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Fields grouped by blank lines."""
    blocks: list[list[tuple[str, str]]] = [[]]
    for name, value in fields:
        if name == "":
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append((name, value))
    return [block for block in blocks if block]


def _set_field(record: Recipient, name: str, value: str) -> None:
    if name == "x-actual-recipient":
        if is_address(clean_address(value)) and not record.address:
            record.address = clean_address(value)
    elif name == "action":
        record.action = value.split()[0].lower() if value.split() else ""
    elif name == "status":
        record.status = value.split()[0] if value.split() else ""
        # "Status: 4.0.0 (example.net: host name lookup failure)": RFC 3464 2.3.4 allows a
        # comment after the code; with no Diagnostic-Code it is the only text there is.
        comment = value.partition("(")[2].rpartition(")")[0].strip()
        if comment and not record.diagnostic:
            record.diagnostic = comment
    elif name in ("remote-mta", "x-remote-mta"):
        record.rhost = record.rhost or _value_after_type(value).strip("[]")
    elif name == "diagnostic-code":
        record.diagnostic = collapse(_value_after_type(value)) or record.diagnostic
        record.diagtype = value.split(";", 1)[0].strip().lower() if ";" in value else ""
    elif name == "last-attempt-date":
        record.date = value
    elif name == "x-powermta-bouncecategory":
        # PowerMTA's own per-recipient field: the bounce category its User's Guide lists
        # ("bad-mailbox", "quota-issues", ...), kept as a hint for postdesk.bounce.decide
        record.hint = f"powermta:{value.strip().lower()}"


def _records_of(block: list[tuple[str, str]], per_message: dict[str, str]) -> list[Recipient]:
    """Recipients of one block; a naming field seen twice starts the next recipient."""
    records = [Recipient()]
    seen: set[str] = set()
    for name, value in block:
        if name in ("final-recipient", "original-recipient"):
            if name in seen:
                records.append(Recipient())
                seen = set()
            seen.add(name)
            if name == "final-recipient" or not records[-1].address:
                records[-1].address = clean_address(value) or records[-1].address
        elif name in _MESSAGE_FIELDS:
            per_message.setdefault(name, _value_after_type(value))
        elif name in _RECIPIENT_FIELDS:
            _set_field(records[-1], name, value)
    return records


def read_report(text: str) -> tuple[list[Recipient], dict[str, str]]:
    """Recipients of one delivery-status text and its per-message fields."""
    return read_fields(fields_of(text))


def read_fields(fields: list[tuple[str, str]]) -> tuple[list[Recipient], dict[str, str]]:
    """Recipients of one delivery-status report's fields (:func:`fields_of`) and its
    per-message fields."""
    per_message: dict[str, str] = {}
    recipients: list[Recipient] = []
    for block in _blocks(fields):
        names = {name for name, _ in block}
        if not names & _RECIPIENT_FIELDS:
            for name, value in block:
                if name in _MESSAGE_FIELDS:
                    per_message.setdefault(name, _value_after_type(value))
            continue
        recipients.extend(_records_of(block, per_message))
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
    for fields in message.report_fields:  # each part read once, by the MIME reader
        recipients.extend(read_fields(fields)[0])
    if not recipients and has_report_fields(message.text):
        recipients.extend(read_report(message.text)[0])
    return recipients
