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
    recipient=re.compile(r"^<(?P<address>[^<>\s@]+@[^<>\s]+)>:\s*(?P<rest>.*)$"),
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
    return recipients or None
