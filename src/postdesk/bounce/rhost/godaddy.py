"""GoDaddy (secureserver.net): "IBnnn" codes at the end of its inbound servers' replies.

Sample lines::

    554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB104
    550 coolexample.com From: Domain is invalid. Provide a valid From: IB506

GoDaddy's help page "Fix rejected email with a bounce error" (citation
"godaddy") lists each code and the bounces without one ("Account does not
exist", "Account disabled", "Account storage limit"); the reference taxonomy
reads them alike (citation "taxonomy-rhost", for-godaddy.go).
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "godaddy"
SOURCE = "godaddy"
HOSTS = ("secureserver.net",)

_CODE = re.compile(r"\b(IB\d{3})\b")
CODES: dict[str, str] = {
    "IB401": "securityerror",  # authentication is not allowed on inbound servers
    "IB501": "notcompliantrfc",  # blank From: address
    "IB502": "notcompliantrfc",  # an IP address as the From: address
    "IB506": "rejected",  # the From: domain is invalid (no MX or address)
    "IB508": "authfailure",  # the sender domain's SPF does not authorise the server
    "IB108": "requireptr",  # reverse DNS for the sending IP failed
    "IB212": "spamdetected",  # content judged to be spam
    "IB705": "virusdetected",  # virus infected message
    "IB605": "toomanyconn",  # too many recipients in the message
    "IB007": "toomanyconn",  # too many sessions from the IP
    "IB101": "speeding",  # higher than normal volume: try again later
    "IB110": "blocked",  # the IP blocked for an hour: too much spam
    "IB111": "blocked",  # the IP blocked for the day: too much spam
    "IB112": "blocked",  # the IP blocked for an hour: too many invalid recipients
    "IB113": "blocked",  # the IP blocked for the day: too many invalid recipients
    "IB504": "speeding",  # too many messages this hour
    "IB510": "speeding",  # too many messages in the session
    "IB607": "speeding",  # too many recipients this hour
    "IB103": "badreputation",  # poor reputation on Cloudmark Sender Intelligence
    "IB104": "blocked",  # on the Spamhaus SBL
    "IB105": "blocked",  # on the Spamhaus XBL
    "IB106": "blocked",  # on the Spamhaus PBL
}

# The page's bounces without a code
RULES = (
    (phrase("rbl reject", "godaddy"), "blocked"),
    (phrase("has been in the queue too long", "godaddy"), "expired"),
    (phrase("account storage limit", "godaddy"), "mailboxfull"),
    (phrase("message rejected for spam or virus content", "godaddy"), "spamdetected"),
    (phrase("account disabled", "godaddy"), "suspend"),
    (phrase("message is looping", "godaddy"), "systemerror"),
    (phrase("recipient not found", "godaddy"), "userunknown"),
    (phrase("account does not exist", "godaddy"), "userunknown"),
)


def code_of(text: str) -> list[str]:
    """GoDaddy's IB codes in a reply."""
    return _CODE.findall(text)
