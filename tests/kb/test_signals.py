"""The one signal matcher, on plain records: the rules every caller relies on."""

from __future__ import annotations

import random
import re

import pytest

from postdesk.kb.signals import SignalMatcher, SignalRecord, _literal_first


def _record(
    signal_id: str, patterns: tuple[str, ...] = (), regex: tuple[str, ...] = ()
) -> SignalRecord:
    return SignalRecord(
        playbook_id="pb",
        signal_id=signal_id,
        patterns=patterns,
        regex=regex,
        meaning={"zh": "含义", "en": "meaning"},
        action={"zh": "动作", "en": "action"},
    )


MATCHER = SignalMatcher(
    [
        _record("short", ("550",)),
        _record("long", ("550 Error: content REJECT",)),
        _record("code", regex=(r"0x800ccc[0-9a-f]{2}",)),
        _record("twice", ("quota", "mailbox full")),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("550  error:\n content reject", [("long", "550 error: content reject"), ("short", "550")]),
        ("Error 0x800CCC0E", [("code", r"0x800ccc[0-9a-f]{2}")]),
        ("QUOTA exceeded, mailbox full", [("twice", "mailbox full")]),
        ("nothing here", []),
    ],
)
def test_match(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(hit.record.signal_id, hit.matched) for hit in MATCHER.match(text)] == expected


def test_get_names_a_record() -> None:
    assert MATCHER.get("pb", "code") == MATCHER.records[2]
    assert MATCHER.get("pb", "missing") is None


@pytest.mark.parametrize(
    ("pattern", "rewritten"),
    [
        (r"\brbl\b", r"r(?<!\wr)bl\b"),
        (r"\b5\d\d", r"5(?<!\w5)\d\d"),
        (r"\ba?b", r"\ba?b"),  # a quantified first letter stays
        (r"\b\d+", r"\b\d+"),
        (r"\b(?:x|y)", r"\b(?:x|y)"),
        (r"\bé", r"\bé"),
        (r"rbl", r"rbl"),
    ],
)
def test_regex_signals_compiled_to_start_with_a_literal(pattern: str, rewritten: str) -> None:
    """A leading word boundary moves after the letter it stands before; the matches stay."""
    assert _literal_first(pattern) == rewritten
    text = "rbl xrbl _rbl (rbl) RBL ǅrbl 550 x550 b ab aab é xé 5rbl"
    for flags in (0, re.IGNORECASE):
        plain = [m.span() for m in re.finditer(pattern, text, flags)]
        assert [m.span() for m in re.finditer(rewritten, text, flags)] == plain


def test_filed_rows_match_like_every_row_in_turn() -> None:
    """Rows looked at only when their pattern's first three characters occur: same matches."""
    records = [
        _record("a", ("user unknown", "us")),
        _record("b", ("user not found", "")),
        _record("c", ("unknown user",), (r"\bno such\b",)),
        _record("d", ("mailbox full", "mail")),
        _record("e", ("系统繁忙", "系统忙")),
        _record("f", ("use",)),
    ]
    matcher = SignalMatcher(records)

    def every_row(text: str) -> list[tuple[str, str]]:
        folded = " ".join(text.casefold().split())
        found: list[tuple[str, str]] = []
        for entry in matcher._entries:
            if entry.record.signal_id in {signal for signal, _ in found}:
                continue
            if entry.needle is not None and entry.needle in folded:
                found.append((entry.record.signal_id, entry.needle))
            elif entry.regex is not None and entry.regex.search(text):
                found.append((entry.record.signal_id, entry.source))
        return found

    words = ["user", "unknown", "not", "found", "no", "such", "mailbox", "full"]
    words += ["系统", "繁忙", "忙", "USER", "Unknown"]
    rng = random.Random(7)
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        got = [(hit.record.signal_id, hit.matched) for hit in matcher.iter_match(text)]
        assert got == every_row(text), text
