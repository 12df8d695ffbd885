"""notaccept: the recipient's domain accepts no mail at all.

Decided by the statuses X.1.10 (after wording) and X.7.27 (RFC 7505 null MX), X.3.2 ("System
not accepting network messages", either class), and by wording of a null MX, of a domain
with no mail exchanger, or of a host that refuses every message (RFC 7504:
521 "does not accept mail", 556 for the domain). Hard only when permanent.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="notaccept",
    label={"zh": "对方不收信", "en": "Domain accepts no mail"},
    meaning={
        "zh": "收件域不接收邮件（空 MX 或拒绝所有连接）",
        "en": "The receiving domain accepts no mail (null MX or refused every connection)",
    },
    pseudo="X.0.932",
    reply=Reply("bounce-interpretation", "recipient-domain-unresolved"),
    hard=True,
    phrases=(
        # RFC 7505 4.1/4.2: "556 5.1.10 Recipient address has null MX",
        # "550 5.7.27 Sender address has null MX"
        phrase("null mx", "rfc7505"),
        # RFC 7504: "521 Host does not accept mail", "556 Domain does not accept mail"
        ordered("does not accept", "mail", source="rfc7504", gap=8),
        phrase("accepts no mail", "rfc7504"),
        # RFC 3463 X.3.2: "System not accepting network messages"
        phrase("not accepting network messages", "rfc3463"),
        # Exim: "an MX or SRV record indicated no SMTP service"
        phrase("indicated no smtp service", "exim"),
        # qmail-remote: "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)"
        phrase("couldn't find a mail exchanger", "qmail"),
        # OpenSMTPD mta.c: "No MX found for domain", "Destination seem to reject all mails"
        ordered("no mx", "found", source="opensmtpd", gap=16),
        phrase("destination seem to reject all mails", "opensmtpd"),
        # RFC 5321 5.1: a domain with neither MX nor address records takes no mail
        phrase("no mx record", "rfc5321"),
        ordered("no", "mx", "found", source="rfc5321", gap=12),
        ordered("no", "mx record*", source="rfc5321", gap=8),
        # Gmail: "The domain example.jp doesn't receive email according to the
        # administrator's returned null MX"
        phrase("doesn't receive email", "gmail"),
        # RFC 7505 section 4.1 (a client SHOULD NOT try a domain with a null MX; its bounce
        # says so): the wordings senders' MTAs and receivers use for it
        ordered("null mx", "record", source="rfc7505", gap=8),
        ordered("has a", "null mx", source="rfc7505", gap=4),
        # Gmail (citation "gmail"): "... doesn't receive email according to the
        # administrator's returned null MX"; Yahoo's error page lists "A null MX record (see
        # RFC 7505)" among its policy refusals
        phrase("returned null mx", "gmail"),
        # qmail-remote: "Sorry, I couldn't find any host named example.jp. (#5.1.2)" is a
        # missing host (hostunknown); with no MX and no address: "couldn't find a mail
        # exchanger or IP address" (above). OpenSMTPD mta.c: "No MX found for domain"
        phrase("no mx found for domain", "opensmtpd"),
        # RFC 7504 section 3: 556 "domain does not accept mail", 521 "host does not accept
        # mail" in their fuller wordings
        ordered("domain", "does not accept mail", source="rfc7504", gap=40),
        ordered("host", "does not accept mail", source="rfc7504", gap=40),
        # The taxonomy's own index (Sisimai v5 reason/why-notaccept.go): texts it lists
        # under notaccept, written as the literal wording
        phrase("mail receiving disabled", "taxonomy-index"),
        phrase("name server: .: host not found", "taxonomy-index"),
        phrase("no route for current request", "taxonomy-index"),
        phrase("smtp protocol returned a permanent error", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # Exim transports/smtp.c: no host left to deliver to
        phrase("no host found for existing smtp connection", "taxonomy-lhost"),
        # OpenSMTPD mta.c: the destination refused every mail / has no MX
        phrase("destination seem to reject all mails", "taxonomy-lhost"),
    ),
)
