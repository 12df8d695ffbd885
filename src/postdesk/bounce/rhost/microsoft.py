"""Microsoft (Exchange Online / Microsoft 365, Outlook.com / Hotmail): its texts for unknown users.

Microsoft answers a nonexistent recipient in four ways (citation
"microsoft-invalid"): Exchange Online's "550 5.1.10 RESOLVER.ADR.
RecipientNotFound; Recipient not found by SMTP address lookup" (5.1.10 is
Microsoft's own code here, not RFC 7505's null MX), its directory-based edge
blocking "550 5.4.1 Recipient address rejected: Access denied", Outlook.com's
"550 5.5.0 Requested action not taken: mailbox unavailable", and the NDR's
"... wasn't found at ...". The Exchange Online NDR page (citation
"exchange") lists the other codes.
"""

from __future__ import annotations

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
)
