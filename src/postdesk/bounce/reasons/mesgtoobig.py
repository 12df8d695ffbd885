"""mesgtoobig: the message is larger than the receiving server accepts.

Decided by the status X.3.4 (RFC 3463 "Message too big for system",
decisive) and wording that the message size exceeds the server's limit.
The recipient's own limit (X.2.3) is ``exceedlimit``.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="mesgtoobig",
    label={"zh": "邮件过大", "en": "Message too large"},
    meaning={
        "zh": "邮件大小超过对方服务器的上限",
        "en": "The message is larger than the receiving server accepts",
    },
    pseudo="X.0.934",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 3463 X.3.4 "Message too big for system": "The message is larger than
        # per-message size limit"
        phrase("message too big", "rfc3463"),
        phrase("size limit", "rfc3463", generic=True),
        # The mail systems' own words (strings of the installed binaries): Postfix "Error:
        # message too large" (qmqpd, pipe(8)); Sendmail "552 message is too large; %ld bytes
        # max"; Exim "message is too big (transport limit = %d)"
        phrase("message too large", "postfix"),
        phrase("message is too large", "sendmail"),
        phrase("message is too big", "exim"),
        # Postfix: "552 5.3.4 Message size exceeds fixed limit"; Sendmail: "552 5.2.3 Message
        # size exceeds fixed maximum message size"; qmail-smtpd: "552 sorry, that message
        # size exceeds my databytes limit (#5.3.4)"
        phrase("message size exceeds", "postfix"),
        phrase("message file too big", "postfix"),
        phrase("exceeds my databytes limit", "qmail"),
        # Exim: "message too big", "Message size exceeds maximum permitted"
        phrase("exceeds maximum permitted", "exim"),
        ordered("exceeds", "maximum message size", source="sendmail", gap=12),
        # Gmail: "552 5.3.4 Your message exceeded Google's message size limits"
        ordered("exceeded", "message size limit", source="gmail", gap=24),
        # NetEase: "552 Requested mail action aborted: exceeded mailsize limit"; Sina: "552
        # message is too long"
        phrase("exceeded mailsize limit", "netease"),
        phrase("message is too long", "sina"),
        # The same with words in between: Postfix "queue file size limit exceeded", "Message
        # size exceeds fixed limit"; Exim "message too big (max=%d)"; Postfix "Error: message
        # too large"
        ordered("size limit", "exceeded", source="postfix", gap=8),
        ordered("message", "too large", source="postfix", gap=20),
        ordered("message", "too big", source="exim", gap=20),
        ordered("size", "exceeds", source="postfix", gap=12),
        phrase("too large", "postfix", generic=True),
        phrase("too big", "exim", generic=True),
        phrase("邮件过大", "document"),
        # The taxonomy's own index (Sisimai v5 reason/why-mesgtoobig.go): texts it lists
        # under mesgtoobig, written as the literal wording
        phrase("exceeded maximum inbound message size", "taxonomy-index"),
        phrase("exceeded the maximum incoming message size", "taxonomy-index"),
        phrase("line limit exceeded", "taxonomy-index"),
        phrase("max message size exceeded", "taxonomy-index"),
        phrase("taille limite du message atteinte", "taxonomy-index"),
    ),
)
