"""suspend: the recipient's mailbox is disabled, suspended or inactive.

Decided by X.7.13 (RFC 5248 "User account disabled") and wording that the
account or mailbox is disabled, suspended or locked. (The taxonomy
reads 5.2.1, RFC 3463 "Mailbox disabled", as ``filtered`` when nothing more is
said; wording that says disabled decides here first.)
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="suspend",
    label={"zh": "对方邮箱停用", "en": "Mailbox suspended"},
    meaning={
        "zh": "收件人邮箱已停用、冻结或不活跃",
        "en": "The recipient's mailbox is disabled, suspended or inactive",
    },
    pseudo="X.0.921",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 3463 X.2.1 "Mailbox disabled, not accepting messages"; RFC 5248 X.7.13
        # "User Account Disabled"
        phrase("mailbox disabled", "rfc3463"),
        # Yahoo: "554 30 Sorry, your message to ... cannot be delivered. This mailbox is
        # disabled (554.30)"
        ordered("mailbox", "is disabled", source="yahoo", gap=20),
        ordered("account", "disabled", source="rfc5248", gap=20),
        # au (KDDI): "The user(s) account is disabled."
        phrase("account is disabled", "kddi"),
        # Gmail: "550 5.2.1 The email account that you tried to reach is disabled"
        phrase("account that you tried to reach is disabled", "gmail"),
        # NetEase: "550 User suspended"; Coremail: "user disabled", "This account has been
        # temporarily suspended"; Sina: "550 user is locked"
        phrase("user suspended", "netease"),
        phrase("user disabled", "coremail"),
        ordered("account", "suspended", source="coremail", gap=24),
        ordered("mailbox", "suspended", source="coremail", gap=24),
        phrase("user is locked", "sina"),
        # vpopmail's vdelivermail (checkuser()): an account flagged to bounce its mail (vmoduser
        # -b) is answered "vdelivermail: account is locked email bounced a@example.org", exit 100
        phrase("account is locked email bounced", "vpopmail"),
        # Tencent: the mailbox is frozen or not activated (该用户未开通QQ邮箱)
        ordered("mailbox", "frozen", source="tencent", gap=16),
        phrase("未开通", "tencent"),
        # Gmail's "... is disabled" and Yahoo's "This mailbox is disabled" without the subject
        phrase("is disabled", "gmail", generic=True),
        # Sina's "user is locked" and vpopmail's "account is locked" without the subject: two
        # mail systems use "locked" for an account that takes no mail (generic, like "is
        # disabled": outranked by any specific wording or status)
        phrase("is locked", "sina", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-suspend.go): texts it lists
        # under suspend, written as the literal wording
        phrase("is currently suspended", "taxonomy-index"),
        phrase("temporary locked", "taxonomy-index"),
        phrase("archived recipient", "taxonomy-index"),
        phrase("boite du destinataire archivee", "taxonomy-index"),
        phrase("has been suspended", "taxonomy-index"),
        phrase("inactive account", "taxonomy-index"),
        phrase("invalid/inactive user", "taxonomy-index"),
        phrase("is a deactivated mailbox", "taxonomy-index"),
        phrase("is unavailable: user is terminated", "taxonomy-index"),
        phrase("mailbox unavailable or access denied", "taxonomy-index"),
        phrase("recipient rejected: temporarily inactive", "taxonomy-index"),
        phrase("recipient suspend the service", "taxonomy-index"),
        phrase("this address no longer accepts mail", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # qmail-ldap: the address is switched off by its administrator (four spellings it ships)
        phrase("mailaddress is administrativly disabled", "taxonomy-lhost"),
        phrase("mailaddress is administrativley disabled", "taxonomy-lhost"),
        phrase("mailaddress is administratively disabled", "taxonomy-lhost"),
        phrase("mailaddress is administrativeley disabled", "taxonomy-lhost"),
        # au (EZweb): the account is limited
        phrase("the user(s) account is temporarily limited", "taxonomy-lhost"),
    ),
)
