"""The cached signal records: the playbook library's records, keyed by their sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postdesk.bounce import signal_cache
from postdesk.bounce.signal_cache import fingerprint, load_matcher, load_records
from postdesk.kb import default_library
from postdesk.kb.signals import SignalMatcher, library_records


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(signal_cache.CACHE_ENV, str(folder))
    return folder


def test_cached_records_are_the_library_records(cache: Path) -> None:
    expected = library_records(default_library())
    assert expected  # the library does have signals to cache
    assert load_records() == expected  # built from the library, then written
    assert list(cache.glob("signals-*.json"))
    assert load_records() == expected  # read back from the file: nothing lost on the way


def test_written_once_then_read(cache: Path) -> None:
    load_records()
    files = list(cache.glob("signals-*.json"))
    assert [f.name for f in files] == [f"signals-{fingerprint()}.json"]
    # The file is what later runs read: a change to it shows in the next matcher.
    data = json.loads(files[0].read_text("utf-8"))
    rows = data["signals"]
    rows[0]["reply"] = {"zh": "缓存", "en": "cached"}
    files[0].write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    first = rows[0]
    assert load_matcher().get(first["playbook_id"], first["signal_id"]).reply == {
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
    load_records()
    assert [f.name for f in cache.glob("signals-*.json")] == [f"signals-{fingerprint()}.json"]


def test_own_servers_come_from_the_profile(cache: Path) -> None:
    from postdesk.profile.load import load_profile

    _, own = signal_cache.load()
    profile = load_profile()
    assert own.owns(profile.hosts.mx) and own.owns(profile.hosts.smtp)
    assert own.owns(profile.server_addresses.mx[0])
    # The reference hosts are another provider's (4.0.9): never "ours".
    assert profile.hosts.reference_smtp and not own.owns(profile.hosts.reference_smtp)
    assert not own.owns("mx.example.jp") and not own.owns("")


def test_unwritable_cache_still_gives_a_matcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(signal_cache.CACHE_ENV, str(blocker / "cache"))
    matcher = load_matcher()
    assert isinstance(matcher, SignalMatcher) and matcher.records
