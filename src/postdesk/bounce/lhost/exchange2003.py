"""Microsoft Exchange 2000/2003: "did not reach the following recipient(s)".

Sample::

    Your message
      To:      a@example.jp
      Subject: email bounce
    did not reach the following recipient(s):

    kijitora@example.co.jp on Thu, 29 Apr 2007 16:51:51 -0500
        The recipient name is not recognized
        MSEXCH:IMS:KIJITORA CAT:EXAMPLE:EXCHANGE 0 (000C05A6) Unknown Recipient

Exchange names the failure with an internal code in parentheses; the table
below maps the common ones.
"""

from __future__ import annotations

import re

from postdesk.bounce.lhost._text import TextFormat, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "exchange2003"
HINTS = ("undeliverable",)

FORMAT = TextFormat(
    start=("did not reach the following recipient",),
    end=("content-type: message/rfc822", "----- original message -----"),
    recipient=re.compile(r"^\s*(?P<address>[^\s<>@]+@[^\s<>]+) on (?P<rest>.*)$"),
)
_DATE = re.compile(r"^.*?\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4})?\s*")


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Exchange 2003 bounce, or ``None`` when it is not one."""
    if message.has_report or "did not reach the following recipient" not in message.text:
        return None
    recipients = read_text(message.text, FORMAT)
    for recipient in recipients:
        # Drop the date that follows "on" in the recipient line.
        recipient.diagnostic = _DATE.sub("", recipient.diagnostic, count=1)
    return recipients or None
