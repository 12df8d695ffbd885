"""Yahoo Mail (and AOL, now Yahoo): "Sorry, we were unable to deliver your message".

Sample::

    Sorry, we were unable to deliver your message to the following address.

    <kijitora@example.org>:
    Remote host said: 550 5.1.1 <kijitora@example.org>... User Unknown [RCPT_TO]

    --- Below this line is a copy of the message.

The bracketed tag names the SMTP command the reply answered.
"""

from __future__ import annotations

import re

from postdesk.bounce.lhost._text import TextFormat, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "yahoo"
HINTS = ("failure notice",)

FORMAT = TextFormat(
    start=("unable to deliver your message to the following address",),
    end=("--- below this line is a copy of the message",),
    recipient=re.compile(r"^<(?P<address>[^<>\s@]+@[^<>\s]+)>:\s*(?P<rest>.*)$"),
)
_TAG = re.compile(r"\[(RCPT_TO|MAIL_FROM|DATA|BODY|CONNECT|EHLO|HELO)\]")
_COMMANDS = {"RCPT_TO": "RCPT", "MAIL_FROM": "MAIL", "DATA": "DATA", "BODY": "DATA"}


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Yahoo bounce, or ``None`` when it is not one."""
    if message.has_report or "unable to deliver your message to the following address" not in (
        message.lowered
    ):
        return None
    recipients = read_text(message.text, FORMAT)
    for recipient in recipients:
        tag = _TAG.search(recipient.diagnostic)
        if tag:
            recipient.command = _COMMANDS.get(tag.group(1), "CONN")
        recipient.diagnostic = recipient.diagnostic.removeprefix("Remote host said:").strip()
    return recipients or None
