"""Bounce analysis: read a returned message and say, per recipient, what went wrong.

``analyze(raw)`` takes the bytes of one message and returns a
:class:`BounceReport`; ``explain(text)`` does the same for one line (an SMTP
reply, a status code, a server phrase or a mail client's error code).
"""

from __future__ import annotations

from postdesk.bounce.engine import analyze
from postdesk.bounce.explain import explain
from postdesk.bounce.result import BounceReport, Recipient

__all__ = ["BounceReport", "Recipient", "analyze", "explain"]
