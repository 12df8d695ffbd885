"""Microsoft (Exchange Online / Microsoft 365, Outlook.com / Hotmail): its texts for unknown users.

Microsoft answers a nonexistent recipient in four ways (citation
"microsoft-invalid"): Exchange Online's "550 5.1.10 RESOLVER.ADR.
RecipientNotFound; Recipient not found by SMTP address lookup" (5.1.10 is
Microsoft's own code here, not RFC 7505's null MX), its directory-based edge
blocking "550 5.4.1 Recipient address rejected: Access denied", Outlook.com's
"550 5.5.0 Requested action not taken: mailbox unavailable", and the NDR's
"... wasn't found at ...". The Exchange Online NDR page (citation
"exchange") lists the other codes.

Exchange Online numbers its own refusals past the registry's details
("5.7.606-649 Access denied, banned sending IP", "5.7.708 Access denied,
traffic not accepted from this IP", "5.2.121 ... per hour message receive
limit"): ``CODES`` reads them as that page explains each, a range by the
range's key. Outlook.com's own codes (RP-001, SC-001, DY-001, OU-001: its
postmaster's troubleshooting page, citation "outlookcom") are read the same
way. Registry codes Exchange uses in their registered sense (5.1.1, 5.7.1,
5.7.23, 5.7.25) are left to the general rules.
"""

from __future__ import annotations

import re

from postdesk.bounce.phrases import phrase

NAME = "microsoft"
SOURCE = "microsoft-invalid"
HOSTS = (
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "protection.outlook.com",
    "office365.com",
    "onmicrosoft.com",
)
# Exchange Online's edge blocks carry an "AS(nnnnnnnnn)" code after "Access denied."
TEXT_HINTS = (
    "protection.outlook.com",
    "prod.outlook.com",
    "resolver.adr.",
    "resolver.rst.",
    "access denied. as(",
    "sendersupport.olc.protection.outlook.com",
)

