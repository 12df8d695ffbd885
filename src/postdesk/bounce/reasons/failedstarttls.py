"""failedstarttls: STARTTLS could not be negotiated, or TLS was required and not used.

Decided by X.7.30 (RFC 8689 "REQUIRETLS support required") and wording of a
STARTTLS requirement or failure (RFC 3207 section 4); a refusal of the STARTTLS command
itself is this reason whatever its words (:func:`postdesk.bounce.decide.decide`).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="failedstarttls",
    label={"zh": "加密协商失败", "en": "STARTTLS failed"},
    meaning={
        "zh": "无法与对方服务器建立 STARTTLS 加密连接",
        "en": "STARTTLS could not be negotiated with the receiving server",
    },
    pseudo="X.0.976",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 3207 4: "530 Must issue a STARTTLS command first", "454 TLS not available due
        # to temporary reason"
        phrase("must issue a starttls command first", "rfc3207"),
        phrase("tls not available", "rfc3207"),
        # Gmail: "500 Remote server does not support TLS (state 6)"; "421 4.7.0 TLS required
        # for RCPT domain, closing connection"
        phrase("does not support tls", "gmail"),
        phrase("tls required", "gmail"),
        ordered("tls", "handshake", "fail*", source="rfc3207", gap=24),
        ordered("tls", "negotiation", "fail*", source="rfc3207", gap=24),
        phrase("starttls", "rfc3207", generic=True),
        ordered("support", "tls", source="gmail", gap=12),
        ordered("tls", "required", source="gmail", gap=12),
        # Gmail SMTP errors and codes (citation "gmail"): "421 4.7.29 Your email has been rate
        # limited because you're not using a TLS connection"; "550 5.7.29 This message was
        # blocked because it wasn't sent over a TLS connection"
        phrase("not using a tls connection", "gmail"),
        phrase("wasn't sent over a tls connection", "gmail"),
        phrase("tls required for rcpt domain", "gmail"),
        # Exchange Online NDRs (citation "exchange"): "5.7.321 starttls-not-supported:
        # Destination mail server must support TLS to receive mail"; "5.7.322
        # certificate-expired: Destination mail server's certificate is expired"; "5.7.323
        # tlsa-invalid: The domain failed DANE validation"
        phrase("starttls-not-supported", "exchange"),
        phrase("must support tls to receive mail", "exchange"),
        phrase("failed dane validation", "exchange"),
        # RFC 3207 4: "454 TLS not available due to temporary reason"; RFC 8689 X.7.30
        # "REQUIRETLS support required"
        phrase("tls not available due to temporary reason", "rfc3207"),
        phrase("requiretls support required", "iana-status"),
        # Postfix smtp(8) with a mandatory TLS level (postconf(5) smtp_tls_security_level =
        # encrypt): "TLS is required, but was not offered by host mx.example.jp[192.0.2.1]",
        # "Cannot start TLS: handshake failure"
        phrase("tls is required, but was not offered", "postfix"),
        phrase("cannot start tls", "postfix"),
        # Exim smtp transport with hosts_require_tls (spec, chapter "Encrypted SMTP
        # connections"; transports/smtp.c): "a TLS session is required, but the server did
        # not offer TLS", "... but an attempt to start TLS failed"
        phrase("a tls session is required", "exim"),
    ),
)
