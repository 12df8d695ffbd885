"""The one error a launcher raises: what went wrong, with the server's log attached."""

from __future__ import annotations

from typing import Protocol


class HasLog(Protocol):
    name: str

    def log_text(self, limit: int = ...) -> str: ...


class ServerError(AssertionError):
    """A real server did not start, answer or stop as asked. An AssertionError so that pytest
    reports it as a test failure with the message (and the log in it) shown in full."""

    def __init__(self, message: str, server: HasLog | None = None) -> None:
        if server is not None:
            message = f"{message}\n--- {server.name} log ---\n{server.log_text()}"
        super().__init__(message)
