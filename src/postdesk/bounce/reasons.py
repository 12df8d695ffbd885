"""The bounce reason taxonomy, the phrase tables that recognise each reason, and their order.

Reason names are the vocabulary the Sisimai project made common, so results
compare with other tools. Each name has a one-line meaning in
``docs/bounce-reasons.md`` and in :data:`REASONS`.

A reason is decided from the remote server's text first (phrases are more
specific than codes: ``5.7.1`` covers spam, blocklists and policy alike), then
from the enhanced status code, then from the SMTP command the reply answered.
Phrase tables are plain lower-case substrings, each group commented with a
line it was seen in; :data:`PHRASE_ORDER` says which reason wins when a text
holds phrases of several (the more specific reason first).
"""

from __future__ import annotations

import re

REASONS: dict[str, str] = {
    "authfailure": "SPF, DKIM or DMARC checks on the sending domain failed",
    "badreputation": "the receiving side rejected the sending IP or domain for its low reputation",
    "blocked": "the sending IP address is blocked (blocklist, RBL, no reverse DNS match)",
    "contenterror": "the message content (headers, encoding, attachment) was refused as invalid",
    "delivered": "the message was delivered (a successful delivery notification)",
    "exceedlimit": "the message exceeds the recipient's own size limit",
    "expired": "delivery kept failing until the queue lifetime ran out",
    "failedstarttls": "STARTTLS could not be negotiated with the receiving server",
    "feedback": "a feedback (complaint) report (ARF, RFC 5965), with its feedback type",
    "filtered": "the recipient's filter or settings refused the message (often inactive)",
    "hasmoved": "the recipient address has moved; the bounce names the new one",
    "hostunknown": "the recipient domain does not exist or has no mail server",
    "mailboxfull": "the recipient's mailbox is full or over quota",
    "mailererror": "a program on the receiving host (procmail, a pipe) failed",
    "mesgtoobig": "the message is larger than the receiving server accepts",
    "networkerror": "a network problem: DNS lookup failure, timeout, connection refused, loop",
    "norelaying": "the server refused to relay for the recipient's domain",
    "notaccept": "the receiving domain accepts no mail (null MX or refused every connection)",
    "notcompliantrfc": "the message does not comply with the RFCs (e.g. duplicate headers)",
    "onhold": "the bounce does not say enough to decide; held for review",
    "policyviolation": "the message broke a policy of the receiving side (e.g. content rules)",
    "rejected": "the sender address (envelope from) was rejected",
    "requireptr": "the sending IP has no PTR (reverse DNS) record, which the receiver requires",
    "securityerror": "authentication or security was required or failed (SMTP AUTH, certificates)",
    "spamdetected": "the receiving side judged the message to be spam",
    "speeding": "the sender is sending too fast and is being rate limited",
    "suppressed": "the address is on a suppression list of the sending service",
    "suspend": "the recipient's mailbox is disabled, suspended or inactive",
    "syntaxerror": "the SMTP dialogue had a syntax error (bad command or argument)",
    "systemerror": "the receiving system failed (configuration error, loop, I/O problem)",
    "systemfull": "the receiving system's disk or queue is full",
    "toomanyconn": "too many connections or recipients at once",
    "undefined": "an error whose cause the bounce does not give",
    "userunknown": "the recipient address does not exist on the receiving server",
    "vacation": "an auto-reply (out of office, RFC 3834), not a failure",
    "virusdetected": "the receiving side found a virus in the message",
}

# Reasons whose bounce means retrying the same address cannot succeed.
HARD_REASONS = frozenset({"userunknown", "hostunknown", "hasmoved", "notaccept"})

