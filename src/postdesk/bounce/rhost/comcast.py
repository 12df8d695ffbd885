"""Comcast (Xfinity, comcast.net): block codes "ESnnnnnn" and "BLnnnnnn" in its 550 replies.

Comcast's postmaster page on mail delivery error codes (citation "comcast")
says every 550 it gives carries a block code and a link explaining it:
ES000001 and ES000010 are mail from dynamic or residential IP space, BL000000
an address that sent mail in patterns characteristic of spam, BL000001 to
BL000111 an address on Spamhaus ZEN, Cloudmark CSI or the SenderScore block
list (each digit one list). All are refusals of the sending IP (blocked). Its
"non-specific" replies are "421 Too many sessions opened" (the limit on
simultaneous connections) and "421 Reverse DNS failure : Try again later".
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "comcast"
SOURCE = "comcast"
HOSTS = ("comcast.net", "xfinity.com")
TEXT_HINTS = ("postmaster.comcast.net", "help.comcast.net/content/faq/")

_CODE = re.compile(r"\b((?:ES|BL)0[01]{5})\b")
CODES: dict[str, str] = {
    "ES000001": "blocked",  # from Comcast's own dynamic/residential space
    "ES000010": "blocked",  # from external dynamic/residential space
    "BL*": "blocked",  # spam-like patterns, or listed on Spamhaus ZEN / Cloudmark CSI / SenderScore
}

RULES = (
    (phrase("too many sessions opened", "comcast"), "toomanyconn"),
    (phrase("reverse dns failure : try again later", "comcast"), "requireptr"),
)


def code_of(text: str) -> list[str]:
    """Comcast's block codes in a reply; a BL code also as its family "BL*"."""
    found: list[str] = []
    for code in _CODE.findall(text):
        found.append(code)
        if code.startswith("BL"):
            found.append("BL*")
    return found
