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
profile, the loader's code); any change to those gives a new name and a
fresh load. Where the cache folder cannot be written, the library is loaded
every time, as before.

Importing :mod:`postdesk.kb.signals` is cheap (it loads nothing of the library
until asked); only a cache miss loads the library.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from postdesk.kb.signals import SignalMatcher, SignalRecord, library_records

CACHE_ENV = "POSTDESK_CACHE_DIR"
# Bumped when the cached file's shape changes.
_FORMAT = "signals-3"


def _package_files(package: str, suffix: str, sub: str = "") -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of a package folder's files, found without importing the package.

    (Importing ``postdesk.profile`` or the library's loader brings in pydantic and YAML:
    the start-up cost this avoids.)
    """
    spec = importlib.util.find_spec(package)
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        return []
    folder = Path(next(iter(locations))) / sub
    return sorted(
        (f"{package}/{sub}{path.name}", path.read_bytes())
        for path in folder.iterdir()
        if path.name.endswith(suffix) and path.is_file()
    )


def fingerprint() -> str:
    """A digest of everything the signals derive from: playbooks, profile, loader code."""
    digest = hashlib.sha256(_FORMAT.encode())
    sources = [
        *_package_files("postdesk.kb", ".yaml", "playbooks/"),
        *_package_files("postdesk.kb", ".py"),
        *_package_files("postdesk.profile", ".py"),
        *_package_files("postdesk.profile", ".yaml"),
    ]
    for module in ("postdesk.yamlio", "postdesk.i18n"):
        spec = importlib.util.find_spec(module)
        if spec and spec.origin:
            sources.append((module, Path(spec.origin).read_bytes()))
    chosen = os.environ.get("POSTDESK_PROFILE")
    if chosen:
        try:
            sources.append((chosen, Path(chosen).read_bytes()))
        except OSError:
            sources.append((chosen, b"unreadable"))
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


def cache_dir() -> Path:
    """``$POSTDESK_CACHE_DIR``, else ``$XDG_CACHE_HOME/postdesk``, else ``~/.cache/postdesk``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postdesk"


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(rows, handle, ensure_ascii=False)
        os.replace(handle.name, path)  # atomic: a concurrent reader sees old or new, never half
        for stale in path.parent.glob("signals-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)  # made from sources that have since changed
    except OSError:
        pass  # a read-only home: the library is loaded each time instead


def load_records() -> list[SignalRecord]:
    """The signal records, from the cache when it matches the sources, else from the library.

    Raises what loading the library raises when there is no usable cache.
    """
    path = cache_dir() / f"signals-{fingerprint()}.json"
    records = _read(path)
    if records is None:
        records = _from_library()
        _write(path, records)
    return records


def load_matcher() -> SignalMatcher:
    """A matcher over :func:`load_records`."""
    return SignalMatcher(load_records())
