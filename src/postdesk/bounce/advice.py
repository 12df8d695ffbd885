"""Attach the playbook and scripted reply that explain a bounce record.

The remote server's text is matched against the playbooks' signals first
(the 4.0.12 phrases, the 4.0.9/4.0.28/4.0.29 replies; read through
:mod:`postdesk.bounce.signal_cache`, matched by postdesk.kb.signals' matcher);
where none matches, the reason decides through ``reason_playbooks.yaml``.
Both are data: a phrase added to a playbook is recognised here at once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

from postdesk.bounce.result import Recipient
from postdesk.bounce.signal_cache import load_matcher
from postdesk.kb.signals import SignalMatcher, SignalRecord


@lru_cache(maxsize=1)
def reason_table() -> dict[str, Any]:
    """The reason -> playbook table, read once."""
    # Imported here: most records match a signal and never need the table (or PyYAML).
    from postdesk.yamlio import load_yaml

    text = files("postdesk.bounce").joinpath("reason_playbooks.yaml").read_text("utf-8")
    data: dict[str, Any] = load_yaml(text)
    return data


@lru_cache(maxsize=1)
def _signals() -> SignalMatcher | None:
    """The signal matcher, or ``None`` when the playbook library cannot be loaded."""
    try:
        return load_matcher()
    except Exception:  # a broken playbook file must not stop bounce analysis
        return None


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
_GREYLISTED = re.compile(r"\bgr[ae]y[- ]?list", re.IGNORECASE)
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


def advise(recipient: Recipient, text: str | None = None) -> Recipient:
    """Fill ``playbook``, ``signal`` and ``reply`` of ``recipient`` in place."""
    table = _signals()
    probe = text if text is not None else recipient.diagnostic
    if table is not None and probe:
        matches = table.match(probe)
        if matches:
            return _attach(recipient, matches[0].record)
    if probe and _greylisted(recipient, probe):
        recipient.meaning = dict(GREYLIST_MEANING)
        recipient.next_action = dict(GREYLIST_ACTION)
        reasons = reason_table()
        choice = reasons.get("reasons", {}).get(recipient.reason) or reasons.get("default", {})
        recipient.playbook = choice.get("playbook", "")
        return recipient
    if not recipient.reason or recipient.reason in ("delivered", "vacation"):
        return recipient
    reasons = reason_table()
    choice = reasons.get("reasons", {}).get(recipient.reason) or reasons.get("default", {})
    recipient.playbook = choice.get("playbook", "")
    named = table.get(recipient.playbook, choice.get("signal", "")) if table else None
    if named is not None:
        _attach(recipient, named)
    return recipient
