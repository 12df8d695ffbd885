"""Orange / Wanadoo (France): reply codes "OFR_nnn [nnn]" and "LPNnnn_nnn".

Sample lines::

    550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]
    421 4.2.0 Service refuse. Veuillez essayer plus tard. ... OFR005_505 [505]
    550 5.5.0 Service refuse. Veuillez essayer plus tard. ... LPN001_108

The number after the last underscore is Orange's reason code (its postmaster
page lists them); the table maps the ones whose meaning is settled.
"""

from __future__ import annotations

import re

from postdesk.bounce.result import Recipient

HOSTS = ("orange.fr", "wanadoo.fr", "laposte.net")
TEXT_HINTS = ("ofr_", "ofr0", "lpn0")

_CODE = re.compile(r"\b(?:ofr|lpn)\d*_(\d{3})\b", re.IGNORECASE)
# Orange reason codes and what they mean.
_CODES: dict[str, str] = {
    "101": "blocked",  # IP address on Orange's block list
    "102": "blocked",
    "103": "blocked",
    "104": "toomanyconn",  # too many connections from the IP
    "105": "blocked",
    "106": "requireptr",  # no reverse DNS for the IP
    "107": "blocked",  # IP reputation: service refused
    "108": "blocked",
    "109": "blocked",
    "201": "toomanyconn",
    "202": "toomanyconn",
    "203": "toomanyconn",
    "501": "suspend",  # recipient account closed or blocked
    "502": "speeding",
    "503": "speeding",
    "504": "mesgtoobig",
    "505": "systemerror",  # temporary failure at Orange: try later
    "506": "spamdetected",  # message judged to be spam
    "507": "authfailure",
    "508": "mailboxfull",
    "509": "userunknown",
    "510": "blocked",
}


def reason(recipient: Recipient) -> str:
    """The reason Orange's code names, or ``""``."""
    found = _CODE.findall(recipient.diagnostic)
    return _CODES.get(found[-1], "") if found else ""
