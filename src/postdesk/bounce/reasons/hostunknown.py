"""hostunknown: the recipient's domain does not exist or has no mail server.

Decided by the status X.1.2 (RFC 3463 "Bad destination system address"),
5.4.4 ("Unable to route"), or wording that the domain or host is not found in
the DNS. A temporary DNS failure (4xx, "try again") is a ``networkerror``,
and at MAIL the unknown domain is the sender's (``rejected``).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="hostunknown",
    label={"zh": "域名不存在", "en": "Domain does not exist"},
    meaning={
        "zh": "收件域名不存在或没有邮件服务器",
        "en": "The recipient domain does not exist or has no mail server",
    },
    pseudo="X.0.912",
    reply=Reply("bounce-interpretation", "recipient-domain-unresolved"),
    hard=True,
    phrases=(
        # RFC 3463 X.1.2: "Bad destination system address ... does not exist"
        phrase("bad destination system address", "rfc3463"),
        # Sendmail: "550 5.1.2 Host unknown (Name server: example.jp: host not found)"
        phrase("host unknown", "sendmail"),
        phrase("unknown host", "resolver"),
        # Postfix: "Host or domain name not found. Name service error for name=... type=A:
        # Host not found"; "Recipient address rejected: Domain not found"
        phrase("host or domain name not found", "postfix"),
        phrase("domain not found", "postfix"),
        ordered("host", "not found", source="resolver", gap=40),
        # Exim: "Unrouteable address" (no router accepts the domain), "Unrouteable mail
        # domain", "all relevant MX records point to non-existent hosts"
        phrase("unrouteable address", "exim"),
        phrase("unroutable address", "exim"),
        phrase("all relevant mx records point to non-existent hosts", "exim"),
        # qmail-remote: "Sorry, I couldn't find any host named example.jp. (#5.1.2)",
        # "... any host by that name. (#4.1.2)"
        phrase("couldn't find any host named", "qmail"),
        phrase("couldn't find any host by that name", "qmail"),
        # OpenSMTPD mta.c: "Domain does not exist", "Invalid domain name"
        ordered("domain", "does not exist", source="opensmtpd", gap=30),
        phrase("invalid domain name", "opensmtpd"),
        # Exchange Online: "550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
        # "5.4.310 DNS domain ... does not exist"
        phrase("nonexistentdomain", "exchange"),
        phrase("nonexistent domain", "exchange"),
        # Gmail: "DNS Error: Domain name not found" / "DNS Error: DNS server returned answer
        # with no data"
        phrase("domain name not found", "gmail"),
        # IMail: "No mail servers for domain"
        phrase("no mail servers for domain", "imail"),
        # The resolver's own answer: NXDOMAIN (RFC 1035 RCODE 3, "Name Error")
        phrase("nxdomain", "resolver"),
        phrase("no such domain", "resolver"),
        phrase("unknown domain", "resolver", generic=True),
        # The same answers with the name in between: Postfix's "Domain not found" and
        # Sendmail's "Host unknown" as "domain <name> not found", "host <name> unknown"
        ordered("domain", "not found", source="postfix", gap=40),
        ordered("host", "unknown", source="sendmail", gap=40),
        phrase("domain does not exist", "resolver"),
        # RFC 3463 X.1.2 "The destination system specified in the address does not exist":
        # "example.jp does not exist"
        phrase("does not exist", "rfc3463", after_domain=True),
        phrase("illegal host/domain name", "sendmail"),
        # The source document, 4.0.12 3): Host not found (name service errors go to
        # networkerror: they are the resolver failing, not the domain missing)
        phrase("host not found", "document"),
        # The taxonomy's own index (Sisimai v5 reason/why-hostunknown.go): texts it lists
        # under hostunknown, written as the literal wording
        phrase("domain is not reachable", "taxonomy-index"),
        phrase("domain must exist", "taxonomy-index"),
        phrase("host unreachable", "taxonomy-index"),
        phrase("mail domain mentioned in email address is unknown", "taxonomy-index"),
        phrase("name or service not known", "taxonomy-index"),
        phrase("recipient domain must exist", "taxonomy-index"),
        phrase("the account or domain may not exist", "taxonomy-index"),
        phrase("recipient address rejected: unknown domain name", "taxonomy-index"),
        # The taxonomy's per-mail-system modules, second set (citation "taxonomy-lhost"):
        # au by KDDI's notice "As the remote domain doesnt exist." (via-kddi.go)
        phrase("as the remote domain doesnt exist", "taxonomy-lhost"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # Exim transports/smtp.c: every address lookup of the host failed
        phrase("all host address lookups failed permanently", "taxonomy-lhost"),
        # Gmail's notice: the domain's DNS answer was empty
        phrase("dns server returned answer with no data", "taxonomy-lhost"),
    ),
)
