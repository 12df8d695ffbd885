"""The desk's one door to triage: used when postdesk.triage is present, skipped when not.

Triage is built separately; without it, case creation needs an explicit
playbook id. Only triage's public ``triage(text, top, library)``,
``index_for(library)`` and ``entities.extract(text, signals)`` are called,
and results are read through ``ranking[i].playbook`` and ``as_dict()``.
"""

from __future__ import annotations

import importlib
from typing import Any

from postdesk.errors import PostdeskError
from postdesk.kb.load import Library


def _run(library: Library, complaint: str) -> Any | None:
    try:
        triage = importlib.import_module("postdesk.triage")
    except ImportError:
        return None
    run = getattr(triage, "triage", None)
    if run is None:
        return None
    try:
        return run(complaint, top=1, library=library)
    except PostdeskError:
        return None


def _entities(result: Any) -> dict[str, Any]:
    found = getattr(result, "entities", None)
    if found is None or not hasattr(found, "as_dict"):
        return {}
    return dict(found.as_dict())


def suggest(library: Library, complaint: str) -> tuple[str, dict[str, Any]] | None:
    """(playbook id, entities) of triage's best match, or None without triage or a match."""
    result = _run(library, complaint)
    ranking = getattr(result, "ranking", None) or []
    if not ranking:
        return None
    return str(ranking[0].playbook), _entities(result)


def entities(library: Library, complaint: str) -> dict[str, Any]:
    """Entities triage extracts from the complaint, or {} without triage.

    The agent already chose the playbook, so the complaint is not ranked: only
    the entity extraction runs (with the same text clean-up ``triage`` applies),
    which is most of the CPU a case creation saves.
    """
    try:
        triage = importlib.import_module("postdesk.triage")
        extraction = importlib.import_module("postdesk.triage.entities")
    except ImportError:
        return {}
    index_for = getattr(triage, "index_for", None)
    extract = getattr(extraction, "extract", None)
    if index_for is None or extract is None:
        return _entities(_run(library, complaint))
    if not complaint.strip():
        return {}  # as triage, which refuses an empty complaint
    text = complaint[: getattr(triage, "MAX_CHARS", len(complaint))]
    text = text.encode("utf-8", "replace").decode("utf-8")
    try:
        index = index_for(library)
        found = extract(
            text, signals=index.signals, own_domains=index.own_domains, suffixes=index.suffixes
        )
    except PostdeskError:
        return {}
    return dict(found.as_dict())
