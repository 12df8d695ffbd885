"""badreputation: the receiver refused the sending IP or domain for its poor reputation.

Decided by wording about the reputation of the sending IP or domain, or about
the complaints and unsolicited mail it produced (Gmail's 421/550 texts,
Yahoo's TSS deferrals).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="badreputation",
    label={"zh": "发件信誉差", "en": "Bad sender reputation"},
    meaning={
        "zh": "对方因发件 IP 或域名信誉低而拒收",
        "en": "The receiving side rejected the sending IP or domain for its low reputation",
    },
    pseudo="X.0.975",
    reply=Reply("bounce-interpretation", "blocked-by-rbl"),
    phrases=(
        # Gmail: "421-4.7.0 ... suspicious due to the very low reputation of the sending
        # domain"; "Our system has detected an unusual rate of unsolicited mail originating
        # from your IP address"
        phrase("low reputation", "gmail"),
        phrase("unusual rate of unsolicited mail", "gmail"),
        ordered("reputation of the", "sending", source="gmail", gap=12),
        # Yahoo: "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to
        # unexpected volume or user complaints"
        phrase("user complaints", "yahoo"),
        phrase("unexpected volume", "yahoo"),
        # The same texts' other wordings of the sending host's reputation
        ordered("poor", "reputation", source="gmail", gap=12),
        ordered("bad", "reputation", source="gmail", gap=12),
        ordered("sender", "reputation", source="gmail", gap=4),
        ordered("ip", "reputation", source="gmail", gap=4),
        ordered("domain", "reputation", source="gmail", gap=4),
        phrase("reputation", "gmail", generic=True),
        # Gmail SMTP errors and codes (citation "gmail"): "421 4.7.28 Gmail has detected an
        # unusual rate of unsolicited email originating from your IP Netblock / DKIM domain /
        # SPF domain"; "... an unusual amount of unsolicited email originating from your IP
        # address"; "550 5.7.28 There is an unusual rate of unsolicited email ..."; "This
        # message is suspicious due to the very low reputation of the sending IP address"
        phrase("unusual rate of unsolicited email", "gmail"),
        phrase("unusual amount of unsolicited email", "gmail"),
        phrase("unusual amount of unsolicited mail", "gmail"),
        phrase("very low reputation of the sending", "gmail"),
        # Outlook.com (citation "outlookcom"): "Reason for rate limitation is related to
        # IP/domain reputation"; SC-004 "A block has been placed against your IP address
        # because we have received complaints concerning mail coming from that IP address"
        phrase("ip/domain reputation", "outlookcom"),
        phrase("received complaints concerning mail", "outlookcom"),
        # Exchange Online / Outlook.com: "451 4.7.650 The mail server [192.0.2.1] has been
        # temporarily rate limited due to IP reputation"
        phrase("rate limited due to ip reputation", "outlookcom"),
        # Mimecast SMTP error codes (citation "mimecast"): "550 Poor Reputation Sender"
        phrase("poor reputation sender", "mimecast"),
        # Yahoo error codes page (citation "yahoo"): "Excessive user complaints"
        phrase("excessive user complaints", "yahoo"),
    ),
)
