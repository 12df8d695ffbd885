"""A start-up cache for the triage index of the built-in playbooks.

Loading the playbooks (YAML, placeholders, validation) takes about half a
second, more than everything else ``postdesk triage "..."`` does. The index
built from them is saved once to the user's cache folder and reused while
nothing it was built from has changed: the key hashes every playbook file,
the profile in use, and the source of the modules that shape the index.

The folder is ``$POSTDESK_CACHE_DIR``, else ``$XDG_CACHE_HOME/postdesk``, else
``~/.cache/postdesk``. A folder that cannot be written only costs speed. The
file is a pickle written by this user into this user's folder, read back only
when its name matches the hash of the current sources.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from postdesk.triage.rank import TriageIndex

CACHE_ENV = "POSTDESK_CACHE_DIR"
_FORMAT = b"triage-index-1"
# Modules whose code decides what the index holds; a change to them invalidates it.
_SHAPING_MODULES = ("postdesk.triage.rank", "postdesk.triage.segment", "postdesk.kb.signals")


def cache_dir() -> Path:
    """Where the cached index lives (not created until first written)."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postdesk"


def sources_key() -> str:
    """A hash of everything the default index is built from."""
    from postdesk.profile.load import PROFILE_ENV

    digest = hashlib.sha256(_FORMAT)
    digest.update(sys.version.encode())
    folder = resources.files("postdesk.kb").joinpath("playbooks")
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    profile = os.environ.get(PROFILE_ENV)
    if profile:
        digest.update(b"profile\0" + Path(profile).read_bytes())
    else:
        default = resources.files("postdesk.profile").joinpath("default.yaml")
        digest.update(b"profile\0" + default.read_bytes())
    for module_name in _SHAPING_MODULES:
        module = sys.modules.get(module_name) or __import__(module_name, fromlist=["_"])
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:32]


def load_or_build(build: Callable[[], TriageIndex], folder: Path | None = None) -> TriageIndex:
    """The cached index when its sources are unchanged, else ``build()`` and save it."""
    folder = folder or cache_dir()
    try:
        path = folder / f"triage-{sources_key()}.pickle"
    except OSError:
        return build()  # a source cannot be read: loading will say why
    try:
        with path.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, TriageIndex):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # missing or stale: rebuild below
    index = build()
    _save(index, folder, path)
    return index


def _save(index: TriageIndex, folder: Path, path: Path) -> None:
    """Write atomically; old index files of this cache are removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for old in folder.glob("triage-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
