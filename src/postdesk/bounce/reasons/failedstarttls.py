"""failedstarttls: STARTTLS could not be negotiated, or TLS was required and not used.

Decided by X.7.30 (RFC 8689 "REQUIRETLS support required") and wording of a
STARTTLS requirement or failure (RFC 3207 section 4).
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
    ),
)
