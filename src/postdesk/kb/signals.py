"""Look up which playbook explains a server reply, bounce text or client error code.

The phrases live in the playbooks' ``signals`` (knowledge is data); this
module only indexes them. Bounce analysis and triage share it, so a phrase
added to a playbook is recognised everywhere at once.

Matching works on :class:`SignalRecord`, plain data with no tie to the
playbook library: :class:`SignalMatcher` is the one matcher. Bounce analysis
keeps the records on disk and feeds them to the matcher without loading the
library (YAML, Jinja, pydantic: the start-up cost it avoids), so this module
imports nothing of the library at module level. :class:`SignalIndex` is the
same matcher built from a loaded library, reporting the full schema signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postdesk.kb.load import Library
    from postdesk.kb.schema import Playbook, Signal


@dataclass(frozen=True)
class SignalRecord:
    """One signal of one playbook as plain data: what is matched and what it attaches."""

    playbook_id: str
    signal_id: str
    patterns: tuple[str, ...]
    regex: tuple[str, ...]
    meaning: dict[str, str]  # what the text means, {"zh", "en"}
    action: dict[str, str]  # what the agent does next, {"zh", "en"}
    reply: dict[str, str] | None = None  # scripted reply to the customer, {"zh", "en"}
    step: str | None = None  # the playbook step to go to when it matches
    scope: str = "any"  # "own-servers": a reply of the provider's own servers only

    @property
    def key(self) -> tuple[str, str]:
        """``(playbook_id, signal_id)``: unique within a library."""
        return (self.playbook_id, self.signal_id)


@dataclass(frozen=True)
class RecordMatch:
    """One record that matched a text, and the pattern (or regex) that did."""

    record: SignalRecord
    matched: str


@dataclass(frozen=True)
class _Entry:
    record: SignalRecord
    needle: str | None
    regex: re.Pattern[str] | None
    source: str = ""  # the regex as the playbook writes it (compiled in a faster form)


def _literal_first(pattern: str) -> str:
    """``pattern`` with a leading ``\\b`` before a letter or digit moved after it.

    ``\\brbl\\b`` becomes ``r(?<!\\wr)bl\\b``: a word boundary before a word
    character is no word character before it, so the matches are the same, and a
    pattern that starts with a literal is searched for that character instead of
    being tried at every position of the text. Anything else is left as it is.
    """
    first = pattern[2:3]
    if (
        pattern.startswith("\\b")
        and first.isascii()
        and first.isalnum()
        and pattern[3:4] not in ("*", "+", "?", "{")
    ):
        return f"{first}(?<!\\w{first}){pattern[3:]}"
    return pattern


class SignalMatcher:
    """Signal records matched case-insensitively; longest pattern first, one match per signal.

    Plain patterns match as substrings of the casefolded text with runs of
    whitespace folded to one space; regexes are searched in the text as given.
    """

    def __init__(self, records: list[SignalRecord]) -> None:
        entries: list[_Entry] = []
        for record in records:
            entries.extend(_Entry(record, pattern.casefold(), None) for pattern in record.patterns)
            entries.extend(
                _Entry(record, None, re.compile(_literal_first(rx), re.IGNORECASE), rx)
                for rx in record.regex
            )
        # Longer patterns are more specific ("550 error: message content reject"
        # beats "550"), so they are tried and reported first.
        entries.sort(key=lambda e: -len(e.needle or e.source))
        self._entries = entries
        # The same entries as plain tuples with their record's key worked out once:
        # matching runs for every bounce record, and the key is a property.
        self._rows = [(e.record, e.record.key, e.needle, e.regex, e.source) for e in entries]
        # Rows filed by the first three characters of their plain pattern: a text that
        # lacks those lacks the pattern, so one test rules out every row filed there.
        # Regex rows (and an empty pattern) are always looked at.
        filed: dict[str, list[int]] = {}
        self._always: list[int] = []
        for index, entry in enumerate(entries):
            if entry.needle:
                filed.setdefault(entry.needle[:3], []).append(index)
            else:
                self._always.append(index)
        self._filed = tuple((prefix, tuple(indexes)) for prefix, indexes in filed.items())
        self._by_key = {record.key: record for record in records}
        self.records = records

    def match(self, text: str) -> list[RecordMatch]:
        """Every signal found in ``text``, most specific first, one per signal."""
        return list(self.iter_match(text))

    def iter_match(self, text: str) -> Iterator[RecordMatch]:
        """The matches of :meth:`match` one by one, in the same order (stop when done)."""
        folded = " ".join(text.casefold().split())
        seen: set[tuple[str, str]] = set()
        candidates = list(self._always)
        for prefix, indexes in self._filed:
            if prefix in folded:
                candidates.extend(indexes)
        candidates.sort()  # the rows' own order: most specific first
        rows = self._rows
        for index in candidates:
            record, key, needle, regex, source = rows[index]
            if needle is not None:
                if needle in folded and key not in seen:
                    seen.add(key)
                    yield RecordMatch(record, needle)
            elif regex is not None and key not in seen and regex.search(text):
                seen.add(key)
                yield RecordMatch(record, source)

    def get(self, playbook_id: str, signal_id: str) -> SignalRecord | None:
        """A named signal of a named playbook, or ``None``."""
        return self._by_key.get((playbook_id, signal_id))


def library_records(library: Library) -> list[SignalRecord]:
    """Every signal of ``library`` as a plain record, in library order."""
    return [record for playbook in library for record in playbook_records(playbook)]


@dataclass(frozen=True)
class SignalMatch:
    """One signal of one playbook that matched a text."""

    playbook_id: str
    signal: Signal
    matched: str  # the pattern text (or regex) that matched


class SignalIndex:
    """All signals of a library, matched by :class:`SignalMatcher`; reports schema signals."""

    def __init__(self, library: Library) -> None:
        self.matcher = SignalMatcher(library_records(library))
        self._signals = {
            (playbook.id, signal.id): signal for playbook in library for signal in playbook.signals
        }

    def match(self, text: str) -> list[SignalMatch]:
        """Every signal found in ``text``, most specific first, one per signal."""
        return [
            SignalMatch(hit.record.playbook_id, self._signals[hit.record.key], hit.matched)
            for hit in self.matcher.match(text)
        ]


def playbook_records(playbook: Playbook) -> list[SignalRecord]:
    """The signals of one playbook as plain records."""
    return [
        SignalRecord(
            playbook_id=playbook.id,
            signal_id=signal.id,
            patterns=tuple(signal.patterns),
            regex=tuple(signal.regex),
            meaning={"zh": signal.meaning.zh, "en": signal.meaning.en},
            action={"zh": signal.action.zh, "en": signal.action.en},
            reply={"zh": signal.reply.zh, "en": signal.reply.en} if signal.reply else None,
            step=signal.step,
            scope=signal.scope,
        )
        for signal in playbook.signals
    ]


_matchers: dict[tuple[str, int, int], SignalMatcher] = {}


def matcher_for(playbook: Playbook) -> SignalMatcher:
    """A matcher over one playbook's signals (built once per loaded playbook)."""
    key = (playbook.id, playbook.version, id(playbook))
    found = _matchers.get(key)
    if found is None:
        found = _matchers[key] = SignalMatcher(playbook_records(playbook))
    return found


_default_index: SignalIndex | None = None


def default_index() -> SignalIndex:
    """The index over the default library, built once."""
    global _default_index
    if _default_index is None:
        from postdesk.kb.load import default_library

        _default_index = SignalIndex(default_library())
    return _default_index


def match_signals(text: str) -> list[SignalMatch]:
    """Signals of the default library found in ``text``."""
    return default_index().match(text)
