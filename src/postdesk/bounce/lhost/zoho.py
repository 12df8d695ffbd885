"""Zoho Mail: one line per recipient with Zoho's summary and the remote reply.

Sample::

    mikeneko@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 <...>... User Unknown

A delayed message says "Host not reachable" and "Message will be retried".
"Invalid Address" is Zoho's own summary; the remote reply after it decides.
"""

from __future__ import annotations

import re
from dataclasses import replace

from postdesk.bounce.lhost._text import TextFormat, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "zoho"
HINTS = ("zoho",)

FORMAT = TextFormat(
    start=(
        "this is a permanent error",
        "this is a temporary error",
        "error occured",
        "error occurred",
    ),
    end=("received:from", "received: from", "----- transcript"),
    recipient=re.compile(
        r"^\s*\[?(?:status: error, address: )?<?(?P<address>[^\s<>,@]+@[^\s<>,]+?)>?"
        r"[\s,]+(?P<rest>.*)$",
        re.IGNORECASE,
    ),
)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Zoho bounce, or ``None`` when it is not one."""
    # Zoho's servers stamp every notice with an X-ZohoMail header (the taxonomy's Zoho
    # module recognises the notice by it alone, citation "taxonomy-lhost", via-zoho.go);
    # the From is Zoho's own only when the sender's domain is hosted there by name.
    if message.has_report or not (
        "zoho" in message.header("from").lower() or message.header("x-zohomail")
    ):
        return None
    recipients = read_text(message.text, FORMAT) or read_text(
        message.text, replace(FORMAT, start=())
    )
    if not recipients:
        return None
    for recipient in recipients:
        # Zoho's summary of a destination it never reached; its module reads it as the
        # queue giving up (citation "taxonomy-lhost", via-zoho.go)
        if "host not reachable" in recipient.diagnostic.lower():
            recipient.reason = "expired"
    return recipients
