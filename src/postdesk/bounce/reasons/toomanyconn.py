"""toomanyconn: too many connections, or too many recipients at once.

Decided by the status 5.5.3 (RFC 3463 "Too many recipients"), 4.3.2 (a server at
its load limit, :mod:`postdesk.bounce.status`) and wording
about concurrent connections or the recipients of one transaction.
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
    ),
)
