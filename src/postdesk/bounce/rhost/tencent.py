"""Tencent (QQ Mail, Tencent Exmail): short English replies with a help link.

Sample lines::

    550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728
    550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725
    550 DMARC check failed. http://service.mail.qq.com/cgi-bin/help?subtype=1&&no=1001508

The phrase before the link is Tencent's own and names the reason.
"""

from __future__ import annotations

from postdesk.bounce.result import Recipient

HOSTS = ("qq.com", "exmail.qq.com", "foxmail.com", "tencent.com")
TEXT_HINTS = ("service.mail.qq.com", "exmail.qq.com")

# Tencent's reply phrases (lower case) and their reasons, most specific first.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("mailbox not found", "userunknown"),
    ("mailbox unavailable or access denied", "userunknown"),
    ("the mailbox is full", "mailboxfull"),
    ("mailbox is full", "mailboxfull"),
    ("ip frequency limited", "speeding"),
    ("connection frequency limited", "toomanyconn"),
    ("domain frequency limited", "speeding"),
    ("sender frequency limited", "speeding"),
    ("mail content denied", "contenterror"),
    ("spam detected", "spamdetected"),
    ("suspected spam", "spamdetected"),
    ("dmarc check failed", "authfailure"),
    ("spf check failed", "authfailure"),
    ("ip in blacklist", "blocked"),
    ("ip on the blacklist", "blocked"),
    ("mailbox not activated", "suspend"),
    ("mailbox has been frozen", "suspend"),
    ("message too large", "mesgtoobig"),
)


def reason(recipient: Recipient) -> str:
    """The reason Tencent's reply names, or ``""``."""
    text = recipient.diagnostic.lower()
    return next((reason for phrase, reason in _PHRASES if phrase in text), "")
