"""Attach the playbook and scripted reply that explain a bounce record.

The remote server's text is matched against the playbooks' signals first
(the 4.0.12 phrases, the 4.0.9/4.0.28/4.0.29 replies; read through
:mod:`postdesk.bounce.signal_cache`, matched by postdesk.kb.signals' matcher);
where none applies, the record's reason decides through its reason file's
``reply`` (:mod:`postdesk.bounce.reasons`).

Who refused decides the reply:

- a signal marked ``scope: own-servers`` (the document's 4.0.9 E/F and 4.0.28
  texts) is used only when one of the provider's own servers refused
  (:mod:`postdesk.bounce.rejecter`); a remote server's spam or content refusal
  gets the reason's 4.0.12 handling instead;
- a signal that some reason file names as its reply (the 4.0.12 "user
  unknown" reply, say) is used only for a record of such a reason: the words
  "user unknown" after DATA are the recipient's filter, and telling the
  customer the address does not exist would be wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

from postdesk.bounce.reasons import CATALOGUE, Reply
from postdesk.bounce.rejecter import by_own_servers
from postdesk.bounce.result import Recipient
from postdesk.bounce.signal_cache import OwnServers, load
from postdesk.kb.signals import SignalMatcher, SignalRecord

# Records that are not failures get no advice from their reason.
_NO_ADVICE = frozenset({"delivered", "vacation"})


@lru_cache(maxsize=1)
def _loaded() -> tuple[SignalMatcher, OwnServers] | None:
    """The signal matcher and own servers, or ``None`` when the library cannot be loaded."""
    try:
        records, own = load()
    except Exception:  # a broken playbook file must not stop bounce analysis
        return None
    return SignalMatcher(records), own


@lru_cache(maxsize=1)
def reason_bound_signals() -> dict[tuple[str, str], frozenset[str]]:
    """Signal -> the reasons whose reply it is (a signal no reason names is free)."""
    bound: dict[tuple[str, str], set[str]] = {}
    for name, reason in CATALOGUE.items():
        for reply in (reason.reply, reason.own_reply, *reason.also_replies):
            if reply is not None and reply.signal:
                bound.setdefault((reply.playbook, reply.signal), set()).add(name)
    return {signal: frozenset(names) for signal, names in bound.items()}


def _attach(recipient: Recipient, signal: SignalRecord) -> Recipient:
    recipient.playbook = signal.playbook_id
    recipient.signal = signal.signal_id
    recipient.reply = dict(signal.reply) if signal.reply else None
    recipient.meaning = dict(signal.meaning)
    recipient.next_action = dict(signal.action)
    return recipient


# Greylisting (RFC 6647): a receiver refuses a first attempt from an unknown sender
# with a temporary 4xx reply ("451 4.7.1 Greylisted", postgrey's "Greylisted, see
# ..."), and accepts the same message when the sending server retries after a few
# minutes. It clears itself; nothing is broken on either side.
# ("g(?<!\wg)r" is "\bgr" written to start with its letter: re searches for it.)
_GREYLISTED = re.compile(r"g(?<!\wg)r[ae]y[- ]?list", re.IGNORECASE)
GREYLIST_MEANING = {
    "zh": "收件方服务器使用了灰名单（greylisting）：第一次投递被暂时拒绝（4xx），"
    "发件服务器会自动重试，通常几分钟到几十分钟后即可送达。这是暂时推迟，不是故障。",
    "en": "The receiving server uses greylisting: it deferred the first attempt with a "
    "temporary 4xx reply, and the sending server retries on its own; the mail is normally "
    "delivered within minutes. This is a temporary deferral, not a fault.",
}
GREYLIST_ACTION = {
    "zh": "无需处理；请客户稍等。如超过数小时仍未送达（或收到最终退信），再按退信分析处理。",
    "en": "Nothing to do; ask the customer to wait. Only if the mail is still not delivered "
    "after some hours (or a final bounce comes), look into it as a bounce.",
}


def _greylisted(recipient: Recipient, probe: str) -> bool:
    temporary = not recipient.replycode or recipient.replycode.startswith("4")
    return temporary and _GREYLISTED.search(probe) is not None


def _fits(signal: SignalRecord, recipient: Recipient, own: bool) -> bool:
    """Whether a matched signal may explain this record (who refused; which reason)."""
    if signal.scope == "own-servers" and not own:
        return False
    reasons = reason_bound_signals().get(signal.key)
    return reasons is None or not recipient.reason or recipient.reason in reasons


def advise(
    recipient: Recipient, text: str | None = None, *, single_line: bool = False
) -> Recipient:
    """Fill ``playbook``, ``signal`` and ``reply`` of ``recipient`` in place.

    ``single_line`` is true for a reply given on its own (``explain``), which
    with no host named is the provider's own server's reply (4.0.9).
    """
    loaded = _loaded()
    probe = text if text is not None else recipient.diagnostic
    own: bool | None = None
    if loaded is not None and probe:
        matcher, servers = loaded
        for match in matcher.iter_match(probe):  # the first that fits is enough
            if own is None and match.record.scope == "own-servers":
                own = by_own_servers(recipient, servers, single_line=single_line)
            if _fits(match.record, recipient, bool(own)):
                return _attach(recipient, match.record)
    if probe and _greylisted(recipient, probe):
        recipient.meaning = dict(GREYLIST_MEANING)
        recipient.next_action = dict(GREYLIST_ACTION)
        greylisted = CATALOGUE.get(recipient.reason)
        if greylisted is not None and greylisted.reply is not None:
            recipient.playbook = greylisted.reply.playbook
        return recipient
    reason = CATALOGUE.get(recipient.reason)
    if reason is None or recipient.reason in _NO_ADVICE:
        return recipient
    choice: Reply | None = reason.reply
    # A reason's own-server reply needs the provider's host named (or reporting): a
    # line pasted alone is taken as the provider's reply only for the document's own
    # texts (the scope: own-servers signals above), never for any spam or content verdict.
    if reason.own_reply is not None and loaded is not None:
        own_host = by_own_servers(recipient, loaded[1], single_line=False)
        choice = reason.own_reply if own_host else choice
    if choice is None:
        return recipient
    recipient.playbook = choice.playbook
    named = loaded[0].get(choice.playbook, choice.signal) if loaded and choice.signal else None
    if named is not None:
        _attach(recipient, named)
    return recipient
