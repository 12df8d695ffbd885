"""Sendmail (V8 and the older V5 text format): the session transcript says what failed.

Sample (V5, no report part)::

       ----- Transcript of session follows -----
    While talking to smtp.example.edu:
    >>> RCPT To:<hachiware@example.edu>
    <<< 550 <hachiware@example.edu>... User unknown
    550 <hachiware@example.edu>... User unknown
       ----- Unsent message follows -----

V8 sends an RFC 3464 report too; its records are kept, and where one's
Diagnostic-Code names no SMTP reply (a local mailer's exit code, "X-Unix; 255")
the transcript's final verdict line ("554 5.3.0 unknown mailer error 255") is
put in front of it.
"""

from __future__ import annotations

import re

from postdesk.bounce import rfc3464
from postdesk.bounce.codes import clean_address, find_replycode
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


# "554 5.3.0 unknown mailer error 255": the transcript's own final verdict line.
_VERDICT = re.compile(r"^(?P<code>[245]\d\d) (?P<status>[245]\.\d\.\d{1,3}) .+$", re.MULTILINE)


def _with_transcript(message: Message) -> list[Recipient] | None:
    """V8 report records whose diagnostic names no reply: the transcript's verdict instead."""
    recipients = rfc3464.parse(message)
    verdicts = _VERDICT.findall("\n".join(section(message.text, FORMAT)))
    if not recipients or not verdicts:
        return None
    lines = _VERDICT.finditer("\n".join(section(message.text, FORMAT)))
    last = [match.group(0) for match in lines][-1]
    for recipient in recipients:
        if recipient.diagtype == "x-unix" or not find_replycode(recipient.diagnostic):
            recipient.diagnostic = f"{last} {recipient.diagnostic}".strip()
    return recipients


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Sendmail bounce, or ``None`` when it is not one."""
    if "----- transcript of session follows -----" not in message.text.lower():
        return None
    if message.has_report:
        return _with_transcript(message)
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
                # the remote reply's own code ("<<< 550 ..."), else Sendmail's verdict's
                replycode=find_replycode(text) or result["code"],
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
