"""contenterror: the message content (headers, encoding, MIME) was refused as invalid.

Decided by the X.6.x statuses (RFC 3463 "Message Content or Media Status"),
the X.6 subject as a fallback, and wording about invalid or malformed content.
The document's 4.0.9 E/F texts (the provider's own content and keyword
checks) read as content refusals too; their reply applies only when the
provider's own server refused (see :mod:`postdesk.bounce.advice`).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="contenterror",
    label={"zh": "内容格式错误", "en": "Invalid content"},
    meaning={
        "zh": "邮件内容（信头、编码、附件）不合规被拒",
        "en": "The message content (headers, encoding, attachment) was refused as invalid",
    },
    pseudo="X.0.960",
    reply=Reply("bounce-interpretation"),
    own_reply=Reply("client-send-receive", "content-reject"),
    phrases=(
        # RFC 3463 X.6.x names: "Media not supported", "Conversion required and
        # prohibited", "Conversion failed"
        phrase("media not supported", "rfc3463"),
        ordered("conversion", "prohibited", source="rfc3463", gap=20),
        phrase("conversion failed", "rfc3463"),
        # Postfix cleanup: "5.6.0 Improper use of 8-bit data in message header"
        phrase("improper use of 8-bit data", "postfix"),
        # Exchange Online: "5.6.211 Invalid MIME Content"
        phrase("invalid mime content", "exchange"),
        # The document, 4.0.9 E: "550 Error:Message content reject" (the provider's
        # subject check) and F: "598 mail rejected by keyword" (its TAP gateway)
        phrase("message content reject", "document"),
        phrase("rejected by keyword", "document"),
        phrase("content reject", "document", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-contenterror.go): texts it lists
        # under contenterror, written as the literal wording
        phrase("header size exceeds maximum permitted", "taxonomy-index"),
        phrase("message header size, or recipient list, exceeds policy limit", "taxonomy-index"),
        phrase("message mime complexity exceeds the policy maximum", "taxonomy-index"),
        phrase("this message contain invalid mime headers", "taxonomy-index"),
        phrase("this message contain improperly-formatted binary content", "taxonomy-index"),
        phrase("this message contain text that uses unnecessary base64 encoding", "taxonomy-index"),
    ),
)
