"""The playbook signals bounce advice matches, kept on disk between runs.

Advice needs, of the whole playbook library, only each signal's patterns,
regexes and scripted reply. Loading the library (YAML, placeholders rendered
with the provider profile, validation) takes about 0.2 s: more than reading
300 bounces, so it dominated ``postdesk bounce DIR`` for a folder of a few
hundred. The signals are therefore written once to a small JSON file named
by a fingerprint of everything they derive from (playbook files, the
profile, the loader's code); any change to those gives a new name and a
fresh load. Where the cache folder cannot be written, the library is loaded
every time, as before.

:class:`SignalTable` matches exactly as :class:`postdesk.kb.signals.SignalIndex`
does (the tests compare the two); it only avoids building the library.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_ENV = "POSTDESK_CACHE_DIR"
# Bumped when the cached file's shape changes.
_FORMAT = "signals-2"


@dataclass(frozen=True)
class CachedSignal:
    """One signal of one playbook: what advice matches and what it attaches."""

    playbook_id: str
    signal_id: str
    patterns: tuple[str, ...]
    regex: tuple[str, ...]
    reply: dict[str, str] | None  # {"zh": ..., "en": ...}
    meaning: dict[str, str] | None = None  # what the text means, {"zh", "en"}
    next_action: dict[str, str] | None = None  # what the agent does next, {"zh", "en"}


@dataclass(frozen=True)
class _Entry:
    signal: CachedSignal
    needle: str | None
    pattern: re.Pattern[str] | None


class SignalTable:
    """Signals matched case-insensitively, longest pattern first (as ``SignalIndex``)."""

    def __init__(self, signals: list[CachedSignal]) -> None:
        entries: list[_Entry] = []
        for signal in signals:
            entries.extend(_Entry(signal, needle.casefold(), None) for needle in signal.patterns)
            entries.extend(
                _Entry(signal, None, re.compile(rx, re.IGNORECASE)) for rx in signal.regex
            )
        entries.sort(key=lambda e: -len(e.needle or (e.pattern.pattern if e.pattern else "")))
        self._entries = entries
        self._by_id = {(s.playbook_id, s.signal_id): s for s in signals}
        self.signals = signals

    def match(self, text: str) -> list[CachedSignal]:
        """Every signal found in ``text``, most specific first, one per signal."""
        folded = " ".join(text.casefold().split())
        found: list[CachedSignal] = []
        seen: set[tuple[str, str]] = set()
        for entry in self._entries:
            key = (entry.signal.playbook_id, entry.signal.signal_id)
            if key in seen:
                continue
            if (entry.needle is not None and entry.needle in folded) or (
                entry.pattern is not None and entry.pattern.search(text)
            ):
                found.append(entry.signal)
                seen.add(key)
        return found

    def get(self, playbook_id: str, signal_id: str) -> CachedSignal | None:
        """A named signal of a named playbook, or ``None``."""
        return self._by_id.get((playbook_id, signal_id))


def _package_files(package: str, suffix: str, sub: str = "") -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of a package folder's files, found without importing the package.

    (Importing ``postdesk.kb`` loads Jinja and YAML: the start-up cost this avoids.)
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


def _from_library() -> list[CachedSignal]:
    from postdesk.kb.load import default_library

    return [
        CachedSignal(
            playbook_id=playbook.id,
            signal_id=signal.id,
            patterns=tuple(signal.patterns),
            regex=tuple(signal.regex),
            reply={"zh": signal.reply.zh, "en": signal.reply.en} if signal.reply else None,
            meaning={"zh": signal.meaning.zh, "en": signal.meaning.en},
            next_action={"zh": signal.action.zh, "en": signal.action.en},
        )
        for playbook in default_library()
        for signal in playbook.signals
    ]


def _read(path: Path) -> list[CachedSignal] | None:
    try:
        rows: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
        return [
            CachedSignal(
                playbook_id=row["playbook_id"],
                signal_id=row["signal_id"],
                patterns=tuple(row["patterns"]),
                regex=tuple(row["regex"]),
                reply=row["reply"],
                meaning=row["meaning"],
                next_action=row["next_action"],
            )
            for row in rows
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, signals: list[CachedSignal]) -> None:
    rows = [
        {
            "playbook_id": s.playbook_id,
            "signal_id": s.signal_id,
            "patterns": list(s.patterns),
            "regex": list(s.regex),
            "reply": s.reply,
            "meaning": s.meaning,
            "next_action": s.next_action,
        }
        for s in signals
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


def load_table() -> SignalTable:
    """The signal table, from the cache when it matches the sources, else from the library.

    Raises what loading the library raises when there is no usable cache.
    """
    path = cache_dir() / f"signals-{fingerprint()}.json"
    signals = _read(path)
    if signals is None:
        signals = _from_library()
        _write(path, signals)
    return SignalTable(signals)
