"""Postfix: its RFC 3464 reports go to the RFC 3464 reader; this parser reads the rest.

Two Postfix notices carry no report part:

- the notice alone: Postfix before 2.3 sent no report ("This is the Postfix
  program at host ..."), and a bounce forwarded inline keeps only its text
  ("This is the mail system at host ...", bounce(5)'s default templates). Each
  failed address starts a line, "<a@example.jp>: " (or "<a@example.jp>
  (expanded from <b@example.jp>): "), its text follows on indented lines
  (smtp(8): "host ... said: 550 ... (in reply to RCPT TO command)");
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


# bounce(5) templates' first line: Postfix 2.3 and later, and before (the "$mail_name program")
_NOTICE_STARTS = ("this is the mail system at host", "this is the postfix program at host")
# A site's own bounce template (bounce(5) bounce_template_file) may reword that first line;
# the taxonomy's Postfix module (taxonomy-lhost, via-postfix.go) then still knows the notice
# by bounce(5)'s Subject, "Undelivered Mail Returned to Sender", or by the centred heading
# line over the records, "The mail system" (bounce(5): "The $mail_name program" before 2.3).
_NOTICE_SUBJECT = "undelivered mail returned to sender"
_HEADING = re.compile(r"^[ \t]*the (?:mail system|postfix program)[ \t]*$", re.MULTILINE)
# bounce(5) success_template: a delivery report, not a failure
_DELIVERED = "your message was successfully delivered"
_HOST_SAID = re.compile(r"\bhost ([A-Za-z0-9][A-Za-z0-9.-]*)\[[^\]\s]*\] said:")
# "<a@example.jp>: text" / "<a@example.jp> (expanded from <b@example.jp>): text"
_NOTICE_RECIPIENT = re.compile(
    r"^<(?P<address>[^<>\s@]+@[^<>\s]+)>(?: \(expanded from <[^<>\s]*>\))?:[ \t]*(?P<rest>.*)$"
)


def _is_notice(message: Message) -> bool:
    lowered = message.lowered
    if any(start in lowered for start in _NOTICE_STARTS):
        return True
    if message.header("subject").strip().lower() != _NOTICE_SUBJECT:
        return False
    return _HEADING.search(lowered) is not None


def _notice(message: Message) -> list[Recipient] | None:
    """Recipients of a Postfix notice with no report part, or ``None`` when it is not one."""
    text = message.text
    lowered = message.lowered
    if message.has_report or not _is_notice(message):
        return None
    delivered = _DELIVERED in lowered
    recipients: list[Recipient] = []
    lines: list[str] = []
    for line in text.splitlines():
        found = _NOTICE_RECIPIENT.match(line)
        if found:
            if lines:
                recipients[-1].diagnostic = " ".join(lines)
            recipients.append(Recipient(address=clean_address(found["address"])))
            lines = [found["rest"].strip()]
        elif recipients and lines and line[:1] in (" ", "\t") and line.strip():
            lines.append(line.strip())  # the record's text goes on, indented
        elif lines:
            recipients[-1].diagnostic = " ".join(lines)
            lines = []  # a blank or unindented line ends the record
    if recipients and lines:
        recipients[-1].diagnostic = " ".join(lines)
    for recipient in recipients:
        recipient.action = "delivered" if delivered else ""
        # smtp(8): "host mx.example.jp[192.0.2.1] said: ...": the host that answered
        host = _HOST_SAID.search(recipient.diagnostic)
        recipient.rhost = host.group(1) if host else ""
    return recipients or None


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Postfix notice without a report, or ``None`` when it is not one."""
    if "postfix smtp server: errors from" not in message.header("subject").lower():
        return _notice(message)
    text = message.text
    error = _ERROR.search(text)
    if error is None:
        return None
    before = text[: error.start()]
    commands = _COMMAND.findall(before)
    command = commands[-1].upper()[:4] if commands else ""
    # "In: STARTTLS": a command of its own (RFC 3207 section 4), not cut to four letters
    command = "STARTTLS" if command == "STAR" else command
    return [
        Recipient(address=clean_address(address), diagnostic=error.group(1), command=command)
        for address in dict.fromkeys(_RCPT.findall(before))
    ] or None
