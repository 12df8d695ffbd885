"""Look up which playbook explains a server reply, bounce text or client error code.

The phrases live in the playbooks' ``signals`` (knowledge is data); this
module only indexes them. Bounce analysis and triage share it, so a phrase
added to a playbook is recognised everywhere at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postdesk.kb.load import Library, default_library
from postdesk.kb.schema import Signal


@dataclass(frozen=True)
class SignalMatch:
    """One signal of one playbook that matched a text."""

    playbook_id: str
    signal: Signal
    matched: str  # the pattern text (or regex) that matched


@dataclass(frozen=True)
class _Entry:
    playbook_id: str
    signal: Signal
    needle: str | None
    regex: re.Pattern[str] | None


class SignalIndex:
    """All signals of a library, matched case-insensitively; longest pattern first."""

    def __init__(self, library: Library) -> None:
        entries: list[_Entry] = []
        for playbook in library:
            for signal in playbook.signals:
                entries.extend(
                    _Entry(playbook.id, signal, pattern.casefold(), None)
                    for pattern in signal.patterns
                )
                entries.extend(
                    _Entry(playbook.id, signal, None, re.compile(rx, re.IGNORECASE))
                    for rx in signal.regex
                )
        # Longer patterns are more specific ("550 error: message content reject"
        # beats "550"), so they are tried and reported first.
        entries.sort(key=lambda e: -len(e.needle or (e.regex.pattern if e.regex else "")))
        self._entries = entries

    def match(self, text: str) -> list[SignalMatch]:
        """Every signal found in ``text``, most specific first, one per signal."""
        folded = " ".join(text.casefold().split())
        found: list[SignalMatch] = []
        seen: set[tuple[str, str]] = set()
        for entry in self._entries:
            key = (entry.playbook_id, entry.signal.id)
            if key in seen:
                continue
            if entry.needle is not None and entry.needle in folded:
                found.append(SignalMatch(entry.playbook_id, entry.signal, entry.needle))
                seen.add(key)
            elif entry.regex is not None and entry.regex.search(text):
                found.append(SignalMatch(entry.playbook_id, entry.signal, entry.regex.pattern))
                seen.add(key)
        return found


_default_index: SignalIndex | None = None


def default_index() -> SignalIndex:
    """The index over the default library, built once."""
    global _default_index
    if _default_index is None:
        _default_index = SignalIndex(default_library())
    return _default_index


def match_signals(text: str) -> list[SignalMatch]:
    """Signals of the default library found in ``text``."""
    return default_index().match(text)
