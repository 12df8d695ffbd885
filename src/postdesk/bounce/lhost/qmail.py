"""qmail (and qmail-based systems): "Hi. This is the qmail-send program at ...".

Sample::

    <kijitora@example.ne.jp>:
    Sorry, no SMTP connection got far enough; most progress was RCPT TO response;
    remote host 192.0.2.32 said: 550 Unknown user kijitora@example.ne.jp
    . (#5.5.0)
    --- Below this line is a copy of the message.
"""

from __future__ import annotations

import re

from postdesk.bounce.lhost._text import TextFormat, header_has, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "qmail"
HINTS = ("failure notice",)

FORMAT = TextFormat(
    start=("this is the qmail-send program", "i'm afraid i wasn't able to deliver"),
    end=("--- below this line is a copy of the message", "--- enclosed is a copy of the message"),
    recipient=re.compile(r"^<(?P<address>[^<>\s]+@[^<>\s]+)>:\s*(?P<rest>.*)$"),
)
# qmail's own texts that say more than its "(#5.x.y)" code; sample line first.
_PHRASES: tuple[tuple[str, str], ...] = (
    # Sorry, I couldn't find any host named example.jp. (#5.1.2)
    ("couldn't find any host named", "hostunknown"),
    ("couldn't find any host by that name", "hostunknown"),
    # Sorry, no mailbox here by that name. (#5.1.1)
    ("no mailbox here by that name", "userunknown"),
    # This message is looping: it already has my Delivered-To line. (#5.4.6)
    ("message is looping", "networkerror"),
    # Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)
    ("wasn't able to establish an smtp connection", "networkerror"),
    # The recipient's mailbox is full and can't accept messages now. (#4.2.2)
    ("recipient's mailbox is full", "mailboxfull"),
    # Sorry, that domain isn't in my list of allowed rcpthosts. (#5.7.1)
    ("isn't in my list of allowed rcpthosts", "norelaying"),
    # Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)
    ("couldn't find a mail exchanger", "hostunknown"),
    # Sorry, I wasn't able to deliver the message: too many hops
    ("too many hops", "networkerror"),
    # Unable to contact LDAP server. (#4.4.3)
    ("unable to contact ldap server", "systemerror"),
    # I'm not going to try again; this message has been in the queue too long.
    ("in the queue too long", "expired"),
    # Connected to 192.0.2.1 but sender was rejected.
    ("but sender was rejected", "rejected"),
    # Connected to 192.0.2.1 but greeting failed.
    ("but greeting failed", "blocked"),
    # Sorry, this message is larger than my maximum message size limit
    ("larger than my maximum message size", "mesgtoobig"),
)
_QMAIL_CODE = re.compile(r"\(#([245]\.\d\.\d{1,3})\)")


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a qmail bounce, or ``None`` when it is not one."""
    text = message.text
    if "qmail-send program" not in text and not header_has(
        " ".join(message.received[:3]), ("qmail ",)
    ):
        return None
    recipients = read_text(text, FORMAT)
    for recipient in recipients:
        diagnostic = recipient.diagnostic
        code = _QMAIL_CODE.search(diagnostic)
        if code:
            recipient.status = code.group(1)
            diagnostic = _QMAIL_CODE.sub("", diagnostic)
        recipient.diagnostic = diagnostic.split("(Other MXes tried")[0].strip(" .")
        lowered = diagnostic.lower()
        for phrase, reason in _PHRASES:
            if phrase in lowered:
                recipient.reason = reason
                break
        if "rcpt to response" in lowered or "to rcpt to" in lowered:
            recipient.command = "RCPT"
        elif "data response" in lowered or "after data" in lowered:
            recipient.command = "DATA"
    return recipients or None
