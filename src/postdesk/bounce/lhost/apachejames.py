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

_RCPT = re.compile(r"^[ \t]*RCPT TO:\s*<?([^\s<>@]+@[^\s<>]+)>?\s*$", re.IGNORECASE | re.MULTILINE)


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
        Recipient(address=clean_address(address), diagnostic=diagnostic, command="DATA")
        for address in dict.fromkeys(_RCPT.findall(details))
    ] or None
