"""Run the parsers over one message and complete their records."""

from __future__ import annotations

import re

from postdesk.bounce.advice import advise
from postdesk.bounce.commands import command_in
from postdesk.bounce.decide import says_why
from postdesk.bounce.finish import finish
from postdesk.bounce.forwarded import embedded_bounce
from postdesk.bounce.message import Message, read_message
from postdesk.bounce.order import parsers_for
from postdesk.bounce.result import BounceReport, Recipient
from postdesk.bounce.transcript import lines_about, paragraph_for

# A "Message-ID:", "Subject:" or "From:" line, searched in "\n" + text: a pattern that
# starts with a newline is looked for by a fast scan, where "^" under MULTILINE costs a
# pattern step at every character. (A match never ends just after a newline but at the
# very end, so the matches are those of "^(...)" in the text.)
_HEADER = re.compile(r"\n(message-id|subject|from)\s*:\s*(.*)$", re.IGNORECASE | re.MULTILINE)
# Subject prefixes of a forwarded message (English, Chinese, Japanese, French,
# German, Spanish mail clients): its bounce, if any, is inside the text.
_FORWARD = re.compile(r"\s*(?:fwd?|fw|转发|轉寄|転送|tr|wg|rv)\s*[:：]", re.IGNORECASE)
# Subjects of delay notices (nothing has failed yet; the message is being retried):
# Postfix bounce(5) "Delayed Mail (still being retried)", Sendmail "Warning: could not
# send message for past 4 hours", Exim "Warning: message 1a2b3c delayed 24 hours",
# Exchange "Delivery delayed:", Gmail and Exchange "Delivery Status Notification
# (Delay)", OpenSMTPD "Delivery status notification: delayed".
_DELAY_SUBJECTS = (
    "delayed mail (still being retried)",
    "warning: could not send message for past",
    "delivery delayed:",
    "delivery status notification (delay)",
    "delivery status notification: delayed",
)
_EXIM_DELAY = re.compile(r"warning: message \S+ delayed", re.IGNORECASE)
# Lines of the delay notices' own text, for a Subject the site changed or translated (or
# a notice with no Subject left, forwarded inline): Postfix's built-in delay template
# (bounce(5), "THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE."),
# Sendmail's warning banner (savemail.c, "THIS IS A WARNING MESSAGE ONLY" / "YOU DO NOT
# NEED TO RESEND YOUR MESSAGE", which the Windows SMTP service also writes) and Exim's
# warning message (deliver.c: "has not yet been delivered to one or more of its
# recipients", each address under "The address(es) to which the message has not yet
# been delivered").
_DELAY_TEXTS = (
    "you do not need to resend your message",
    "has not yet been delivered to one or more of its",
    "to which the message has not yet been delivered",
)
# "Received: from a.example by mx.example.jp (Postfix) ...": the host that received.
# ("b(?<!\wb)y" is "\bby" written to start with its letter: re then searches for it
# instead of trying the word boundary at every position.)
_RECEIVED_BY = re.compile(r"b(?<!\wb)y\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})", re.IGNORECASE)


def _original_fields(message: Message) -> dict[str, str]:
    """Message-ID, Subject and From of the returned message, where shown."""
    found: dict[str, str] = {}
    for source in (message.original, message.text):
        for match in _HEADER.finditer("\n" + source):
            found.setdefault(match.group(1).lower(), match.group(2).strip())
        if found:
            break
    return found


def _read(message: Message) -> tuple[list[Recipient], str]:
    for module in parsers_for(message):
        recipients = module.parse(message)
        if recipients:
            return recipients, module.NAME
    return [], ""


def _add_context(recipient: Recipient, message: Message) -> None:
    """Fill the command (and an empty diagnostic) from the text next to the address."""
    if not recipient.command:
        recipient.command = command_in(recipient.diagnostic)
    if recipient.command and recipient.diagnostic:
        return
    paragraph = paragraph_for(message.text, recipient.address, message.lowered)
    if not recipient.command:
        recipient.command = command_in(paragraph)
    if not recipient.diagnostic:
        # The lines that name the address, or its paragraph when that says more; text
        # that holds no error (the notice's boilerplate) is no diagnostic at all.
        about = lines_about(message.text, recipient.address)
        candidates = [text for text in (paragraph, about) if text and says_why(text)]
        recipient.diagnostic = max(candidates, key=len, default="")


def _is_delay_notice(message: Message) -> bool:
    """Whether the notice is a delay warning: by its Subject, else by its own text."""
    lowered = " ".join(message.header("subject").lower().split())
    if any(hint in lowered for hint in _DELAY_SUBJECTS) or _EXIM_DELAY.search(lowered):
        return True
    # Each marker is on one line of its template: the lower-cased text is searched as it is.
    lowered = message.lowered
    return any(marker in lowered for marker in _DELAY_TEXTS)


def _reporting_host(message: Message) -> str:
    """The host that made the bounce: the ``by`` of its first (bottom) Received header."""
    for received in reversed(message.received):
        found = _RECEIVED_BY.search(received)
        if found:
            return found.group(1).lower()
    return ""


def analyze(raw: bytes, *, with_advice: bool = True) -> BounceReport:
    """Analyse the bytes of one message; never raises for malformed input.

    ``with_advice`` attaches the playbook and scripted reply to every record.
    """
    return _analyze(raw, with_advice, forwarded=False)


def _analyze(raw: bytes, with_advice: bool, *, forwarded: bool) -> BounceReport:
    if not raw or raw.isspace():  # (bytes.isspace: the whitespace bytes.strip removes)
        return BounceReport(
            error="empty message: 0 bytes or only blank lines", error_key="bounce_empty_message"
        )
    try:
        message = read_message(raw)
    except Exception as err:  # the stdlib parser's failure modes are not enumerable
        name = type(err).__name__
        return BounceReport(
            error=f"cannot read the message as MIME: {name}",
            error_key="bounce_not_mime",
            error_values={"error": name},
        )
    if not message.headers:
        return BounceReport(
            error="no message headers found: not an e-mail message", error_key="bounce_no_headers"
        )
    forward = not forwarded and _FORWARD.match(message.header("subject")) is not None
    recipients, origin = ([], "") if forward else _read(message)
    if not recipients and not forwarded:
        # A bounce the customer forwarded inline (quoted or not): read the bounce itself.
        inner = embedded_bounce(message.text)
        if inner is not None:
            report = _analyze(inner, with_advice, forwarded=True)
            if report.recipients:
                return report
        if forward:
            recipients, origin = _read(message)
    date = message.header("date")
    reporter = _reporting_host(message) if recipients else ""
    delayed = bool(recipients) and _is_delay_notice(message)
    for recipient in recipients:
        if delayed and not recipient.action:
            recipient.action = "delayed"
        _add_context(recipient, message)
        recipient.lhost = recipient.lhost or reporter
        finish(recipient)
        recipient.date = recipient.date or date
        if with_advice:
            advise(recipient)
    original = _original_fields(message)
    return BounceReport(
        is_bounce=bool(recipients),
        recipients=recipients,
        message_id=original.get("message-id", "").strip("<>"),
        subject=original.get("subject", ""),
        from_=original.get("from", ""),
        origin=origin,
        undecodable_bytes=message.undecodable_bytes,
        truncated_headers=message.truncated_headers,
    )
