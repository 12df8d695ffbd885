"""The ``postdesk`` command: one Typer app, each command group in its own module.

Every group module exposes ``register(app)``. Heavy imports stay inside the
command functions so that ``postdesk triage "..."`` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import typer

from postdesk.cli.usage import run_app, use_localised_classes
from postdesk.errors import PostdeskError

if TYPE_CHECKING:  # postdesk.i18n imports pydantic; `bounce`/`triage` start without it
    from postdesk.i18n import Lang

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
    help="cli_help_postdesk",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _group in GROUPS:
    importlib.import_module(f"postdesk.cli.{_group}").register(app)
# Unknown commands and extra arguments raised with what they are, to be worded in the
# CLI's language (postdesk.cli.usage).
use_localised_classes(app)


def error_lang(argv: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """The language of the CLI's error line, chosen once per run.

    ``--lang zh|en`` on the command line (the commands that print in a language
    have it), else ``POSTDESK_LANG``, else the locale of messages as POSIX orders
    it (the first set of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh...`` is
    Chinese), else English.
    """
    for index, arg in enumerate(argv):
        if arg == "--":  # what follows is text, not options
            break
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("zh", "en"):
            return value  # type: ignore[return-value]
    chosen = environ.get("POSTDESK_LANG", "").strip().lower()
    if chosen.startswith(("zh", "en")):
        return "zh" if chosen.startswith("zh") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def fail(message: str, code: int = 2, lang: Lang = "en") -> None:
    """Print ``message`` as one error line on stderr and exit with ``code``."""
    from postdesk.i18n import message as catalogue

    sys.stderr.write(catalogue("cli_error_line", lang, message=message) + "\n")
    raise SystemExit(code)


def main() -> None:
    """Console entry point: user errors become one line and exit code 2, never a traceback.

    The line is in the language of :func:`error_lang`, and so are the command line's
    usage errors (an unknown option, a missing argument, a value that is not a
    number ...: :mod:`postdesk.cli.usage`).
    """
    # A terminal that cannot show a character gets "?" instead of a traceback that
    # ends the batch (JSON output goes out as UTF-8 bytes regardless: cli.common).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    lang = error_lang(sys.argv[1:], os.environ)
    try:
        code = run_app(app, lang)
    except PostdeskError as err:
        fail(err.localised(lang), lang=lang)
    except KeyboardInterrupt:
        from postdesk.i18n import message

        fail(message("cli_interrupted", lang), 130, lang)
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
    raise SystemExit(code)  # 0 too, as Click's standalone mode ends
