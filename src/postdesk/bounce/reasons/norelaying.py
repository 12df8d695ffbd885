"""norelaying: the server refused to relay to the recipient's domain.

Decided by wording: a server that is not the recipient domain's MX (or does
not know the client) refuses to pass the message on (RFC 5321 section 3.6.2).
A relay refusal that asks for authentication is ``securityerror``.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="norelaying",
    label={"zh": "不允许转发", "en": "Relaying denied"},
    meaning={
        "zh": "服务器拒绝为该收件域转发（未认证发信）",
        "en": "The server refused to relay for the recipient's domain",
    },
    pseudo="X.0.909",
    reply=Reply("bounce-interpretation", "local-user-authentication"),
    phrases=(
        # Postfix: "554 5.7.1 <a@example.jp>: Relay access denied"; Sendmail: "550 5.7.1
        # <a@example.jp>... Relaying denied"; Exchange Online: "5.7.64 TenantAttribution;
        # Relay Access Denied"; Gmail: "550 5.7.0 Mail relay denied"
        ordered("relay", "denied", source="postfix", gap=16),
        ordered("relaying", "denied", source="sendmail", gap=16),
        # Exim ACL default: "relay not permitted"
        ordered("relay", "not permitted", source="exim", gap=16),
        ordered("not permitted to", "relay", source="exim", gap=8),
        # Exchange: "550 5.7.1 Unable to relay", "5.7.54 SMTP; Unable to relay recipient in
        # non-accepted domain"
        phrase("unable to relay", "exchange"),
        # qmail-smtpd: "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"
        phrase("isn't in my list of allowed rcpthosts", "qmail"),
        phrase("allowed rcpthosts", "qmail"),
        # Sina: "553 host denies relay"; Coremail: "Requested action not taken: Local user only"
        phrase("host denies relay", "sina"),
        ordered("relay", "not allowed", source="rfc5321", gap=16),
        ordered("not allowed to", "relay", source="rfc5321", gap=8),
        ordered("not configured to", "relay", source="rfc5321", gap=8),
        # RFC 5321 3.6.2: a refusal that speaks of relaying at all ("Insecure Mail Relay")
        phrase("relay", "rfc5321", generic=True),
        # Amazon SES: "Email address is not verified. The following identities failed the
        # check": SES does not relay for an identity it has not verified
        phrase("email address is not verified", "amazonses"),
        # The taxonomy's own index (Sisimai v5 reason/why-norelaying.go): texts it lists
        # under norelaying, written as the literal wording
        phrase(
            "mail server requires authentication when attempting to send to a non-local e-mail"
            " address",
            "taxonomy-index",
        ),
        phrase("no relaying", "taxonomy-index"),
        # MessageLabs's refusal of a relay without authentication: the taxonomy's norelaying
        # index lists it (and its MessageLabs module does not read it otherwise)
        phrase(
            "is not permitted to relay through this server without authentication",
            "taxonomy-index",
        ),
        phrase("not a gateway", "taxonomy-index"),
        phrase("not local host", "taxonomy-index"),
        phrase("relaying mail to", "taxonomy-index"),
        phrase("specified domain is not allowed", "taxonomy-index"),
        phrase("that domain isn't in my list of allowed rcpthost", "taxonomy-index"),
        phrase("we don't handle mail for", "taxonomy-index"),
        phrase("not an open relay, so get lost", "taxonomy-index"),
    ),
)
