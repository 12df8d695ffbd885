"""filtered: the recipient side's filter or settings refused the message.

Decided by the statuses X.2.0, 5.2.1, 5.1.4 and X.2.4 (the taxonomy's reading
of RFC 3463's mailbox-status codes), by wording about a recipient's own
filter or preferences, and above all by context: "user unknown" wording that
is not backed by an addressing status (X.1.0, X.1.1, X.1.3) or a refusal at
RCPT (see :mod:`postdesk.bounce.decide`).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, phrase

REASON = Reason(
    name="filtered",
    label={"zh": "被对方过滤", "en": "Filtered by the recipient"},
    meaning={
        "zh": "收件人的过滤规则或设置拒收了邮件（常见于不活跃邮箱）",
        "en": "The recipient's filter or settings refused the message (often inactive)",
    },
    pseudo="X.0.910",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # Facebook: "550 5.1.1 RCP-P2 ... Refused due to recipient preferences"
        phrase("refused due to recipient preferences", "facebook"),
        phrase("recipient preferences", "facebook"),
        # RFC 3463 X.7.1: "the result of per-host or per-recipient filtering"
        phrase("per-recipient filtering", "rfc3463"),
        # au (KDDI) and NTT docomo: the recipient's reception settings refuse the mail
        phrase("受信拒否", "docomo"),
        phrase("受信設定", "kddi"),
        # The taxonomy's own index (Sisimai v5 reason/why-filtered.go): texts it lists
        # under filtered, written as the literal wording
        phrase(
            "because the recipient is only accepting mail from specific email addresses",
            "taxonomy-index",
        ),
        phrase("bounced address", "taxonomy-index"),
        phrase(
            "due to extended inactivity new mail is not currently being accepted for this mailbox",
            "taxonomy-index",
        ),
        phrase("has restricted sms e-mail", "taxonomy-index"),
        phrase("is not accepting any mail", "taxonomy-index"),
        phrase("message rejected due to user rules", "taxonomy-index"),
        phrase("not found recipient account", "taxonomy-index"),
        phrase("resolver.rst.notauthorized", "taxonomy-index"),
        phrase("this account is protected by", "taxonomy-index"),
        phrase("user refuses to receive this mail", "taxonomy-index"),
        phrase("user reject", "taxonomy-index"),
        phrase("message filtered", "taxonomy-index"),
        phrase(
            "we failed to deliver mail because the following address recipient id refuse to"
            " receive mail",
            "taxonomy-index",
        ),
        phrase("you have been blocked by the recipient", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # Domino: the directory refuses to route mail to this user
        phrase("cannot route mail to user", "taxonomy-lhost"),
    ),
)