RULES = (
    (phrase("recipientnotfound", "microsoft-invalid"), "userunknown"),
    (phrase("recipnotfound", "microsoft-invalid"), "userunknown"),
    (phrase("recipient address rejected: access denied", "microsoft-invalid"), "userunknown"),
    (phrase("requested action not taken: mailbox unavailable", "microsoft-invalid"), "userunknown"),
    (phrase("wasn't found at", "microsoft-invalid"), "userunknown"),
    # Exchange Online NDRs (citation "exchange"): 5.7.606-649 banned sending IP, 5.7.708
    # traffic not accepted from this IP, 5.7.509 DMARC, 5.7.23 SPF, 5.2.121/5.2.122 per-hour
    # receive limits, 5.7.64 TenantAttribution relay access denied, 5.7.1 S3150 block list
    (phrase("banned sending ip", "exchange"), "blocked"),
    (phrase("traffic not accepted from this ip", "exchange"), "blocked"),
    (phrase("on our block list", "outlookcom"), "blocked"),
    (phrase("does not pass dmarc verification", "exchange"), "authfailure"),
    (phrase("sender policy framework violation", "exchange"), "authfailure"),
    (phrase("message receive limit", "exchange"), "speeding"),
    (phrase("tenantattribution", "exchange"), "norelaying"),
    # Exchange Online's NDR table gives 5.2.2 two meanings: "mailbox full" and "Submission
    # quota exceeded" (the sender exceeded its recipient or message rate limit). The words
    # tell them apart; read by the registry, 5.2.2 would always be a full mailbox.
    (phrase("submission quota exceeded", "exchange"), "speeding"),
    (phrase("submissionquotaexceeded*", "exchange"), "speeding"),
    # The texts of the same NDR tables (Exchange Online, Exchange Server 2019 and earlier)
    # and Microsoft's undocumented replies, as the reference taxonomy's Microsoft module
    # reads each (citation "taxonomy-rhost", for-microsoft.go); only texts no other
    # server gives in another sense are here (not "user unknown" or "not authorized");
    # its size texts are left to the status (X.2.3 a limit of the recipient's, X.3.4 the
    # system's), which the taxonomy's newer module files under one name
    (phrase("must pass either spf or dkim validation", "taxonomy-rhost"), "authfailure"),
    (phrase("doesn't meet the required authentication level", "taxonomy-rhost"), "authfailure"),
    (
        phrase("has been temporarily rate limited due to ip reputation", "taxonomy-rhost"),
        "badreputation",
    ),
    (phrase("must have a reverse dns record", "taxonomy-rhost"), "blocked"),
    (phrase("does not accept email over ipv6", "taxonomy-rhost"), "blocked"),
    (phrase("using customer block list", "taxonomy-rhost"), "blocked"),
    (phrase("too many related errors", "taxonomy-rhost"), "contenterror"),
    (phrase("agent generated message depth exceeded", "taxonomy-rhost"), "contenterror"),
    (phrase("invalid message content", "taxonomy-rhost"), "contenterror"),
    (phrase("queue expired; message expired", "taxonomy-rhost"), "expired"),
    (phrase("failed mta-sts validation", "taxonomy-rhost"), "failedstarttls"),
    (phrase("starttls is required to send mail", "taxonomy-rhost"), "failedstarttls"),
    (
        phrase("restrictdomainstoipaddresses or restrictdomainstocertificate", "taxonomy-rhost"),
        "failedstarttls",
    ),
    (phrase("dnssec-invalid:", "taxonomy-rhost"), "failedstarttls"),
    (phrase("certificate-host-mismatch:", "taxonomy-rhost"), "failedstarttls"),
    (phrase("smtpsend.dns.nonexistentdomain", "taxonomy-rhost"), "networkerror"),
    (phrase("hop count exceeded - possible mail loop", "taxonomy-rhost"), "networkerror"),
    (phrase("relay access denied", "taxonomy-rhost"), "norelaying"),
    (phrase("system not accepting network messages", "taxonomy-rhost"), "notaccept"),
    (
        phrase("hosted tenant which has no mail-enabled subscriptions", "taxonomy-rhost"),
        "notaccept",
    ),
    (phrase("missing or bad storedriver mdb properties", "taxonomy-rhost"), "notaccept"),
    (phrase("x-dg-ref header is too long", "taxonomy-rhost"), "policyviolation"),
    (phrase("policy violation detected (as345)", "taxonomy-rhost"), "policyviolation"),
    (phrase("unknown sender address", "taxonomy-rhost"), "rejected"),
    (phrase("delivery not authorized", "taxonomy-rhost"), "rejected"),
    (phrase("cannot achieve exchange server authentication", "taxonomy-rhost"), "securityerror"),
    (phrase("content filter agent quarantined this message", "taxonomy-rhost"), "spamdetected"),
    (phrase("recipient thread limit exceeded", "taxonomy-rhost"), "speeding"),
    (phrase("the recipient has exceeded their limit for", "taxonomy-rhost"), "speeding"),
    (phrase("has exceeded the maximum number of connections", "taxonomy-rhost"), "toomanyconn"),
    (phrase("mailbox cannot be accessed", "taxonomy-rhost"), "suspend"),
    (phrase("send hello first", "taxonomy-rhost"), "syntaxerror"),
    (phrase("system incorrectly configured", "taxonomy-rhost"), "systemerror"),
    (phrase("when journaling archive is disabled", "taxonomy-rhost"), "systemerror"),
    (phrase("helo / ehlo requires domain address", "taxonomy-rhost"), "systemerror"),
    (phrase("destination mailbox address ambiguous", "taxonomy-rhost"), "systemerror"),
    (phrase("mailing list expansion problem", "taxonomy-rhost"), "systemerror"),
    (phrase("misconfigured forwarding address", "taxonomy-rhost"), "systemerror"),
    (phrase("message failed to be replicated", "taxonomy-rhost"), "systemerror"),
    (phrase("(suspiciousremoteservererror)", "taxonomy-rhost"), "systemerror"),
    (phrase("server busy. please try again later from", "taxonomy-rhost"), "systemerror"),
    (phrase("pfa agent busy, please try again", "taxonomy-rhost"), "systemerror"),
    (phrase("insufficient system resources", "taxonomy-rhost"), "systemfull"),
    (phrase("bad destination mailbox address", "taxonomy-rhost"), "userunknown"),
    (phrase("storedrv.submit; invalid recipient address", "taxonomy-rhost"), "userunknown"),
    (phrase("recipient address reserved by rfc 2606", "taxonomy-rhost"), "userunknown"),
    (
        phrase("recipient addresses in single label domains not accepted", "taxonomy-rhost"),
        "userunknown",
    ),
    (phrase("invalid x.400 address", "taxonomy-rhost"), "userunknown"),
    (
        phrase("remote server returned unknown recipient or mailbox unavailable", "taxonomy-rhost"),
        "userunknown",
    ),
)

