"""Run the parsers over one message and complete their records."""

from __future__ import annotations

import re

from postdesk.bounce.advice import advise
from postdesk.bounce.finish import finish
from postdesk.bounce.message import Message, read_message
from postdesk.bounce.order import parsers_for
from postdesk.bounce.result import BounceReport, Recipient
from postdesk.bounce.rhost import reason_for
from postdesk.bounce.transcript import command_in, lines_about, paragraph_for

_HEADER = re.compile(r"^(message-id|subject|from)\s*:\s*(.*)$", re.IGNORECASE | re.MULTILINE)


def _original_fields(message: Message) -> dict[str, str]:
    """Message-ID, Subject and From of the returned message, where shown."""
    found: dict[str, str] = {}
    for source in (message.original, message.text):
        for match in _HEADER.finditer(source):
            found.setdefault(match.group(1).lower(), match.group(2).strip())
        if found:
            break
    return found


def _read(message: Message) -> tuple[list[Recipient], str]:
    for module in parsers_for(message):
        recipients = module.parse(message)
        if recipients:
            return recipients, module.NAME
    return [], ""


def _add_context(recipient: Recipient, message: Message) -> None:
    """Fill the command (and an empty diagnostic) from the text next to the address."""
    if recipient.command and recipient.diagnostic:
        return
    paragraph = paragraph_for(message.text, recipient.address)
    if not recipient.command:
        recipient.command = command_in(paragraph) or command_in(recipient.diagnostic)
    if not recipient.diagnostic:
        about = lines_about(message.text, recipient.address)
        recipient.diagnostic = about if len(about) > len(paragraph) else paragraph


def analyze(raw: bytes, *, with_advice: bool = True) -> BounceReport:
    """Analyse the bytes of one message; never raises for malformed input.

    ``with_advice`` attaches the playbook and scripted reply to every record.
    """
    if not raw or not raw.strip():
        return BounceReport(error="empty message: 0 bytes or only blank lines")
    try:
        message = read_message(raw)
    except Exception as err:  # the stdlib parser's failure modes are not enumerable
        return BounceReport(error=f"cannot read the message as MIME: {type(err).__name__}")
    if not message.headers:
        return BounceReport(error="no message headers found: not an e-mail message")
    recipients, origin = _read(message)
    date = message.header("date")
    for recipient in recipients:
        _add_context(recipient, message)
        recipient.reason = recipient.reason or reason_for(recipient)
        finish(recipient)
        recipient.date = recipient.date or date
        if with_advice:
            advise(recipient)
    original = _original_fields(message)
    return BounceReport(
        is_bounce=bool(recipients),
        recipients=recipients,
        message_id=original.get("message-id", "").strip("<>"),
        subject=original.get("subject", ""),
        from_=original.get("from", ""),
        origin=origin,
        undecodable_bytes=message.undecodable_bytes,
        truncated_headers=message.truncated_headers,
    )
