"""The blind set is well formed and shares no text with the other sets or the playbooks.

It measures triage only while nothing was tuned on it, so this file checks its
shape and that no complaint leaked in from (or out to) the tune/held-out set,
the fresh set or the playbook symptoms. It deliberately asserts no accuracy.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from postdesk.kb import default_library

DATA_DIR = Path(__file__).parent / "data"
BLIND = DATA_DIR / "blind.jsonl"
OTHER_SETS = (DATA_DIR / "complaints.jsonl", DATA_DIR / "fresh.jsonl")
PER_PLAYBOOK = 6
TAGS = {"zh", "en", "mixed", "near-miss", "indirect", "pasted-error"}


def _squash(text: str) -> str:
    """Case, spacing and punctuation do not make a copied complaint a new one."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def blind() -> list[dict]:
    return _read(BLIND)


def test_rows_have_the_shape_of_the_other_sets(blind: list[dict]) -> None:
    for row in blind:
        assert set(row) == {"text", "playbook", "split", "tags"}, row
        assert row["split"] == "blind"
        assert row["text"].strip()
        assert row["tags"] and set(row["tags"]) <= TAGS, row["tags"]
        # exactly one language tag, so per-language figures add up
        assert len(set(row["tags"]) & {"zh", "en", "mixed"}) == 1, row["tags"]


def test_six_per_playbook_and_only_known_ids(blind: list[dict]) -> None:
    ids = set(default_library().ids())
    counts = Counter(row["playbook"] for row in blind)
    assert set(counts) == ids
    assert set(counts.values()) == {PER_PLAYBOOK}
    assert len(blind) == PER_PLAYBOOK * len(ids)


def test_no_duplicates_within_the_set(blind: list[dict]) -> None:
    squashed = Counter(_squash(row["text"]) for row in blind)
    assert [text for text, count in squashed.items() if count > 1] == []


def test_nothing_shared_with_other_sets_or_symptoms(blind: list[dict]) -> None:
    elsewhere = {_squash(row["text"]) for path in OTHER_SETS for row in _read(path)}
    elsewhere |= {
        _squash(phrase)
        for playbook in default_library()
        for phrase in [*playbook.symptoms.zh, *playbook.symptoms.en]
    }
    assert [row["text"] for row in blind if _squash(row["text"]) in elsewhere] == []
