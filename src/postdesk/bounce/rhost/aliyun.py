"""Alibaba Mail (阿里邮箱, Aliyun Qiye; MX mxhichina.com): its documented refusals.

Sample lines::

    554 Reject by behaviour spam at DATA State(Connection IP address:192.0.2.1)
        ANTISPAM_BAT[]: list on rbl sites
    503 Rcptto account isn't a local account

Alibaba Mail's help page on common bounces explains each (citation "aliyun").
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "aliyun"
SOURCE = "aliyun"
HOSTS = ("mxhichina.com", "aliyun.com", "alibaba-inc.com", "alimail.com")
TEXT_HINTS = ("antispam_bat", "mxhichina.com")

RULES = (
    (phrase("spamed by local spam engine", "aliyun"), "spamdetected"),
    (phrase("list on rbl sites", "aliyun"), "blocked"),
    # "554 Reject by behaviour spam at DATA State ... ANTISPAM_BAT[]: <why>": the why decides
    (phrase("antispam_bat[]: bad sending", "aliyun"), "badreputation"),
    (phrase("rcptto account isn't a local account", "aliyun"), "userunknown"),
    (phrase("number of rcpt attempts is achieved the maximum threshold", "aliyun"), "speeding"),
    (phrase("total of rcpts is achieved the maximum threshold", "aliyun"), "speeding"),
    (phrase("length of data content is achieved the maximum threshold", "aliyun"), "mesgtoobig"),
    (phrase("length of attach is achieved the maximum threshold", "aliyun"), "mesgtoobig"),
)
