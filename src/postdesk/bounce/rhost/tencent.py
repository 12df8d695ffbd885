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
    # "550 Mailbox unavailable or access denied": the recipient received a great many
    # messages in a short time; mail to it is held back for a while (Tencent's help:
    # 收件人短时间内收到大量邮件, 暂时禁止向该收件人发信)
    (phrase("mailbox unavailable or access denied", "tencent"), "speeding"),
    # "550 Mail is rejected by recipients": the recipient's own blacklist or filter rule
    (phrase("mail is rejected by recipients", "tencent"), "filtered"),
)
