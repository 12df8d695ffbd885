"""McAfee Email Gateway (Email and Web Security appliance): a report after content scanning.

The appliance relays the remote refusal after it accepted and scanned the
message, so a "user unknown" it reports comes from the recipient side's
filter, not from an address check at RCPT.

Sample (text part)::

    <kijitora@example.co.jp>   (Unknown user kijitora@example.co.jp)
"""

from __future__ import annotations

from postdesk.bounce import rfc3464
from postdesk.bounce.codes import find_status
from postdesk.bounce.message import Message
from postdesk.bounce.reasons import reason_from_text
from postdesk.bounce.result import Recipient

NAME = "mcafee"
HINTS = ("delivery status",)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a McAfee gateway report, or ``None`` when it is not one."""
    if "mcafee" not in message.header("x-nai-header").lower():
        return None
    recipients = rfc3464.parse(message)
    for recipient in recipients:
        # The remote side said 5.1.1 itself: a real unknown address.
        definite = (recipient.status or find_status(recipient.diagnostic)).endswith(".1.1")
        if reason_from_text(recipient.diagnostic) == "userunknown" and not definite:
            recipient.reason = "filtered"
    return recipients or None
