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
from postdesk.bounce.result import Recipient

NAME = "amavis"
HINTS = ("content-filter at",)

# Amavis verdict lines (sample line first) and their reasons, most specific first.
_VERDICTS: tuple[tuple[str, str], ...] = (
    # Duplicate header field: "From" / Improper use of control character in header
    ("duplicate header field", "notcompliantrfc"),
    ("improper use of control character", "notcompliantrfc"),
    ("missing required header", "notcompliantrfc"),
    # Virus ... was found / INFECTED
    ("infected", "virusdetected"),
    ("contains a computer virus", "virusdetected"),
    # BANNED CONTENTS ALERT / was blocked for containing banned contents
    ("banned contents", "policyviolation"),
    # was considered unsolicited bulk e-mail (UBE)
    ("unsolicited bulk e-mail", "spamdetected"),
)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an amavisd-new notice, or ``None`` when it is not one."""
    sender = message.header("from").lower()
    if "content-filter at" not in sender and "amavisd" not in message.text.lower():
        return None
    recipients = rfc3464.parse(message)
    notice = message.text.lower()
    verdict = next((reason for phrase, reason in _VERDICTS if phrase in notice), "")
    for recipient in recipients:
        said = recipient.diagnostic.lower()
        # A relay refusal passed on by amavis ("WAS NOT relayed") keeps its own reason.
        if verdict and ("reject" in said or "spam" in said or not said):
            recipient.reason = verdict
    return recipients or None