# Phrase tables, lower case, matched as substrings of the whitespace-collapsed text.
PHRASES: dict[str, tuple[str, ...]] = {
    "authfailure": (
        # 550 Bad SPF records for [example.org:192.0.2.2]
        "spf record",
        "spf checks",
        # 550 5.7.26 This message does not have authentication information or fails to pass
        "does not have authentication information",
        "fails to pass authentication checks",
        # 550 5.7.1 Email rejected per DMARC policy
        "dmarc policy",
        "rejected per dmarc",
        "dmarc validation",
        "dmarc check failed",
        "unauthenticated email from",
        # 550 5.7.23 SPF validation failed / SPF check failed
        "spf check failed",
        "spf validation failed",
        "spf fail",
        "sender policy framework",
        "is not allowed to send mail on behalf of",
        "not authorized to send on behalf of",
        "dkim signature verification failed",
        "dkim validation failed",
    ),
    "requireptr": (
        # 550 5.7.1 Connections not accepted from servers without a valid sender
        # domain ... Fix reverse DNS for 203.0.113.22
        "fix reverse dns",
        "mismatches client ip",
        "without a valid sender domain",
        # 550 5.7.25 The IP address sending this message does not have a PTR record setup
        "does not have a ptr record",
        "no ptr record",
        "ptr record setup",
        "reverse dns lookup",
        "reverse dns failed",
        "no reverse dns",
        "cannot find your reverse hostname",
        "cannot find your hostname",
        "cannot resolve your address",
        "client host rejected: cannot find your",
        "ip name lookup failed",
        "no matches to nameserver query",
        "reverse hostname",
        "unresolvable relay host name",
        "please set up a valid ptr",
        "does not have a valid ptr",
        "without a valid reverse",
    ),
    "badreputation": (
        # 421 4.7.0 ... our system has detected an unusual rate of unsolicited mail
        "unusual rate of unsolicited mail",
        "low reputation",
        "poor reputation",
        "bad reputation",
        "sender reputation",
        "ip reputation",
        "domain reputation",
    ),
    "blocked": (
        # 554 INVALID IP FOR SENDING MAIL OF DOMAIN example.com
        "invalid ip for sending",
        # host mx.example.net[203.0.113.127] refused to talk to me: 421 Service not available
        "refused to talk to me",
        "not accepting connections",
        "service refuse",
        # 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using ...
        "blocked using",
        "listed in",
        "blacklisted",
        "blocklisted",
        "block list",
        "blocklist",
        "blacklist",
        "dnsbl",
        "rbl",
        "spamhaus",
        "spamcop",
        "sorbs",
        "barracudacentral",
        "banned sending ip",
        "access denied. ip",
        "your ip address has been blocked",
        "your ip has been blocked",
        "ip address is blocked",
        "has been temporarily blocked",
        "client host rejected",
        "connection refused by",
        "connection rejected by policy",
        "your network is on our block list",
        "refused due to ip",
        "is not allowed to connect",
        "dynamic ip",
        "dynamic or residential",
        "dial-up",
        "dialup",
        "residential ip",
        "not accepting mail from your ip",
        "rejected due to the sending mta's poor reputation",
        "host rejected",
        "service unavailable, client host",
        "blocked by",
        "messages from 1",
        "messages from 2",
        "mail from ip",
        "your access to this mail system has been rejected",
        "ip banned",
        "has been blocked",
        "rejected by abusix",
        "we do not accept mail from",
        "is not allowed to send from <",
        "bad sender ip",
    ),
    "virusdetected": (
        # 550 5.7.1 Message rejected: virus found / infected
        "virus",
        "malware",
        "infected",
        "mime forbidden",
    ),
    "spamdetected": (
        # 550 5.7.1 Message rejected as spam by Content Filtering.
        "spam",
        "unsolicited",
        "junk mail",
        "bulk mail",
        "bulk email",
        "message content rejected",
        "content filter",
        "looks like",
        "score",
        "suspicious",
        "high probability of being",
        "rejected by bayes",
        "our system has detected that this message is",
        "message rejected due to content",
        "mail appears to be unsolicited",
        "this message has been blocked because it contains",
        "phishing",
        "classified as",
    ),
    "policyviolation": (
        # 552-5.7.0 This message was blocked because its content presents a potential
        "message was blocked because its content",
        # 554 5.7.0 Header error (a header the receiving policy refuses)
        "header error",
        # 552-5.7.0 This message was blocked because its content presents a potential security issue
        "content presents a potential security issue",
        "potential security issue",
        # 550 5.7.0 Email rejected due to security policies
        "policy",
        "policies",
        "prohibited",
        "not allowed",
        "is not permitted",
        "message not accepted for policy reasons",
        "blocked by the recipient",
        "attachment",
        "file type",
        "filename",
        "extension",
        "restricted",
        "because of its content",
    ),
    "contenterror": (
        # 554 5.6.0 Message contains invalid header
        "invalid header",
        "malformed",
        "improper use of 8-bit data",
        "message content reject",
        "content reject",
        "rejected by keyword",
        "illegal attachment",
        "message contains invalid",
        "message header size exceeds",
    ),
    "mesgtoobig": (
        # 552 5.3.4 Message size exceeds fixed maximum message size
        "message too big",
        "message too large",
        "message is too large",
        "message size exceeds",
        "exceeds maximum message size",
        "exceeds the maximum message size",
        "exceeded maximum message size",
        "size exceeds",
        "size limit",
        "message length exceeds",
        "larger than",
        "too big for",
        "too large",
        "message file too big",
        "exceeds size limit",
    ),
    "exceedlimit": (
        # 5.2.3 Message exceeds recipient's size limit
        "exceeds local limits",
        "exceeds recipient's size limit",
        "recipient's size limit",
        "exceed limit",
        "limit exceeded",
    ),
    "mailboxfull": (
        # 552 5.2.2 The email account that you tried to reach is over quota
        "mailbox full",
        "mailbox is full",
        "mailbox exceed",
        "mailbox size limit",
        "mailbox has exceeded",
        "mailbox over quota",
        "mailbox has been full",
        "mail box full",
        "mailfolder is full",
        "mail quota exceeded",
        "over quota",
        "overquota",
        "quota exceed",
        "quota exceeded",
        "exceeded storage allocation",
        "exceeded quota",
        "exceeds quota",
        "exceed quota",
        "exceeded the quota",
        "quota full",
        "quota violation",
        "disk quota",
        "insufficient disk space",
        "not enough storage space",
        "account is full",
        "account has exceeded",
        "user has exceeded",
        "too much mail data",
        "no space left",
        "mailbox is over",
        "maildir over",
        "out of storage",
        "is over the allowed quota",
        "would exceed",
        "full mailbox",
        "user is over",
        "recipient is over",
        "the user's mailbox is full",
        "mailbox_full",
        "quota",
    ),
    "systemfull": (
        # 452 4.3.1 Insufficient system storage
        "insufficient system storage",
        "mail system full",
        "system storage",
        "too many messages queued",
    ),
    "toomanyconn": (
        # 421 4.7.0 Too many concurrent SMTP connections from this IP
        "too many connections",
        "too many concurrent",
        "too many simultaneous",
        "too many smtp sessions",
        "too many recipients",
        "connection limit",
        "exceeded the connection",
        "too many hosts",
        "too many errors",
    ),
    "speeding": (
        # 550 5.1.1 <a@example.com> - 203.0.113.222 has sent to too many recipients this hour
        "sent to too many recipients",
        # 452 4.2.2 The email account ... is receiving mail at a rate that prevents
        "receiving mail at a rate",
        "rate limit",
        "ratelimit",
        "rate-limit",
        "throttl",
        "too many messages",
        "sending too fast",
        "please try again slower",
        "exceeded the rate",
        "rate that prevents",
        "too fast",
    ),
    "suspend": (
        # 550 5.7.1 Recipient address rejected: User a@example.com temporary locked
        "temporary locked",
        "temporarily locked",
        "account has been suspended",
        "mailbox suspended",
        "account suspended",
        "delivery to this account is suspended",
        # 550 5.2.1 The email account that you tried to reach is disabled
        "is disabled",
        "has been disabled",
        "account disabled",
        "mailbox disabled",
        "mailbox is disabled",
        "account is inactive",
        "mailbox is inactive",
        "inactive account",
        "account inactive",
        "mailbox not active",
        "account has been suspended",
        "account is suspended",
        "deactivated",
        "is frozen",
        "account is locked",
        "mailbox is locked",
        "not currently active",
        "user account is unavailable",
        "expired account",
        "has expired",
        "no longer active",
    ),
    "hasmoved": (
        # 550 5.1.6 User has moved; please try <new@example.jp>
        "has moved",
        "has been moved",
        "address has changed",
        "user moved",
        "moved to",
    ),
    "userunknown": (
        # Your message wasn't delivered to a@example.it because the address couldn't be found
        "address couldn't be found",
        "address could not be found",
        "recipientnotfound",
        "recipient not found",
        # 550 5.1.1 Requested action not taken: mailbox unavailable
        "requested action not taken: mailbox unavailable",
        "mailbox unavailable",
        # 550 5.1.1 <kijitora@example.jp>... User unknown
        "user unknown",
        "unknown user",
        "user not found",
        "no such user",
        "no such recipient",
        "no such mailbox",
        "no such account",
        "no such person",
        "no such local user",
        "no mailbox",
        "mailbox not found",
        "mailbox does not exist",
        "mailbox doesn't exist",
        "mailbox unavailable or access denied",
        "mailbox is unavailable",
        "invalid mailbox",
        "invalid recipient",
        "invalid rcpt",
        "invalid address",
        "recipient unknown",
        "unknown recipient",
        "recipient not found",
        "recipient rejected",
        "recipient does not exist",
        "recipient not exist",
        "addressee unknown",
        "address unknown",
        "address not found",
        "address does not exist",
        "address is not valid",
        "account does not exist",
        "account that you tried to reach does not exist",
        "does not exist",
        "doesn't exist",
        "not exist",
        "does not have an account",
        "user doesn't have a",
        "not a valid mailbox",
        "not a valid recipient",
        "unknown local part",
        "unknown address",
        "unknown mailbox",
        "unknown or illegal alias",
        "user not exist",
        "user does not exist",
        "user is unknown",
        "user not local",
        "not our customer",
        "not listed in",
        "no such address",
        "unrouteable address",
        "unroutable address",
        "undeliverable address",
        "bad recipient",
        "bad destination mailbox",
        "no valid recipients",
        "is not a known user",
        "mailbox does not",
        "mailbox not available",
        "not known",
        "no longer",
        "unknown",
        "rejectedrecipient",
        "recipientnotfound",
        "no account by that name",
        "address lookup failed",
        "email address could not be found",
        "name is not recognized",
        "mailbox name not allowed",
    ),
    "hostunknown": (
        # 554 The mail could not be delivered to the recipient because the domain is not reachable
        "domain is not reachable",
        # 550 5.1.2 Host unknown (Name server: example.jp: host not found)
        "host unknown",
        "host not found",
        "unknown host",
        "no such domain",
        "domain not found",
        "domain does not exist",
        "domain name not found",
        "unknown domain",
        "unrouteable mail domain",
        "unroutable mail domain",
        "no mx for",
        "mx lookup failed",
        "domain lookup failed",
        "illegal host/domain name",
        "unrouteable domain",
        "host or domain name not found",
        "dns error: domain name not found",
        "domain is not found",
        "invalid domain",
        "domain must exist",
        "all relevant mx records point to non-existent hosts",
        "nxdomain",
    ),
    "norelaying": (
        # 501 ... 5.7.1 This system is not configured to relay mail
        "not configured to relay",
        "email address is not verified",
        # 554 5.7.1 <kijitora@example.jp>: Relay access denied
        "relay access denied",
        "relaying denied",
        "relay denied",
        "relay not permitted",
        "relaying not allowed",
        "not permitted to relay",
        "unable to relay",
        "relay not allowed",
        "we do not relay",
        "relaying mail to",
        "not allowed to relay",
        "no relaying",
        "not local host",
        "we do not relay for",
        "mail for this domain is not accepted",
    ),
    "notaccept": (
        # No mx record found for domain=example.org
        "no mx record",
        # 556 5.1.10 Recipient address has null MX
        "null mx",
        "does not accept mail",
        "does not accept email",
        "accepts no mail",
        "not accepting mail",
        "no mail is accepted",
        "domain does not receive",
        "this domain does not",
        "mail receiving disabled",
    ),
    "syntaxerror": (
        # 503 Improper sequence of commands
        "improper sequence of commands",
        "improper sequence",
        # 501 5.5.4 Syntax error in parameters
        "syntax error",
        "command unrecognized",
        "command not recognized",
        "unrecognized command",
        "bad sequence of commands",
        "line too long",
        "invalid command",
        "parameter not implemented",
    ),
    "securityerror": (
        # 530 5.7.0 Authentication required
        "authentication required",
        "authentication needed",
        "authentication is required",
        "must authenticate",
        "authentication failed",
        "auth failed",
        "not authenticated",
        "authentication credentials invalid",
        "authentication credentials",
        "invalid credentials",
        "please authenticate",
        "sender address rejected: not logged in",
        "smtp auth",
        "certificate",
        "encryption required",
        "tls required",
        "must issue a starttls",
        "submission requires",
        "insecure",
        "security",
        "user not authenticated",
        "authentication",
    ),
    "failedstarttls": (
        # 550 5.7.10 TLS encryption required / STARTTLS failed
        "starttls",
        "tls negotiation failed",
        "tls handshake",
        "ssl handshake",
        "could not start tls",
    ),
    "networkerror": (
        # Name service error for name=example.org type=MX: ...
        "name service error",
        # Name service error for name=example.org type=MX: Malformed or unexpected name server reply
        "malformed or unexpected name server reply",
        # 4.4.3 Name service error / DNS lookup
        "could not connect",
        "connection timeout",
        "connection refused",
        "connection reset",
        "connection was dropped",
        "connection dropped",
        "lost connection",
        "network is unreachable",
        "no route to host",
        "host is unreachable",
        "unreachable",
        "dns error",
        "dns lookup",
        "name server timeout",
        "temporary failure in name resolution",
        "malformed or unexpected name server reply",
        "mail loops back to myself",
        "too many hops",
        "routing loop",
        "mail forwarding loop",
        "loop detected",
        "hop count exceeded",
        "host name lookup failure",
        "name server",
        "nameserver",
        "remote host said",
        "lookup",
        "could not be resolved",
        "read timeout",
    ),
    "expired": (
        # Delevery to the following recipients was aborted after 5.0 hour(s):
        "was aborted after",
        # connect to example.com[192.0.2.1]: Connection timed out (reported after the queue gave up)
        "connection timed out",
        "timed out",
        # 4.4.7 Delivery time expired / Message expired
        "delivery time expired",
        "message expired",
        "retry time not reached",
        "retry timeout exceeded",
        "could not be delivered for",
        "cannot send message for",
        "have been failing for",
        "has been delayed",
        "delivery attempts will continue",
        "message delayed",
        "giving up",
        "gave up",
        "queue time",
        "too long in queue",
        "was not delivered within",
        "expired",
        "deadline",
        "timeout exceeded",
        "delivery time",
        "unable to deliver in",
        "not yet been delivered",
        "delayed",
        "retry",
    ),
    "systemerror": (
        # 451 4.3.0 Error: queue file write error
        "queue file write error",
        # 554 Service currently unavailable
        "service currently unavailable",
        # 451 4.3.0 Local configuration error / system error
        "system error",
        "server error",
        "internal error",
        "local error",
        "local configuration error",
        "configuration error",
        "config error",
        "temporary local problem",
        "server configuration",
        "mail system configuration",
        "system configuration",
        "unable to process",
        "temporarily unavailable",
        "service unavailable",
        "temporary failure",
        "resources temporarily",
        "i/o error",
        "system resources",
        "server is busy",
        "try later",
        "please try again",
        "not available",
        "aliasing/forwarding loop",
        "internal server error",
        "timeout",
    ),
    "mailererror": (
        # x-unix; procmail: Couldn't create "/var/spool/mail/neko"
        "x-unix",
        "procmail",
        "command output",
        "command died",
        "exited with",
        "pipe to",
        "mailer error",
        "unknown mailer error",
        "error in processing",
    ),
    "rejected": (
        # 550 5.7.1 can't determine Purported Responsible Address
        "purported responsible address",
        "domain of sender address",
        # 550 5.7.1 <sender@example.org>: Sender address rejected
        "sender address rejected",
        "sender rejected",
        # 550 'a@example.com' is not a registered gateway user (a fax or SMS
        # gateway that accepts mail only from the senders registered with it)
        "not a registered gateway user",
        "sender verify failed",
        "sender not",
        "envelope sender",
        "mail from",
        "from address",
        "sender in prison",
        "rejected sender",
        "invalid sender",
        "sender is",
        "sender denied",
        "domain of sender address",
        "return path",
        "bounce address",
        "your address",
        "sender",
    ),
    "filtered": (
        # 550 5.1.1 RCP-P2 ... Refused due to recipient preferences
        "recipient preferences",
        # 550 5.2.0 Message Filtered
        "message filtered",
        # 550 5.2.0 Mail rejected by the recipient's filter settings
        "filter",
        "refused by recipient",
        "recipient refuses",
        "user refuses",
        "refuses to accept",
        "rejected by the recipient",
        "recipient has refused",
        "does not wish to receive",
        "not accept mail from",
        "the recipient has chosen",
    ),
    "suppressed": (
        # Amazon SES: Address is on the suppression list
        "suppression list",
        "suppressed",
    ),
    "notcompliantrfc": (
        # 550 5.7.1 This message is not RFC 5322 compliant
        "not rfc 5322 compliant",
        "rfc 5322",
        "rfc5322",
        "rfc 2822",
        "rfc2822",
        "rfc 822",
        "multiple addresses in from",
        "duplicate header",
        "more than one",
    ),
}

