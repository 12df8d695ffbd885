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
        # The whole of it, so that it outranks the taxonomy's shorter policyviolation text:
        # the taxonomy's notcompliantrfc module ("multiple ... header") is tried before its
        # policyviolation one
        phrase("multiple addresses in from: header", "gmail"),
        ordered("multiple", "addresses", "from", source="gmail", gap=12),
        ordered("rfc", "compliant", source="rfc5322", gap=24),
        # amavisd-new bad-header checks: "Duplicate header field", "Missing required header
        # field", "Improper use of control character"
        phrase("duplicate header", "amavis"),
        phrase("missing required header", "amavis"),
        phrase("improper use of control character", "amavis"),
        # amavisd-new's SMTP reply for a header it finds invalid (Amavis/Conf.pm
        # %smtp_reason_by_ccat, CC_BADH: "id=%n - BAD HEADER: MIME error", "... nonencoded
        # 8-bit character", "... line longer than RFC 5322 limit", "... syntax error", ...;
        # Amavis.pm gives it "554 5.6.0"), and its DSN's heading for the same ("INVALID
        # HEADER: ..."); the DSN template (en_US/template-dsn.txt) explains every one of
        # them as a rule of RFC 5322 the header section breaks
        ordered("id=", "- bad header", source="amavis", gap=40),
        phrase("invalid header:", "amavis"),
        # Gmail SMTP errors and codes (citation "gmail"), 550 5.7.1: "Messages missing a valid
        # address in the From: header, or having no From: header, are not accepted";
        # "Messages missing a valid Message-ID: header are not accepted"; "This message is
        # not RFC 5322 compliant because it has duplicate headers / the From: header is
        # missing / it has multiple From: headers / the From: header has a non-compliant
        # domain name"; "There are multiple <name> headers"; "There is a malformed <name>
        # header"; "The message contains a unicode character in a disallowed header";
        # "Encoded-word syntax is not permitted in message header <name>"
        ordered("missing a valid address in", "from", source="gmail", gap=8),
        ordered("missing a valid", "message-id", source="gmail", gap=4),
        ordered("missing a valid", "messageid", source="gmail", gap=4),
        phrase("having no from: header", "gmail"),
        phrase("has duplicate headers", "gmail"),
        ordered("from: header", "is missing", source="gmail", gap=4),
        ordered("multiple", "from: headers", source="gmail", gap=12),
        ordered("there are multiple", "headers", source="gmail", gap=40),
        ordered("there is a malformed", "header", source="gmail", gap=40),
        phrase("non-compliant domain name", "gmail"),
        phrase("unicode character in a disallowed header", "gmail"),
        phrase("encoded-word syntax is not permitted", "gmail"),
        # RFC 5322 3.6: Date and From are required, each at most once; Message-ID at most once
        ordered("missing", "date: header", source="rfc5322", gap=12),
        ordered("missing", "message-id header", source="rfc5322", gap=12),
        ordered("duplicate", "header field", source="rfc5322", gap=12),
        # Bare LF: RFC 5321 2.3.8 ("SMTP client implementations MUST NOT transmit these
        # characters except when they are intended as line terminators"); Exchange Online
        # 5.6.11: "Invalid characters", "SMTPSEND.BareLinefeedsAreIllegal; message contains
        # bare linefeeds, which cannot be sent via DATA"; Postfix smtpd_forbid_bare_newline
        # (postconf(5)): "bare <LF> received"
        phrase("barelinefeedsareillegal", "exchange"),
        phrase("bare linefeed*", "exchange"),
        phrase("bare <lf> received", "postfix"),
        # Yahoo's error codes page (citation "yahoo"): "RFC compliance failures ... Duplicate
        # headers, Incorrectly formatted headers"
        phrase("not rfc compliant", "yahoo"),
        # The taxonomy's own index (Sisimai v5 reason/why-notcompliantrfc.go): texts it lists
        # under notcompliantrfc, written as the literal wording
        phrase("https://support.google.com/mail/?p=rfcmessagenoncompliant", "taxonomy-index"),
        ordered("multiple", "header", source="taxonomy-index", gap=60),
    ),
)
