"""qmail (and qmail-based systems): "Hi. This is the qmail-send program at ...".

Sample::

    <kijitora@example.ne.jp>:
    Sorry, no SMTP connection got far enough; most progress was RCPT TO response;
    remote host 192.0.2.32 said: 550 Unknown user kijitora@example.ne.jp
    . (#5.5.0)
    --- Below this line is a copy of the message.

qmail's clones keep the layout ("<address>:" then the reason) and qmail-send's
Subject "failure notice" but rewrite the introduction and the line before the
returned message; the taxonomy's qmail module (citation "taxonomy-lhost",
go-sisimai lhost/via-qmail.go) lists the introductions and end lines they use,
and accepts such a notice by that Subject alone.
"""

from __future__ import annotations

import re

from postdesk.bounce.lhost._text import TextFormat, header_has, read_text
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "qmail"
HINTS = ("failure notice",)

FORMAT = TextFormat(
    start=(
        "this is the qmail-send program",
        "i'm afraid i wasn't able to deliver",
        # The clones' introductions (taxonomy-lhost, via-qmail.go), lower case
        "hi. this is the qmail",
        "he/her is not ",
        "unable to deliver your message to the following addresses",
        "su mensaje no pudo ser entregado",
        "sorry, we were unable to deliver your message to the following address",
        "this is the machine generated message from mail service",
        "this is the mail delivery agent at",
        "unable to deliver message to the following address",
        "unfortunately, your mail was not delivered to the following address:",
        "your mail message to the following address",
        "your message to the following addresses",
        "we're sorry.",
    ),
    end=(
        "--- below this line is a copy of the message",
        "--- enclosed is a copy of the message",
        # The clones' end lines (taxonomy-lhost, via-qmail.go)
        "--- below this line is a copy of the mail header.",
        "--- below the next line is a copy of the message.",
        "--- mensaje original adjunto.",
        "content-type: message/rfc822",
        "original message follows.",
    ),
    recipient=re.compile(r"^<(?P<address>[^<>\s@]+@[^<>\s]+)>:\s*(?P<rest>.*)$"),
)
_QMAIL_CODE = re.compile(r"\(#([245]\.\d\.\d{1,3})\)")
# qmail-send.c: "Subject: failure notice" (the clones keep it; the module compares the
# whole Subject, so does this)
_SUBJECT = "failure notice"
# Yahoo's notice shares the Subject and the layout; its parser (lhost/yahoo.py) also reads
# the command tag Yahoo adds, so a notice with Yahoo's introduction is left to it.
_YAHOO_INTRO = "unable to deliver your message to the following address"


def _is_qmail(message: Message) -> bool:
    if "qmail-send program" in message.text:
        return True
    if header_has(" ".join(message.received[:3]), ("qmail ",)):
        return True
    subject = message.header("subject").strip().lower()
    return subject == _SUBJECT and _YAHOO_INTRO not in message.lowered


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a qmail bounce, or ``None`` when it is not one."""
    if not _is_qmail(message):
        return None
    recipients = read_text(message.text, FORMAT)
    for recipient in recipients:
        diagnostic = recipient.diagnostic
        code = _QMAIL_CODE.search(diagnostic)
        if code:
            recipient.status = code.group(1)
            diagnostic = _QMAIL_CODE.sub("", diagnostic)
        recipient.diagnostic = diagnostic.split("(Other MXes tried")[0].strip(" .")
    return recipients or None
