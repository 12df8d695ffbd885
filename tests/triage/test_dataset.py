"""The labelled evaluation set: size, coverage, the held-out rule, no leaks into playbooks.

tests/triage/data/complaints.jsonl holds every labelled complaint. "tune" rows
are knowledge: each is also an example complaint in its playbook
(``symptoms.examples``), so triage learns from them. "heldout" rows were
written afterwards by people who saw only the source document and the
catalogue (not the playbooks, the code or the other rows) and must never reach
a playbook: they are what the accuracy targets are measured on.

Each row's ``set:`` tag says which writing round it came from; the
benchmark's tuning proxy leaves one round out at a time.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from postdesk.kb import default_library

DATA = Path(__file__).parent / "data" / "complaints.jsonl"
HELDOUT_PER_PLAYBOOK = 10


def _squash(text: str) -> str:
    """Case, spacing and punctuation do not make a copied complaint a new one."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def wordings() -> dict[str, str]:
    """Every symptom phrase and example complaint of the playbooks, squashed, to its owner."""
    return {
        _squash(text): playbook.id
        for playbook in default_library()
        for text in [
            *playbook.symptoms.zh,
            *playbook.symptoms.en,
            *playbook.symptoms.examples,
        ]
    }


def test_size_and_shape(rows: list[dict]) -> None:
    assert len(rows) >= 400
    for row in rows:
        assert set(row) == {"text", "playbook", "split", "tags"}
        assert row["text"].strip()
        assert row["split"] in ("tune", "heldout")
        rounds = [tag for tag in row["tags"] if tag.startswith("set:")]
        assert len(rounds) == 1, row


def test_no_complaint_twice(rows: list[dict]) -> None:
    counts = Counter(_squash(row["text"]) for row in rows)
    assert [row["text"] for row in rows if counts[_squash(row["text"])] > 1] == []


def test_every_playbook_has_ten_and_only_known_ids(rows: list[dict]) -> None:
    ids = set(default_library().ids())
    counts = Counter(row["playbook"] for row in rows)
    assert set(counts) == ids
    assert min(counts.values()) >= 10
    heldout = Counter(row["playbook"] for row in rows if row["split"] == "heldout")
    assert set(heldout) == ids
    assert min(heldout.values()) >= HELDOUT_PER_PLAYBOOK


def test_heldout_is_at_least_30_percent_and_whole_rounds(rows: list[dict]) -> None:
    """Held-out rows are whole writing rounds: no round is split between tuning and testing."""
    heldout = sum(row["split"] == "heldout" for row in rows)
    assert heldout / len(rows) >= 0.30
    splits_of_round: dict[str, set[str]] = {}
    for row in rows:
        (round_tag,) = [tag for tag in row["tags"] if tag.startswith("set:")]
        splits_of_round.setdefault(round_tag, set()).add(row["split"])
    assert all(len(splits) == 1 for splits in splits_of_round.values()), splits_of_round


def test_required_kinds_are_present(rows: list[dict]) -> None:
    for split in ("tune", "heldout"):
        tags = Counter(tag for row in rows if row["split"] == split for tag in row["tags"])
        for tag in ("near-miss", "indirect", "en", "mixed", "typo"):
            assert tags[tag] >= 8, (split, tag)
    texts = " ".join(row["text"] for row in rows if "indirect" in row["tags"])
    assert "黑莓" in texts or "blackberry" in texts.casefold()
    assert ".dat" in texts


def test_every_tune_complaint_is_an_example_of_its_playbook(
    rows: list[dict], wordings: dict[str, str]
) -> None:
    """The tune rows and the playbooks' examples are one body of knowledge, kept in step."""
    missing = [
        (row["playbook"], row["text"])
        for row in rows
        if row["split"] == "tune" and wordings.get(_squash(row["text"])) != row["playbook"]
    ]
    assert missing == []


def test_no_heldout_complaint_is_in_a_playbook(rows: list[dict], wordings: dict[str, str]) -> None:
    """A held-out complaint among the symptoms or examples would leak the test into them."""
    copied = [
        row["text"]
        for row in rows
        if row["split"] == "heldout" and _squash(row["text"]) in wordings
    ]
    assert copied == []
