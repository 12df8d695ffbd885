"""au (KDDI: ezweb.ne.jp, au.com): one reply text, two meanings told apart by its form.

Sample lines::

    550 <a@ezweb.ne.jp>: User unknown        (in reply to RCPT TO: no such address)
    550 : User unknown                        (after end of DATA: the recipient's filter)

au's servers answer "User unknown" both for an address that does not exist
(at RCPT, naming the address) and for a message the recipient's own
reception settings refuse (after DATA, the address left out). Relays often
report neither the command nor a useful status (5.0.0), so the form of the
reply is what tells the two apart.
"""

from __future__ import annotations

import re

NAME = "kddi"
SOURCE = "kddi"
HOSTS = ("ezweb.ne.jp", "au.com", "kddi.com")

_UNNAMED = re.compile(r"\b[45]\d\d :\s*user unknown", re.I)
_NAMED = re.compile(r"\b[45]\d\d <[^<>\s]+@[^<>\s]+>:\s*user unknown", re.I)
CODES: dict[str, str] = {
    "unnamed": "filtered",  # "550 : User unknown": refused after DATA by reception settings
    "named": "userunknown",  # "550 <a@ezweb.ne.jp>: User unknown": refused at RCPT
}


def code_of(text: str) -> list[str]:
    """The form of au's "User unknown" reply in ``text`` ("unnamed", "named")."""
    if _UNNAMED.search(text):
        return ["unnamed"]
    return ["named"] if _NAMED.search(text) else []
