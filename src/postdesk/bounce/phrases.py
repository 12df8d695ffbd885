"""Find the phrases of the reason files in a reply text, in time linear in the text.

A :class:`Phrase` is either one lower-case phrase ("user unknown") or ordered
fragments with a bounded gap between them ("host" ... "not found"), which
covers the many wordings that put a name or an address in the middle without
a regular expression (nothing here can backtrack). Phrases match on word
boundaries: "rbl" does not match inside "terrible"; a phrase ending in ``*``
may end inside a word ("throttl*" matches "throttled").

Every phrase names its source (a key of :data:`postdesk.bounce.citations.SOURCES`)
and says how much it proves:

- ``generic``: short wording many causes share ("quota", "not allowed"). It
  decides only when neither a specific phrase nor the status code did.
- ``wrapper``: a queue's own summary ("giving up", "will be retried"), about
  the retrying rather than the refusal; it decides only when nothing else does.
- ``definite``: wording only a recipient directory gives (a provider's or a
  mail system's documented answer for an address that does not exist); the
  context rules that turn a loose "user unknown" into a filter's verdict
  leave it alone.

:class:`PhraseIndex` files each phrase under one of the words it needs, so a
text is only searched for the phrases whose word it contains. :data:`HELD_OUT`
switches entries off by key: the leave-one-family-out measurement uses it to
decide a family's samples without the rules only that family supports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NamedTuple

# Phrase keys left out of matching (the held-out measurement's hook; empty otherwise).
HELD_OUT: ContextVar[frozenset[str]] = ContextVar("held_out", default=frozenset())

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_WORD = re.compile(r"[a-z0-9]+")
# The same words found without a pattern: every byte but a-z and 0-9 made a space (a
# character outside ASCII is encoded as "?" first), then split. A pattern step per
# character cost more than the rest of looking a reply's words up.
_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
# Typographic apostrophes and quotes that servers and clients put in replies.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# Longest gap (characters) allowed between two ordered fragments.
MAX_GAP = 80


@dataclass(frozen=True, slots=True)
class Phrase:
    """One wording of a reason: a phrase or ordered fragments, and what it stands on."""

    parts: tuple[str, ...]
    source: str
    generic: bool = False
    wrapper: bool = False
    definite: bool = False
    gap: int = 0  # most characters between two parts (ordered fragments only)
    prefix: bool = False  # the last part may end inside a word
    after_domain: bool = False  # right after a domain name ("example.jp does not exist")
    # How specific the wording is: the bytes it pins down (a CJK character says about
    # as much as a short English word, so UTF-8 length weighs it fairly).
    weight: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", sum(len(part.encode("utf-8")) for part in self.parts))

    @property
    def text(self) -> str:
        """The phrase as written in a reason file ("host ... not found")."""
        return " ... ".join(self.parts) + ("*" if self.prefix else "")


def phrase(
    text: str,
    source: str,
    *,
    generic: bool = False,
    wrapper: bool = False,
    definite: bool = False,
    after_domain: bool = False,
) -> Phrase:
    """One phrase, lower case; a trailing ``*`` lets it end inside a word."""
    prefix = text.endswith("*")
    body = text[:-1] if prefix else text
    return Phrase(
        (body,),
        source,
        generic=generic,
        wrapper=wrapper,
        definite=definite,
        prefix=prefix,
        after_domain=after_domain,
    )


def ordered(
    *parts: str,
    source: str,
    gap: int = 40,
    generic: bool = False,
    wrapper: bool = False,
    definite: bool = False,
) -> Phrase:
    """Fragments that must appear in this order, at most ``gap`` characters apart."""
    if len(parts) < 2 or not 0 < gap <= MAX_GAP:
        raise ValueError("ordered fragments need two or more parts and a gap of 1-80")
    prefix = parts[-1].endswith("*")
    body = (*parts[:-1], parts[-1][:-1] if prefix else parts[-1])
    return Phrase(
        body,
        source,
        generic=generic,
        wrapper=wrapper,
        definite=definite,
        gap=gap,
        prefix=prefix,
    )


def fold(text: str) -> str:
    """Lower case, typographic quotes made plain, whitespace runs made one space."""
    lowered = text.lower()
    if not lowered.isascii():  # the quotes are not ASCII (and translate() is per character)
        lowered = lowered.translate(_QUOTES)
    return " ".join(lowered.split())


class Hit(NamedTuple):
    """A phrase found in a text: whose it is, which entry, and where it ended.

    (A named tuple: as read-only as a frozen dataclass, made in a third of the time;
    every reply makes a few.)
    """

    owner: str
    key: str
    phrase: Phrase
    end: int


def _bounded(text: str, part: str, start: int, stop: int, last: bool, prefix: bool) -> int:
    """Index of ``part`` in ``text[start:stop]`` on word boundaries, or -1."""
    left = part[0] in _ALNUM
    right = part[-1] in _ALNUM and not (last and prefix)
    size = len(part)
    at = text.find(part, start, stop)
    while at >= 0:
        end = at + size
        if (not left or at == 0 or text[at - 1] not in _ALNUM) and (
            not right or end >= len(text) or text[end] not in _ALNUM
        ):
            return at
        at = text.find(part, at + 1, stop)
    return -1


def _after_domain(text: str, at: int) -> bool:
    """Whether the word before ``at`` is a domain name ("example.jp"), not an address."""
    end = at - 1
    if end <= 0 or text[end] != " ":
        return False
    start = end
    while start > 0 and (text[start - 1] in _ALNUM or text[start - 1] in "-."):
        start -= 1
        if end - start > 253:  # longer than any domain name: stop looking
            return False
    word = text[start:end].strip(".")
    if start > 0 and text[start - 1] == "@":
        return False  # the domain of an address names a mailbox, not a host
    labels = word.split(".")
    return len(labels) >= 2 and all(labels) and labels[-1].isalpha()


def match_end(text: str, entry: Phrase) -> int:
    """Where ``entry`` ends in the folded ``text`` (its first occurrence), or -1."""
    parts = entry.parts
    if len(parts) == 1 and not entry.after_domain:
        at = _bounded(text, parts[0], 0, len(text), True, entry.prefix)
        return at + len(parts[0]) if at >= 0 else -1
    last = len(parts) - 1
    at = _bounded(text, parts[0], 0, len(text), last == 0, entry.prefix)
    while at >= 0 and entry.after_domain and not _after_domain(text, at):
        at = _bounded(text, parts[0], at + 1, len(text), last == 0, entry.prefix)
    while at >= 0:
        end = at + len(parts[0])
        for index in range(1, len(parts)):
            part = parts[index]
            stop = min(len(text), end + entry.gap + len(part) + 1)
            found = _bounded(text, part, end, stop, index == last, entry.prefix)
            if found < 0:
                break
            end = found + len(part)
        else:
            return end
        at = _bounded(text, parts[0], at + 1, len(text), last == 0, entry.prefix)
        while at >= 0 and entry.after_domain and not _after_domain(text, at):
            at = _bounded(text, parts[0], at + 1, len(text), last == 0, entry.prefix)
    return -1


def _index_words(entry: Phrase) -> list[str]:
    """The words a text must contain, each as a whole word, for ``entry`` to match.

    A word of a part is whole in any text the part matches: a part that starts
    or ends with a letter or digit matches on a word boundary there
    (:func:`_bounded`), and inside a part its words are bounded by the part's
    own characters. Only the last word of a ``*`` phrase may go on in the text
    ("throttl*" matches "throttled"), so it is not one of them.
    """
    words: list[str] = []
    last = len(entry.parts) - 1
    for index, part in enumerate(entry.parts):
        for word in _WORD.finditer(part):
            if index == last and entry.prefix and word.end() == len(part):
                continue
            words.append(word.group(0))
    return words


class PhraseIndex:
    """Phrases of many owners (reasons, tables), found together in one pass over a text.

    Each entry is filed under one word it needs (the one fewest entries need, so
    the texts that hold it are few); a text is searched only for the entries
    filed under its words, and those with no such word (CJK wording, "throttl*").
    """

    def __init__(self, entries: Iterable[tuple[str, str, Phrase]]) -> None:
        listed = [(owner, key, entry, _index_words(entry)) for owner, key, entry in entries]
        needed: dict[str, int] = {}
        for _owner, _key, _entry, words in listed:
            for word in set(words):
                needed[word] = needed.get(word, 0) + 1
        # (table order, owner, key, entry, the one part to search when the entry is a
        # single phrase that needs no domain before it, else "")
        self._by_word: dict[bytes, list[tuple[int, str, str, Phrase, str]]] = {}
        self._always: list[tuple[int, str, str, Phrase, str]] = []
        # Entries with no whole word that are not plain ASCII (CJK wording): an ASCII
        # text cannot hold them.
        self._not_ascii: list[tuple[int, str, str, Phrase, str]] = []
        for number, (owner, key, entry, words) in enumerate(listed):
            simple = len(entry.parts) == 1 and not entry.after_domain
            row = (number, owner, key, entry, entry.parts[0] if simple else "")
            if words:
                word = min(words, key=lambda w: (needed[w], -len(w), w))
                self._by_word.setdefault(word.encode("ascii"), []).append(row)
            elif entry.parts[0].isascii():
                self._always.append(row)
            else:
                self._not_ascii.append(row)

    def hits(self, folded: str) -> list[Hit]:
        """Every entry found in the folded text (see :func:`fold`), in table order."""
        if not folded:
            return []
        held = HELD_OUT.get()
        found: list[tuple[int, Hit]] = []
        by_word = self._by_word
        words = folded.encode("ascii", "replace").translate(_WORD_BYTES).split()
        groups = [self._always, *(by_word[w] for w in by_word.keys() & set(words))]
        if not folded.isascii():
            groups.append(self._not_ascii)
        size = len(folded)
        for group in groups:
            for number, owner, key, entry, single in group:
                if held and key in held:
                    continue
                if single:
                    if single not in folded:
                        continue  # a plain substring test first: most candidates stop here
                    at = _bounded(folded, single, 0, size, True, entry.prefix)
                    end = at + len(single) if at >= 0 else -1
                elif entry.parts[0] not in folded:
                    continue
                else:
                    end = match_end(folded, entry)
                if end >= 0:
                    found.append((number, Hit(owner, key, entry, end)))
        if len(found) > 1:
            # (table numbers are unique: the tuples sort by them and never compare the hits)
            found.sort()
        return [hit for _, hit in found]
