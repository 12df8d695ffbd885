"""NetEase (163.com, 126.com, yeah.net, NetEase Qiye): replies tagged "XX:YYY".

Sample lines::

    554 DT:SPM 163 smtp10,DsCowAD3... , please see http://mail.163.com/help/help_spam_16.htm?ip=...
    451 RP:QRC 163 mx3,... , please see http://mail.163.com/help/help_spam_16.htm?...
    550 User not found: kijitora@163.com

The tag names the reason (NetEase documents them on its help pages): DT
content, RP rate or reputation, MI/IP the sending IP, SL blocked, RL limits.
"""

from __future__ import annotations

import re

from postdesk.bounce.result import Recipient

HOSTS = ("163.com", "126.com", "yeah.net", "netease.com", "188.com", "vip.163.com", "ym.163.com")
TEXT_HINTS = ("mail.163.com/help", "dt:spm", "rp:qrc")

_TAG = re.compile(r"\b([A-Z]{2}):([A-Z]{3})\b")
_TAGS: dict[str, str] = {
    "DT:SPM": "spamdetected",  # content judged to be spam
    "DT:RBL": "blocked",  # sending IP on a block list
    "DT:SUM": "rejected",  # envelope sender and From do not match
    "RP:DBL": "blocked",
    "RP:RDN": "requireptr",  # no reverse DNS for the sending IP
    "RP:QRC": "speeding",  # too many messages from the sender in a short time
    "RP:CEL": "badreputation",  # the sending IP sends too much bad mail
    "RP:TRC": "toomanyconn",
    "RP:ODR": "speeding",
    "MI:CEL": "badreputation",
    "MI:DMC": "toomanyconn",
    "MI:NHD": "syntaxerror",  # HELO missing
    "MI:IMF": "notcompliantrfc",  # headers not RFC 5322
    "MI:SPF": "authfailure",
    "MI:DMA": "authfailure",  # DMARC failed
    "MI:STC": "speeding",
    "MI:SFQ": "speeding",
    "MI:NMF": "notcompliantrfc",
    "IP:DAT": "blocked",
    "IP:CLT": "blocked",
    "IP:RBL": "blocked",
    "SL:ERR": "filtered",
    "RL:PSB": "blocked",
}


def reason(recipient: Recipient) -> str:
    """The reason NetEase's tag names, or ``""``."""
    found = _TAG.search(recipient.diagnostic)
    return _TAGS.get(f"{found.group(1)}:{found.group(2)}", "") if found else ""
