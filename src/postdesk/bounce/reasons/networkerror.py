"""networkerror: a network or DNS problem between the servers, or a mail loop.

Decided by the statuses 4.4.2, 4.4.4, 4.4.6, 4.4.8 and 5.4.0 (RFC 3463
network and routing codes, as the taxonomy reads them), by resolver and
socket errors that the sending MTA quotes (a temporary DNS failure,
"No route to host"), and by loop detection. A refused connection is
``expired`` (the queue gave up on it), except in the words the taxonomy lists under
``blocked`` ("Connection refused by", "Connection reset by peer").
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="networkerror",
    label={"zh": "网络问题", "en": "Network problem"},
    meaning={
        "zh": "网络问题：域名解析失败、超时、连接被拒或邮件循环",
        "en": "A network problem: DNS lookup failure, timeout, connection refused, loop",
    },
    pseudo="X.0.944",
    reply=Reply("overseas-delivery"),
    # The document, 4.0.12 3): "Name service error" is our server failing to resolve
    # the recipient's domain; its scripted reply applies when the text says so.
    also_replies=(Reply("bounce-interpretation", "recipient-domain-unresolved"),),
    phrases=(
        # Postfix: "Name service error for name=example.jp type=MX: Host not found, try
        # again" (TRY_AGAIN: a temporary resolver failure); "Malformed or unexpected name
        # server reply"
        phrase("name service error", "postfix"),
        phrase("host not found, try again", "resolver"),
        phrase("malformed or unexpected name server reply", "postfix"),
        phrase("servfail", "resolver"),
        # Sendmail: "Deferred: Name server: example.jp.: host name lookup failure"
        phrase("host name lookup failure", "sendmail"),
        # Gmail: "DNS Error: ..." (other than "Domain name not found")
        phrase("dns error", "gmail"),
        # Socket errors quoted by Postfix ("lost connection ...: Connection reset by peer")
        # and others. ("Connection refused" is expired's; the taxonomy's longer "connection
        # refused by" and "connection reset by peer" are blocked's.)
        phrase("connection reset", "errno"),
        phrase("no route to host", "errno"),
        phrase("network is unreachable", "errno"),
        phrase("host is unreachable", "errno"),
        # qmail-remote: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)"
        phrase("wasn't able to establish an smtp connection", "qmail"),
        # Postfix: "lost connection with mx.example.jp[192.0.2.1] while ..."
        phrase("lost connection with", "postfix"),
        # OpenSMTPD: "Network error on destination MXs", "Loop detected"
        phrase("network error on destination mxs", "opensmtpd"),
        phrase("loop detected", "opensmtpd"),
        # Loops: RFC 3463 X.4.6 "Routing loop detected"; Postfix: "mail for example.jp loops
        # back to myself", "mail forwarding loop for ..."; qmail: "This message is looping:
        # it already has my Delivered-To line", qmail-smtpd / Sendmail: "too many hops";
        # Exim: "Too many "Received" headers - suspected mail loop"; Exchange: "5.4.14 Hop
        # count exceeded - possible mail loop"
        phrase("routing loop detected", "rfc3463"),
        phrase("mail forwarding loop", "postfix"),
        phrase("message is looping", "qmail"),
        phrase("too many hops", "qmail"),
        phrase("suspected mail loop", "exim"),
        phrase("hop count exceeded", "exchange"),
        # The same with words in between: Sendmail "554 5.4.6 Too many hops %d (%d max)",
        # Exchange "Hop count exceeded", Exim "suspected mail loop"; RFC 3463 X.4.6: "A
        # routing loop caused the message to be forwarded too many times"
        ordered("too many", "hops", source="sendmail", gap=8),
        ordered("hop count", "exceeded", source="exchange", gap=12),
        ordered("mail", "loop*", source="exim", gap=12),
        phrase("loop", "rfc3463", generic=True),
        phrase("unreachable", "errno", generic=True),
        phrase("name server", "resolver", generic=True),
        # The taxonomy's own index (Sisimai v5 reason/why-networkerror.go): texts it lists
        # under networkerror, written as the literal wording
        phrase("could not connect and send the mail to", "taxonomy-index"),
        # Exim's "Unrouteable mail domain": the taxonomy lists it here, its hostunknown index
        # has only "unrouteable address"
        phrase("unrouteable mail domain", "taxonomy-index"),
        phrase("unroutable mail domain", "exim"),
        phrase("dns records for the destination computer could not be found", "taxonomy-index"),
        phrase("message looping", "taxonomy-index"),
        phrase("unable to resolve route", "taxonomy-index"),
        # The taxonomy's per-mail-system modules (Sisimai v5 lhost/via-*.go): each system's own
        # texts it reads as this reason, written as the literal wording
        # qmail-remote: listed as MX but not local (a routing loop)
        phrase("although i'm listed as a best-preference mx or a for that host", "taxonomy-lhost"),
        # OpenSMTPD mta.c: no route to the destination's MXs
        phrase("address family mismatch on destination mxs", "taxonomy-lhost"),
        phrase("all routes to destination blocked", "taxonomy-lhost"),
        phrase("bad dns lookup error code", "taxonomy-lhost"),
        phrase("could not retrieve source address", "taxonomy-lhost"),
        phrase("no valid route to remote mx", "taxonomy-lhost"),
        phrase("no valid route to destination", "taxonomy-lhost"),
        phrase("temporary failure in mx lookup", "taxonomy-lhost"),
        phrase("network error on destination mxs", "taxonomy-lhost"),
        # Courier esmtpclient.c
        phrase("dns lookup failed", "taxonomy-lhost"),
        # Notes: the message went through too many hops
        phrase("message has exceeded maximum hop count", "taxonomy-lhost"),
    ),
)
