"""The labelled evaluation set: size, coverage, the fixed held-out rule, no leaks into playbooks."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from postdesk.kb import default_library

DATA = Path(__file__).parent / "data" / "complaints.jsonl"
FRESH = Path(__file__).parent / "data" / "fresh.jsonl"


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def test_size_and_shape(rows: list[dict]) -> None:
    assert len(rows) >= 400
    for row in rows:
        assert set(row) == {"text", "playbook", "split", "tags"}
        assert row["text"].strip()
        assert row["split"] in ("tune", "heldout")


def test_every_playbook_has_ten_and_only_known_ids(rows: list[dict]) -> None:
    ids = set(default_library().ids())
    counts = Counter(row["playbook"] for row in rows)
    assert set(counts) == ids
    assert min(counts.values()) >= 10


def test_heldout_is_every_third_per_playbook_and_at_least_30_percent(rows: list[dict]) -> None:
    """The split rule was fixed before tuning: index % 3 == 1 within each playbook, file order."""
    seen: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        position = seen[row["playbook"]]
        seen[row["playbook"]] += 1
        assert row["split"] == ("heldout" if position % 3 == 1 else "tune"), row["text"]
    heldout = sum(row["split"] == "heldout" for row in rows)
    assert heldout / len(rows) >= 0.30


def test_required_kinds_are_present(rows: list[dict]) -> None:
    tags = Counter(tag for row in rows for tag in row["tags"])
    for tag in ("near-miss", "indirect", "en", "mixed", "bounce", "typo"):
        assert tags[tag] >= 8, tag
    texts = " ".join(row["text"] for row in rows if "indirect" in row["tags"])
    assert "黑莓" in texts or "BlackBerry" in texts
    assert ".dat" in texts


def test_no_heldout_complaint_is_in_a_playbook(rows: list[dict]) -> None:
    """A held-out complaint among the symptoms would leak the test into the knowledge.

    (A few tune complaints coincide with symptoms the playbook authors wrote
    independently, e.g. "同一封邮件收到了好几遍": the obvious wording of the
    problem. Those only touch the tune part, which may inform the playbooks.)
    """

    def squash(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    phrases = {
        squash(phrase): playbook.id
        for playbook in default_library()
        for phrase in [*playbook.symptoms.zh, *playbook.symptoms.en]
    }
    copied = [
        row["text"] for row in rows if row["split"] == "heldout" and squash(row["text"]) in phrases
    ]
    assert copied == []


def test_fresh_set_is_five_per_playbook_and_shares_nothing_verbatim() -> None:
    """The second set is independent: not in the first set and not among the symptoms."""
    fresh = [json.loads(line) for line in FRESH.read_text(encoding="utf-8").splitlines() if line]
    counts = Counter(row["playbook"] for row in fresh)
    assert set(counts) == set(default_library().ids())
    assert set(counts.values()) == {5}
    assert {row["split"] for row in fresh} == {"fresh"}
    first = {
        _squash(json.loads(line)["text"])
        for line in DATA.read_text(encoding="utf-8").splitlines()
        if line
    }
    symptoms = {
        _squash(phrase)
        for playbook in default_library()
        for phrase in [*playbook.symptoms.zh, *playbook.symptoms.en]
    }
    assert [row["text"] for row in fresh if _squash(row["text"]) in first | symptoms] == []
