"""Attach the playbook and scripted reply that explain a bounce record.

The remote server's text is matched against the playbooks' signals first
(the 4.0.12 phrases, the 4.0.9/4.0.28/4.0.29 replies; read through
:mod:`postdesk.bounce.signal_cache`, matched by postdesk.kb.signals' matcher);
where none matches, the reason decides through ``reason_playbooks.yaml``.
Both are data: a phrase added to a playbook is recognised here at once.
"""

from __future__ import annotations

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


def advise(recipient: Recipient, text: str | None = None) -> Recipient:
    """Fill ``playbook``, ``signal`` and ``reply`` of ``recipient`` in place."""
    table = _signals()
    probe = text if text is not None else recipient.diagnostic
    if table is not None and probe:
        matches = table.match(probe)
        if matches:
            return _attach(recipient, matches[0].record)
    if not recipient.reason or recipient.reason in ("delivered", "vacation"):
        return recipient
    reasons = reason_table()
    choice = reasons.get("reasons", {}).get(recipient.reason) or reasons.get("default", {})
    recipient.playbook = choice.get("playbook", "")
    named = table.get(recipient.playbook, choice.get("signal", "")) if table else None
    if named is not None:
        _attach(recipient, named)
    return recipient
