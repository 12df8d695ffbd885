"""Cox (cox.net): "AUP#" codes at the end of its SMTP replies.

Sample line::

    554 cdptpa-ibmta02.southeast.rr.com ... cox.net blocked. Refer to Error Codes
    section at https://www.cox.com/... for more information. AUP#CXBL

Cox's postmaster "Error Codes" page (citation "cox") explains each code: CXBL
the sending IP blocked by Cox for spam-like behaviour, CDRBL the same for up to
24 hours, IPBLnnnn the sending IP listed on one or more public DNSBLs (the
digits say which: Spamhaus ZEN, Return Path, ivmSIP, Cloudmark CSI). Only the
codes whose meaning that page states are here.
"""

from __future__ import annotations

import re

NAME = "cox"
SOURCE = "cox"
HOSTS = ("cox.net", "cox.com")
TEXT_HINTS = ("aup#cx", "aup#cd", "aup#ipbl", "postmaster.cox.net")  # its page's code families

_CODE = re.compile(r"AUP#\s?((?:CX|CD)[A-Z]{2,6}|IPBL\d{4})\b", re.IGNORECASE)
CODES: dict[str, str] = {
    "CXBL": "blocked",  # the sending IP blocked by Cox for spam-like behaviour
    "CDRBL": "blocked",  # the same, temporarily (at most 24 hours)
    "IPBL*": "blocked",  # the sending IP is on a public DNSBL (IPBL0001 Spamhaus ZEN, ...)
}


def code_of(text: str) -> list[str]:
    """Cox's AUP# codes in a reply; an IPBLnnnn code also as its family "IPBL*"."""
    found: list[str] = []
    for code in _CODE.findall(text):
        code = code.upper()
        found.append(code)
        if code.startswith("IPBL"):
            found.append("IPBL*")
    return found
