"""Shared pytest configuration: where the tests' own data lives.

Everything the tests read is inside the repository (``tests/data``, the
catalogue in ``docs/catalogue.md``), so a fresh clone runs every test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The CLI's error line follows POSTDESK_LANG, else the locale (postdesk.cli.main.error_lang):
# the tests that read it in English must not depend on the locale of whoever runs them.
# Tests of the Chinese line set their own environment.
os.environ["POSTDESK_LANG"] = "en"

# Fixtures for the real servers on loopback (Postfix, Exim, Dovecot, BIND...), for every folder.
pytest_plugins = ["tests.realservers.fixtures"]

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def bounce_corpus() -> Path:
    """The corpus of real bounces (sisimai/set-of-emails, BSD-2; LICENSE beside it)."""
    return DATA / "bounces"
