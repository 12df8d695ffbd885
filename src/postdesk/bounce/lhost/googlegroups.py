"""Google Groups: a post refused by a group (it does not exist, or the sender may not post).

The notice is written in the sender's language and names no reply code; the
group's address is in X-Failed-Recipients (googlegroups.com, or a Workspace
customer's own domain). Every such refusal is about the
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
    if message.has_report or not failed or "google" not in message.header("from").lower():
        return None
    notice = message.text.split("----- Original message -----")[0]
    # A group of a Google Workspace customer has the customer's own domain, not
    # googlegroups.com; the notice, in whatever language, sends the sender to the
    # Google Groups Help Center (groups.google.com/support).
    if "googlegroups.com" not in failed.lower() and "groups.google.com" not in notice.lower():
        return None
    text = " ".join(notice.split())
    return [
        Recipient(address=clean_address(address), reason="rejected", diagnostic=text[:1000])
        for address in failed.split(",")
        if "@" in address
    ] or None
