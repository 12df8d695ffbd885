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
from postdesk.bounce.lhost._text import TextFormat, coded_reason, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "exchange2007"
HINTS = ("undeliverable", "non remis", "non recapitabile", "unzustellbar", "无法送达")

FORMAT = TextFormat(
    start=("delivery has failed to these recipients",),
    end=("original message headers:", "________________________________"),
    recipient=re.compile(r"^\s*(?P<address>[^\s<>@]+@[^\s<>]+?)(?:<mailto:[^>]*>)?\s*$"),
)
# "Remote Server at mx.example.jp (192.0.2.1) returned '550 5.1.1 ...'": the history of
# attempts in "Diagnostic information for administrators"; the last is the remote reply
# under the NDR's own summary (Microsoft Learn, "Email non-delivery reports in Exchange").
_RETURNED = re.compile(r"returned '([245]\d\d[ -][^'\n]{0,500})'", re.IGNORECASE)


# The NDR codes Exchange writes before its "; " text ("550 5.1.1 RESOLVER.ADR.RecipNotFound;
# not found") and the reason the taxonomy's Exchange 2007 module reads each as (citation
# "taxonomy-lhost", lhost/via-exchange2007.go). A code is Exchange's own name for the
# failure, more precise than the status code beside it (5.1.4 for an ambiguous address is
# the directory's fault, not a filter's), so it decides when Exchange wrote the notice.
NDR_CODES: dict[str, str] = {
    "smtpsend.dns.nonexistentdomain": "hostunknown",
    "smtpsend.dns.mxloopback": "networkerror",
    "resolver.adr.badprimary": "systemerror",
    "resolver.adr.recipnotfound": "userunknown",
    "resolver.adr.recipientnotfound": "userunknown",
    "resolver.adr.exrecipnotfound": "userunknown",
    "resolver.adr.reciplimit": "toomanyconn",
    "resolver.adr.invalidinsmtp": "systemerror",
    "resolver.adr.ambiguous": "systemerror",
    "resolver.rst.authrequired": "securityerror",
    "resolver.rst.notauthorized": "rejected",
    "resolver.rst.recipsizelimit": "exceedlimit",
    "queue.expired": "expired",
}
_NDR_CODE = re.compile(r"\b((?:resolver|smtpsend|queue)\.[a-z.]+);", re.IGNORECASE)


def ndr_reason(diagnostic: str) -> str:
    """The reason Exchange's own NDR code in ``diagnostic`` names, or ``""``."""
    return coded_reason(_NDR_CODE, NDR_CODES, diagnostic)


def _is_exchange(message: Message) -> bool:
    # A header named "X-MS-Exchange...": one search of the names joined (no name holds a newline).
    if "\nx-ms-exchange" in "\n" + "\n".join(message.headers):
        return True
    text = message.lowered
    return "microsoft exchange" in text or "diagnostic information for administrators" in text


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Exchange 2007+ bounce, or ``None`` when it is not one."""
    if not _is_exchange(message):
        return None
    recipients = rfc3464.parse(message) or read_text(message.text, FORMAT)
    if not recipients:
        return None
    marker = message.lowered.find("diagnostic information for administrators")
    admin = message.text[marker:] if marker >= 0 else ""
    history = [" ".join(found.split()) for found in _RETURNED.findall(admin)]
    for recipient in recipients:
        recipient.address = clean_address(recipient.address)
        if not find_status(recipient.diagnostic):
            # The administrators' section holds "#550 5.2.2 ... ##rfc822;address".
            line = re.search(r"#([245]\d\d [245]\.\d\.\d+ [^#]*)##", admin)
            if line:
                recipient.diagnostic = f"{line.group(1).strip()} {recipient.diagnostic}".strip()
        if history and history[-1] not in recipient.diagnostic:
            recipient.diagnostic = f"{recipient.diagnostic} Remote Server returned '{history[-1]}'"
        recipient.reason = recipient.reason or ndr_reason(recipient.diagnostic)
    return recipients
