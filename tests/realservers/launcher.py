"""The life of every launcher: configure, start in a sandbox, wait until it answers, stop."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from tests.realservers.availability import require_path
from tests.realservers.sandbox import Sandbox


class Launcher:
    """Base of the server launchers (context managers).

    A subclass names the programs it needs (``required``), builds its ``Sandbox`` (writing its
    configuration, choosing its ports) in ``build()``, and says when it answers in ``ready()``.
    """

    name = "server"
    required: tuple[str, ...] = ()
    readiness = "an answer"

    def __init__(self) -> None:
        self.sandbox: Sandbox | None = None

    def build(self) -> Sandbox:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def before_start(self) -> None:
        """Start what the server needs beside it (e.g. a capture for its DSNs)."""

    def after_stop(self) -> None:
        """Stop what ``before_start`` started."""

    def start(self) -> Self:
        for path in self.required:
            require_path(path, self.name)
        self.before_start()
        try:
            self.sandbox = self.build()
            self.sandbox.start()
            self.sandbox.wait_until(self.ready, self.readiness)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
        self.after_stop()
        if self.sandbox is not None:
            self.sandbox.cleanup()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_text(self, limit: int = 12_000) -> str:
        return self.sandbox.log_text(limit) if self.sandbox else "(not started)"

    @property
    def workdir(self) -> Path | None:
        return self.sandbox.workdir if self.sandbox else None
