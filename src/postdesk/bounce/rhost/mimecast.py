"""Mimecast (an inbound gateway for its customers' domains): its documented replies.

Mimecast's "SMTP Error Codes" article (citation "mimecast") lists what its
gateway answers (the reference taxonomy's module, citation "taxonomy-rhost",
reads the same table). The 4xx ones that name a cause are here, and the 5xx ones
whose general reading would be wrong at Mimecast: "Invalid Recipient" is its
own directory's answer (the address is not a valid one of the customer's),
whatever command the bounce names; "Envelope blocked" and "Rejected by header
based Blocked Senders" are the customer's Blocked Senders policy refusing the
sender (its envelope or From: address), which "Administrative prohibition"
in front of them would otherwise make a content policy.
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "mimecast"
SOURCE = "mimecast"
HOSTS = ("mimecast.com", "mimecast.co.za", "mimecast-offshore.com")
TEXT_HINTS = ("community.mimecast.com", "mimecast.com/docs")

RULES = (
    # "421 Sender address blocked": the sender's IP is on a Blocked Senders policy
    (phrase("sender address blocked", "mimecast"), "blocked"),
    # "421 Unable to process connection at this time": the gateway is at its maximum load
    (phrase("unable to process connection at this time", "mimecast"), "systemerror"),
    # "550 Invalid Recipient": the recipient's address does not exist at the customer
    (phrase("invalid recipient", "mimecast"), "userunknown"),
    # "550 Envelope blocked - User Entry", "550 Administrative prohibition - envelope
    # blocked": a personal or administrative Blocked Senders entry for the sender
    (phrase("envelope blocked", "mimecast"), "rejected"),
    # "550 Rejected by header based Blocked Senders" / "... manually Blocked Senders": the
    # From: address is on a Blocked Senders policy
    (phrase("blocked senders", "mimecast"), "rejected"),
    # The rest of the article's table, as the reference taxonomy's Mimecast module reads
    # each row (citation "taxonomy-rhost", for-mimecast.go): the row's cause names the
    # reason (a Greylisting or poor-reputation deferral is badreputation, a Geographical
    # Restriction or Anti-Spoofing policy policyviolation, a disabled account's outbound
    # traffic onhold, "Email rejected due to security policies" an anti-virus verdict)
    (phrase("spf sender invalid - envelope rejected", "mimecast"), "authfailure"),
    (phrase("dkim sender invalid - envelope rejected", "mimecast"), "authfailure"),
    (phrase("dmarc sender invalid - envelope rejected", "mimecast"), "authfailure"),
    (phrase("internal resources are temporarily unavailable", "mimecast"), "badreputation"),
    (phrase("local ct ip reputation - (reject)", "mimecast"), "badreputation"),
    (phrase("recipient temporarily unavailable", "mimecast"), "blocked"),
    (phrase("ip temporarily blacklisted", "mimecast"), "blocked"),
    (phrase("journal messages past the expiration", "mimecast"), "expired"),
    (phrase("this route requires encryption (tls)", "mimecast"), "failedstarttls"),
    (phrase("this route requires tls version 1.2 or greater", "mimecast"), "failedstarttls"),
    (phrase("this route requires high-strength ciphers", "mimecast"), "failedstarttls"),
    (phrase("configuration is invalid for this certificate", "mimecast"), "failedstarttls"),
    (phrase("maximum email size exceeded", "mimecast"), "mesgtoobig"),
    (phrase("the incorrect hostname used for inbounds", "mimecast"), "networkerror"),
    (phrase("mail loop detected", "mimecast"), "networkerror"),
    (phrase("open relay not allowed", "mimecast"), "norelaying"),
    (phrase("open relay is not allowed", "mimecast"), "norelaying"),
    (phrase("account inbounds disabled", "mimecast"), "notaccept"),
    (phrase("account outbounds disabled", "mimecast"), "onhold"),
    (phrase("hostname is not authorized", "mimecast"), "onhold"),
    (phrase("journal message past expiration", "mimecast"), "onhold"),
    (phrase("anti-spoofing policy - inbound not allowed", "mimecast"), "policyviolation"),
    (phrase("rejected by header-based anti-spoofing policy", "mimecast"), "policyviolation"),
    (phrase("message bounced due to content examination policy", "mimecast"), "policyviolation"),
    (phrase("host network not allowed", "mimecast"), "policyviolation"),
    (phrase("host network, not allowed", "mimecast"), "policyviolation"),
    (phrase("envelope rejected - block policy for envelope from address", "mimecast"), "rejected"),
    (phrase("incorrect authentication data", "mimecast"), "securityerror"),
    (phrase("submitter failed to authenticate", "mimecast"), "securityerror"),
    (phrase("message ended early", "mimecast"), "systemerror"),
    (phrase("unable to process command", "mimecast"), "systemerror"),
    (phrase("unable to process an email at this time", "mimecast"), "systemerror"),
    (phrase("account service is temporarily unavailable", "mimecast"), "toomanyconn"),
    (phrase("exceeding outbound thread limit", "mimecast"), "toomanyconn"),
    (phrase("email rejected due to security policies", "mimecast"), "virusdetected"),
)
