"""Sendmail (V8 and the older V5 text format): the session transcript says what failed.

Sample (V5, no report part)::

       ----- Transcript of session follows -----
    While talking to smtp.example.edu:
    >>> RCPT To:<hachiware@example.edu>
    <<< 550 <hachiware@example.edu>... User unknown
    550 <hachiware@example.edu>... User unknown
       ----- Unsent message follows -----

V8 sends an RFC 3464 report too; the RFC 3464 reader takes those, and this
parser only adds the command from the transcript (see postdesk.bounce.transcript).
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.lhost._text import TextFormat, section
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "sendmail"
HINTS = ("returned mail", "postmaster notify")

FORMAT = TextFormat(
    start=("----- transcript of session follows -----",),
    end=(
        "----- unsent message follows -----",
        "----- original message follows -----",
        "----- message header follows -----",
    ),
)
# "550 <a@example.jp>... User unknown" / "554 <a@example.org>... 550 Host unknown"
_RESULT = re.compile(
    r"^(?P<code>[245]\d\d) <?(?P<address>[^\s<>]+@[^\s<>]+?)>?\.\.\.\s*(?P<rest>.*)$"
)
# "550 example.org (smtp)... 550 Host unknown": a domain-wide failure
_DOMAIN = re.compile(
    r"^(?P<code>[245]\d\d) (?P<domain>[\w.-]+\.[a-z]{2,}) \(\w+\)\.\.\.\s*(?P<rest>.*)$"
)
_SENT = re.compile(r"^>>> (\w+(?: \w+)?)", re.IGNORECASE)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a V5-style Sendmail bounce, or ``None`` when it is not one."""
    if message.has_report or "----- transcript of session follows -----" not in (
        message.text.lower()
    ):
        return None
    recipients: list[Recipient] = []
    command = ""
    replies: list[str] = []  # "<<< ..." lines since the last ">>>"
    pending_domain: list[str] = []
    for line in section(message.text, FORMAT):
        line = line.strip()
        sent = _SENT.match(line)
        if sent:
            command = sent.group(1).split()[0].upper()
            replies = []
            continue
        if line.startswith("<<<"):
            replies.append(line[3:].strip())
            continue
        result = _RESULT.match(line)
        if result:
            text = " ".join(replies) if replies else f"{result['code']} {result['rest']}"
            recipient = Recipient(
                address=clean_address(result["address"]),
                replycode=result["code"],
                diagnostic=" ".join([text, *pending_domain]),
                command=command,
            )
            recipients.append(recipient)
            pending_domain, replies, command = [], [], ""
            continue
        domain = _DOMAIN.match(line)
        if domain:
            pending_domain.append(domain["rest"])
    return recipients or None