# Phrases that must be seen before the ordered tables: each names a reason more
# precisely than a generic phrase of an earlier reason it contains.
EARLY_PHRASES: tuple[tuple[str, str], ...] = (
    # Name service error for name=example.org type=MX: Malformed or unexpected name server reply
    ("malformed or unexpected name server reply", "networkerror"),
    # Name service error for domain example.com: Host not found, try again
    ("host not found, try again", "networkerror"),
    # I'm not going to try again; this message has been in the queue too long.
    ("in the queue too long", "expired"),
    # 550 5.4.1 Recipient address rejected: Access denied (Exchange Online: no such recipient)
    ("recipient address rejected: access denied", "userunknown"),
    # 550-Please turn on SMTP Authentication in your mail client.
    ("turn on smtp authentication", "securityerror"),
    ("relay through this server without authentication", "securityerror"),
    # 550 Insecure Mail Relay
    ("insecure mail relay", "norelaying"),
    # 501 <a@example.jp>... no access from mail server [192.0.2.55] which is an open relay.
    ("no access from mail server", "blocked"),
    # Your email to group a@example.com was rejected due to spam classification.
    ("rejected due to spam", "spamdetected"),
    # 550 5.2.0 <a@example.jp> From: Domain is invalid. Please provide a valid From:
    ("provide a valid from", "rejected"),
    # Sorry, you are sending to/from an address that has been blacklisted
    ("sending to/from an address that has been blacklisted", "rejected"),
    # Network error on destination MXs
    ("network error on destination", "networkerror"),
    # 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected
    # volume or user complaints
    ("user complaints", "badreputation"),
)
# Patterns for texts a phrase cannot tell apart: "example.com does not exist"
# names a domain (hostunknown), "a@example.com does not exist" an address.
EARLY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,} does not exist"),
        "hostunknown",
    ),
    # 554 IP=192.0.2.254 - A problem occurred. (Ask your postmaster ...) (BL): the
    # reply's subject is the connecting client's address, the tag names a block list.
    (re.compile(r"\b[45]\d\d ip=[0-9a-f.:]+ - .*\(bl\)"), "blocked"),
)
# "User unknown" phrases that say plainly the address does not exist, so no
# catch-all status turns them into a filter's verdict.
DEFINITE_USERUNKNOWN: tuple[str, ...] = (
    "doesn't have a",
    "couldn't be found",
    "could not be found",
    "recipient address rejected: access denied",
)

