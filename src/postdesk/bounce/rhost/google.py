"""Gmail and Google Workspace: enhanced status codes Google gives its own meaning.

Sample lines (Google's "Gmail SMTP errors and codes", citation "gmail")::

    421 4.7.27 Your email has been rate limited because SPF authentication didn't
        pass for this message. ... - gsmtp
    550 5.7.30 This message was blocked because it didn't pass DKIM authentication.
    421 4.7.23 The sending IP address for this message doesn't have a PTR record ...

Google's sender requirements (citation "gmail-senders") reuse detail codes
that the IANA registry gives other meanings: X.7.27 is RFC 7505's "sender
address has null MX", but at Gmail it is SPF that did not pass; X.7.30 is RFC
8689's "REQUIRETLS support required", at Gmail DKIM; X.7.29 (RFC 8617 ARC) is
mail that came without TLS; X.7.23 (RFC 7372 SPF) a missing PTR record;
X.7.28 ("mail flood") an unusual rate of unsolicited mail from the IP, the
netblock or the domain; X.7.32 and X.7.40 (unregistered) DMARC alignment and
a missing DMARC record. Read by the registry, each would name the wrong
cause, so this table reads them Google's way, and only in Google's own
replies: Gmail appends "gsmtp" to every error it gives (the same page), so
a status quoted without it is another server's and keeps its registered
meaning.
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "google"
SOURCE = "gmail-senders"
HOSTS = ("google.com", "gmail.com", "googlemail.com")
TEXT_HINTS = ("gsmtp",)

# A status, not the tail of an IPv4 address ("[10.5.7.27]" holds no 5.7.27).
_STATUS = re.compile(r"(?<![\w.])([45]\.7\.\d\d)(?!\d|\.\d)")
_GSMTP = re.compile(r"\bgsmtp\b", re.IGNORECASE)
# "504 5.7.40 Unrecognized authentication type" / "XOAUTH is no longer supported" are
# replies to SMTP AUTH (the same page): 5.7.40 means DMARC only where DMARC is named.
_DMARC = re.compile(r"dmarc", re.IGNORECASE)
CODES: dict[str, str] = {
    "4.7.23": "requireptr",  # no PTR record, or its forward entry does not match the IP
    "4.7.24": "authfailure",  # the sending domain's SPF record has suspicious entries
    "5.7.24": "authfailure",
    "4.7.27": "authfailure",  # SPF did not pass
    "5.7.27": "authfailure",
    "4.7.28": "badreputation",  # unusual rate of unsolicited mail from the IP/netblock/domain
    "5.7.28": "badreputation",
    "4.7.29": "failedstarttls",  # the message was not sent over a TLS connection
    "5.7.29": "failedstarttls",
    "4.7.30": "authfailure",  # DKIM did not pass
    "5.7.30": "authfailure",
    "4.7.31": "authfailure",  # no DMARC policy (the sender guidelines FAQ's older code)
    "4.7.32": "authfailure",  # From: not aligned with the authenticated SPF or DKIM domain
    "5.7.32": "authfailure",
    "4.7.40": "authfailure",  # no DMARC record, or one without a policy
    "5.7.40": "authfailure",
}

# Texts of the same page whose registry code would name another cause (citation "gmail"):
RULES = (
    # "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to
    # our servers. Please use the SMTP relay at your service provider instead.": the client
    # IP itself (a residential or dynamic range) is refused, not a relay request
    (phrase("not authorized to send email directly to our servers", "gmail"), "blocked"),
    # "550 5.7.1 Email quota exceeded.", listed with the daily sending and SMTP relay limits:
    # a policy refusal (X.7.1) of the sender's volume, not the recipient's mailbox (which
    # Gmail answers "452 4.2.2 ... over quota" / "out of storage space")
    (phrase("email quota exceeded", "gmail"), "speeding"),
    # "552 5.2.3 Your message exceeded Google's message size limits.": Gmail's own limit on
    # every message, not one recipient's (which is what X.2.3, "Message length exceeds
    # administrative limit", is read as: exceedlimit)
    (phrase("exceeded google's message size limits", "gmail"), "mesgtoobig"),
)


def code_of(text: str) -> list[str]:
    """The X.7.NN statuses of a reply Gmail itself gave (one ending in "gsmtp")."""
    if not _GSMTP.search(text):
        return []
    found = _STATUS.findall(text)
    if not _DMARC.search(text):
        found = [code for code in found if not code.endswith(".7.40")]
    return found
