"""Exim, and the Exim-based systems that keep its wording (Mail.Ru, GMX, 1&1 IONOS).

Sample::

    A message that you sent could not be delivered to one or more of its
    recipients. This is a permanent error. The following address(es) failed:

      kijitora@example.or.jp
        SMTP error from remote mail server after end of data:
        host mx.example.jp [192.0.2.20]: 554 5.7.0 Header error

    ------ This is a copy of the message, including all the headers. ------
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.lhost._text import TextFormat, header_has, intro, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "exim"
HINTS = (
    "mail delivery failed",
    "mail failure",
    "warning: message",
    "mail.ru",
    "gmx",
    "message frozen",
    "error(s) in forwarding or filtering",
)

FORMAT = TextFormat(
    start=(
        "the following address(es) failed",
        "the following address failed",
        "address(es) failed:",
        "recipient addresses that were",
        "could not be delivered to one or more of its recipients",
        "could not be delivered to all of its recipients",
        "following address(es) have not yet been delivered",
        # the delay warning (deliver.c): "The address to which the message has not yet
        # been delivered is:" / "The addresses to which ... are:"
        "to which the message has not yet been delivered",
        "не может быть доставлено",
        "this is a permanent error",
        # The taxonomy's Exim module's other introductions (taxonomy-lhost, via-exim.go;
        # deliver.c, receive.c): the frozen-message notices, a router's errors, the
        # local scanner's rejection ("scannning" is Exim's own spelling)
        " has been frozen",
        " was frozen on arrival",
        " router encountered the following error(s):",
        "a message that you sent was rejected by the local scannning code",
        "a message that you sent contained one or more recipient addresses ",
    ),
    end=(
        "------ this is a copy of",
        "--- the header of the original message is following",
        "------ the body of the message is",
        "рекомендуем вам проверить",
        "*******************",
        # the delay warning's closing paragraph (deliver.c)
        "no action is required on your part",
    ),
    # "  kijitora@example.jp", "kijitora@example.jp:", "  kijitora" (a local user),
    # "  a@example.jp <b@example.net>: malformed address: ..."
    recipient=re.compile(
        r"^(?:\s*\"?(?=[^\s\"<>:]+@)|  (?=[a-z0-9._-]+(?::|\s|$)))"
        r"\"?(?P<address>[^\s\"<>:]+)\"?(?:\s+<[^>]+>)?:?(?:\s+(?P<rest>.*))?$",
        re.I,
    ),
    local_parts=True,
)

# The delay warning's opening sentence (deliver.c), whatever Subject warn_message_file
# gave it.
_DELAY_TEXT = "a message that you sent has not yet been delivered to one or more of its"
# Subjects the taxonomy's Exim module adds (taxonomy-lhost, via-exim.go): the frozen-message
# notice (deliver.c, receive.c "Message frozen on arrival") and the filter's error report
_MORE_SUBJECTS = ("message frozen", "error(s) in forwarding or filtering")
# Exim's own Message-ID, "<E1P1YNN-0003AD-Ga@example.org>" (its spec, "Message
# identification": "E" then the id, base-62 time, pid and fraction, 6-6-2 characters; the
# taxonomy's module reads that shape): with a Mailer-Daemon sender it marks the notice
# as Exim's.
_EXIM_ID = re.compile(r"^\s*<[0-9A-Za-z]{7}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}@")
# deliver.c "Message %s has been frozen%s." / receive.c "Message %s was frozen on arrival by %s."
_FROZEN = (" has been frozen", " was frozen on arrival")


def _is_exim(message: Message) -> bool:
    if message.header("x-failed-recipients"):
        return True
    sender = message.header("from").lower()
    subject = message.header("subject").lower()
    if not ("mailer-daemon" in sender or "mail delivery" in sender):
        return False
    return (
        header_has(
            subject, ("mail delivery failed", "mail failure", "warning: message", "mail failure.")
        )
        or header_has(subject, _MORE_SUBJECTS)
        or _DELAY_TEXT in message.lowered
        or _EXIM_ID.match(message.header("message-id")) is not None
    )


def _failed_header(message: Message) -> list[Recipient]:
    """X-Failed-Recipients' addresses (Exim's own header), for a notice that lists none."""
    addresses = [part.strip() for part in message.header("x-failed-recipients").split(",")]
    return [Recipient(address=clean_address(address)) for address in addresses if "@" in address]


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Exim bounce, or ``None`` when it is not one."""
    if message.has_report or not _is_exim(message):
        return None
    recipients = read_text(message.text, FORMAT) or _failed_header(message)
    # A frozen-message notice says why in its first line ("Message 1abc-000 has been
    # frozen by the system filter."): the line the recipients follow.
    opening = intro(message.text, FORMAT)
    frozen = opening if header_has(opening, _FROZEN) else ""
    # Exim's delay warning (its spec, "warn_message_file": Subject "Warning: message
    # ... delayed ..."): nothing failed yet, the message is still being retried.
    delayed = (
        message.header("subject").lower().startswith("warning: message")
        or _DELAY_TEXT in message.lowered
    )
    for recipient in recipients:
        if delayed:
            recipient.action = "delayed"
        if frozen:
            recipient.diagnostic = f"{frozen} {recipient.diagnostic}".strip()
        host = re.search(r"host\s+([\w.-]+\.[a-z]{2,})\s*[\[(]", recipient.diagnostic, re.I)
        if host:
            recipient.rhost = host.group(1)
    return recipients or None
