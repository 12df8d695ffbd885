"""Symantec (Broadcom) Email Security.cloud, formerly MessageLabs: a relay's RFC 3464 report.

Sample (text part)::

    This is the mail delivery agent at messagelabs.com.
    I was unable to deliver your message to the following addresses:

    kijitora@example.com

    Reason: 542 kijitora@example.com Rejected

The cloud relay reports every refusal with the catch-all status 5.0.0, so
the status says nothing; the relay's own reply texts do. Its "542 ...
Rejected" is its answer for a recipient its customer's directory does not
hold, and "No such user" is passed on from the customer's server at RCPT:
both mean the address does not exist, not a filter's verdict.
"""

from __future__ import annotations

import re

from postdesk.bounce import rfc3464
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "messagelabs"
HINTS = ("mail delivery failure",)

_INTRODUCTIONS = ("mail delivery agent at messagelabs.com", "symantec email security.cloud")
# The relay's reply texts (sample line first) and the reason each gives.
_REPLIES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Reason: 542 kijitora@example.com Rejected
    (re.compile(r"^542 \S+ rejected\b", re.I), "userunknown"),
    # Reason: 550 kijitora@example.org... No such user
    (re.compile(r"\bno such user\b", re.I), "userunknown"),
    # 550-Please turn on SMTP Authentication in your mail client.
    (re.compile(r"turn on smtp authentication", re.I), "securityerror"),
)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Email Security.cloud report, or ``None`` when it is not one."""
    if "messagelabs.com" not in message.header("from").lower():
        return None
    lowered = message.text.lower()
    if not any(intro in lowered for intro in _INTRODUCTIONS):
        return None
    recipients = rfc3464.parse(message)
    for recipient in recipients:
        for pattern, reason in _REPLIES:
            if pattern.search(recipient.diagnostic):
                recipient.reason = reason
                break
    return recipients or None
