"""Microsoft Exchange 5.5/2000/2003: "did not reach the following recipient(s)".

Sample::

    Your message
      To:      a@example.jp
      Subject: email bounce
    did not reach the following recipient(s):

    kijitora@example.co.jp on Thu, 29 Apr 2007 16:51:51 -0500
        The recipient name is not recognized
        MSEXCH:IMS:KIJITORA CAT:EXAMPLE:EXCHANGE 0 (000C05A6) Unknown Recipient

The same notice has other introductions in the versions before 2003, as
Microsoft's knowledge base quotes them (Q196920: "The following recipient(s)
could not be reached:", the address in quotes, 'a@example.com' on 10/11/98
10:58:39 AM; Q183588: "The message was not delivered to the following
recipient(s):"). Each address line is followed by Exchange's reason and its
"MSEXCH:" line with an internal code in parentheses.
"""

from __future__ import annotations

import re

from postdesk.bounce.lhost._text import TextFormat, coded_reason, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "exchange2003"
HINTS = ("undeliverable",)

_STARTS = (
    "did not reach the following recipient",
    "the following recipient(s) could not be reached",
    "was not delivered to the following recipient(s)",
)
FORMAT = TextFormat(
    start=_STARTS,
    end=("content-type: message/rfc822", "----- original message -----"),
    # "a@example.jp on <date>", or quoted: "'a@example.jp' on 10/11/98 10:58:39 AM"
    recipient=re.compile(r"^\s*['\"]?(?P<address>[^\s<>@'\"]+@[^\s<>'\"]+)['\"]? on (?P<rest>.*)$"),
)
_DATE = re.compile(
    r"^.*?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M\b)?\s*(?:[+-]\d{4})?\s*", re.IGNORECASE
)


# The internal codes of the "MSEXCH:" line and the reason the taxonomy's Exchange 2003
# module reads each as (citation "taxonomy-lhost", lhost/via-exchange2003.go): Unknown
# Recipient, Ambiguous Recipient, Too many recipients, No proxy for recipient, Too Many
# Hops, Conversion to Internet format failed (two codes), 502 Server does not support AUTH.
# The code is Exchange's own name for what failed, so it decides over the words after it.
MSEXCH_CODES: dict[str, str] = {
    "000c05a6": "userunknown",
    "000c0595": "filtered",
    "00010256": "systemerror",
    "000d06b5": "systemerror",
    "00120270": "networkerror",
    "00050311": "contenterror",
    "000502cc": "contenterror",
    "000b0981": "securityerror",
}
_MSEXCH = re.compile(r"msexch:[^\n]*?\(([0-9a-f]{8})\)", re.IGNORECASE)


def msexch_reason(diagnostic: str) -> str:
    """The reason the "MSEXCH:" code in ``diagnostic`` names, or ``""``."""
    return coded_reason(_MSEXCH, MSEXCH_CODES, diagnostic)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Exchange 2003 bounce, or ``None`` when it is not one."""
    if message.has_report or not any(start in message.lowered for start in _STARTS):
        return None
    recipients = read_text(message.text, FORMAT)
    for recipient in recipients:
        # Drop the date that follows "on" in the recipient line.
        recipient.diagnostic = _DATE.sub("", recipient.diagnostic, count=1)
        recipient.reason = msexch_reason(recipient.diagnostic)
    return recipients or None
