"""Mimecast (an inbound gateway for its customers' domains): its documented 4xx replies.

Mimecast's "SMTP Error Codes" article (citation "mimecast") lists what its
gateway answers; its 5xx texts ("Invalid Recipient", "Envelope blocked")
are in the reason files, the 4xx ones that name a cause here.
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
)
