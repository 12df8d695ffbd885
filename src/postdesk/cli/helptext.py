"""The CLI's ``--help`` in the CLI's language, worded by the message catalogue.

Every group, command, option and argument names its help by a key of
``postdesk/locale/messages.yaml`` (``help="cli_help_cases_list"``), never by a
sentence: the code holds no help text. The entry point builds the Click
command tree for its run with :func:`build`, which marks every group and
command with the language chosen for the run (``postdesk.cli.main.error_lang``:
``--lang``, ``POSTDESK_LANG``, the locale). When a help screen is asked for,
:class:`HelpInLanguage` (mixed into the classes of ``postdesk.cli.usage``)
resolves the keys of what it shows, and words Typer's and Click's own parts
from the catalogue too: the usage prefix (the same ``cli_usage_line`` a usage
error shows), the panel titles, the ``--help`` option's own help and the
``[default: ...]``, ``[env var: ...]`` and ``[required]`` notes.

Keys are resolved at help time, not at start: the catalogue (YAML) and
``postdesk.i18n`` (pydantic) stay unloaded for ``triage`` and ``bounce``.
A tree built without :func:`build` (``typer.testing.CliRunner(app)``) shows its
help in English.

The catalogue's texts are plain text: rich markup is escaped. A paragraph whose
lines all start with a space (an example file) keeps its lines as written
(Click's ``\\b`` marker, added here).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from postdesk.i18n import Lang

# Typer's own words on a rich help screen (typer.rich_utils reads these module
# globals while it renders) -> the catalogue key that words them. "{}" is where
# Typer puts the value.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "cli_help_panel_arguments",
    "OPTIONS_PANEL_TITLE": "cli_help_panel_options",
    "COMMANDS_PANEL_TITLE": "cli_help_panel_commands",
    "DEFAULT_STRING": "cli_help_default",
    "ENVVAR_STRING": "cli_help_env_var",
    "REQUIRED_LONG_STRING": "cli_help_required",
    "DEPRECATED_STRING": "cli_help_deprecated",
}


def build(app: typer.Typer, lang: Lang) -> Any:
    """The Click command of ``app`` with every group and command set to show help in ``lang``."""
    import typer.main

    command = typer.main.get_command(app)
    for node in walk(command):
        if isinstance(node, HelpInLanguage):
            node.help_lang = lang
    return command


def walk(command: Any) -> Iterator[Any]:
    """``command`` and, for a group, every command under it (depth first, in listing order)."""
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from walk(sub)


def _preformatted(paragraph: str) -> str:
    lines = paragraph.split("\n")
    if all(line.startswith(" ") for line in lines if line.strip()):
        return "\b\n" + paragraph
    return paragraph


def text(key: str | None, lang: Lang) -> str | None:
    """The help named by ``key`` in ``lang``, ready for Typer's rich rendering;
    ``key`` itself when it is not a key of the catalogue (or None)."""
    from rich.markup import escape

    from postdesk.i18n import message, messages

    if not key or key not in messages():
        return key
    worded = escape(message(key, lang))
    return "\n\n".join(_preformatted(part) for part in worded.split("\n\n"))


def resolve(command: Any, ctx: Any, lang: Lang) -> None:
    """Every help of what ``command``'s help screen shows, from its key to its text:
    the command's own, its parameters' (``--help`` too) and, for a group, its
    commands' (their first paragraph is listed)."""
    for node in (command, *getattr(command, "commands", {}).values()):
        node.help = text(node.help, lang)
        node.short_help = text(node.short_help, lang)
        node.epilog = text(node.epilog, lang)
    help_option = command.get_help_option(ctx)  # Click keeps this one object per command
    if help_option is not None:
        help_option.help = text("cli_help_help_option", lang)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = text(param.help, lang)


@contextmanager
def rendering_in(lang: Lang) -> Iterator[None]:
    """While a help screen renders: Typer's words (panel titles, default/env var/required
    notes) in ``lang``, and help texts that fold where they do not fit.

    Rich wraps a line only at spaces and cuts a longer "word" with "…" inside the
    options table; Chinese has no spaces, so a Chinese help lost its end. Folded, it
    goes on on the next line (Typer's own afterwards, for both).
    """
    from rich.text import Text
    from typer import rich_utils

    from postdesk.i18n import message

    # These are Typer's own names (0.29): one a later Typer drops is left out, and
    # tests/cli/test_help_language.py shows what then reads in English or is cut.
    present = [name for name in (*TYPER_WORDS, "_make_rich_text") if hasattr(rich_utils, name)]
    saved = {name: getattr(rich_utils, name) for name in present}
    make_text = saved.get("_make_rich_text")

    def folding(**kwargs: Any) -> Any:
        made = make_text(**kwargs)
        if isinstance(made, Text):
            made.overflow = "fold"
        return made

    try:
        for name, key in TYPER_WORDS.items():
            if name in saved:
                setattr(rich_utils, name, message(key, lang, value="{}"))
        if make_text is not None:
            rich_utils._make_rich_text = folding
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


class HelpInLanguage:
    """Mixed into a Typer group or command class: its help screen in ``help_lang``."""

    help_lang: Lang = "en"

    def format_help(self, ctx: Any, formatter: Any) -> None:
        resolve(self, ctx, self.help_lang)
        with rendering_in(self.help_lang):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from postdesk.i18n import message

        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        prefix = message("cli_usage_line", self.help_lang, usage="")
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)
