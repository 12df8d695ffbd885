"""rejected: the envelope sender (MAIL FROM) was refused.

Decided by the statuses X.1.7 and X.1.8 (RFC 3463 "Bad sender's mailbox
address syntax", "Bad sender's system address"), by wording about the
sender's address, and by context: an unknown-user, unknown-domain or filter
refusal at the MAIL command is about the sender (RFC 5321 section 3.3).
A refusal at MAIL with no wording about the sender is not enough by itself.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="rejected",
    label={"zh": "发件人被拒", "en": "Sender rejected"},
    meaning={
        "zh": "发件人地址（信封发件人）被拒收",
        "en": "The sender address (envelope from) was rejected",
    },
    pseudo="X.0.918",
    # 4.0.28 (same-domain-auth) is the provider's own MX refusing a sender of its
    # own domains; a remote server refusing the sender is a 4.0.12 bounce.
    reply=Reply("bounce-interpretation"),
    own_reply=Reply("same-domain-auth"),
    phrases=(
        # RFC 3463 X.1.7 / X.1.8
        phrase("bad sender's mailbox address syntax", "rfc3463"),
        phrase("bad sender's system address", "rfc3463"),
        # Postfix smtpd_check.c: "Sender address rejected: Domain not found",
        # "... Access denied", "... need fully-qualified address", "... undeliverable address"
        phrase("sender address rejected", "postfix"),
        # Sendmail srvrsmtp.c / parseaddr.c: "553 5.1.8 <a>... Domain of sender address
        # a@example.org does not exist"
        phrase("domain of sender address", "sendmail"),
        # Exim ACL: "Sender verify failed"; callouts: "Sender verify failed ... callout"
        phrase("sender verify failed", "exim"),
        phrase("sender verification failed", "exim"),
        # qmail-remote: "Connected to 192.0.2.1 but sender was rejected."
        phrase("sender was rejected", "qmail"),
        # qmail-smtpd: "553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)"
        phrase("badmailfrom", "qmail"),
        phrase("envelope sender is in my", "qmail"),
        # Sender ID (RFC 4407): "550 5.7.1 ... can't determine Purported Responsible Address"
        phrase("purported responsible address", "exchange"),
        # Gmail: "You're sending this from a different address or alias using the 'Send
        # mail as' feature"
        phrase("'send mail as'", "gmail"),
        # Mimecast: "550 Envelope blocked - User Entry" / "- User Domain Entry" (the
        # recipient's blocked-senders list)
        phrase("envelope blocked", "mimecast"),
        # Coremail: "Requested mail action not taken: Fake sender", "NULL sender is not
        # allowed", "sender is rejected"; Sina: "553 host denies the sender", "552 mail
        # from invalid", "554 sender is unvalidated"
        phrase("fake sender", "coremail"),
        phrase("null sender is not allowed", "coremail"),
        phrase("sender is rejected", "coremail"),
        phrase("host denies the sender", "sina"),
        phrase("mail from invalid", "sina"),
        phrase("sender is unvalidated", "sina"),
        # GoDaddy (secureserver.net), a sender bounce on its help page: "550 From: Domain is
        # invalid. Please provide a valid From: IB506" (the sender's domain does not resolve)
        phrase("please provide a valid from", "godaddy"),
        # RFC 5321 3.3: a MAIL reply is about the reverse-path; generic sender wording
        ordered("sender", "rejected", source="rfc5321", gap=20, generic=True),
        ordered("sender", "denied", source="rfc5321", gap=20, generic=True),
        ordered("invalid", "sender", source="rfc5321", gap=12, generic=True),
        phrase("sender", "rfc5321", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-rejected.go): texts it lists
        # under rejected, written as the literal wording
        # Exim's ACL refusal wording; the taxonomy's rejected module reads it at MAIL, and at
        # RCPT with no status (after DATA policyviolation's equal text ranks first)
        phrase("administrative prohibition", "taxonomy-index"),
        phrase("access denied (in reply to mail from command)", "taxonomy-index"),
        phrase("batv failed to verify", "taxonomy-index"),
        phrase("batv validation failure", "taxonomy-index"),
        phrase(
            "backscatter protection detected an invalid or expired email address", "taxonomy-index"
        ),
        phrase("bogus mail from", "taxonomy-index"),
        phrase("denied [bouncedeny]", "taxonomy-index"),
        phrase("denied by secumail valid-address-filter", "taxonomy-index"),
        phrase("delivery not authorized, message refused", "taxonomy-index"),
        phrase("does not exist e2110", "taxonomy-index"),
        phrase("email address is on senderfilterconfig list", "taxonomy-index"),
        phrase("emetteur invalide", "taxonomy-index"),
        phrase("empty envelope senders not allowed", "taxonomy-index"),
        phrase("error: no third-party dsns", "taxonomy-index"),
        phrase("fully qualified email address required", "taxonomy-index"),
        phrase("invalid domain, see <url:", "taxonomy-index"),
        phrase("is not a registered gateway user", "taxonomy-index"),
        phrase("mail from not owned by user", "taxonomy-index"),
        phrase("recipient addresses rejected : access denied", "taxonomy-index"),
        phrase("recipient not accepted. (batv: no tag", "taxonomy-index"),
        phrase("returned mail not accepted here", "taxonomy-index"),
        phrase("rfc 1035 violation: recursive cname records for", "taxonomy-index"),
        phrase("rule imposed mailbox access for", "taxonomy-index"),
        phrase("sending this from a different address or alias using the", "taxonomy-index"),
        phrase("spam reporting address", "taxonomy-index"),
        phrase("syntax error: empty email address", "taxonomy-index"),
        phrase("the message has been rejected by batv defense", "taxonomy-index"),
        phrase("this server does not accept mail from", "taxonomy-index"),
        phrase("transaction failed unsigned dsn for", "taxonomy-index"),
        phrase("you are not allowed to post to this mailing list", "taxonomy-index"),
        phrase("you are sending to/from an address that has been blacklisted", "taxonomy-index"),
        phrase(
            "your access to submit messages to this e-mail system has been rejected",
            "taxonomy-index",
        ),
        phrase("your email address has been blacklisted", "taxonomy-index"),
        phrase("access denied (sender blacklisted)", "taxonomy-index"),
        phrase("sender address has been blacklisted", "taxonomy-index"),
        phrase("sender is in my black list", "taxonomy-index"),
    ),
)
