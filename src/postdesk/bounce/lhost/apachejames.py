"""Apache James: "Error message below:" and "Message details:" with the envelope.

Sample::

    Error: Invalid user address

    Error message below:
    550 - Requested action not taken: no such user here

    Message details:
      MAIL FROM: shironeko@example.com
      RCPT TO: kijitora@example.net

James writes this after it has accepted the whole message, so the refusal it
relays answered the message, not the address at RCPT time.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "apachejames"
HINTS = ()

# James's notifier (AbstractNotify's message details) writes the first recipient after
# "  RCPT TO: " and every further one alone on the next lines, indented to line up.
_RCPT = re.compile(r"^[ \t]*RCPT TO:[ \t]*<?([^\s<>@]+@[^\s<>]+?)>?[ \t]*$", re.IGNORECASE)
_MORE = re.compile(r"^[ \t]+<?([^\s<>@:]+@[^\s<>:]+?)>?[ \t]*$")


def _recipients(details: str) -> list[str]:
    """The RCPT TO addresses of the message details, the continuation lines included."""
    found: list[str] = []
    listing = False
    for line in details.splitlines():
        match = _RCPT.match(line) or (_MORE.match(line) if listing else None)
        if match:
            found.append(clean_address(match.group(1)))
        listing = match is not None
    return list(dict.fromkeys(found))


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Apache James bounce, or ``None`` when it is not one."""
    text = message.text
    if "Error message below:" not in text or "Message details:" not in text:
        return None
    below = text.split("Error message below:", 1)[1].split("Message details:", 1)[0]
    heading = text.split("Error message below:", 1)[0]
    diagnostic = " ".join((below or heading).split())
    details = text.split("Message details:", 1)[1]
    return [
        Recipient(address=address, diagnostic=diagnostic, command="DATA")
        for address in _recipients(details)
    ] or None
