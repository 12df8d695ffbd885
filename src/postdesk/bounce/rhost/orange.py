"""Orange / Wanadoo / La Poste (France): reply codes "OFR_nnn [nnn]" and "LPNnnn_nnn".

Sample lines::

    550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]
    421 4.2.0 Service refuse. Veuillez essayer plus tard. ... OFR005_505 [505]

The number after the last underscore is Orange's reason code; its
postmaster page lists them (citation "orange").
"""

from __future__ import annotations

import re

NAME = "orange"
SOURCE = "orange"
HOSTS = ("orange.fr", "wanadoo.fr", "laposte.net", "orange.com")
TEXT_HINTS = ("ofr_", "ofr0", "lpn0")

_CODE = re.compile(r"\b(?:ofr|lpn)\d*_(\d{3})\b", re.IGNORECASE)
CODES: dict[str, str] = {
    "101": "blocked",  # the IP is on Orange's block list
    "102": "blocked",
    "103": "blocked",
    "104": "toomanyconn",  # too many connections from the IP
    "105": "blocked",
    "106": "requireptr",  # no reverse DNS for the IP
    "107": "blocked",  # the IP's reputation: service refused
    "108": "blocked",
    "109": "blocked",
    "201": "toomanyconn",
    "202": "toomanyconn",
    "203": "toomanyconn",
    "501": "suspend",  # the recipient's account is closed or blocked
    "502": "speeding",
    "503": "speeding",
    "504": "mesgtoobig",
    "505": "systemerror",  # a temporary failure at Orange: try later
    "506": "spamdetected",  # the message is judged to be spam
    "507": "authfailure",
    "508": "mailboxfull",
    "509": "userunknown",
    "510": "blocked",
}


def code_of(text: str) -> list[str]:
    """Orange's codes in a reply, the last first (it is the one that decided)."""
    return list(reversed(_CODE.findall(text)))
