"""Run the real ``postdesk`` CLI in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def postdesk(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> CliResult:
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "postdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=60,
        check=False,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)
