"""blocked: the sending host (its IP address) is refused.

Decided by wording that names a block list or says the client host is
refused (Postfix "Client host rejected", "blocked using"), by 4.7.1
("Delivery not authorized", temporarily: the client is held back) and
4.2.1 when nothing more specific is said, and by context: a refusal
before any address was sent (greeting, HELO/EHLO) is about the client.
A missing reverse DNS is ``requireptr``, a poor reputation ``badreputation``.
"""

from postdesk.bounce.reasons._kit import Reason, Reply, ordered, phrase

REASON = Reason(
    name="blocked",
    label={"zh": "发件IP被拦截", "en": "Sending IP blocked"},
    meaning={
        "zh": "发件 IP 被拦截（黑名单/RBL，或反向解析不符）",
        "en": "The sending IP address is blocked (blocklist, RBL, no reverse DNS match)",
    },
    pseudo="X.0.971",
    reply=Reply("bounce-interpretation", "blocked-by-rbl"),
    phrases=(
        # Postfix smtpd_check.c: "554 5.7.1 Service unavailable; Client host [192.0.2.1]
        # blocked using zen.spamhaus.org"; "Client host rejected: Access denied"
        phrase("blocked using", "postfix"),
        phrase("client host rejected", "postfix"),
        ordered("client host", "blocked", source="postfix", gap=40),
        # Exim dnslists ACL default: "rejected because 192.0.2.1 is in a black list at ..."
        phrase("is in a black list at", "exim"),
        # Sendmail dnsbl feature: "Rejected: 192.0.2.1 listed at bl.example.org"
        phrase("listed at", "sendmail", generic=True),
        phrase("listed in", "rfc5782", generic=True),
        # The document, 4.0.12 4): "Blocked by rbl" or "RBL"
        phrase("blocked by rbl", "document"),
        phrase("rbl", "document"),
        phrase("dnsbl", "rfc5782"),
        # Block lists that name themselves in rejections
        phrase("spamhaus", "dnsbl"),
        phrase("spamcop", "dnsbl"),
        phrase("sorbs", "dnsbl"),
        phrase("barracudacentral", "dnsbl"),
        phrase("barracuda reputation block list", "dnsbl"),
        phrase("abusix", "dnsbl"),
        phrase("uceprotect", "dnsbl"),
        phrase("psbl", "dnsbl"),
        # Spamhaus PBL / policy lists: dynamic and residential address space
        phrase("dynamic ip", "dnsbl"),
        phrase("dynamic or residential", "dnsbl"),
        phrase("residential ip", "dnsbl"),
        phrase("dial-up", "dnsbl"),
        phrase("dialup", "dnsbl"),
        # Exchange Online: "550 5.7.606-649 Access denied, banned sending IP [192.0.2.1]",
        # "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP"
        phrase("banned sending ip", "exchange"),
        phrase("traffic not accepted from this ip", "exchange"),
        # Outlook.com: "... part of their network is on our block list (S3150)"
        phrase("on our block list", "outlookcom"),
        # Apple iCloud / Proofpoint: "550 5.7.0 Blocked - see https://support.proofpoint.com/
        # dnsbl-lookup.cgi?ip=192.0.2.1"
        phrase("dnsbl-lookup", "proofpoint"),
        # Orange: "Service refuse. Veuillez essayer plus tard." (see rhost.orange for codes)
        phrase("service refuse", "orange"),
        # Gmail: "421 4.7.0 IP not in whitelist for RCPT domain, closing connection."
        phrase("ip not in whitelist", "gmail"),
        # RFC 5321 3.1: a server that refuses the client answers the greeting with 554
        # ("not accepting connections")
        ordered("not accepting", "connections", source="rfc5321", gap=8),
        # Block lists of open relays (the client's address is listed as one)
        phrase("open relay", "dnsbl"),
        # NetEase "DT:RBL", Coremail "IP is rejected", Sina "550 black ip" / "554 rbl deny"
        phrase("ip is rejected", "coremail"),
        phrase("black ip", "sina"),
        phrase("rbl deny", "sina"),
        phrase("blacklisted", "rfc5782", generic=True),
        phrase("blacklist", "rfc5782", generic=True),
        phrase("blocklisted", "rfc5782", generic=True),
        phrase("blocklist", "rfc5782", generic=True),
        phrase("block list", "rfc5782", generic=True),
        # The same in two words, as Exim's own dnslists message spells it ("is in a black list
        # at"): "black list", "black listed" ("554 IP address is black listed")
        phrase("black list*", "exim", generic=True),
        phrase("host rejected", "postfix", generic=True),
        phrase("黑名单", "document"),
        # The taxonomy's own index (Sisimai v5 reason/why-blocked.go): texts it lists
        # under blocked, written as the literal wording
        phrase("bad sender ip address", "taxonomy-index"),
        # A refused, reset or dropped connection: the taxonomy lists these socket texts under
        # blocked (and tries blocked before expired or networkerror), and its status table has
        # no code of RFC 3463 that these words carry, so nothing contradicts it (Sendmail's
        # "Deferred: Connection refused by mx.example.", "Connection reset by peer")
        phrase("connection refused by", "taxonomy-index"),
        phrase("connection reset by peer", "taxonomy-index"),
        phrase("connection dropped", "taxonomy-index"),
        phrase("connection was dropped by remote host", "taxonomy-index"),
        # RFC 5321 4.2.3's own 421 text; RFC 5321 gives it no cause, the taxonomy reads it
        # as blocked
        phrase("service not available, closing transmission channel", "taxonomy-index"),
        # Yahoo's TS01 text; the taxonomy lists it under blocked (its Yahoo module gives
        # TS01 no reading of its own)
        ordered(
            "messages from",
            "temporarily deferred due to user complaints",
            source="taxonomy-index",
            gap=60,
        ),
        phrase("blocked - see http", "taxonomy-index"),
        phrase("confirm this mail server", "taxonomy-index"),
        phrase("currently sending spam see:", "taxonomy-index"),
        phrase("dynamic/zombied/spam ips blocked", "taxonomy-index"),
        phrase("error: no valid recipients from", "taxonomy-index"),
        phrase("extreme bad ip profile", "taxonomy-index"),
        phrase("go away", "taxonomy-index"),
        phrase("helo command rejected:", "taxonomy-index"),
        phrase("host network not allowed", "taxonomy-index"),
        phrase("invalid ip for sending mail of domain", "taxonomy-index"),
        phrase("is not allowed to send mail from", "taxonomy-index"),
        phrase("no access from mail server", "taxonomy-index"),
        phrase("no matches to nameserver query", "taxonomy-index"),
        phrase("not currently accepting mail from your ip", "taxonomy-index"),
        phrase("please use the smtp server of your isp", "taxonomy-index"),
        phrase("refused - see http", "taxonomy-index"),
        phrase(
            "rejected because the sending mta or the sender has not passed validation",
            "taxonomy-index",
        ),
        phrase("rejecting open proxy", "taxonomy-index"),
        phrase("sender ip address rejected", "taxonomy-index"),
        phrase("server access forbidden by your ip", "taxonomy-index"),
        # Exim's stage line ("SMTP error from remote mail server after initial connection:") says
        # when, not why: generic, so the reply it carries decides (step 5 reads the stage)
        phrase(
            "smtp error from remote mail server after initial connection:",
            "taxonomy-index",
            generic=True,
        ),
        phrase("sorry, that domain isn't in my list of allowed rcpthosts", "taxonomy-index"),
        phrase("sorry, your remotehost looks suspiciously like spammer", "taxonomy-index"),
        phrase("to submit messages to this e-mail system has been rejected", "taxonomy-index"),
        phrase("too many spams from your ip", "taxonomy-index"),
        phrase(
            "too many unwanted messages have been sent from the following ip address above",
            "taxonomy-index",
        ),
        phrase("was blocked by", "taxonomy-index"),
        phrase("we do not accept mail from dynamic ips", "taxonomy-index"),
        phrase("you are not allowed to connect", "taxonomy-index"),
        phrase("you are sending spam", "taxonomy-index"),
        phrase("your server requires confirmation", "taxonomy-index"),
        ordered("access from ip address", "blocked", source="taxonomy-index", gap=60),
        ordered("host", "refused to talk to me:", "blocked", source="taxonomy-index", gap=60),
        ordered("ip", "is blocked by earthlink", source="taxonomy-index", gap=60),
        ordered("mail server at", "is blocked", source="taxonomy-index", gap=60),
        ordered("mail from", "refused:", source="taxonomy-index", gap=60),
        ordered("server ip", "listed as abusive", source="taxonomy-index", gap=60),
        ordered("your access ip", "has been rejected", source="taxonomy-index", gap=60),
    ),
)
