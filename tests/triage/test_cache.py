"""The start-up cache: built once, reused while the sources are unchanged, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from postdesk.kb import default_library
from postdesk.kb.signals import SignalIndex
from postdesk.triage.cache import load_or_build, sources_key
from postdesk.triage.rank import TriageIndex


class _CountingBuilder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> TriageIndex:
        self.calls += 1
        library = default_library()
        return TriageIndex(library, SignalIndex(library))


def _top(index: TriageIndex, text: str) -> str:
    return index.rank(text).scored[0].playbook_id


def test_second_load_reuses_the_file(tmp_path: Path) -> None:
    build = _CountingBuilder()
    first = load_or_build(build, tmp_path)
    second = load_or_build(build, tmp_path)
    assert build.calls == 1
    assert [p.name for p in tmp_path.iterdir()] == [f"triage-{sources_key()}.pickle"]
    text = "发信提示 sender in prison"
    assert _top(first, text) == _top(second, text) == "client-send-receive"
    assert second.rank(text).signal_hits[0].signal.id == first.rank(text).signal_hits[0].signal.id


def test_corrupt_or_stale_files_are_replaced(tmp_path: Path) -> None:
    (tmp_path / f"triage-{sources_key()}.pickle").write_bytes(b"not a pickle")
    (tmp_path / "triage-0000.pickle").write_bytes(b"old")
    build = _CountingBuilder()
    index = load_or_build(build, tmp_path)
    assert build.calls == 1
    assert _top(index, "网页登录提示系统忙") == "webmail-system-busy"
    assert [p.name for p in tmp_path.iterdir()] == [f"triage-{sources_key()}.pickle"]


def test_unwritable_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    build = _CountingBuilder()
    index = load_or_build(build, blocker / "cache")
    assert build.calls == 1
    assert _top(index, "网页登录提示系统忙") == "webmail-system-busy"


def test_the_cache_reads_the_profile_variable_the_loader_reads() -> None:
    """cachefiles names POSTDESK_PROFILE itself so as not to import the loader at start-up."""
    from postdesk import cachefiles
    from postdesk.profile.load import PROFILE_ENV

    assert cachefiles.PROFILE_ENV == PROFILE_ENV


def test_a_changed_playbook_or_shaping_module_is_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from postdesk import cachefiles

    before = sources_key()
    real = cachefiles.module_source
    monkeypatch.setattr(
        cachefiles,
        "module_source",
        lambda name: (name, b"changed") if name == "postdesk.triage.segment" else real(name),
    )
    assert sources_key() != before