# Phrases looked for last: a refusal that names the refused address but not why.
LATE_PHRASES: tuple[tuple[str, str], ...] = (
    # 550 #5.1.0 Address rejected.
    ("address rejected", "userunknown"),
)
# Prefixes after which a server writes its actual reason: Postfix puts every
# RCPT restriction's text (access maps, policy services, greylisting) after
# "Recipient address rejected:", so the prefix alone names no reason.
LATE_PREFIXES: tuple[str, ...] = ("recipient address rejected:",)

# Which reason's phrases are looked for first: specific before generic, so a
# text naming both "user unknown" and "policy" reads as userunknown.
PHRASE_ORDER: tuple[str, ...] = (
    "notcompliantrfc",
    "authfailure",
    "requireptr",
    "badreputation",
    "mesgtoobig",
    "exceedlimit",
    "mailboxfull",
    "systemfull",
    "speeding",
    "toomanyconn",
    "virusdetected",
    "hasmoved",
    "suspend",
    "hostunknown",
    "userunknown",
    "norelaying",
    "notaccept",
    "blocked",
    "spamdetected",
    "contenterror",
    "policyviolation",
    "failedstarttls",
    "securityerror",
    "syntaxerror",
    "mailererror",
    "networkerror",
    "expired",
    "systemerror",
    "suppressed",
    "rejected",
    "filtered",
)

