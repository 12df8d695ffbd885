"""Broadcom (Symantec) Email Security.cloud, formerly MessageLabs: its documented replies.

Sample lines::

    550-Invalid recipient <username@example.com> 550 (#5.1.1)
    553-mail rejected because your IP is in the PBL. See http://www.spamhaus.org/pbl
    553 sorry, your envelope sender is in my badmailfrom list. (#5.7.1)

Broadcom's knowledge base articles on Email Security.cloud's error and bounce
codes (citation "messagelabs") explain each; the reference taxonomy reads them
alike (citation "taxonomy-rhost", for-messagelabs.go). "Invalid recipient" and
"Recipient mailbox is not allowed" are its answers for an address that does not
exist at the customer, whatever status the relay reports.
"""

from __future__ import annotations

from postdesk.bounce.phrases import ordered, phrase

NAME = "messagelabs"
SOURCE = "messagelabs"
HOSTS = ("messagelabs.com",)
TEXT_HINTS = ("messagelabs.com/support", "symanteccloud.com/troubleshooting")

RULES = (
    (phrase("domain authentication fail", "messagelabs"), "authfailure"),  # 553 SPF/DMARC
    # "501 Connection rejected by policy [7.7] 20805": the IP's negative reputation
    (phrase("connection rejected by policy", "messagelabs"), "badreputation"),
    (phrase("mail rejected because your ip is in the pbl", "messagelabs"), "blocked"),
    (phrase("your ip address has been blocked", "messagelabs"), "blocked"),
    (phrase("your ip address has been blacklisted", "messagelabs"), "blocked"),
    (phrase("stray linefeeds in message", "messagelabs"), "contenterror"),
    (phrase("tls/sslv3 connection required", "messagelabs"), "failedstarttls"),
    (phrase("as a relay, but i have not been configured", "messagelabs"), "norelaying"),
    (phrase("has detected that this message is not rfc 5322", "messagelabs"), "notcompliantrfc"),
    (phrase("sender envelope domain not allowed for sender ip", "messagelabs"), "rejected"),
    (phrase("your domain has been blocked", "messagelabs"), "rejected"),
    (phrase("your email address has been blocked", "messagelabs"), "rejected"),
    (phrase("your envelope sender is in my badmailfrom list", "messagelabs"), "rejected"),
    (phrase("your email address has been blacklisted", "messagelabs"), "rejected"),
    (phrase("your domain has been blacklisted", "messagelabs"), "rejected"),
    (phrase("message filtered", "messagelabs"), "spamdetected"),
    (phrase("filtered by outbound scanning", "messagelabs"), "spamdetected"),
    (phrase("too many recipients received this hour", "messagelabs"), "toomanyconn"),
    (phrase("no such user", "messagelabs"), "userunknown"),
    (phrase("invalid recipient", "messagelabs"), "userunknown"),
    (phrase("recipient mailbox is not allowed", "messagelabs"), "userunknown"),
    # The taxonomy's MessageLabs module (citation "taxonomy-rhost", for-messagelabs.go): its
    # "542 ... Rejected" refusal is an unknown recipient, and "Please turn on SMTP
    # Authentication in your mail client" (before its relay text) is securityerror
    (ordered("542", "rejected", source="taxonomy-rhost", gap=80), "userunknown"),
    (
        phrase("please turn on smtp authentication in your mail client", "taxonomy-rhost"),
        "securityerror",
    ),
)
