"""Google Groups: a post refused by a group (it does not exist, or the sender may not post).

The notice is written in the sender's language and names no reply code; the
group's address is in X-Failed-Recipients (googlegroups.com, or a Workspace
customer's own domain). A refusal that lists the four causes of a refused post
is about the sender's right to post (``rejected``); any other notice is held
(``onhold``), as the taxonomy's module reads it.
"""

from __future__ import annotations

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "googlegroups"
HINTS = ("delivery status notification",)


def _reason(notice: str) -> str:
    """``rejected`` when the notice lists the four causes of a refused post, else ``onhold``.

    The refusal lists, one bulleted line each, that the group name may be misspelt, the
    group removed, membership needed and posting closed: all about the sender's right to
    post. The taxonomy's Google Groups module reads the notice so only when it holds those
    four bullets, and holds it otherwise (citation "taxonomy-lhost", via-googlegroups.go).
    """
    bullets = sum(1 for line in notice.splitlines() if line.startswith(("*", " *")))
    return "rejected" if bullets == 4 else "onhold"


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
        Recipient(address=clean_address(address), reason=_reason(notice), diagnostic=text[:1000])
        for address in failed.split(",")
        if "@" in address
    ] or None