# Enhanced status codes (RFC 3463 and the IANA registry) and the reason each
# names. "X" stands for either class (4 or 5); a class-specific entry wins.
STATUS_REASONS: dict[str, str] = {
    "X.1.1": "userunknown",
    "X.1.2": "hostunknown",
    "X.1.3": "userunknown",
    "X.1.4": "userunknown",
    "X.1.6": "hasmoved",
    "X.1.7": "rejected",
    "X.1.8": "rejected",
    "X.1.9": "systemerror",
    "X.1.10": "notaccept",
    "X.2.0": "filtered",
    "X.2.1": "suspend",
    "X.2.2": "mailboxfull",
    "X.2.3": "exceedlimit",
    "X.2.4": "systemerror",
    "X.3.1": "systemfull",
    "4.3.2": "toomanyconn",
    "X.3.2": "notaccept",
    "X.3.3": "systemerror",
    "X.3.4": "mesgtoobig",
    "X.3.5": "systemerror",
    "4.4.0": "networkerror",
    "4.4.1": "expired",
    "4.4.2": "expired",
    "4.4.3": "systemerror",
    "5.4.3": "hostunknown",
    "5.4.4": "hostunknown",
    "4.4.4": "networkerror",
    "X.4.5": "systemfull",
    "X.4.6": "networkerror",
    "X.4.7": "expired",
    "X.5.0": "syntaxerror",
    "X.5.1": "syntaxerror",
    "X.5.2": "syntaxerror",
    "X.5.3": "toomanyconn",
    "X.5.4": "syntaxerror",
    "X.5.5": "syntaxerror",
    "X.6.0": "contenterror",
    "X.6.1": "contenterror",
    "X.6.2": "contenterror",
    "X.6.3": "contenterror",
    "X.6.4": "contenterror",
    "X.6.5": "contenterror",
    "X.6.6": "contenterror",
    "X.6.7": "contenterror",
    "X.6.8": "contenterror",
    "X.6.9": "contenterror",
    "X.6.10": "contenterror",
    "X.7.2": "securityerror",
    "X.7.3": "securityerror",
    "X.7.4": "securityerror",
    "X.7.5": "securityerror",
    "X.7.6": "securityerror",
    "X.7.7": "securityerror",
    "X.7.8": "securityerror",
    "X.7.9": "securityerror",  # authentication mechanism is too weak (RFC 4954)
    "X.7.10": "failedstarttls",
    "X.7.11": "failedstarttls",
    "X.7.12": "securityerror",
    "X.7.13": "suspend",
    "X.7.14": "securityerror",
    "X.7.15": "securityerror",
    "X.7.16": "securityerror",
    "X.7.17": "suspend",
    "X.7.18": "suspend",
    "X.7.19": "securityerror",
    "X.7.20": "authfailure",
    "X.7.21": "authfailure",
    "X.7.22": "authfailure",
    "X.7.23": "authfailure",
    "X.7.24": "authfailure",
    "X.7.25": "requireptr",
    "X.7.26": "authfailure",
    "X.7.27": "notaccept",
    "X.7.28": "spamdetected",
    "X.7.29": "authfailure",
    "X.7.30": "authfailure",
}

