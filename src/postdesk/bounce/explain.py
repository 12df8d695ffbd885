"""Explain one line: an SMTP reply, a status code, a server phrase or a client error code.

The line goes through the same completion as a bounce record (codes, reason,
hard or soft) and the same playbook lookup, so ``postdesk explain`` and
``postdesk bounce`` always agree. A mail client's error code (Outlook
Express / Outlook ``0x800CCCxx``, the table of 4.0.9) is not a bounce: it gets
its playbook and reply but no reason.
"""

from __future__ import annotations

import re

from postdesk.bounce.advice import advise
from postdesk.bounce.finish import finish
from postdesk.bounce.message import clean_text
from postdesk.bounce.result import Recipient

# 0x800CCC0E, 0x800C0133, 800ccc0f (written without the 0x)
CLIENT_CODE = re.compile(r"\b(?:0x)?800c[0-9a-f]{3,4}\b", re.IGNORECASE)


def explain(text: str) -> Recipient:
    """The record shape for ``text`` alone, without a recipient address."""
    # Lone surrogates (JSON's "\\ud800", a terminal's undecodable bytes) cannot be
    # written out as UTF-8: they become U+FFFD before anything reads the line.
    line = " ".join(clean_text(text)[0].split())
    if CLIENT_CODE.search(line):
        return advise(Recipient(diagnostic=line), line, single_line=True)
    # A line on its own has no SMTP command or report around it: its words are taken
    # as they stand (finish's context=False), and with no host named it is the reply
    # the customer's client showed, the provider's own server's (advice).
    recipient = finish(Recipient(diagnostic=line), context=False)
    return advise(recipient, line, single_line=True)
