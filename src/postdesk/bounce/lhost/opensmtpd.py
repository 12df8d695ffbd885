"""OpenSMTPD: "An error has occurred while attempting to deliver a message".

Sample::

    Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.

    An error has occurred while attempting to deliver a message for
    the following list of recipients:

    kijitora@example.jp: 550 5.1.1 <kijitora@example.jp>: User unknown

    Below is a copy of the original message:

Newer versions add an RFC 3464 part, but its Status is made up locally
(5.0.0, or 4.4.7 for any delay) and says less than the text, so the text is
read and the report only fills in what the text lacks.
"""

from __future__ import annotations

import re

from postdesk.bounce import rfc3464
from postdesk.bounce.lhost._text import TextFormat, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "opensmtpd"
HINTS = ("delivery status notification",)

FORMAT = TextFormat(
    start=("following list of recipients", "list of recipients:"),
    end=(
        "below is a copy of the original message",
        "below is a copy of the message",
        "please note that this is only a temporary failure report",
    ),
    recipient=re.compile(r"^(?P<address>[^\s<>@:]+@[^\s<>:]+):\s*(?P<rest>.*)$"),
)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an OpenSMTPD bounce, or ``None`` when it is not one."""
    text = message.text
    if "this is the mailer-daemon, please do not reply" not in text[:600].lower():
        return None
    recipients = read_text(text, FORMAT)
    reported = {r.address: r for r in rfc3464.parse(message)}
    # bounce.c: a delay notice ends "Please note that this is only a temporary failure
    # report"; without it the notice is final, whatever the report part's Action says.
    delayed = "this is only a temporary failure report" in text.lower()
    for recipient in recipients:
        recipient.action = "delayed" if delayed else "failed"
        other = reported.get(recipient.address)
        if other is not None:
            recipient.rhost, recipient.date = other.rhost, other.date
    return recipients or None