# Codes specific enough that they decide the reason even when the text
# suggests another (a 5.2.3 text often says "message too large").
DECISIVE_STATUSES = frozenset(
    {
        "X.1.2",
        "X.1.6",
        "X.1.8",
        "X.2.2",
        "X.2.3",
        "X.3.4",
        "4.3.2",
        "X.4.5",
        "X.7.13",
        "X.7.25",
        "X.7.26",
        "X.7.27",
    }
)

# Codes too broad to decide alone: only the text can say more.
VAGUE_STATUSES = frozenset({"X.0.0", "X.1.0", "X.5.0", "X.7.0", "X.7.1", "X.3.0", "4.0.0"})

# Sisimai's pseudo status codes: what it reports when a bounce carries no
# enhanced status code at all, one per reason (class 4 for temporary errors).
# Kept so results compare with Sisimai's; they are not RFC 3463 codes.
PSEUDO_STATUS: dict[str, str] = {
    "undefined": "X.0.900",
    "onhold": "X.0.901",
    "syntaxerror": "X.0.902",
    "securityerror": "X.0.903",
    "norelaying": "X.0.909",
    "filtered": "X.0.910",
    "userunknown": "X.0.911",
    "hostunknown": "X.0.912",
    "rejected": "X.0.918",
    "suspend": "X.0.921",
    "mailboxfull": "X.0.922",
    "exceedlimit": "X.0.923",
    "systemerror": "X.0.930",
    "systemfull": "X.0.931",
    "notaccept": "X.0.932",
    "mesgtoobig": "X.0.934",
    "mailererror": "X.0.939",
    "networkerror": "X.0.944",
    "expired": "X.0.947",
    "contenterror": "X.0.960",
    "virusdetected": "X.0.970",
    "blocked": "X.0.971",
    "policyviolation": "X.0.972",
    "requireptr": "X.0.973",
    "spamdetected": "X.0.980",
    "failedstarttls": "X.0.976",
    "authfailure": "X.0.975",
    "badreputation": "X.0.974",
    "toomanyconn": "X.0.985",
    "speeding": "X.0.986",
    "suppressed": "X.0.987",
    "notcompliantrfc": "X.0.988",
}


