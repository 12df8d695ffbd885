"""Symantec (Broadcom) Email Security.cloud, formerly MessageLabs: a relay's RFC 3464 report.

Sample (text part)::

    This is the mail delivery agent at messagelabs.com.
    I was unable to deliver your message to the following addresses:

    kijitora@example.com

    Reason: 542 kijitora@example.com Rejected

The cloud relay reports every refusal with the catch-all status 5.0.0 and
no SMTP command, so the reply texts decide (through the reason files) with
the general rules.
"""

from __future__ import annotations

from postdesk.bounce import rfc3464
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "messagelabs"
HINTS = ("mail delivery failure",)

_INTRODUCTIONS = ("mail delivery agent at messagelabs.com", "symantec email security.cloud")


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Email Security.cloud report, or ``None`` when it is not one."""
    if "messagelabs.com" not in message.header("from").lower():
        return None
    lowered = message.lowered
    if not any(intro in lowered for intro in _INTRODUCTIONS):
        return None
    return rfc3464.parse(message) or None
