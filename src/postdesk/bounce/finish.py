"""Complete every parser's records the same way: text, codes, reason, hard or soft.

Parsers fill what their format shows; this module derives the rest, so the
rules that decide a reason live in one place (:mod:`postdesk.bounce.decide`):

- the diagnostic is made one line, a multi-line reply's repeated
  "550-5.7.1 " prefixes dropped (:func:`postdesk.bounce.replies.join_continuations`)
  and its length capped (the rules read a reply, not a returned message);
- the status and reply code come from the last underlying remote reply when
  there is one, else from the whole text, and the remote server's own code
  beats the reporting MTA's summary unless it is vaguer
  (:func:`postdesk.bounce.status.choose`);
- with no status at all, the reason's pseudo code stands in (class 4 after a
  4xx reply, as the reference taxonomy gives it).
"""

from __future__ import annotations

from postdesk.bounce import reasons
from postdesk.bounce.codes import find_replycode, find_status
from postdesk.bounce.decide import decide
from postdesk.bounce.replies import join_continuations, last_reply
from postdesk.bounce.result import Recipient
from postdesk.bounce.status import choose

# Characters of a diagnostic the rules read: any real reply fits many times over.
MAX_DIAGNOSTIC = 8000
# Reasons that carry no status code of their own.
_NO_STATUS = frozenset({"feedback", "vacation"})
# Reasons whose pseudo code stays permanent even for a temporary failure: an
# unknown address or domain, or a moved mailbox, is never "try later".
_ALWAYS_PERMANENT = frozenset({"userunknown", "hostunknown", "hasmoved"})


def _codes(recipient: Recipient) -> None:
    """Status and reply code from the remote server's last reply (or the whole text)."""
    text = recipient.diagnostic
    underlying = last_reply(text)
    success = recipient.action in ("delivered", "relayed", "expanded")
    if recipient.diagtype != "x-unix":  # an exit code, not a reply
        if underlying:
            recipient.replycode = find_replycode(underlying) or recipient.replycode
        recipient.replycode = recipient.replycode or find_replycode(text, success=success)
    in_text = (find_status(underlying) if underlying else "") or find_status(text)
    recipient.status = choose(recipient.status, in_text)


def finish(recipient: Recipient, *, context: bool = True) -> Recipient:
    """Fill status, reply code, reason and hardbounce of ``recipient`` in place.

    ``context`` is false for a single line given on its own (``explain``).
    """
    recipient.diagnostic = join_continuations(recipient.diagnostic[:MAX_DIAGNOSTIC])
    _codes(recipient)
    recipient.reason = decide(recipient, context=context)
    if not recipient.status and recipient.reason not in _NO_STATUS:
        pseudo = reasons.PSEUDO_STATUS.get(recipient.reason, "X.0.900")
        # Temporary when the remote reply was a 4xx one (RFC 5321 4.2.1), as the reference
        # taxonomy's pseudo codes are given; a delay notice alone does not make it so.
        temporary = recipient.replycode.startswith("4")
        permanent = not temporary or recipient.reason in _ALWAYS_PERMANENT
        recipient.status = ("5" if permanent else "4") + pseudo[1:]
    # The address or domain does not exist: retrying cannot help, even after a 4xx
    # (a 450 "user unknown" is a cautious server, not a temporary state). A domain
    # that accepts no mail is only final when the refusal is.
    permanent = recipient.status.startswith("5") or recipient.reason != "notaccept"
    recipient.hardbounce = recipient.reason in reasons.HARD_REASONS and permanent
    return recipient
