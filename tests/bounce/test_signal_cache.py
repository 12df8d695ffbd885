"""The cached signal table: same matches as the playbook library's index, keyed by its sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postdesk.bounce import signal_cache
from postdesk.bounce.signal_cache import SignalTable, fingerprint, load_table
from postdesk.kb.signals import default_index
from tests.bounce.test_explain import DOCUMENT_TEXTS


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(signal_cache.CACHE_ENV, str(folder))
    return folder


def _texts(shared_dir: Path) -> list[str]:
    """Document texts and every corpus message's text: a few thousand probes."""
    texts = [text for text, _ in DOCUMENT_TEXTS]
    for path in sorted((shared_dir / "corpus" / "bounces" / "eml").iterdir())[::3]:
        texts.extend(path.read_bytes().decode("utf-8", "replace").splitlines()[:400:7])
    return texts


def test_same_matches_as_the_library_index(cache: Path, shared_dir: Path) -> None:
    table = load_table()
    index = default_index()
    matched = 0
    for text in _texts(shared_dir):
        ours = [(s.playbook_id, s.signal_id) for s in table.match(text)]
        theirs = [(m.playbook_id, m.signal.id) for m in index.match(text)]
        assert ours == theirs, text
        matched += bool(ours)
    assert matched >= len(DOCUMENT_TEXTS)  # the probes do reach the signals


def test_written_once_then_read(cache: Path) -> None:
    load_table()
    files = list(cache.glob("signals-*.json"))
    assert [f.name for f in files] == [f"signals-{fingerprint()}.json"]
    # The file is what later runs read: a change to it shows in the next table.
    rows = json.loads(files[0].read_text("utf-8"))
    rows[0]["reply"] = {"zh": "缓存", "en": "cached"}
    files[0].write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    first = rows[0]
    assert load_table().get(first["playbook_id"], first["signal_id"]).reply == {
        "zh": "缓存",
        "en": "cached",
    }


def test_a_changed_profile_is_a_new_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint()
    profile = tmp_path / "profile.yaml"
    default = Path(signal_cache.__file__).parents[1] / "profile" / "default.yaml"
    profile.write_text(default.read_text("utf-8") + "\n# edited\n", "utf-8")
    monkeypatch.setenv("POSTDESK_PROFILE", str(profile))
    assert fingerprint() != before
    load_table()
    assert [f.name for f in cache.glob("signals-*.json")] == [f"signals-{fingerprint()}.json"]


def test_unwritable_cache_still_gives_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(signal_cache.CACHE_ENV, str(blocker / "cache"))
    table = load_table()
    assert isinstance(table, SignalTable) and table.signals
