"""McAfee Email Gateway (Email and Web Security appliance): a report after content scanning.

The appliance relays the remote refusal after it accepted and scanned the
message, with no SMTP command: a "user unknown" it reports is read as the
recipient side's filter unless its status says the address is unknown
(the general rule of :mod:`postdesk.bounce.decide`).

Sample (text part)::

    <kijitora@example.co.jp>   (Unknown user kijitora@example.co.jp)
"""

from __future__ import annotations

from postdesk.bounce import rfc3464
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "mcafee"
HINTS = ("delivery status",)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a McAfee gateway report, or ``None`` when it is not one."""
    if "mcafee" not in message.header("x-nai-header").lower():
        return None
    return rfc3464.parse(message) or None
