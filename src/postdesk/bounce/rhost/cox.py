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

from postdesk.bounce.phrases import phrase

NAME = "cox"
SOURCE = "cox"
HOSTS = ("cox.net", "cox.com")
TEXT_HINTS = ("aup#cx", "aup#cd", "aup#ipbl", "postmaster.cox.net")  # its page's code families

_CODE = re.compile(r"AUP#\s?((?:CX|CD)[A-Z]{2,6}|IPBL\d{4,5}|URLBL\d{3,4})\b", re.IGNORECASE)
CODES: dict[str, str] = {
    "CXBL": "blocked",  # the sending IP blocked by Cox for spam-like behaviour
    "CDRBL": "blocked",  # the same, temporarily (at most 24 hours)
    "IPBL*": "blocked",  # the sending IP is on a public DNSBL (IPBL0001 Spamhaus ZEN, ...)
    # The rest of the page's codes, read as the reference taxonomy reads them (citation
    # "taxonomy-rhost", for-cox.go):
    "CXDNS": "requireptr",  # the reverse DNS lookup of the sending IP fails
    "CXSNDR": "authfailure",  # the mail failed the sending domain's SPF/DomainKeys/DKIM
    "CXSMTP": "rejected",  # SMTP violation: Cox could not verify a legitimate sender
    "CXCNCT": "toomanyconn",  # more than 10 concurrent connections from the IP
    "CXMXRT": "toomanyconn",  # the sender reached the maximum number of recipients
    "CXTHRT": "securityerror",  # sending limited: suspicious account activity
    "CXMJ": "securityerror",  # sending blocked: suspicious activity on the primary account
    "URLBL*": "spamdetected",  # a URL in the body is on SURBL / Spamhaus DBL / ivmURI
}

# The page's replies without a code (the same sources)
RULES = (
    (phrase("cox too many bad commands from", "cox"), "blocked"),
    (phrase("too many invalid recipients", "cox"), "blocked"),
    (phrase("dns check failure - try again later", "cox"), "requireptr"),
    (phrase("rejected - no rdns", "cox"), "requireptr"),
    (phrase("esmtp no data before greeting", "cox"), "policyviolation"),
    (phrase("attachment extension is forbidden", "cox"), "policyviolation"),
    (phrase("esmtp server temporarily not available", "cox"), "systemerror"),
    (phrase("too many sessions from", "cox"), "toomanyconn"),
    (phrase("requested action aborted: try again later", "cox"), "toomanyconn"),
    (phrase("message threshold exceeded", "cox"), "toomanyconn"),
)


def code_of(text: str) -> list[str]:
    """Cox's AUP# codes in a reply; an IPBL/URLBL code also as its family ("IPBL*")."""
    found: list[str] = []
    for code in _CODE.findall(text):
        code = code.upper()
        found.append(code)
        if code.startswith(("IPBL", "URLBL")):
            found.append(code.rstrip("0123456789") + "*")
    return found
