"""The ``postdesk`` command: one Typer app, each command group in its own module.

Every group module exposes ``register(app)``. Heavy imports stay inside the
command functions so that ``postdesk triage "..."`` starts fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from postdesk.errors import PostdeskError

# Command-group modules under postdesk.cli, in the order ``--help`` lists them.
GROUPS = [
    "playbooks",
    "run",
    "profile_cmd",
    "rules_cmd",
    "db_cmd",
    "serve_cmd",
    "users_cmd",
    "cases_cmd",
    "reminders_cmd",
    "customers_cmd",
    "triage_cmd",
    "diagnose_cmd",
    "bounce_cmd",
    "inspect_cmd",
]

app = typer.Typer(
    name="postdesk",
    help="postdesk: support desk for a hosted enterprise mail provider's customer service.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _group in GROUPS:
    importlib.import_module(f"postdesk.cli.{_group}").register(app)


def fail(message: str, code: int = 2) -> None:
    """Print ``message`` as one error line on stderr and exit with ``code``."""
    sys.stderr.write(f"postdesk: error: {message}\n")
    raise SystemExit(code)


def main() -> None:
    """Console entry point: user errors become one line and exit code 2, never a traceback."""
    # A terminal that cannot show a character gets "?" instead of a traceback that
    # ends the batch (JSON output goes out as UTF-8 bytes regardless: cli.common).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        app()
    except PostdeskError as err:
        fail(str(err))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
