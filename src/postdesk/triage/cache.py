"""A start-up cache for the triage index of the built-in playbooks.

Loading the playbooks (YAML, placeholders, validation) takes about half a
second, more than everything else ``postdesk triage "..."`` does. The index
built from them is saved once to the user's cache folder and reused while
nothing it was built from has changed: the key hashes the library's sources
(:func:`postdesk.cachefiles.library_sources`: playbooks, loader, profile) and
the modules that shape the index. Folder, naming and atomic writing are
:mod:`postdesk.cachefiles`. The file is a pickle written by this user into
this user's folder, read back only when its name matches the hash of the
current sources.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from postdesk import cachefiles
from postdesk.triage.rank import TriageIndex

CACHE_ENV = cachefiles.CACHE_ENV
_FORMAT = "triage-index-3"
# Modules whose code decides what the index holds, beyond the library's own sources.
_SHAPING_MODULES = ("postdesk.triage.rank", "postdesk.triage.segment", "postdesk.triage.roles")


def sources_key() -> str:
    """A hash of everything the default index is built from (and the Python that pickled it)."""
    sources = cachefiles.library_sources()
    sources += [cachefiles.module_source(module) for module in _SHAPING_MODULES]
    sources.append(("python", sys.version.encode()))
    return cachefiles.digest(_FORMAT, sources)


def load_or_build(build: Callable[[], TriageIndex], folder: Path | None = None) -> TriageIndex:
    """The cached index when its sources are unchanged, else ``build()`` and save it."""
    folder = folder or cachefiles.cache_dir()
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
    data = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    cachefiles.write_atomically(path, data, stale="triage-*.pickle")
    return index
