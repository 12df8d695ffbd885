"""Tencent (QQ Mail, Tencent Exmail): short English replies with a help link.

Sample lines::

    550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728
    550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725

Tencent's help pages explain each reply (citation "tencent").
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "tencent"
SOURCE = "tencent"
HOSTS = ("qq.com", "exmail.qq.com", "foxmail.com", "tencent.com")
TEXT_HINTS = ("service.mail.qq.com", "exmail.qq.com")

RULES = (
    (phrase("mailbox not found", "tencent"), "userunknown"),
    (phrase("mailbox is full", "tencent"), "mailboxfull"),
    (phrase("ip frequency limited", "tencent"), "speeding"),
    (phrase("domain frequency limited", "tencent"), "speeding"),
    (phrase("sender frequency limited", "tencent"), "speeding"),
    (phrase("connection frequency limited", "tencent"), "toomanyconn"),
    (phrase("mail content denied", "tencent"), "spamdetected"),
    (phrase("content rejected", "tencent"), "spamdetected"),
    (phrase("dmarc check failed", "tencent"), "authfailure"),
    (phrase("spf check failed", "tencent"), "authfailure"),
    (phrase("message too large", "tencent"), "mesgtoobig"),
)
