"""NetEase (163.com, 126.com, yeah.net, NetEase Qiye): replies tagged "XX:YYY".

Sample lines::

    554 DT:SPM 163 smtp10,DsCowAD3... , please see http://mail.163.com/help/help_spam_16.htm?ip=...
    451 RP:QRC 163 mx3,... , please see http://mail.163.com/help/help_spam_16.htm?...

NetEase's help pages list every tag (citation "netease"): HL the sending
host's behaviour, MI the mail or the sender, RP rate and recipient limits,
DT the content or a block list, WM allow lists.
"""

from __future__ import annotations

import re

NAME = "netease"
SOURCE = "netease"
HOSTS = ("163.com", "126.com", "yeah.net", "netease.com", "188.com", "ym.163.com", "qiye.163.com")
TEXT_HINTS = ("mail.163.com/help", "help.mail.163.com")

_TAG = re.compile(r"\b([A-Z]{2}:[A-Z]{3})\b")
CODES: dict[str, str] = {
    "HL:REP": "badreputation",  # the IP's behaviour: many nonexistent recipients
    "HL:MEP": "badreputation",  # the IP's behaviour: many forged sender domains
    "HL:ICC": "toomanyconn",  # too many concurrent connections from the IP
    "HL:IFC": "speeding",  # too much mail from the IP in a short time
    "HL:IFQ": "speeding",
    "HL:IHU": "blocked",  # the IP is suspended for breaking the terms of service
    "HL:IPB": "blocked",  # the IP is not on the allowed list
    "MI:CEL": "syntaxerror",  # too many erroneous commands
    "MI:CCL": "syntaxerror",  # more commands than normal
    "MI:NHD": "syntaxerror",  # empty HELO
    "MI:DMC": "toomanyconn",  # too many messages in this connection
    "MI:IMF": "notcompliantrfc",  # the sender address does not follow the RFCs
    "MI:SPF": "authfailure",  # the IP is not allowed by the sending domain's SPF
    "MI:DMA": "authfailure",  # DMARC check failed
    "MI:SFQ": "speeding",  # the sender's 15-minute quota
    "MI:STC": "speeding",  # the sender's daily count
    "RP:DRC": "toomanyconn",  # too many recipients in this connection
    "RP:CCL": "syntaxerror",
    "RP:CEL": "syntaxerror",
    "RP:RCL": "toomanyconn",  # too many recipients of one message
    "RP:QRC": "speeding",  # the sender's short-term recipient quota
    "RP:TRC": "speeding",  # the sender's daily recipient quota
    "RP:DBL": "blocked",
    "RP:RDN": "requireptr",  # no reverse DNS for the sending IP
    "DT:SPM": "spamdetected",  # the content looks like spam
    "DT:RBL": "blocked",  # the IP is on a block list
    "DT:SUM": "rejected",  # envelope sender and From do not match
    "WM:BLI": "blocked",  # the IP is not on the allowed list
    "WM:BLU": "rejected",  # the sender is not on the allowed list
}


def code_of(text: str) -> list[str]:
    """NetEase's tags in a reply."""
    return _TAG.findall(text)
