"""Attach the playbook and scripted reply that explain a bounce record.

The remote server's text is matched against the playbooks' signals first
(postdesk.kb.signals: the 4.0.12 phrases, the 4.0.9/4.0.28/4.0.29 replies);
where none matches, the reason decides through ``reason_playbooks.yaml``.
Both are data: a phrase added to a playbook is recognised here at once.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

from postdesk.bounce.result import Recipient


@lru_cache(maxsize=1)
def reason_table() -> dict[str, Any]:
    """The reason -> playbook table, read once."""
    import yaml

    text = files("postdesk.bounce").joinpath("reason_playbooks.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@lru_cache(maxsize=1)
def _signals() -> Any:
    """The signal index, or ``None`` when the playbook library cannot be loaded."""
    try:
        from postdesk.kb.signals import default_index

        return default_index()
    except Exception:  # a broken playbook file must not stop bounce analysis
        return None


def _reply_of(signal: Any) -> dict[str, str] | None:
    reply = getattr(signal, "reply", None)
    return {"zh": reply.zh, "en": reply.en} if reply is not None else None


@lru_cache(maxsize=64)
def _signal_by_id(playbook_id: str, signal_id: str) -> Any:
    """A named signal of a named playbook in the default library, or ``None``."""
    if not signal_id or _signals() is None:
        return None
    from postdesk.kb.load import default_library

    for playbook in default_library():
        if playbook.id == playbook_id:
            return next((s for s in playbook.signals if s.id == signal_id), None)
    return None


def advise(recipient: Recipient, text: str | None = None) -> Recipient:
    """Fill ``playbook``, ``signal`` and ``reply`` of ``recipient`` in place."""
    index = _signals()
    probe = text if text is not None else recipient.diagnostic
    if index is not None and probe:
        matches = index.match(probe)
        if matches:
            best = matches[0]
            recipient.playbook = best.playbook_id
            recipient.signal = best.signal.id
            recipient.reply = _reply_of(best.signal)
            return recipient
    if not recipient.reason or recipient.reason in ("delivered", "vacation"):
        return recipient
    table = reason_table()
    choice = table.get("reasons", {}).get(recipient.reason) or table.get("default", {})
    recipient.playbook = choice.get("playbook", "")
    signal = _signal_by_id(recipient.playbook, choice.get("signal", ""))
    if signal is not None:
        recipient.signal = signal.id
        recipient.reply = _reply_of(signal)
    return recipient
