"""Microsoft Exchange 2007 and later, Office 365 / Exchange Online, Outlook.com.

Exchange sends an RFC 3464 report, and its diagnostic names the failing
component and cause ("STOREDRV.Deliver: mailbox full",
"RESOLVER.ADR.RecipientNotFound") more precisely than the status code. Where
only the human-readable part is there, it reads that:

    Delivery has failed to these recipients or groups:

    kijitora@example.edu<mailto:kijitora@example.edu>
    The recipient's mailbox is full and can't accept messages now.

    Diagnostic information for administrators:
    #550 5.2.2 STOREDRV.Deliver: mailbox full. ##rfc822;kijitora@example.edu
"""

from __future__ import annotations

import re

from postdesk.bounce import rfc3464
from postdesk.bounce.codes import clean_address, find_status
from postdesk.bounce.lhost._text import TextFormat, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "exchange2007"
HINTS = ("undeliverable", "non remis", "non recapitabile", "unzustellbar", "无法送达")

FORMAT = TextFormat(
    start=("delivery has failed to these recipients",),
    end=("original message headers:", "________________________________"),
    recipient=re.compile(r"^\s*(?P<address>[^\s<>@]+@[^\s<>]+?)(?:<mailto:[^>]*>)?\s*$"),
)
# Exchange's component tokens (lower case; sample line first) and their reasons.
_TOKENS: tuple[tuple[str, str], ...] = (
    # 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup
    ("resolver.adr.recipientnotfound", "userunknown"),
    ("resolver.adr.recipnotfound", "userunknown"),
    ("resolver.adr.exrecipnotfound", "userunknown"),
    # 550 5.2.2 STOREDRV.Deliver: mailbox full
    ("storedrv.deliver: mailbox full", "mailboxfull"),
    ("mapiexceptionshutoffquotaexceeded", "mailboxfull"),
    ("mapiexceptionquotaexceeded", "mailboxfull"),
    # 550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient
    ("resolver.rst.recipsizelimit", "exceedlimit"),
    ("resolver.rst.sendsizelimit", "mesgtoobig"),
    # 550 5.7.1 RESOLVER.RST.AuthRequired; authentication required
    ("resolver.rst.authrequired", "securityerror"),
    ("resolver.rst.notauthorized", "rejected"),
    # 550 4.4.7 QUEUE.Expired; message expired
    ("queue.expired", "expired"),
    # 550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain
    ("smtpsend.dns.nonexistentdomain", "hostunknown"),
    ("smtpsend.dns.mxloopback", "networkerror"),
    # 550 5.7.606 Access denied, banned sending IP [192.0.2.1]
    ("banned sending ip", "blocked"),
    # 554 5.2.0 STOREDRV.Deliver.Exception:QuotaExceededException
    ("quotaexceededexception", "mailboxfull"),
    # 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.
    ("traffic not accepted from this ip", "blocked"),
    # 550 5.7.520 Access denied, Your organization does not allow external forwarding.
    ("does not allow external forwarding", "policyviolation"),
)


def _is_exchange(message: Message) -> bool:
    if any(name.startswith("x-ms-exchange") for name in message.headers):
        return True
    text = message.text.lower()
    return "microsoft exchange" in text or "diagnostic information for administrators" in text


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Exchange 2007+ bounce, or ``None`` when it is not one."""
    if not _is_exchange(message):
        return None
    recipients = rfc3464.parse(message) or read_text(message.text, FORMAT)
    if not recipients:
        return None
    marker = message.text.lower().find("diagnostic information for administrators")
    admin = message.text[marker:] if marker >= 0 else ""
    for recipient in recipients:
        recipient.address = clean_address(recipient.address)
        said = recipient.diagnostic.lower()
        if not find_status(said):
            # The administrators' section holds "#550 5.2.2 ... ##rfc822;address".
            line = re.search(r"#([245]\d\d [245]\.\d\.\d+ [^#]*)##", admin)
            if line:
                recipient.diagnostic = f"{line.group(1).strip()} {recipient.diagnostic}".strip()
                said = recipient.diagnostic.lower()
        recipient.reason = next((r for token, r in _TOKENS if token in said), recipient.reason)
    return recipients
