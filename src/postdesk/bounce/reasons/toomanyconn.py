"""toomanyconn: too many connections, or too many recipients at once.

Decided by the status 5.5.3 (RFC 3463 "Too many recipients") and wording about
concurrent connections or the recipients of one transaction (4.3.2 alone is
``notaccept``, as the taxonomy's status lib reads X.3.2: :mod:`postdesk.bounce.status`).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="toomanyconn",
    label={"zh": "连接过多", "en": "Too many connections"},
    meaning={
        "zh": "同时连接或收件人过多",
        "en": "Too many connections or recipients at once",
    },
    pseudo="X.0.945",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 3463 X.5.3; Postfix: "452 4.5.3 Error: too many recipients"; Gmail: "452 4.5.3
        # Your message has too many recipients"
        phrase("too many recipients", "rfc3463"),
        # Postfix anvil limits: "421 4.7.0 Error: too many connections from 192.0.2.1"
        phrase("too many connections", "postfix"),
        ordered("too many", "connections", source="postfix", gap=16),
        ordered("too many", "concurrent", source="postfix", gap=12),
        ordered("too many", "simultaneous", source="postfix", gap=12),
        phrase("connection limit", "postfix", generic=True),
        # Postfix smtpd_client_connection_rate_limit: a connection rate, not a sending rate
        ordered("connection", "rate limit", source="postfix", gap=4),
        # Tencent: "550 Connection frequency limited"
        phrase("connection frequency limited", "tencent"),
        # Outlook.com RP-003 (citation "outlookcom"): "The mail server IP connecting to
        # Outlook.com server has exceeded the connection limit allowed"
        phrase("exceeded the connection limit allowed", "outlookcom"),
        # Gmail SMTP errors and codes (citation "gmail"): "452 4.5.3 Domain policy size per
        # transaction exceeded, please try this recipient in a separate transaction"; "550
        # 5.5.3 Too many recipients for this sender"
        phrase("domain policy size per transaction exceeded", "gmail"),
        # Exim smtp_accept_max / smtp_accept_max_per_host (spec, chapter 14): "421 Too many
        # concurrent SMTP connections; please try again later", "... from this IP address"
        phrase("too many concurrent smtp connections", "exim"),
        # Sendmail FEATURE(`ratecontrol') and FEATURE(`conncontrol') (cf/README): "421 4.3.2
        # Connection rate limit exceeded.", "421 4.3.2 Too many open connections."
        phrase("connection rate limit exceeded", "sendmail"),
        phrase("too many open connections", "sendmail"),
        # Postfix smtpd_client_connection_count_limit (anvil(8)): "421 4.7.0 mx.example.jp
        # Error: too many connections from 192.0.2.1"
        phrase("too many connections from", "postfix"),
        # The taxonomy's own index (Sisimai v5 reason/why-toomanyconn.go): texts it lists
        # under toomanyconn, written as the literal wording
        phrase("throttling failure: daily message quota exceeded", "taxonomy-index"),
        phrase("throttling failure: maximum sending rate exceeded", "taxonomy-index"),
        phrase("too many errors from your ip", "taxonomy-index"),
        phrase("too many smtp sessions for this host", "taxonomy-index"),
        phrase("trop de connexions,", "taxonomy-index"),
        phrase("we have already made numerous attempts to deliver this message", "taxonomy-index"),
    ),
)
