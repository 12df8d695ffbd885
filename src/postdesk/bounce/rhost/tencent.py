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
    # The frequency limits on one IP, domain, sender or connection (Tencent's help pages
    # 122/172-175): the taxonomy reads all four as too many connections (citation
    # "taxonomy-rhost", for-tencent.go), the limit being on what one client opens
    (phrase("ip frequency limited", "tencent"), "toomanyconn"),
    (phrase("domain frequency limited", "tencent"), "toomanyconn"),
    (phrase("sender frequency limited", "tencent"), "toomanyconn"),
    (phrase("connection frequency limited", "tencent"), "toomanyconn"),
    # "frequency of receiving messages is limited" (122/1011): the recipient's own rate
    (phrase("frequency of receiving messages is limited", "tencent"), "speeding"),
    (phrase("suspected bounce attacks", "tencent"), "blocked"),  # 122/57
    (phrase("suspected spam ip", "tencent"), "blocked"),  # 122/66
    (phrase("connection denied", "tencent"), "blocked"),  # 122/170
    (phrase("suspected spam", "tencent"), "rejected"),  # 122/71: the sender's mail
    (phrase("spam is embedded in the email", "tencent"), "spamdetected"),  # 122/59
    (phrase("is a deactivated mailbox", "tencent"), "suspend"),
    (phrase("bad address syntax", "tencent"), "syntaxerror"),  # 122/167
    (phrase("mail content denied", "tencent"), "spamdetected"),
    (phrase("content rejected", "tencent"), "spamdetected"),
    (phrase("dmarc check failed", "tencent"), "authfailure"),
    (phrase("spf check failed", "tencent"), "authfailure"),
    (phrase("message too large", "tencent"), "mesgtoobig"),
    # "550 Mailbox unavailable or access denied": the recipient received a great many
    # messages in a short time; mail to it is held back for a while (Tencent's help:
    # 收件人短时间内收到大量邮件, 暂时禁止向该收件人发信)
    (phrase("mailbox unavailable or access denied", "tencent"), "speeding"),
    # the same reply as the taxonomy's module spells it (122/166)
    (phrase("mailbox unavailable or access denined", "tencent"), "speeding"),
    # "550 Mail is rejected by recipients" (122/92): the recipient's own blacklist names
    # the sender; the taxonomy reads it as a refusal of the sender (rejected)
    (phrase("mail is rejected by recipients", "tencent"), "rejected"),
)
