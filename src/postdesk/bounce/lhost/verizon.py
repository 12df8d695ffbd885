"""Verizon's text gateways (vtext.com, vzwpix.com): one "Error:" line, the recipient below it.

Layout, as the taxonomy's module documents it (citation "taxonomy-lhost",
go-sisimai lhost/via-verizon.go): the notice comes from post_master@vtext.com or
sysadmin@<host>.vzwpix.com; the error starts at "Error: "; the original message
follows "Original Message:" (its To: header is the recipient) or the envelope
is listed after "Message details:" (its "RCPT TO: " line is the recipient)::

    Error: No valid recipients

    Message details:
      Subject: Test message
      Sent date: Wed Apr 29 23:34:45 GMT 2013
      MAIL FROM: shironeko@example.org
      RCPT TO: kijitora@vtext.com

The module reads "550 - Requested action not taken: no such user here" and "No valid
recipients" as the unknown address whatever the stage, so the parser says so.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "verizon"
HINTS = ("vtext.com", "vzwpix.com")

_ENDS = ("Original Message:", "Message details:")
_RCPT = re.compile(r"^[ \t]*RCPT TO:[ \t]*<?(?P<address>[^\s<>@]+@[^\s<>]+?)>?[ \t]*$", re.M)
_TO = re.compile(r"^[ \t]*To:[ \t]*(?P<value>.+)$", re.M)
_UNKNOWN = ("550 - requested action not taken: no such user here", "no valid recipients")


def _is_verizon(sender: str) -> bool:
    return "post_master@vtext.com" in sender or ("sysadmin@" in sender and ".vzwpix.com" in sender)


def parse(message: Message) -> list[Recipient] | None:
    """The recipient of a Verizon gateway notice, or ``None`` when it is not one."""
    if not _is_verizon(message.header("from").lower()):
        return None
    text = message.text
    cut = min((at for at in (text.find(end) for end in _ENDS) if at >= 0), default=-1)
    if cut < 0:
        return None
    head, tail = text[:cut], text[cut:]
    start = head.find("Error: ")
    diagnostic = " ".join(head[start:].split()) if start >= 0 else ""
    found = _RCPT.search(tail) if tail.startswith("Message details:") else None
    if found is None:
        to = _TO.search(tail)
        if to is None:
            return None
        address = clean_address(to.group("value"))
    else:
        address = clean_address(found.group("address"))
    if "@" not in address:
        return None
    lowered = diagnostic.lower()
    reason = "userunknown" if any(text in lowered for text in _UNKNOWN) else ""
    return [Recipient(address=address, diagnostic=diagnostic, reason=reason)]
