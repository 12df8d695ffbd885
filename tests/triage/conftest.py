"""Triage tests write their start-up cache into a temporary folder, not the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from postdesk.triage.cache import CACHE_ENV


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("triage-cache"))
    yield
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous
