"""Ipswitch IMail Server: "<reason>: <address>" lines, then "Original message follows.".

Sample::

    X-Mailer: <SMTP32 v8.22>

    Unknown user: kijitora@example.com

    Original message follows.

Recognised by IMail's own X-Mailer header (its SMTP32 service), not by the text.
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "imailserver"
HINTS = ("undeliverable mail",)

# IMail's own line texts and the reason the taxonomy's IMail module gives each (citation
# "taxonomy-lhost", go-sisimai lhost/via-imailserver.go): the reporting server's own verdict,
# which its reason modules then keep, so no context (no command is quoted) changes it.
_OWN_TEXTS = (
    ("unknown user", "userunknown"),
    ("invalid final delivery userid", "userunknown"),
    ("unknown host", "hostunknown"),
    ("user mailbox exceeds allowed size", "mailboxfull"),
    ("requested action not taken: virus detected", "virusdetected"),
    ("blacklisted url in message", "spamdetected"),
    ("delivery failed ", "expired"),
)
_LINE = re.compile(r"^(?P<reason>[^:\n]{4,80}):\s*<?(?P<address>[^\s<>@]+@[^\s<>]+?)>?\s*$", re.M)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an IMail bounce, or ``None`` when it is not one."""
    text = message.text
    if message.has_report or "original message follows." not in message.lowered:
        return None
    # IMail's SMTP service (SMTP32) names itself in the X-Mailer of every notice it
    # writes ("X-Mailer: <SMTP32 v8.22>"); the notice text never names the product,
    # and the returned message's own headers say nothing about who bounced it.
    if not message.header("x-mailer").lower().startswith("<smtp32 v"):
        return None
    head = text[: text.lower().find("original message follows.")]
    recipients = []
    for match in _LINE.finditer(head):
        said = match.group("reason").strip()
        lowered = said.lower() + " "
        recipients.append(
            Recipient(
                address=clean_address(match.group("address")),
                diagnostic=said,
                reason=next((why for text, why in _OWN_TEXTS if text in lowered), ""),
            )
        )
    return recipients or None