# Exchange Online's own detail numbers (citation "exchange", the NDR table) and
# Outlook.com's codes (citation "outlookcom"); a range is keyed "first-last".
CODES: dict[str, str] = {
    "4.4.316": "networkerror",  # Connection refused [Message=Socket error code 10061]
    "5.4.300": "expired",  # Message expired: the destination never answered
    "5.4.14": "networkerror",  # Routing loop detected (Exchange Online's number for 5.4.6)
    "5.1.8": "rejected",  # Access denied, bad outbound sender: the sending account is blocked
    "5.1.90": "speeding",  # reached your daily limit for message recipients
    "5.2.121": "speeding",  # Recipient's per hour message receive limit from specific sender
    "5.2.122": "speeding",  # Recipient's per hour message receive limit exceeded
    # "Invalid characters" (bare line feeds): the taxonomy's Microsoft module reads 5.6.11 as
    # contenterror (citation "taxonomy-rhost", for-microsoft.go); X.6 is the content subject.
    "5.6.11": "contenterror",
    "5.7.12": "securityerror",  # Sender was not authenticated by organization
    "5.7.124": "filtered",  # Sender not in allowed-senders list (of a group)
    "5.7.133": "securityerror",  # Sender not authenticated for group
    "5.7.134": "securityerror",  # Sender was not authenticated for mailbox
    "5.7.135": "securityerror",  # Sender was not authenticated for public folder
    "5.7.136": "securityerror",  # Sender was not authenticated (mail user)
    "5.7.57": "securityerror",  # Client was not authenticated to send anonymous mail
    "5.7.64": "norelaying",  # TenantAttribution; Relay Access Denied
    "5.7.321": "failedstarttls",  # starttls-not-supported: must support TLS to receive mail
    "5.7.322": "failedstarttls",  # certificate-expired
    "5.7.323": "failedstarttls",  # tlsa-invalid: the domain failed DANE validation
    "5.7.501": "rejected",  # Access denied, spam abuse detected: the sending account banned
    "5.7.502": "rejected",  # Access denied, banned sender (the account)
    "5.7.503": "rejected",
    # "Recipient address rejected: Access denied", "Access denied, banned recipient": the
    # taxonomy's Microsoft module reads both as suspend (citation "taxonomy-rhost",
    # for-microsoft.go, the same in its v5 and newest versions)
    "5.7.504": "suspend",
    "5.7.505": "suspend",
    "5.7.506": "blocked",  # Access Denied, Bad HELO (the client named itself as the server)
    "5.7.507": "blocked",  # Access denied, rejected by recipient: the IP blocked by them
    "5.7.508": "speeding",  # the IPv6 range has exceeded permitted limits in a short time
    "5.7.509": "authfailure",  # the sending domain does not pass DMARC verification
    "5.7.511": "blocked",  # Access denied, banned sender: the IP is banned
    "5.7.512": "notcompliantrfc",  # message must be RFC 5322 section 3.6.2 compliant
    "5.7.513": "blocked",  # Client host blocked by the recipient's Customer Block list
    "5.7.515": "authfailure",  # sending domain does not meet the required authentication level
    "5.7.606-649": "blocked",  # Access denied, banned sending IP
    "5.7.700-749": "blocked",  # tenant exceeded threshold / traffic not accepted from this IP
    # "Service unavailable. Client blocked from sending from unregistered domains": the
    # tenant's sender domains (the taxonomy: rejected, the sender)
    "5.7.750": "rejected",
    # The taxonomy's module (citation "taxonomy-rhost"): 5.7.900-999 a mail flow rule
    # refused it ("Delivery not authorized, message refused"), 4.7.652 the maximum number
    # of connections, 4.4.312/5.4.312 DNS query failed, 5.4.310 the DNS domain does not
    # exist, 4.3.1 insufficient system resources
    "5.7.900-999": "policyviolation",
    "4.7.652": "toomanyconn",
    "4.4.312": "networkerror",
    "5.4.312": "networkerror",
    "5.4.310": "norelaying",
    "4.3.1": "systemfull",
    # "451 4.7.500-699 (ASxxx) Access denied, please try again later": IP throttling, the
    # source IP sending far more than its established pattern (Microsoft Learn, "Fix email
    # delivery issues for error code 451 4.7.500-699 (ASxxx) in Exchange Online")
    "4.7.500-699": "speeding",
    "4.7.850-899": "blocked",  # Access denied, please try again later: the IP restricted
    # Outlook.com (citation "outlookcom"), each code by its sentence on that page as the
    # reference taxonomy reads it (citation "taxonomy-rhost", for-microsoft.go): the RP
    # limits are "related to IP/domain reputation", SC-001 and OU-002 "content with
    # spam-like characteristics or IP/domain reputation" (badreputation); SC-002 namespace
    # mining (policyviolation); SC-003 an open proxy, SC-004 a block for complaints,
    # DY-001 a dynamic IP, OU-001 Spamhaus (blocked); DY-002 a compromised or virus
    # infected machine (virusdetected)
    "RP-001": "badreputation",
    "RP-002": "badreputation",
    "RP-003": "badreputation",
    "SC-001": "badreputation",
    "SC-002": "policyviolation",
    "SC-003": "blocked",
    "SC-004": "blocked",
    "DY-001": "blocked",
    "DY-002": "virusdetected",
    "OU-001": "blocked",
    "OU-002": "badreputation",
}
_RANGES = tuple(
    (key, key.rsplit(".", 1)[0], *map(int, key.rsplit(".", 1)[1].split("-")))
    for key in CODES
    if "-" in key and key[0].isdigit()
)
# A status, not the tail of an IPv4 address ("[10.5.7.64]" holds no 5.7.64).
_STATUS = re.compile(r"(?<![\w.])([45]\.[0-7]\.\d{1,3})(?!\d|\.\d)")
_OUTLOOK = re.compile(r"\b((?:RP|SC|DY|OU)-00\d)\b")
# The 4.7.500-699 and 4.7.850-899 ranges are "Access denied, please try again later";
# other 4.7.5xx/6xx texts ("4.7.650 ... rate limited due to IP reputation") say their
# own cause and are left to the phrases.
_ACCESS_DENIED = re.compile(r"access denied", re.IGNORECASE)


def code_of(text: str) -> list[str]:
    """Microsoft's codes in a reply: Outlook.com's first, then statuses and their ranges."""
    found: list[str] = _OUTLOOK.findall(text)
    for status in _STATUS.findall(text):
        found.append(status)
        prefix, _, number = status.rpartition(".")
        for key, head, first, last in _RANGES:
            in_range = head == prefix and first <= int(number) <= last
            if in_range and (head != "4.7" or _ACCESS_DENIED.search(text)):
                found.append(key)
    return found
