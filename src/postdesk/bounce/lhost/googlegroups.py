"""Google Groups: a post refused by a group (it does not exist, or the sender may not post).

The notice is written in the sender's language and names no reply code; the
group's address is in X-Failed-Recipients. Every such refusal is about the
sender's right to post, so the reason is ``rejected``.
"""

from __future__ import annotations

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "googlegroups"
HINTS = ("delivery status notification",)


def parse(message: Message) -> list[Recipient] | None:
    """The refusing groups, or ``None`` when this is not a Google Groups notice."""
    failed = message.header("x-failed-recipients")
    if (
        message.has_report
        or "googlegroups.com" not in failed.lower()
        or "google" not in message.header("from").lower()
    ):
        return None
    text = " ".join(message.text.split("----- Original message -----")[0].split())
    return [
        Recipient(address=clean_address(address), reason="rejected", diagnostic=text[:1000])
        for address in failed.split(",")
        if "@" in address
    ] or None
