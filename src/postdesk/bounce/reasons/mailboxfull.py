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
        # RFC 3463 X.2.2 "Mailbox full": "The mailbox is full because the user has exceeded a
        # per-mailbox administrative quota or physical capacity"
        phrase("mailbox full", "rfc3463"),
        phrase("mailbox is full", "rfc3463"),
        ordered("mailbox", "full", source="rfc3463", gap=30),
        phrase("quota", "rfc3463", generic=True),
        # Mail systems' own delivery errors (strings of the installed binaries): Courier
        # "Mail quota exceeded.", "Maildir over quota."; Exim "Over quota", "System quota
        # exceeded for ...", "mailbox file count quota exceeded", and its warning "the size
        # of your mailbox has exceeded a warning threshold"
        ordered("quota", "exceeded", source="courier", gap=24),
        ordered("quota", "exceed*", source="exim", gap=30),
        phrase("over quota", "courier"),
        ordered("over", "quota", source="courier", gap=12),
        phrase("mailbox has exceeded", "exim"),
        ordered("mailbox", "exceed*", source="exim", gap=30),
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
        # The taxonomy's own index (Sisimai v5 reason/why-mailboxfull.go): texts it lists
        # under mailboxfull, written as the literal wording
        phrase("account disabled temporarly for exceeding receiving limits", "taxonomy-index"),
        phrase("boite du destinataire pleine", "taxonomy-index"),
        phrase("does not have enough space", "taxonomy-index"),
        phrase("full mailbox", "taxonomy-index"),
        phrase("mailfolder is full", "taxonomy-index"),
        phrase("no space left on device", "taxonomy-index"),
        phrase("not enough disk space", "taxonomy-index"),
        phrase("not enough storage space in", "taxonomy-index"),
        phrase("not sufficient disk space", "taxonomy-index"),
        phrase("the user's space has been used up", "taxonomy-index"),
        phrase("too much mail data", "taxonomy-index"),
        phrase("user has too many messages on the server", "taxonomy-index"),
        phrase("mailbox size limit exceeded", "taxonomy-index"),
    ),
)
