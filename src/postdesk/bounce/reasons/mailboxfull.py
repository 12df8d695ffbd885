"""mailboxfull: the recipient's mailbox is full or over quota.

Decided by the status X.2.2 (RFC 3463 "Mailbox full", decisive), or wording
that the recipient's mailbox, account or quota is full or exceeded. A
"quota" alone is generic: a sending quota is ``speeding``.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="mailboxfull",
    label={"zh": "对方邮箱已满", "en": "Mailbox full"},
    meaning={
        "zh": "收件人邮箱已满或超出容量",
        "en": "The recipient's mailbox is full or over quota",
    },
    pseudo="X.0.922",
    reply=Reply("bounce-interpretation", "mailbox-over-quota"),
    phrases=(
        # RFC 3463 X.2.2: "Mailbox full ... the user has exceeded a per-mailbox
        # administrative quota or physical capacity"
        phrase("mailbox full", "rfc3463"),
        phrase("mailbox is full", "rfc3463"),
        phrase("mailbox has exceeded", "rfc3463"),
        phrase("mailbox over quota", "rfc3463"),
        phrase("mailbox is over quota", "rfc3463"),
        phrase("full mailbox", "rfc3463"),
        ordered("exceeded", "quota", source="rfc3463", gap=24),
        ordered("quota", "exceeded", source="rfc3463", gap=24),
        phrase("over quota", "rfc3463"),
        phrase("overquota", "rfc3463"),
        phrase("quota", "rfc3463", generic=True),
        # RFC 3463 X.2.2 in other word orders: "mailbox <name> is full", "user's mailbox
        # exceeds allowed size", "quota of <user> exceeded"
        ordered("mailbox", "full", source="rfc3463", gap=30),
        ordered("mailbox", "exceed*", source="rfc3463", gap=30),
        ordered("mail box", "full", source="rfc3463", gap=30),
        ordered("quota", "exceed*", source="rfc3463", gap=30),
        ordered("over", "quota", source="rfc3463", gap=12),
        ordered("account", "full", source="rfc3463", gap=16),
        # RFC 5321 4.2.3: "552 Requested mail action aborted: exceeded storage allocation"
        phrase("exceeded storage allocation", "rfc5321"),
        # The source document 4.0.12 1): "Mailbox exceed", "Quota exceed"
        phrase("mailbox exceed", "document"),
        phrase("quota exceed", "document"),
        # Exim appendfile: "mailbox is full (MTA-imposed quota exceeded while writing to ...)"
        phrase("mta-imposed quota exceeded", "exim"),
        # Maildir/mbox writes failing with EDQUOT: "Disk quota exceeded"
        phrase("disk quota exceeded", "errno"),
        # Gmail: "The email account that you tried to reach is over quota"
        phrase("account that you tried to reach is over quota", "gmail"),
        # Exchange: "550 5.2.2 STOREDRV.Deliver: mailbox full", MapiExceptionShutoffQuotaExceeded,
        # QuotaExceededException
        phrase("mapiexceptionshutoffquotaexceeded", "exchange"),
        phrase("mapiexceptionquotaexceeded", "exchange"),
        phrase("quotaexceededexception", "exchange"),
        phrase("recipient's mailbox is full", "exchange"),
        # Domino: "Unable to deliver to user: mailbox is full", "Maximum mail file size exceeded"
        phrase("maximum mail file size", "domino"),
        # IMail: "User mailbox exceeds allowed size"
        phrase("user mailbox exceeds allowed size", "imail"),
        # NetEase / Coremail / Sina: "552 Requested mail action aborted: exceeded mailsize
        # limit" is size (mesgtoobig); the mailbox: 收件人空间不足, 邮箱已满
        phrase("收件人空间不足", "tencent"),
        phrase("邮箱已满", "document"),
        phrase("空间超容", "document"),
        # au (KDDI): 送信先のメールボックスが一杯のため / "As their mailbox is full"
        phrase("メールボックスが一杯", "kddi"),
        phrase("as their mailbox is full", "kddi"),
        phrase("temporarily over quota", "kddi"),
    ),
)
