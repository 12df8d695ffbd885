"""Complete every parser's records the same way: codes, reason, hard or soft.

Parsers fill what their format shows; this module derives the rest, so the
rules that decide a reason live in one place (:mod:`postdesk.bounce.reasons`).
"""

from __future__ import annotations

from postdesk.bounce import reasons
from postdesk.bounce.codes import collapse, find_replycode, find_status
from postdesk.bounce.result import Recipient

# SMTP commands that, when a reply answered them, say which side was refused.
_COMMAND_REASONS = {"MAIL": "rejected", "HELO": "blocked", "EHLO": "blocked", "CONN": "blocked"}
# Reasons that describe the recipient, which a refusal at MAIL FROM cannot mean.
_ABOUT_RECIPIENT = frozenset({"userunknown", "hostunknown", "filtered", "suspend", "mailboxfull"})
# Reasons that carry no status code of their own.
_NO_STATUS = frozenset({"feedback", "vacation"})


def _vague(status: str) -> bool:
    return not status or reasons.status_in(status, reasons.VAGUE_STATUSES)


def decide_reason(recipient: Recipient) -> str:
    """The reason for one record, from its text, status, action and command."""
    if recipient.reason:
        return recipient.reason
    if recipient.action in ("delivered", "relayed", "expanded"):
        return "delivered"
    if recipient.diagtype == "x-unix":
        # A local program (procmail, a pipe) failed, unless it says the mailbox is full.
        full = reasons.reason_from_text(recipient.diagnostic) == "mailboxfull"
        return "mailboxfull" if full else "mailererror"
    status = recipient.status
    by_status = reasons.reason_from_status(status)
    if by_status and reasons.status_in(status, reasons.DECISIVE_STATUSES):
        return by_status
    by_text = reasons.reason_from_text(recipient.diagnostic)
    reason = by_text or by_status or reasons.reason_from_prefix(recipient.diagnostic)
    if not reason:
        if recipient.action == "delayed":
            return "expired"
        reason = _COMMAND_REASONS.get(recipient.command, "")
    if not reason:
        # Text or a failure class we cannot place: held for review; nothing at all: undefined.
        said = recipient.diagnostic.lower().replace(recipient.address, "").strip(" *<>.:,-")
        return "onhold" if status[:1] in ("4", "5") or said else "undefined"
    return _refine(reason, recipient)


def _unsure_refusal(recipient: Recipient) -> bool:
    """A "user unknown" whose codes do not say the address is unknown, not given at RCPT.

    A missing mailbox is refused at RCPT with an addressing code (X.1.x).
    The same words under a catch-all code (X.0.0), a mailbox-status code
    (X.2.x: disabled, not accepting) or a mail-system code (X.3.0) are
    mostly a relay passing on the recipient side's filter verdict. With no
    code at all the words are taken as they stand.
    """
    detail = recipient.status[2:]
    if recipient.command == "RCPT" or not (detail in ("0.0", "3.0") or detail.startswith("2.")):
        return False
    text = recipient.diagnostic.lower()
    return not any(phrase in text for phrase in reasons.DEFINITE_USERUNKNOWN)


def _refine(reason: str, recipient: Recipient) -> str:
    """Adjust a reason read from text by what the codes and command add."""
    status = recipient.status
    if reason == "userunknown" and (recipient.command == "DATA" or _unsure_refusal(recipient)):
        # "User unknown" after the message was sent is the recipient's filter
        # speaking: the address itself was accepted at RCPT.
        return "filtered"
    if recipient.command == "MAIL" and reason in _ABOUT_RECIPIENT:
        return "rejected"  # refused at MAIL FROM: it is the sender that was refused
    if recipient.command == "CONN" and reason in ("rejected", "userunknown", "filtered"):
        return "blocked"  # refused before any address was sent: the client was refused
    if reason == "hostunknown" and (status.startswith("4") or recipient.replycode.startswith("4")):
        return "networkerror"  # a temporary DNS failure, not a missing domain
    return reason


def finish(recipient: Recipient) -> Recipient:
    """Fill status, reply code, reason and hardbounce of ``recipient`` in place."""
    recipient.diagnostic = collapse(recipient.diagnostic)
    text = recipient.diagnostic
    if not recipient.replycode and recipient.diagtype != "x-unix":  # an exit code, not a reply
        recipient.replycode = find_replycode(text)
    in_text = find_status(text)
    if in_text:
        recipient.status = in_text  # the remote server's own code beats the relay's summary
    recipient.reason = decide_reason(recipient)
    if not recipient.status and recipient.reason not in _NO_STATUS:
        pseudo = reasons.PSEUDO_STATUS.get(recipient.reason, "X.0.900")
        temporary = recipient.replycode.startswith("4") or recipient.action == "delayed"
        recipient.status = ("4" if temporary else "5") + pseudo[1:]
    # The address or domain does not exist: retrying cannot help, even after a 4xx
    # (a 450 "user unknown" is a cautious server, not a temporary state). A domain
    # that accepts no mail is only final when the refusal is.
    permanent = recipient.status.startswith("5") or recipient.reason != "notaccept"
    recipient.hardbounce = recipient.reason in reasons.HARD_REASONS and permanent
    return recipient
