"""Lotus Notes / HCL Domino in its plain-text form (Domino's RFC 3464 reports go to
the RFC 3464 reader).

Sample::

    ------- Failure Reasons  --------

    User not listed in public Name & Address Book
    kijitora@example.co.jp

    ------- Returned Message --------

The reason comes before the address it belongs to.
"""

from __future__ import annotations

from postdesk.bounce.codes import find_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "notes"
HINTS = ("undeliverable message", "delivery failure")

# Notes' own reason texts (sample line first) and their reasons.
_PHRASES: tuple[tuple[str, str], ...] = (
    # User not listed in public Name & Address Book
    ("not listed in public name & address book", "userunknown"),
    ("no such user", "userunknown"),
    # Unable to deliver to user: mailbox is full / Maximum mail file size exceeded
    ("mailbox is full", "mailboxfull"),
    ("maximum mail file size", "mailboxfull"),
    # Message size exceeds the maximum
    ("size exceeds", "mesgtoobig"),
)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a plain-text Notes bounce, or ``None`` when it is not one."""
    text = message.text
    if message.has_report or "------- Failure Reasons" not in text:
        return None
    block = text.split("------- Failure Reasons", 1)[1].split("------- Returned Message", 1)[0]
    lines = [line.strip() for line in block.splitlines()[1:] if line.strip()]
    recipients: list[Recipient] = []
    said: list[str] = []
    for line in lines:
        address = find_address(line)
        if address and line.strip("<> ").lower() == address:
            reason_text = " ".join(said)
            lowered = reason_text.lower()
            reason = next((r for phrase, r in _PHRASES if phrase in lowered), "")
            recipients.append(Recipient(address=address, diagnostic=reason_text, reason=reason))
            said = []
        else:
            said.append(line)
    return recipients or None