_PSEUDO_STATUS_FORM = re.compile(r"[45]\.0\.9\d\d")


def is_inferred_status(status: str) -> bool:
    """Whether ``status`` is a pseudo code (``5.0.9xx``, ``4.0.9xx``) that no server sent.

    They stand in where a bounce carries no status code; a person reading one
    must not take it for the remote server's own answer.
    """
    return _PSEUDO_STATUS_FORM.fullmatch(status) is not None


def status_key(status: str) -> str:
    """``5.1.1`` -> ``X.1.1``: the class-free form used by the tables."""
    return "X" + status[1:] if status else ""


def status_in(status: str, table: frozenset[str] | dict[str, str]) -> bool:
    """Whether ``status`` (class-specific or not) is listed in ``table``."""
    return status in table or status_key(status) in table


def reason_from_text(text: str) -> str:
    """The reason the first matching phrase names, or ``""``."""
    folded = " ".join(text.lower().split())
    if not folded:
        return ""
    for phrase, reason in EARLY_PHRASES:
        if phrase in folded:
            return reason
    for pattern, reason in EARLY_PATTERNS:
        if pattern.search(folded):
            return reason
    for reason in PHRASE_ORDER:
        for phrase in PHRASES[reason]:
            if phrase in folded:
                return reason
    return ""


def reason_from_prefix(text: str) -> str:
    """The reason a late phrase names (used when neither text nor status decided)."""
    folded = " ".join(text.lower().split())
    if any(prefix in folded for prefix in LATE_PREFIXES):
        return ""
    for phrase, reason in LATE_PHRASES:
        if phrase in folded:
            return reason
    return ""


def reason_from_status(status: str) -> str:
    """The reason an enhanced status code names, or ``""`` for a vague or unknown one."""
    if len(status) < 5 or status[1] != "." or status_in(status, VAGUE_STATUSES):
        return ""
    if status[0] == "2":
        return "delivered"
    return STATUS_REASONS.get(status) or STATUS_REASONS.get(status_key(status), "")
