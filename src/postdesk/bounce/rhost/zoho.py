"""Zoho Mail (zoho.com, zohomail.com): its documented replies.

Sample lines::

    550 5.1.1 User does not exist - <kijitora@zoho.com>
    554 5.7.7 Email policy violation detected
    451 4.7.1 Greylisted, try again after some time

Zoho's help on why mail is refused (citation "zoho") and the reference
taxonomy's Zoho module (citation "taxonomy-rhost", for-zoho.go) read each.
"""

from __future__ import annotations

from postdesk.bounce.phrases import phrase

NAME = "zoho"
SOURCE = "zoho"
HOSTS = ("zoho.com", "zohomail.com", "zoho.eu", "zoho.in", "zohomail.eu", "zohomail.in")

RULES = (
    (phrase("email rejected per dmarc policy", "zoho"), "authfailure"),
    # greylisting of the sending IP: the client is held back, the taxonomy's "blocked"
    (phrase("greylisted, try again after some time", "zoho"), "blocked"),
    (phrase("reason: email flagged as spam", "zoho"), "rejected"),
    (phrase("mail rejected by destination domain", "zoho"), "rejected"),
    (phrase("email policy violation detected", "zoho"), "policyviolation"),
    (phrase("mailbox delivery restricted by policy error", "zoho"), "policyviolation"),
    (phrase("temporary system error", "zoho"), "systemerror"),
    (phrase("user does not exist", "zoho"), "userunknown"),
    (phrase("detected by zoho mail", "zoho"), "virusdetected"),  # "virus ... detected by"
)
