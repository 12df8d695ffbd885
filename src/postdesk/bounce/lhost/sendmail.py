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
        # V5 savemail.c when no message body was collected (the taxonomy's V5sendmail
        # module's other boundary, taxonomy-lhost, via-v5sendmail.go)
        "----- no message was collected -----",
        "----- original message follows -----",
        "----- message header follows -----",
    ),
)
# "550 <a@example.jp>... User unknown" / "554 <a@example.org>... 550 Host unknown"; V8
# with enhanced codes puts the status between (usersmtp.c: "550 5.1.1 <a@example.jp>...
# User unknown")
_RESULT = re.compile(
    r"^(?P<code>[245]\d\d)(?: [245]\.\d{1,3}\.\d{1,3})? <?(?P<address>[^\s<>@]+@[^\s<>]+?)>?"
    r"\.\.\.\s*(?P<rest>.*)$"
)
# "550 example.org (smtp)... 550 Host unknown": a domain-wide failure
_DOMAIN = re.compile(
    r"^(?P<code>[245]\d\d) (?P<domain>[\w.-]+\.[a-z]{2,}) \(\w+\)\.\.\.\s*(?P<rest>.*)$"
)
_SENT = re.compile(r"^>>> (\w+(?: \w+)?)", re.IGNORECASE)


# "554 5.3.0 unknown mailer error 255": the transcript's own final verdict line.
_VERDICT = re.compile(r"^(?P<code>[245]\d\d) (?P<status>[245]\.\d\.\d{1,3}) .+$", re.MULTILINE)


# A reply line that says more lines follow ("550-5.7.1 ..."): RFC 5321 4.2.1.
_CONTINUED = re.compile(r"^\s*[245]\d\d-")
_COMMANDS = {"RCPT": "RCPT", "MAIL": "MAIL", "DATA": "DATA", ".": "DATA", "EHLO": "EHLO"}
_COMMANDS["HELO"] = "EHLO"
# ">>> STARTTLS": its own command (RFC 3207 section 4), see postdesk.bounce.commands
_COMMANDS["STARTTLS"] = "STARTTLS"


def _sent_command(line: str) -> str:
    """The command of a ">>> " line (">>> ." is the end of DATA), or ``""``."""
    word = line[3:].strip().split(" ", 1)[0].split(":", 1)[0].upper()
    return _COMMANDS.get(word, "")


def _remote_replies(lines: list[str]) -> tuple[dict[str, tuple[str, str]], tuple[str, str]]:
    """(command, remote reply) per address the transcript names, and the last ones.

    Sendmail's transcript writes "... while talking to HOST:", each command it sent
    (">>> RCPT To:<a@example.jp>") and each reply line it got ("<<< 550 ..."), then its
    own verdict ("<a@example.jp>... User unknown", "554 5.0.0 Service unavailable").
    Replies before any command answer the connection: the greeting (RFC 5321 3.1).
    """
    by_address: dict[str, tuple[str, str]] = {}
    command, replies = "", []
    last = ("", "")
    for raw in lines:
        line = raw.strip()
        if line.lower().startswith("... while talking to"):
            command, replies = "CONN", []
        elif line.startswith(">>>"):
            command, replies = _sent_command(line) or command, []
        elif line.startswith("<<<"):
            replies.append(line[3:].strip())
            last = (command, " ".join(replies))
        else:
            result = _RESULT.match(line)
            if result and replies:
                by_address[clean_address(result["address"]).lower()] = last
    return by_address, last


def _not_the_failure(diagnostic: str) -> bool:
    """Whether a Diagnostic-Code cannot be the whole failing reply: no reply code; only the
    first line of a multi-line reply (RFC 5321 4.2.1: "550-" says more lines follow); or a
    positive reply (2yz, RFC 5321 4.2.1: Sendmail 8.17 records its QUIT's "221 2.0.0 Bye"
    after a refused greeting)."""
    code = find_replycode(diagnostic)
    return not code or code[0] == "2" or bool(_CONTINUED.match(diagnostic))


def _with_transcript(message: Message) -> list[Recipient] | None:
    """V8 report records, completed from the transcript: where the Diagnostic-Code is not
    the failing reply, the remote's own reply lines ("<<< ") and the command they answered;
    a local mailer's exit code gets the transcript's verdict line in front."""
    recipients = rfc3464.parse(message)
    lines = section(message.text, FORMAT)
    if not recipients:
        return None
    by_address, last = _remote_replies(lines)
    verdicts = [match.group(0) for match in _VERDICT.finditer("\n".join(lines))]
    for recipient in recipients:
        command, reply = by_address.get(recipient.address.lower(), last)
        if recipient.diagtype == "x-unix":
            if verdicts:
                recipient.diagnostic = f"{verdicts[-1]} {recipient.diagnostic}".strip()
            continue
        if reply and _not_the_failure(recipient.diagnostic):
            recipient.diagnostic = reply
            recipient.command = recipient.command or command
        elif verdicts and not find_replycode(recipient.diagnostic):
            recipient.diagnostic = f"{verdicts[-1]} {recipient.diagnostic}".strip()
        if reply and recipient.diagnostic.startswith(reply[:40]):
            recipient.command = recipient.command or command
    return recipients


# savemail.c's headings over the addresses that failed ("(reason: 550 ...)" below each);
# the transient ones are a delay warning's (RFC 3464 Action delayed)
_FAILED_HEADINGS = (
    ("----- the following addresses had permanent fatal errors -----", ""),
    ("----- the following addresses had transient non-fatal errors -----", "delayed"),
)
_LISTED = re.compile(r"^<(?P<address>[^<>\s@]+@[^<>\s]+)>\s*$")
_REASON = re.compile(r"^\s+\(reason: (?P<reason>.*)\)\s*$")


def _listed(text: str) -> list[Recipient]:
    """The addresses under savemail.c's headings, each with its "(reason: ...)" text."""
    found: list[Recipient] = []
    action: str | None = None
    for line in text.splitlines():
        lowered = line.strip().lower()
        heading = next((act for head, act in _FAILED_HEADINGS if lowered == head), None)
        if heading is not None:
            action = heading
            continue
        if action is None:
            continue
        if lowered.startswith("-----"):
            action = None  # the next section (the transcript) begins
            continue
        listed = _LISTED.match(line)
        reason = _REASON.match(line)
        if listed:
            found.append(Recipient(address=clean_address(listed["address"]), action=action))
        elif reason and found and not found[-1].diagnostic:
            found[-1].diagnostic = reason["reason"].strip()
    return found


def parse(message: Message) -> list[Recipient] | None:
    """Recipients of a Sendmail bounce, or ``None`` when it is not one."""
    if "----- transcript of session follows -----" not in message.lowered:
        return None
    if message.has_report:
        return _with_transcript(message)
    recipients = _from_transcript(message)
    # An address the transcript gives no verdict line for keeps the listing's reason.
    known = {recipient.address for recipient in recipients}
    for listed in _listed(message.text):
        if listed.address not in known:
            recipients.append(listed)
        else:
            for recipient in recipients:
                if recipient.address == listed.address:
                    recipient.action = recipient.action or listed.action
    return recipients or None


def _from_transcript(message: Message) -> list[Recipient]:
    """Records of the transcript's verdict lines ("550 <a@example.jp>... User unknown")."""
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
    return recipients
