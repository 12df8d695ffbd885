"""DragonFly Mail Agent (dma): one recipient per bounce, the remote reply below it.

Sample::

    This is the DragonFly Mail Agent v0.13 at df.example.jp.

    There was an error delivering your mail to <userunknown@example.org>.

    mbox.example.org [192.0.2.25] did not like our RCPT TO:
    550 5.1.1 <userunknown@example.org>: Recipient address rejected: User unknown

    Original message follows.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "dragonfly"
HINTS = ("mail delivery failed",)

_RECIPIENT = re.compile(r"error delivering your mail to <([^<>\s]+)>", re.IGNORECASE)
_ENDS = ("original message follows.", "message headers follow.")
# "did not like our RCPT TO:" -> RCPT; "final DATA" -> DATA; "MAIL FROM" -> MAIL
_COMMANDS = (("rcpt to", "RCPT"), ("data", "DATA"), ("mail from", "MAIL"))
_RHOST = re.compile(r"^([\w.-]+) \[[\d.:a-f]+\] did not like our", re.IGNORECASE | re.MULTILINE)


def parse(message: Message) -> list[Recipient] | None:
    """The recipient of a dma bounce, or ``None`` when it is not one."""
    text = message.text
    if "DragonFly Mail Agent" not in text[:400]:
        return None
    found = _RECIPIENT.search(text)
    if not found:
        return None
    body = text[found.end() :]
    lowered = body.lower()
    cut = min((lowered.find(end) for end in _ENDS if end in lowered), default=len(body))
    diagnostic = " ".join(body[:cut].split()).lstrip(". ")
    recipient = Recipient(address=clean_address(found.group(1)), diagnostic=diagnostic)
    liked = lowered[: lowered.find("\n", lowered.find("did not like our"))]
    for fragment, command in _COMMANDS:
        if "did not like our" in liked and fragment in liked.rsplit("did not like our", 1)[1]:
            recipient.command = command
            break
    rhost = _RHOST.search(body[:cut])
    if rhost:
        recipient.rhost = rhost.group(1)
    return [recipient]
