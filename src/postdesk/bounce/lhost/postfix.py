"""Postfix: its RFC 3464 reports go to the RFC 3464 reader; this parser reads the rest.

Two Postfix notices carry no report part:

- the old plain-text bounce ("This is the Postfix program at host ..."), whose
  recipient lines the plain-text fallback reads;
- the postmaster notice "Postfix SMTP server: errors from HOST", a session
  transcript in which the server's own error reply (a 4xx/5xx ``Out:`` line)
  is the diagnostic and the ``RCPT TO`` addresses are the recipients.

Sample::

    Transcript of session follows.

     In:  RCPT TO:<kijitora@example.net>
     Out: 250 2.1.5 Ok
     In:  DATA
     Out: 354 End data with <CR><LF>.<CR><LF>
     Out: 451 4.3.0 Error: queue file write error
"""

from __future__ import annotations

import re

from postdesk.bounce.codes import clean_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "postfix"
HINTS = ("postfix smtp server: errors from",)

# [ \t]* (not \s*) after ^: \s would run over the following blank lines from every
# line start, quadratic in a run of newlines; each line has its own ^ anyway.
_RCPT = re.compile(r"^[ \t]*In:\s+RCPT TO:\s*<([^<>\s]+)>", re.IGNORECASE | re.MULTILINE)
_ERROR = re.compile(r"^[ \t]*Out:\s+([45]\d\d[ -].*)$", re.MULTILINE)
_COMMAND = re.compile(r"^[ \t]*In:\s+(\w+)", re.MULTILINE)


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Postfix "errors from" notice, or ``None`` when it is not one."""
    if "postfix smtp server: errors from" not in message.header("subject").lower():
        return None
    text = message.text
    error = _ERROR.search(text)
    if error is None:
        return None
    before = text[: error.start()]
    commands = _COMMAND.findall(before)
    command = commands[-1].upper()[:4] if commands else ""
    return [
        Recipient(address=clean_address(address), diagnostic=error.group(1), command=command)
        for address in dict.fromkeys(_RCPT.findall(before))
    ] or None
