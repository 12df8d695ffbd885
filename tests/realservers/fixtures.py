"""pytest fixtures for the real servers (a plugin: ``tests/conftest.py`` lists it in
``pytest_plugins``, so every test folder can use them).

* ``real_servers`` / ``module_real_servers`` / ``session_real_servers``: a ``ServerPool`` for
  that scope. ``pool.start(Postfix(relay=remote.address))`` starts a launcher and returns it; the
  pool stops everything it started, newest first, when the scope ends.
* ``test_ca`` (session): a private ``CertificateAuthority``; ``mail_cert`` (session): a certificate
  it issued for ``mail.test``, ``localhost`` and ``127.0.0.1``.

When a test fails, the log of every server in the pools (and of any fixture value that has
``log_text()``) is added to the failure report as a section of its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any, Protocol, TypeVar

import pytest

from tests.realservers.pki import CertFiles, CertificateAuthority
from tests.realservers.sandbox import make_workdir

LOG_LIMIT = 6_000


class Startable(Protocol):
    name: str

    def start(self) -> Any: ...

    def stop(self) -> None: ...

    def log_text(self, limit: int = ...) -> str: ...


S = TypeVar("S", bound=Startable)


class ServerPool:
    """Servers started for one fixture scope; all stopped at its end."""

    def __init__(self) -> None:
        self.started: list[Startable] = []

    def start(self, server: S) -> S:
        server.start()
        self.started.append(server)
        return server

    def stop_all(self) -> None:
        errors: list[BaseException] = []
        while self.started:
            server = self.started.pop()
            try:
                server.stop()
            except Exception as error:  # stop the others before reporting
                errors.append(error)
        if errors:
            raise errors[0]

    def logs(self) -> list[tuple[str, str]]:
        return [(server.name, server.log_text(LOG_LIMIT)) for server in self.started]


def _pool() -> Iterator[ServerPool]:
    pool = ServerPool()
    try:
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture
def real_servers() -> Iterator[ServerPool]:
    """Servers that live for one test."""
    yield from _pool()


@pytest.fixture(scope="module")
def module_real_servers() -> Iterator[ServerPool]:
    """Servers shared by the tests of one module."""
    yield from _pool()


@pytest.fixture(scope="session")
def session_real_servers() -> Iterator[ServerPool]:
    """Servers shared by the whole session."""
    yield from _pool()


@pytest.fixture(scope="session")
def test_ca() -> Iterator[CertificateAuthority]:
    """A private CA (its files in a folder the servers' own users can read)."""
    folder = make_workdir("pki")
    try:
        yield CertificateAuthority(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def mail_cert(test_ca: CertificateAuthority) -> CertFiles:
    """A server certificate from ``test_ca`` for mail.test, localhost and 127.0.0.1."""
    return test_ca.issue("mail", ["mail.test", "localhost", "127.0.0.1"])


def _server_logs(item: pytest.Item) -> list[tuple[str, str]]:
    logs: list[tuple[str, str]] = []
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, ServerPool):
            logs.extend(value.logs())
        elif hasattr(value, "log_text") and hasattr(value, "name"):
            try:
                logs.append((str(value.name), value.log_text(LOG_LIMIT)))
            except Exception:  # a log that cannot be read must not hide the failure
                continue
    return logs


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed:
        for name, text in _server_logs(item):
            report.sections.append((f"server log: {name}", text))
    return report
