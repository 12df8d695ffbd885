"""notcompliantrfc: the message does not comply with RFC 5322.

Decided by wording that names the message format standard or a header that
breaks it (a field that must occur once occurs twice, a required field is
missing: RFC 5322 section 3.6).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="notcompliantrfc",
    label={"zh": "不符合标准", "en": "Not RFC compliant"},
    meaning={
        "zh": "邮件不符合 RFC 标准（如重复的信头）",
        "en": "The message does not comply with the RFCs (e.g. duplicate headers)",
    },
    pseudo="X.0.974",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # Gmail: "550-5.7.1 This message is not RFC 5322 compliant. There are multiple
        # From headers"; Exchange Online: "5.7.512 Access denied, message must be RFC 5322
        # section 3.6.2 compliant"
        ordered("rfc", "5322", "compliant", source="gmail", gap=20),
        phrase("rfc 5322", "rfc5322"),
        phrase("rfc5322", "rfc5322"),
        phrase("rfc 2822", "rfc5322"),
        phrase("rfc2822", "rfc5322"),
        ordered("multiple", "from headers", source="gmail", gap=12),
        # Gmail: "550-5.7.1 Messages with multiple addresses in From: header are not accepted"
        phrase("multiple addresses in from", "gmail"),
        ordered("multiple", "addresses", "from", source="gmail", gap=12),
        ordered("rfc", "compliant", source="rfc5322", gap=24),
        # amavisd-new bad-header checks: "Duplicate header field", "Missing required header
        # field", "Improper use of control character"
        phrase("duplicate header", "amavis"),
        phrase("missing required header", "amavis"),
        phrase("improper use of control character", "amavis"),
    ),
)
