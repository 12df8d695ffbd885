"""The playbook signals bounce advice matches, kept on disk between runs.

Advice needs, of the whole playbook library, only each signal's patterns,
regexes, meaning, action and scripted reply: the plain
:class:`postdesk.kb.signals.SignalRecord` rows, matched by the same
:class:`postdesk.kb.signals.SignalMatcher` that triage and the playbook
runner use. Loading the library (YAML, placeholders rendered
with the provider profile, validation) takes about 0.2 s: more than reading
300 bounces, so it dominated ``postdesk bounce DIR`` for a folder of a few
hundred. The signals are therefore written once to a small JSON file named
by a fingerprint of everything they derive from (playbook files, the
profile, the loader's code; see :mod:`postdesk.cachefiles`); any change to
those gives a new name and a fresh load. Where the cache folder cannot be
written, the library is loaded every time, as before.

Importing :mod:`postdesk.kb.signals` is cheap (it loads nothing of the library
until asked); only a cache miss loads the library.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from postdesk import cachefiles
from postdesk.kb.signals import SignalMatcher, SignalRecord, library_records

CACHE_ENV = cachefiles.CACHE_ENV
# Bumped when the cached file's shape changes.
_FORMAT = "signals-3"


def fingerprint() -> str:
    """A digest of everything the signals derive from: playbooks, profile, loader code."""
    return cachefiles.digest(_FORMAT, cachefiles.library_sources())


def _from_library() -> list[SignalRecord]:
    from postdesk.kb.load import default_library

    return library_records(default_library())


def _read(path: Path) -> list[SignalRecord] | None:
    try:
        rows: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
        return [
            SignalRecord(
                playbook_id=row["playbook_id"],
                signal_id=row["signal_id"],
                patterns=tuple(row["patterns"]),
                regex=tuple(row["regex"]),
                meaning=row["meaning"],
                action=row["action"],
                reply=row["reply"],
                step=row["step"],
            )
            for row in rows
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, records: list[SignalRecord]) -> None:
    rows = [
        {
            "playbook_id": r.playbook_id,
            "signal_id": r.signal_id,
            "patterns": list(r.patterns),
            "regex": list(r.regex),
            "meaning": r.meaning,
            "action": r.action,
            "reply": r.reply,
            "step": r.step,
        }
        for r in records
    ]
    data = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    cachefiles.write_atomically(path, data, stale="signals-*.json")


def load_records() -> list[SignalRecord]:
    """The signal records, from the cache when it matches the sources, else from the library.

    Raises what loading the library raises when there is no usable cache.
    """
    path = cachefiles.cache_dir() / f"signals-{fingerprint()}.json"
    records = _read(path)
    if records is None:
        records = _from_library()
        _write(path, records)
    return records


def load_matcher() -> SignalMatcher:
    """A matcher over :func:`load_records`."""
    return SignalMatcher(load_records())
