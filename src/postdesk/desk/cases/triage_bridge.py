"""The desk's one door to triage: used when postdesk.triage is present, skipped when not.

Triage is built separately; without it, case creation needs an explicit
playbook id. Only triage's public ``triage(text, top, library)``,
``index_for(library)`` and ``entities.extract(text, signals)`` are called,
and results are read through ``ranking[i].playbook`` and ``as_dict()``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from postdesk.errors import PostdeskError
from postdesk.kb.load import Library

if TYPE_CHECKING:
    from postdesk.engine_pool import EnginePool

# Complaints longer than this are read in the engine pool's worker processes. Reading is
# linear in the text, about 5 ms per thousand characters for the entities and 20 ms for
# the ranking on this project's machines: a long complaint (a pasted mail thread, up to
# triage's 20,000 characters) kept a request thread and the server's GIL for up to half
# a second, and the event loop answered nobody meanwhile (issue 12: GET /healthz p99
# 700-880 ms while 8 clients posted such complaints). A short one costs less than the
# hop to another process (pickling, a pipe, the pool's threads), so it stays here.
LONG_COMPLAINT_CHARS = 1_000

T = TypeVar("T")


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


def entities(library: Library, complaint: str, playbook_id: str | None = None) -> dict[str, Any]:
    """Entities triage extracts from the complaint, or {} without triage.

    The agent already chose the playbook, so the complaint is not ranked: only
    the entity extraction runs (with the same text clean-up ``triage`` applies),
    which is most of the CPU a case creation saves. The chosen playbook's usual
    direction of mail (its ``mail_direction``) is the prior ``triage`` takes from
    its ranking, so the case reads whose domain is whose as ``postdesk triage`` does.
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
            text,
            signals=index.signals,
            own_domains=index.own_domains,
            suffixes=index.suffixes,
            mail_direction=_direction_of(library, playbook_id),
            # The chosen playbook stands where triage's first would: the roles gate reads
            # it (a feature it was trained with), so the case reads as triage would.
            top_playbook=playbook_id or "-",
        )
    except PostdeskError:
        return {}
    return dict(found.as_dict())


def _direction_of(library: Library, playbook_id: str | None) -> str:
    """The declared ``mail_direction`` of the chosen playbook ("none" when unknown)."""
    if playbook_id is None:
        return "none"
    try:
        return str(library.get(playbook_id).mail_direction)
    except PostdeskError:
        return "none"


def prepare(library: Library) -> None:
    """Build triage's index of ``library`` now (seconds of CPU), when triage is present.

    ``postdesk serve`` calls this before it takes requests: built on the first
    triage instead, it held the server's GIL for 2-4 s while every request,
    ``/healthz`` included, waited (bench_load.py's first seconds).
    """
    try:
        triage = importlib.import_module("postdesk.triage")
    except ImportError:
        return
    index_for = getattr(triage, "index_for", None)
    if index_for is not None:
        index_for(library)


def facts(
    library: Library, complaint: str, playbook_id: str | None
) -> tuple[str | None, dict[str, Any]]:
    """The playbook a case starts (``playbook_id``, else triage's best match, else None)
    and the complaint's entities: everything case creation needs from triage."""
    if playbook_id:
        return playbook_id, entities(library, complaint, playbook_id)
    suggestion = suggest(library, complaint)
    if suggestion is None:
        return None, {}
    return suggestion


def ranking(library: Library, text: str, top: int) -> dict[str, Any]:
    """``triage(text, top)`` in its JSON shape (``postdesk triage --json``); the
    PostdeskError of an empty text or a bad ``top`` as triage raises it."""
    triage = importlib.import_module("postdesk.triage")
    return dict(triage.triage(text, top=top, library=library).as_dict())


async def off_the_loop(
    pool: EnginePool,
    library: Library,
    job: Callable[..., T],
    text: str,
    *args: Any,
    owner: object = None,
) -> T:
    """``job(library, text, *args)``, never on the event loop: the one way a request
    reads a complaint's text (API and pages alike).

    A text longer than LONG_COMPLAINT_CHARS goes to the engine pool, with its
    limits: BusyError (503 ``busy``, Retry-After) when the pool is full or
    ``owner`` (the asking user's id) has their share in it, EngineTimeoutError
    (422 ``too_slow``) past its time limit. A shorter one runs in a request
    thread. ``job`` is a module-level function (it is pickled by name for the
    pool), its arguments and result plain data.
    """
    if len(text) > LONG_COMPLAINT_CHARS:
        from postdesk.engine_pool import with_desk_library

        return await pool.run(with_desk_library, job, text, *args, what="complaint", owner=owner)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(job, library, text, *args)


async def facts_of_long_complaint(
    pool: EnginePool, library: Library, case_in: Any, *, owner: object = None
) -> tuple[str | None, dict[str, Any]] | None:
    """:func:`facts` of a new case's complaint read in the engine pool when it is long;
    None for a short one, which the case's flow reads in its own request thread (the
    same thread, one hop fewer, for the busiest write)."""
    if len(case_in.complaint) <= LONG_COMPLAINT_CHARS:
        return None
    return await off_the_loop(
        pool, library, facts, case_in.complaint, case_in.playbook_id, owner=owner
    )
