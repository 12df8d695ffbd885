"""Facebook (facebook.com mail): reply codes like "RCP-P1", documented at postmaster.facebook.com.

Sample line::

    550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused
    due to recipient preferences

The letters say what was refused (RCP recipient, CON connection, DNS, POL
policy, MSG message, INT internal), P permanent or T temporary, then a number.
The page's sentence for each code gives its reason, as the reference taxonomy
reads them (citation "taxonomy-rhost", for-facebook.go): DNS-P1/P2/T1 are the
MAIL FROM domain (rejected), DNS-P3/T2 the server's reverse DNS, POL-P1..P4 and
POL-T1..T3 refusals of the sending server for hours (blocked), RCP-T4 an address
deactivated for now (suspend), CON-T3/T4 and MSG-T1 connection and recipient
limits (toomanyconn).
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
    "RCP-T4": "suspend",
    "CON-T1": "toomanyconn",
    "CON-T2": "toomanyconn",
    "CON-T3": "toomanyconn",
    "CON-T4": "toomanyconn",
    "DNS-P1": "rejected",
    "DNS-P2": "rejected",
    "DNS-P3": "requireptr",
    "DNS-T1": "rejected",
    "POL-P1": "blocked",
    "POL-P2": "blocked",
    "POL-P3": "blocked",
    "POL-P4": "blocked",
    "POL-P5": "virusdetected",
    "POL-P6": "spamdetected",
    "POL-P7": "authfailure",
    "POL-P8": "policyviolation",
    "POL-T1": "blocked",
    "POL-T2": "blocked",
    "POL-T3": "blocked",
    "MSG-P1": "mesgtoobig",
    "MSG-P2": "contenterror",
    "MSG-P3": "notcompliantrfc",
    "INT-P1": "userunknown",
    "INT-T1": "systemerror",
    "INT-P2": "mesgtoobig",  # exceeds Facebook's maximum size
    "INT-P3": "userunknown",  # the group address does not exist
    "INT-P4": "userunknown",
    "DNS-T2": "requireptr",  # the reverse DNS record does not resolve now
    "MSG-T1": "toomanyconn",  # more recipients than Facebook allows
}


def code_of(text: str) -> list[str]:
    """Facebook's codes in a reply."""
    return _CODE.findall(text)
