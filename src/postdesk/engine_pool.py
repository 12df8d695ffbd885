"""Engine work on uploads, in worker processes with a time limit.

The engines are linear in their input, but a megabyte of hostile mail still
costs a second or more of CPU. Run in the server's own threads, eight such
uploads took every request thread and the GIL, and a plain ``GET /api/cases``
waited 48 s. Here each job runs in one of a few worker processes (their own
GIL, their own core); the request that asked waits on the event loop without
holding a thread; a job that runs over ``engine_timeout_seconds`` is ended by
killing its worker (pebble replaces it), and a full queue is refused at once
with :class:`~postdesk.desk.errors.BusyError` instead of growing.

The pool is shared by every user of the process, so each user (``owner``) may
have only ``per_owner`` jobs in it at once: past that share that user alone is
refused (503), and one agent's burst of hostile uploads cannot take the room
every other agent's long complaints need.

The pool is made on first use (a desk that never reads an upload starts no
process) and closed with the app.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pebble import ProcessPool

from postdesk.desk.errors import BusyError
from postdesk.errors import PostdeskError

T = TypeVar("T")


class EngineTimeoutError(PostdeskError):
    """An engine job ran over its time limit; the input is damaged or built to be slow (422)."""


# Scheduling niceness of the worker processes: on a small machine a megabyte of hostile
# mail keeps a core busy for a second; the server's own process (its event loop, its
# request threads) must still get the CPU first.
WORKER_NICENESS = 10


# The desk's profile and playbook library, handed to each worker once when it starts
# (half a megabyte pickled), for jobs that need them (inspect_originals).
_desk_knowledge: tuple[Any, Any] | None = None


def _warm_up(knowledge: tuple[Any, Any] | None = None) -> None:
    """Lower the worker's priority, keep the desk's knowledge, import the engines once."""
    import contextlib
    import os

    global _desk_knowledge
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    _desk_knowledge = knowledge
    import postdesk.bounce  # noqa: F401


def _prepare_triage() -> bool:
    """Build the triage index of the desk's library in this worker (two seconds or more),
    so that the first long complaint sent here does not wait for it (see EnginePool.warm).
    """
    import contextlib

    if _desk_knowledge is not None:
        with contextlib.suppress(ImportError):
            from postdesk.triage import index_for

            index_for(_desk_knowledge[1])
    return True


def _inspect_context(purposes: frozenset[str]) -> Any:
    from postdesk.inspect import InspectContext

    if _desk_knowledge is None:
        return InspectContext.default(purposes)
    profile, library = _desk_knowledge
    return InspectContext(profile, library, purposes)


def inspect_originals(items: list[tuple[str, bytes]], purposes: frozenset[str]) -> list[Any]:
    """``postdesk.inspect.inspect_many`` in a worker, with the desk's profile and library."""
    from postdesk.inspect import inspect_many

    return inspect_many(items, _inspect_context(purposes))


def read_stored_originals(
    items: list[tuple[str, str]], purposes: frozenset[str]
) -> list[tuple[bool, dict[str, Any]]]:
    """A case's stored originals ``(name, file path)`` read together, one message in memory
    at a time (desk.cases.originals.attach); per result whether it is an original's own
    (not a message attached to one) and its JSON form."""
    from pathlib import Path

    from postdesk.inspect import inspect_many

    files = ((name, Path(path).read_bytes()) for name, path in items)
    results = inspect_many(files, _inspect_context(purposes), keep_originals=False)
    return [(result.carried_in is None, result.as_dict()) for result in results]


def with_desk_library(function: Callable[..., T], *args: Any) -> T:
    """``function(library, *args)`` in a worker, with the desk's playbook library.

    The jobs on a complaint's text (``desk.cases.triage_bridge.off_the_loop``) take the
    library first, as they do in a request thread; here it is the copy each worker
    got at its start instead of half a megabyte pickled with every job.
    """
    from postdesk.kb.load import default_library

    library = _desk_knowledge[1] if _desk_knowledge is not None else default_library()
    return function(library, *args)


def _ready() -> bool:
    """A job that does nothing: scheduled by :meth:`EnginePool.warm` to start the workers."""
    return True


