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
            recipients.append(Recipient(address=address, diagnostic=" ".join(said)))
            said = []
        else:
            said.append(line)
    return recipients or None
