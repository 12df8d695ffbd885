"""Mimecast (an inbound gateway for its customers' domains): its documented replies.

Mimecast's "SMTP Error Codes" article (citation "mimecast") lists what its
gateway answers. The 4xx ones that name a cause are here, and the 5xx ones
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
)
