"""Courier: its RFC 3464 report, completed from its notice, or the notice alone.

Courier's notice is built from its templates (``/etc/courier/dsnheader.txt``,
``dsnfailed.txt``, ``dsndelayed.txt``, ``dsndelivered.txt``, ``dsnrelayed.txt``): a
header ("This is a delivery status notification from HOST, running the Courier mail
server"), then one section per kind of status under a heading, each listing its
recipients. The report's records take the SMTP command from the notice; where the report
part is missing (a bounce forwarded inline keeps only this text), the notice is read::

                               UNDELIVERABLE MAIL

    Your message to the following recipients cannot be delivered:

    <kijitora@example.jp>:
        mx.example.jp [192.0.2.1]:
    >>> RCPT TO:<kijitora@example.jp>
    <<< 550 5.1.1 <kijitora@example.jp>... User Unknown

Each record's text is the remote's reply ("<<< " lines), the command it answered is the
">>> " line before it (or the greeting, "(initial greeting)").
"""

from __future__ import annotations

import re

from postdesk.bounce import rfc3464
from postdesk.bounce.codes import clean_address
from postdesk.bounce.commands import command_in
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "courier"
HINTS = ("notice: mail delivery status", "warning: delayed mail")

_MARK = "running the courier mail server"
# The templates' headings, and the Action each section's recipients have (RFC 3464 2.3.3).
_HEADINGS = (
    ("undeliverable mail", "failed"),
    ("delays in delivering your message", "delayed"),
    ("message delivered successfully", "delivered"),
    ("message delivered to a mail gateway", "relayed"),
)
_RECIPIENT = re.compile(r"^<(?P<address>[^<>\s@]+@[^<>\s]+)>:\s*$")


def _action(line: str, current: str) -> str:
    """The Action of the section a heading line opens, else ``current``."""
    lowered = line.strip().lower()
    for heading, action in _HEADINGS:
        if lowered == heading:
            return action
    return current


def _finish(recipient: Recipient, lines: list[str]) -> None:
    """The record's text: the remote's reply lines, else what the notice says."""
    replies = [line[3:].strip() for line in lines if line.startswith("<<<")]
    recipient.diagnostic = " ".join(replies) if replies else " ".join(lines)
    recipient.command = command_in("\n".join(lines))


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Courier bounce, or ``None`` when it is not one."""
    if _MARK not in message.lowered:
        return None
    notice = _notice(message.text)
    if not message.has_report:
        return notice or None
    commands = {record.address: record.command for record in notice}
    recipients = rfc3464.parse(message)
    for recipient in recipients:
        recipient.command = recipient.command or commands.get(recipient.address, "")
    return recipients or None


def _notice(text: str) -> list[Recipient]:
    """The records of the notice's sections."""
    recipients: list[Recipient] = []
    lines: list[str] = []
    action = ""
    current: Recipient | None = None
    for raw in text.splitlines():
        line = raw.strip()
        found = _RECIPIENT.match(raw)
        if found:
            if current is not None:
                _finish(current, lines)
            current = Recipient(address=clean_address(found["address"]), action=action)
            recipients.append(current)
            lines = []
        elif current is not None and line and not line.startswith("---"):
            lines.append(line)
        else:
            if current is not None:
                _finish(current, lines)
            current, lines = None, []
            action = _action(line, action)
    if current is not None:
        _finish(current, lines)
    return recipients
