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

from postdesk.bounce.lhost._text import TextFormat, header_has, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "exim"
HINTS = ("mail delivery failed", "mail failure", "warning: message", "mail.ru", "gmx")

FORMAT = TextFormat(
    start=(
        "the following address(es) failed",
        "the following address failed",
        "address(es) failed:",
        "recipient addresses that were",
        "could not be delivered to one or more of its recipients",
        "could not be delivered to all of its recipients",
        "following address(es) have not yet been delivered",
        "не может быть доставлено",
        "this is a permanent error",
    ),
    end=(
        "------ this is a copy of",
        "--- the header of the original message is following",
        "------ the body of the message is",
        "рекомендуем вам проверить",
        "*******************",
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
# Exim's own wording, which says more than its (absent) status code.
_PHRASES: tuple[tuple[str, str], ...] = (
    # Unrouteable address
    ("unrouteable address", "hostunknown"),
    # all relevant MX records point to non-existent hosts
    ("all relevant mx records point to non-existent hosts", "hostunknown"),
    # all hosts for 'example.jp' have been failing for a long time (and retry time not reached)
    ("retry time not reached for any host", "expired"),
    ("retry timeout exceeded", "expired"),
    ("have been failing for a long time", "expired"),
    # mailbox is full: retry timeout exceeded
    ("mailbox is full", "mailboxfull"),
    # malformed address: <b@example.net> may not follow a@example.jp
    ("malformed address", "syntaxerror"),
    # an MX or SRV record indicated no SMTP service
    ("indicated no smtp service", "notaccept"),
    # Too many "Received" headers - suspected mail loop
    ("suspected mail loop", "networkerror"),
    # local delivery failed / Child process of ... returned 1
    ("child process of", "mailererror"),
    ("local delivery failed", "mailererror"),
    # 550 ... Please use the smtp server of your ISP.
    ("please use the smtp server of your isp", "blocked"),
)


def _is_exim(message: Message) -> bool:
    if message.header("x-failed-recipients"):
        return True
    sender = message.header("from").lower()
    subject = message.header("subject").lower()
    return ("mailer-daemon" in sender or "mail delivery" in sender) and header_has(
        subject, ("mail delivery failed", "mail failure", "warning: message", "mail failure.")
    )


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of an Exim bounce, or ``None`` when it is not one."""
    if message.has_report or not _is_exim(message):
        return None
    recipients = read_text(message.text, FORMAT)
    for recipient in recipients:
        lowered = recipient.diagnostic.lower()
        for phrase, reason in _PHRASES:
            if phrase in lowered:
                recipient.reason = reason
                break
        host = re.search(r"host\s+([\w.-]+\.[a-z]{2,})\s*[\[(]", recipient.diagnostic, re.I)
        if host:
            recipient.rhost = host.group(1)
    return recipients or None
