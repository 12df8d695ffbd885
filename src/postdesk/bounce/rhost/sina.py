"""Sina Mail (sina.com, sina.cn, vip.sina.com): short English replies with a Chinese gloss.

Sample lines::

    550 user is locked. (邮箱被锁)
    552 too many same size mails. (发送过多长度类似信件)
    556 remote ip check error. (发信ip与Mail From地址不一致)

Sina's list of its server replies (citation "sina") says what each means;
the ones the general reason files already know ("black ip", "rbl deny",
"user is locked", "rejected by anti-spam engine", "message is too long", "mail
from invalid", "host denies the sender", "sender is unvalidated", "host
denies relay") are not repeated here: a table entry decides before the reason
files, so a copy would only hide the general phrase from the held-out measure.
"""

from __future__ import annotations

from postdesk.bounce.phrases import ordered, phrase

NAME = "sina"
SOURCE = "sina"
HOSTS = ("sina.com", "sina.cn", "sina.com.cn", "sina.net")

RULES = (
    # 550 mailbox unavailable (邮箱不存在); 450 mailbox unavailable is "temporarily unavailable"
    (ordered("550", "mailbox unavailable", source="sina", gap=2), "userunknown"),
    (phrase("out of allow rcpt numbers", "sina"), "toomanyconn"),  # 451: RCPT limit
    (phrase("too many same size mails", "sina"), "spamdetected"),  # 552
    (phrase("looping message", "sina"), "networkerror"),  # 552 环回信件
    (phrase("attachment is too long", "sina"), "mesgtoobig"),  # 554 单个附件大小超出限制
    (phrase("virus found", "sina"), "virusdetected"),  # 552 信件包含无法清除的病毒
    (phrase("black mail address", "sina"), "rejected"),  # 554 黑邮件地址
    (phrase("mail address invalid", "sina"), "rejected"),  # 554 发件人地址不匹配
    (phrase("relay check local fail", "sina"), "securityerror"),  # 553 本域用户必须通过验证
    (phrase("smtpport check error", "sina"), "blocked"),  # 554 不是合法的邮件服务器
    (phrase("openrelay check", "sina"), "blocked"),  # 554 拒绝开放中继服务器
    (phrase("helohost error", "sina"), "blocked"),  # 555 helo 主机信息检查失败
    (phrase("remote ip check error", "sina"), "authfailure"),  # 556 发信ip与Mail From不一致
    (phrase("stray newline", "sina"), "notcompliantrfc"),  # 451: a bare LF (RFC 5321 2.3.8)
)
