"""Explain one line: an SMTP reply, a status code, a server phrase or a client error code."""

from __future__ import annotations

from postdesk.bounce.finish import finish
from postdesk.bounce.result import Recipient


def explain(text: str) -> Recipient:
    """The record shape for ``text`` alone, without a recipient address."""
    return finish(Recipient(diagnostic=text))