class EnginePool:
    """A few worker processes for engine jobs; see the module docstring."""

    def __init__(
        self,
        *,
        workers: int,
        timeout_seconds: float,
        queue_per_worker: int = 4,
        per_owner: int | None = None,
        knowledge: tuple[Any, Any] | None = None,
    ) -> None:
        """``knowledge``: the desk's (profile, library), given to each worker at its start;
        ``per_owner``: jobs one owner (a user id) may have in the pool at once (None: no
        share, only the pool's own bound)."""
        self.knowledge = knowledge
        self.workers = workers
        self.timeout_seconds = timeout_seconds
        self.max_waiting = workers * queue_per_worker
        self.per_owner = per_owner
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()
        # Both counted on the event loop only (run() is a coroutine): no lock needed.
        self._in_flight = 0
        self._by_owner: dict[object, int] = {}

    @property
    def full(self) -> bool:
        """Whether the next job would be refused (every worker busy, the queue full)."""
        return self._in_flight >= self.workers + self.max_waiting

    def owner_full(self, owner: object) -> bool:
        """Whether ``owner``'s next job would be refused (their share is in the pool)."""
        if owner is None or self.per_owner is None:
            return False
        return self._by_owner.get(owner, 0) >= self.per_owner

    @property
    def any_owner_full(self) -> bool:
        """Whether some owner has their whole share in the pool (cheap; no owner named)."""
        if self.per_owner is None:
            return False
        return any(count >= self.per_owner for count in self._by_owner.values())

    @property
    def started(self) -> bool:
        """Whether the worker processes were started (on first use, or by :meth:`warm`)."""
        return self._pool is not None

    def warm(self) -> None:
        """Start the workers now and build their triage index, instead of on first use.

        A worker's start (a fresh interpreter, the engines) and its triage index
        take seconds; ``postdesk serve`` calls this, in a thread of its own, at
        start so that the first long complaint or upload does not wait for them.
        (An app that only reads uploads, as in tests, never builds the index.)
        """
        pool = self._started_pool()
        for _ in range(self.workers):
            pool.schedule(_prepare_triage)

    def _started_pool(self) -> ProcessPool:
        """The pool, its workers started. Blocks for as long as starting them takes (a
        second or more): call it from a thread, never from the event loop."""
        with self._lock:
            if self._pool is None:
                # spawn: the server process has threads and an event loop, which a fork
                # would copy half-way; a fresh interpreter imports only the engines.
                pool = ProcessPool(
                    max_workers=self.workers,
                    initializer=_warm_up,
                    initargs=(self.knowledge,),
                    context=multiprocessing.get_context("spawn"),
                )
                pool.schedule(_ready)  # pebble starts its workers on the first job
                # Published only once started: run() on the loop schedules on it directly.
                self._pool = pool
            return self._pool

    def refusal(self, owner: object = None, what: str = "message") -> BusyError | None:
        """The BusyError a job of ``owner`` would meet now, or None when it would be taken."""
        seconds = f"{self.timeout_seconds:g}"
        if self.full:
            if what == "complaint":
                return BusyError(key="busy_complaint", seconds=seconds)
            return BusyError(key="busy_engine", seconds=seconds)
        if self.owner_full(owner):
            return BusyError(key="busy_engine_share", limit=self.per_owner, seconds=seconds)
        return None

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        what: str = "message",
        owner: object = None,
    ) -> T:
        """``function(*args)`` in a worker; EngineTimeoutError past the limit, BusyError when
        the pool is full or ``owner`` (a user id; None: nobody's) has their share in it.

        ``function`` and its arguments and result must pickle (module-level
        functions, bytes, dataclasses). ``what`` names the input in those errors'
        messages: "message" (an upload) or "complaint" (a long complaint's text).
        """
        refused = self.refusal(owner, what)
        if refused is not None:
            raise refused
        self._in_flight += 1
        if owner is not None:
            self._by_owner[owner] = self._by_owner.get(owner, 0) + 1
        try:
            pool = self._pool
            if pool is None:
                # Starting the workers blocks (spawning interpreters); the event loop must
                # not: under a burst right after start /healthz waited 4 s for it.
                pool = await asyncio.to_thread(self._started_pool)
            future = pool.schedule(function, args=args, timeout=self.timeout_seconds)
            try:
                return await asyncio.wrap_future(future)
            except concurrent.futures.TimeoutError:
                seconds = f"{self.timeout_seconds:g}"
                if what == "complaint":
                    raise EngineTimeoutError(key="complaint_timeout", seconds=seconds) from None
                raise EngineTimeoutError(key="engine_timeout", seconds=seconds) from None
        finally:
            self._in_flight -= 1
            if owner is not None:
                left = self._by_owner.pop(owner) - 1
                if left:
                    self._by_owner[owner] = left

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join(timeout=10)
