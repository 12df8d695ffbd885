"""Files kept between runs so that the CLI starts fast: where, named by what, written how.

Loading the playbook library (YAML, profile placeholders, validation) costs
more than a ``postdesk triage`` or a ``postdesk bounce`` of a few hundred
messages does otherwise, so what those commands derive from the library is
saved once: triage's index (:mod:`postdesk.triage.cache`) and bounce's
signal table (:mod:`postdesk.bounce.signal_cache`).

Each file is named by a digest of everything it derives from
(:func:`library_sources`: playbook files, the loader's code, the profile in
use, plus each cache's own shaping code), so any change gives a new name and
a fresh build; nothing has to be invalidated by hand. Writes are atomic and
remove that cache's older files. A folder that cannot be written only costs
speed.

The folder is ``$POSTDESK_CACHE_DIR``, else ``$XDG_CACHE_HOME/postdesk``, else
``~/.cache/postdesk``. Sources are found with ``importlib.util.find_spec``, not
imported: importing the loader would bring in pydantic and YAML, the very
start-up cost a cache hit avoids.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

CACHE_ENV = "POSTDESK_CACHE_DIR"
PROFILE_ENV = "POSTDESK_PROFILE"  # as postdesk.profile.load reads it (not imported: see above)

Source = tuple[str, bytes]


def cache_dir() -> Path:
    """Where the cache files live (not created until first written)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postdesk"


def package_files(package: str, suffix: str, sub: str = "") -> list[Source]:
    """``(name, bytes)`` of the files of a package folder ending in ``suffix``, sorted."""
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


def module_source(module: str) -> Source:
    """``(name, bytes)`` of one module's source file."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return (module, b"missing")
    return (module, Path(spec.origin).read_bytes())


def library_sources() -> list[Source]:
    """Everything a loaded playbook library derives from: playbooks, loader, profile."""
    sources = [
        *package_files("postdesk.kb", ".yaml", "playbooks/"),
        *package_files("postdesk.kb", ".py"),
        *package_files("postdesk.profile", ".py"),
        *package_files("postdesk.profile", ".yaml"),
        module_source("postdesk.yamlio"),
        module_source("postdesk.i18n"),
    ]
    chosen = os.environ.get(PROFILE_ENV)
    if chosen:
        try:
            sources.append((chosen, Path(chosen).read_bytes()))
        except OSError:
            sources.append((chosen, b"unreadable"))  # loading will say why
    return sources


def digest(kind: str, sources: Iterable[Source]) -> str:
    """A short name-safe digest of ``kind`` (bumped when a file's shape changes) and sources."""
    hashed = hashlib.sha256(kind.encode())
    for name, data in sources:
        hashed.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return hashed.hexdigest()[:32]


def write_atomically(path: Path, data: bytes, stale: str) -> None:
    """Write ``path`` so a concurrent reader sees old or new, never half; remove ``stale`` ones.

    ``stale`` is a glob in the same folder naming this cache's files (e.g.
    ``"triage-*.pickle"``): those made from sources that have since changed.
    A folder that cannot be written is left alone: the caller builds each time.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
        for old in path.parent.glob(stale):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
