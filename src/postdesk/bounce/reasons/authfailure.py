"""authfailure: SPF, DKIM, DMARC (or ARC) checks on the sending domain failed.

Decided by the RFC 7372 codes X.7.20-X.7.26 (decisive) and X.7.29 (ARC, RFC
8617), and by wording that names a failed SPF, DKIM or DMARC check.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="authfailure",
    label={"zh": "发件域认证失败", "en": "Sender authentication failed"},
    meaning={
        "zh": "发件域名的 SPF、DKIM 或 DMARC 检查未通过",
        "en": "SPF, DKIM or DMARC checks on the sending domain failed",
    },
    pseudo="X.0.926",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 7372 texts: "SPF validation failed", "No passing DKIM signature found",
        # "Multiple authentication checks failed"
        phrase("spf validation failed", "rfc7372"),
        phrase("spf validation error", "rfc7372"),
        phrase("no passing dkim signature", "rfc7372"),
        phrase("no valid author-matched dkim signature", "rfc7372"),
        phrase("multiple authentication checks failed", "rfc7372"),
        # RFC 7208 (SPF): "SPF fail", "SPF check failed", "Sender Policy Framework"
        ordered("spf", "fail*", source="rfc7208", gap=16),
        phrase("spf check", "rfc7208"),
        phrase("sender policy framework", "rfc7208"),
        phrase("spf", "rfc7208", generic=True),
        # RFC 6376 (DKIM)
        ordered("dkim", "fail*", source="rfc6376", gap=24),
        phrase("dkim", "rfc6376", generic=True),
        # RFC 7489 10.3 (DMARC): "Email rejected per DMARC policy"; Gmail: "550 5.7.26
        # Unauthenticated email from example.org is not accepted due to domain's DMARC
        # policy"; Exchange: "5.7.509 Access denied, sending domain ... does not pass DMARC
        # verification and has a DMARC policy of reject"
        ordered("dmarc", "polic*", source="rfc7489", gap=24),
        ordered("dmarc", "fail*", source="rfc7489", gap=24),
        phrase("does not pass dmarc verification", "exchange"),
        phrase("unauthenticated email from", "gmail"),
        phrase("dmarc", "rfc7489", generic=True),
        ordered("authenticat*", "spf", source="rfc7208", gap=60),
        ordered("unauthenticated", "email", source="gmail", gap=12),
        phrase("unauthenticated", "gmail", generic=True),
        # Gmail: "550 5.7.26 This message does not have authentication information or fails
        # to pass authentication checks (SPF or DKIM)"
        phrase("does not have authentication information", "gmail"),
        phrase("fails to pass authentication checks", "gmail"),
        # Yahoo: "550 5.7.9 This mail has been blocked because the sender is
        # unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM."
        phrase("the sender is unauthenticated", "yahoo"),
        # Exchange Online: "5.7.23 The message was rejected because of Sender Policy
        # Framework violation" (covered above)
        # Gmail SMTP errors and codes (citation "gmail"): "421 4.7.27 Your email has been rate
        # limited because SPF authentication didn't pass for this message"; "550 5.7.27 This
        # message was blocked because it didn't pass SPF authentication"; the same for DKIM
        # (4.7.30, 5.7.30); "... the sending domain doesn't have a DMARC record, or the DMARC
        # record doesn't specify a DMARC policy" (4.7.40, 5.7.40); "the From: header (RFC5322)
        # in this message isn't aligned with either the authenticated SPF or DKIM
        # organizational domain" (4.7.32, 5.7.32); "This email has been rate limited because
        # it is unauthenticated" (4.7.26); "The SPF record of the sending domain has one or
        # more suspicious entries" (4.7.24); "The (E)MAIL FROM domain ... has an SPF record
        # with a hard fail policy (-all) but it fails to pass SPF checks" (5.7.26)
        phrase("spf authentication didn't pass", "gmail"),
        phrase("didn't pass spf authentication", "gmail"),
        phrase("dkim authentication didn't pass", "gmail"),
        phrase("didn't pass dkim authentication", "gmail"),
        phrase("doesn't have a dmarc record", "gmail"),
        phrase("doesn't specify a dmarc policy", "gmail"),
        phrase("authenticated spf or dkim organizational domain", "gmail"),
        phrase("because it is unauthenticated", "gmail"),
        phrase("spf record of the sending domain has one or more suspicious entries", "gmail"),
        phrase("fails to pass spf checks", "gmail"),
        phrase("hard fail policy", "gmail"),
        # Exchange Online NDRs (citation "exchange"): "4.7.26 Access denied, a message sent
        # over IPv6 ... must pass either SPF or DKIM validation, this message is not signed"
        phrase("must pass either spf or dkim validation", "exchange"),
        # Outlook.com: "550 5.7.515 Access denied, sending domain [example.org] does not meet
        # the required authentication level"; "550 command rejected due to Sender ID
        # validation failure"
        phrase("does not meet the required authentication level", "outlook-senders"),
        phrase("sender id validation failure", "outlookcom"),
        # Yahoo's error codes page (citation "yahoo"): "Your message failed authentication
        # checks against your sending domain's DMARC or DKIM policy"
        phrase("failed authentication checks", "yahoo"),
    ),
)
