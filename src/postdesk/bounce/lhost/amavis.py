"""amavisd-new content filter: its notice says why it stopped the message.

Sample (notice part; the report part carries only "554 5.7.0 Reject ... SPAM")::

    A message from <sender@example.org> to:
    -> kijitora@example.com

    was considered unsolicited bulk e-mail (UBE).
    ...
    Duplicate header field: "From"

Amavis's own verdict lines name the reason more precisely than its report's
one-line summary, so they are read first; the report gives the recipients.
"""

from __future__ import annotations

from postdesk.bounce import rfc3464
from postdesk.bounce.message import Message
from postdesk.bounce.reasons import named_by
from postdesk.bounce.result import Recipient

NAME = "amavis"
HINTS = ("content-filter at",)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an amavisd-new notice, or ``None`` when it is not one."""
    sender = message.header("from").lower()
    if "content-filter at" not in sender and "amavisd" not in message.lowered:
        return None
    recipients = rfc3464.parse(message)
    verdict = named_by(message.text, "amavis")
    for recipient in recipients:
        said = recipient.diagnostic.lower()
        # A relay refusal passed on by amavis ("WAS NOT relayed") keeps its own reason.
        if verdict and ("reject" in said or "spam" in said or not said):
            recipient.reason = verdict
    return recipients or None
