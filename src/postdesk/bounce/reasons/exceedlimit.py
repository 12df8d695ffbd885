"""exceedlimit: the message exceeds the recipient's own size limit.

Decided by the status X.2.3 (RFC 3463 "Message length exceeds administrative
limit": a per-mailbox limit, smaller than the system's; decisive) and wording
that names the recipient's limit.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, phrase

REASON = Reason(
    name="exceedlimit",
    label={"zh": "超过对方限制", "en": "Over the recipient's limit"},
    meaning={
        "zh": "邮件超过了收件人自己设置的大小限制",
        "en": "The message exceeds the recipient's own size limit",
    },
    pseudo="X.0.923",
    reply=Reply("bounce-interpretation", "mailbox-over-quota"),
    phrases=(
        # RFC 3463 X.2.3
        phrase("message length exceeds administrative limit", "rfc3463"),
        # Exchange: "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient"
        phrase("recipsizelimit", "exchange"),
        phrase("message too large for this recipient", "exchange"),
        # The taxonomy's own index (Sisimai v5 reason/why-exceedlimit.go): texts it lists
        # under exceedlimit, written as the literal wording
        phrase("message header size exceeds limit", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # qmail-ldap: the message is larger than the user's own limit (its spelling)
        phrase("the message exeeded the maximum size the user accepts", "taxonomy-lhost"),
    ),
)
