"""securityerror: authentication or another security measure was required or failed.

Decided by the X.7 security codes (RFC 4954 authentication codes X.7.8,
X.7.9, X.7.11, X.7.12; RFC 3463 X.7.3-X.7.7), by 5.7.0 and 5.7.1 as the
security subject's fallback when no phrase decided, and by wording that
authentication is required or failed. The document's 4.0.12 5) reply
("Authentication needed for local user") explains the commonest case.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="securityerror",
    label={"zh": "认证或安全错误", "en": "Authentication or security error"},
    meaning={
        "zh": "需要认证或安全验证但失败（SMTP 认证、证书）",
        "en": "Authentication or security was required or failed (SMTP AUTH, certificates)",
    },
    pseudo="X.0.970",
    reply=Reply("bounce-interpretation", "local-user-authentication"),
    phrases=(
        # RFC 4954 6: "530 5.7.0 Authentication required", "535 5.7.8 Authentication
        # credentials invalid", "534 5.7.9 Authentication mechanism is too weak", "538 5.7.11
        # Encryption required for requested authentication mechanism"
        phrase("authentication required", "rfc4954"),
        phrase("authentication credentials invalid", "rfc4954"),
        phrase("authentication mechanism is too weak", "rfc4954"),
        phrase("encryption required for requested authentication mechanism", "rfc4954"),
        phrase("authentication failed", "rfc4954"),
        # The document, 4.0.12 5): "Authentication needed for local user"
        phrase("authentication needed", "document"),
        # Exchange: "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required";
        # "5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM"
        phrase("resolver.rst.authrequired", "exchange"),
        phrase("not authenticated to send anonymous mail", "exchange"),
        # Postfix reject_sender_login_mismatch: "Sender address rejected: not logged in"
        phrase("sender address rejected: not logged in", "postfix"),
        phrase("not owned by user", "postfix"),
        # Email Security.cloud: "Please turn on SMTP Authentication in your mail client",
        # "... is not permitted to relay through this server without authentication"
        phrase("smtp authentication", "messagelabs"),
        ordered("relay", "without authentication", source="messagelabs", gap=40),
        # NetEase: "553 authentication is required", "too much fail authentication"
        phrase("authentication is required", "netease"),
        phrase("too much fail authentication", "netease"),
        phrase("authentication", "rfc4954", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-securityerror.go): texts it lists
        # under securityerror, written as the literal wording
        phrase("account not subscribed to ses", "taxonomy-index"),
        phrase("executable files are not allowed in compressed files", "taxonomy-index"),
        phrase(
            "sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts",
            "taxonomy-index",
        ),
        phrase("unauthenticated senders not allowed", "taxonomy-index"),
        phrase("verification failure", "taxonomy-index"),
        ordered("domain", "is a dead domain", source="taxonomy-index", gap=60),
        ordered(
            "user",
            "is not authorized to perform ses:sendrawemail on resource",
            source="taxonomy-index",
            gap=60,
        ),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # OpenSMTPD mta.c: the relay's credentials could not be read
        phrase("could not retrieve credentials", "taxonomy-lhost"),
    ),
)
