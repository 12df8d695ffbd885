"""Skip, or under CI fail, when a real server is not installed (the web tests' rule for Chromium).

Every message names ``scripts/install-test-servers``, which installs all of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

INSTALL_HINT = "run scripts/install-test-servers as root (make servers; .ci/run does it)"


def missing(reason: str) -> None:
    """Skip the test with ``reason``, or fail it when CI is set (CI must run every server)."""
    message = f"{reason}: {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}", pytrace=False)
    pytest.skip(message)


def require_path(path: str | Path, server: str) -> None:
    if not Path(path).exists():
        missing(f"{server} is not installed ({path} is missing)")


def require_root(server: str) -> None:
    """The servers run in their own namespaces and as their own users: that takes root."""
    if os.geteuid() != 0:
        missing(f"{server} needs root (namespaces, its own system user)")
