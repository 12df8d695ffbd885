"""Facebook (facebook.com mail): reply codes like "RCP-P1", documented at postmaster.facebook.com.

Sample line::

    550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused
    due to recipient preferences

The letters say what was refused (RCP recipient, CON connection, DNS, POL
policy, MSG message, INT internal), P permanent or T temporary, then a number.
"""

from __future__ import annotations

import re

NAME = "facebook"
SOURCE = "facebook"
HOSTS = ("facebook.com", "fb.com")
TEXT_HINTS = ("postmaster.facebook.com",)

_CODE = re.compile(r"\b([A-Z]{3}-[PT]\d)\b")
CODES: dict[str, str] = {
    "RCP-P1": "userunknown",  # the address does not exist
    "RCP-P2": "filtered",  # the recipient's preferences refuse it
    "RCP-P3": "filtered",
    "RCP-P4": "userunknown",
    "RCP-T1": "systemerror",
    "RCP-T4": "systemerror",
    "CON-T1": "toomanyconn",
    "CON-T2": "toomanyconn",
    "CON-T3": "speeding",
    "CON-T4": "speeding",
    "DNS-P1": "requireptr",
    "DNS-P2": "requireptr",
    "DNS-P3": "requireptr",
    "DNS-T1": "networkerror",
    "POL-P1": "blocked",
    "POL-P2": "blocked",
    "POL-P3": "blocked",
    "POL-P4": "policyviolation",
    "POL-P5": "policyviolation",
    "POL-P6": "policyviolation",
    "POL-P7": "authfailure",
    "POL-P8": "policyviolation",
    "POL-T1": "speeding",
    "POL-T2": "speeding",
    "POL-T3": "speeding",
    "MSG-P1": "mesgtoobig",
    "MSG-P2": "contenterror",
    "MSG-P3": "contenterror",
    "INT-P1": "systemerror",
    "INT-T1": "systemerror",
}


def code_of(text: str) -> list[str]:
    """Facebook's codes in a reply."""
    return _CODE.findall(text)
