"""The taxonomy is Sisimai's vocabulary, and every reason has its line in the docs."""

from __future__ import annotations

import re
from pathlib import Path

from postdesk.bounce.reasons import PHRASE_ORDER, PHRASES, REASONS, STATUS_REASONS

SISIMAI_NAMES = {
    "authfailure",
    "badreputation",
    "blocked",
    "contenterror",
    "delivered",
    "exceedlimit",
    "expired",
    "failedstarttls",
    "feedback",
    "filtered",
    "hasmoved",
    "hostunknown",
    "mailboxfull",
    "mailererror",
    "mesgtoobig",
    "networkerror",
    "norelaying",
    "notaccept",
    "notcompliantrfc",
    "onhold",
    "policyviolation",
    "rejected",
    "requireptr",
    "securityerror",
    "spamdetected",
    "speeding",
    "suppressed",
    "suspend",
    "syntaxerror",
    "systemerror",
    "systemfull",
    "toomanyconn",
    "undefined",
    "userunknown",
    "vacation",
    "virusdetected",
}
DOC = Path(__file__).resolve().parents[2] / "docs" / "bounce-reasons.md"


def test_taxonomy_is_the_common_vocabulary() -> None:
    assert set(REASONS) == SISIMAI_NAMES


def test_tables_only_name_known_reasons() -> None:
    assert set(PHRASES) <= set(REASONS)
    assert set(PHRASE_ORDER) == set(PHRASES)
    assert set(STATUS_REASONS.values()) <= set(REASONS)


def test_phrases_are_lower_case() -> None:
    assert all(p == p.lower() for phrases in PHRASES.values() for p in phrases)


def test_every_reason_has_one_doc_line() -> None:
    text = DOC.read_text("utf-8")
    documented = re.findall(r"^- `([a-z]+)`", text, flags=re.MULTILINE)
    assert sorted(documented) == sorted(REASONS)
