"""requireptr: the sending IP has no (or no matching) reverse DNS, which the receiver requires.

Decided by the status X.7.25 (RFC 7372 "Reverse DNS validation failed",
decisive) and the many ways of saying the client's address has no PTR
record or its reverse name does not resolve back (Postfix
reject_unknown_client_hostname, Gmail's PTR requirement).
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="requireptr",
    label={"zh": "缺少反向解析", "en": "No reverse DNS (PTR)"},
    meaning={
        "zh": "发件 IP 没有 PTR 反向解析记录，对方要求必须有",
        "en": "The sending IP has no PTR (reverse DNS) record, which the receiver requires",
    },
    pseudo="X.0.973",
    reply=Reply("bounce-interpretation"),
    phrases=(
        # RFC 7372 X.7.25
        phrase("reverse dns validation failed", "rfc7372"),
        # Postfix: "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]",
        # "... cannot find your reverse hostname, [192.0.2.1]"
        phrase("cannot find your hostname", "postfix"),
        phrase("cannot find your reverse hostname", "postfix"),
        # Gmail: "550-5.7.25 The IP address sending this message does not have a PTR record
        # setup, or the corresponding forward DNS entry does not point to the sending IP"
        ordered("does not have a", "ptr record", source="gmail", gap=8),
        phrase("ptr record", "gmail"),
        ordered("no", "ptr", source="rfc7372", gap=12),
        ordered("reverse", "dns", source="rfc7372", gap=4),
        ordered("reverse", "lookup", source="rfc7372", gap=8),
        phrase("reverse hostname", "rfc7372"),
        phrase("rdns", "rfc7372"),
        phrase("ptr", "rfc7372", generic=True),
        ordered("ptr", "record", source="rfc7372", gap=8),
        ordered("reverse", "dns", source="rfc7372", gap=12),
        # Gmail SMTP errors and codes (citation "gmail"): "451 4.7.23 The sending IP address
        # for this message doesn't have a PTR record, or the PTR record's forward DNS entry
        # doesn't match the sending IP address"; "421 4.7.0 ... or the corresponding forward
        # DNS entry does not point to the sending IP"; "550 5.7.1 This message does not meet
        # IPv6 sending guidelines regarding PTR records and authentication"
        ordered("doesn't have a", "ptr record", source="gmail", gap=8),
        phrase("forward dns entry doesn't match", "gmail"),
        phrase("forward dns entry does not point", "gmail"),
        phrase("ipv6 sending guidelines", "gmail"),
        # Exchange Online 5.7.25: "Access denied, the sending IPv6 address [...] must have a
        # reverse DNS record"
        ordered("must have a", "reverse dns record", source="exchange", gap=4),
        # GMX / WEB.DE: "554-Bad DNS PTR resource record. 554 For explanation visit
        # https://postmaster.gmx.net/en/error-messages?...&c=rdns"
        phrase("bad dns ptr resource record", "gmx"),
        # Sendmail FEATURE(`require_rdns'): "550 5.7.1 Fix reverse DNS for 192.0.2.1"
        phrase("fix reverse dns for", "sendmail"),
        # Postfix reject_unknown_client_hostname / reject_unknown_reverse_client_hostname
        # (postconf(5)): "Client host rejected: cannot find your hostname" with the address
        # in between in some wordings
        ordered("client host rejected", "cannot find your", source="postfix", gap=4),
        # The taxonomy's own index (Sisimai v5 reason/why-requireptr.go): texts it lists
        # under requireptr, written as the literal wording
        phrase("access denied. ip name lookup failed", "taxonomy-index"),
        phrase("cannot resolve your address.", "taxonomy-index"),
        phrase("unresolvable relay host name", "taxonomy-index"),
        ordered("domain", "mismatches client ip", source="taxonomy-index", gap=60),
        ordered("dns lookup failure:", "try again later", source="taxonomy-index", gap=60),
        ordered("service permits", "unverifyable sending ips", source="taxonomy-index", gap=60),
        phrase(
            "we do not accept mail from hosts with dynamic ip or generic dns ptr-records",
            "taxonomy-index",
        ),
    ),
)
