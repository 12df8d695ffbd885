"""KDDI au (ezweb.ne.jp, au.com): one reply text, two meanings told apart by its form.

Sample lines::

    550 <a@ezweb.ne.jp>: User unknown        (in reply to RCPT TO: no such address)
    550 : User unknown                        (after end of DATA: the recipient's filter)

au's servers answer "User unknown" both for an address that does not exist
(at RCPT, naming the address) and for a message the recipient's own
reception settings refuse (after DATA, with the address left out). Relays
often report neither the command nor a useful status (5.0.0), so the form
of the reply is what tells the two apart.
"""

from __future__ import annotations

import re

from postdesk.bounce.result import Recipient

HOSTS = ("ezweb.ne.jp", "au.com", "kddi.com")

_FILTERED = re.compile(r"\b[45]\d\d :\s*user unknown", re.I)
_UNKNOWN = re.compile(r"\b[45]\d\d <[^<>\s]+@[^<>\s]+>:\s*user unknown", re.I)


def reason(recipient: Recipient) -> str:
    """The reason au's "User unknown" reply means, or ``""`` for any other text."""
    if _FILTERED.search(recipient.diagnostic):
        return "filtered"
    if _UNKNOWN.search(recipient.diagnostic) and recipient.command in ("", "RCPT"):
        return "userunknown"
    return ""
