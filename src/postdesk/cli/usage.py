"""Command-line usage errors in the CLI's language, worded by the message catalogue.

Typer (with the Click it carries) words a wrong command line in English. The
entry point (:func:`postdesk.cli.main.main`) runs the app with
``standalone_mode=False`` so that those errors reach it as exceptions, and
:func:`show_usage_error` says them again from ``postdesk/locale/messages.yaml``,
built from what the exception carries: the option's name and its close
matches (``NoSuchOption``), the missing parameter (``MissingParameter``), the
parameter and pydantic's structured problem with the given input
(``BadParameter``: Typer converts values with pydantic), the option used
without its value or with one it does not take (``BadOptionUsage``).

Three errors Typer raises as a bare ``UsageError`` with only an English sentence
(an unknown command, a group without its command, extra arguments) are raised
instead as :class:`UnknownCommand`, :class:`MissingCommand` and
:class:`UnexpectedArguments` by :class:`PostdeskGroup` and :class:`PostdeskCommand`,
which :func:`use_localised_classes` sets on every group and command of the app.

The usage line, the "try --help" hint and, in Typer's rich mode, the error
panel's title are in the same language; the exit code is the exception's own
(2 for a usage error, as Click's; 1 for an abort at a prompt).
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from postdesk.cli.helptext import HelpInLanguage, build

if TYPE_CHECKING:
    from postdesk.i18n import Lang


class UnknownCommand(click_errors.UsageError):
    """``postdesk NAME`` where the group has no command ``NAME``."""

    def __init__(self, command_name: str, close: list[str], ctx: Any) -> None:
        super().__init__(f"No such command {command_name!r}.", ctx)
        self.command_name = command_name
        self.close = close


class MissingCommand(click_errors.UsageError):
    """A group given options but none of its commands."""

    def __init__(self, ctx: Any) -> None:
        super().__init__("Missing command.", ctx)


class UnexpectedArguments(click_errors.UsageError):
    """Words left over after a command's arguments (often unquoted text with spaces)."""

    def __init__(self, extra: list[str], ctx: Any) -> None:
        super().__init__(f"Got unexpected extra argument(s) ({' '.join(extra)})", ctx)
        self.extra = extra


def _visible_commands(group: TyperGroup, ctx: Any) -> list[str]:
    names = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            names.append(name)
    return names


def _parse_in(ctx: Any, parse: Callable[[], list[str]]) -> list[str]:
    """``parse()``; a usage error its parser raised without a context gets ``ctx``
    (for the usage line and to find the option a ``BadOptionUsage`` names)."""
    try:
        return parse()
    except click_errors.UsageError as err:
        if err.ctx is None:
            err.ctx = ctx
            err.cmd = ctx.command
        raise


class PostdeskGroup(HelpInLanguage, TyperGroup):
    """A Typer group whose unknown or missing command is a structured error,
    and whose help is in the run's language (postdesk.cli.helptext)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse_in(ctx, lambda: super(PostdeskGroup, self).parse_args(ctx, args))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click_errors.UsageError as err:
            if type(err) is not click_errors.UsageError or not args:
                raise  # an option before the command, parsed on the way (NoSuchOption ...)
            name = str(args[0])
            close = get_close_matches(name, _visible_commands(self, ctx), n=3)
            raise UnknownCommand(name, close, ctx) from None

    def invoke(self, ctx: Any) -> Any:
        if not getattr(ctx, "_protected_args", True) and not self.invoke_without_command:
            raise MissingCommand(ctx)
        return super().invoke(ctx)


class PostdeskCommand(HelpInLanguage, TyperCommand):
    """A Typer command whose extra arguments are a structured error, and whose help
    is in the run's language (postdesk.cli.helptext).

    Its return value is not passed on: run without standalone mode, the app would
    return it where the entry point reads an exit code (Click ignores it too).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = _parse_in(ctx, lambda: super(PostdeskCommand, self).parse_args(ctx, args))
        finally:
            ctx.allow_extra_args = not strict
        if strict and rest and not ctx.resilient_parsing:
            raise UnexpectedArguments([str(arg) for arg in rest], ctx)
        return rest

    def invoke(self, ctx: Any) -> None:
        super().invoke(ctx)


def use_localised_classes(app: typer.Typer) -> None:
    """Every group and command of ``app`` (recursively) built as the classes above,
    unless one asks for its own class."""
    if isinstance(app.info.cls, DefaultPlaceholder) or app.info.cls is None:
        app.info.cls = PostdeskGroup
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):  # Typer fills in its own class
            command.cls = PostdeskCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_localised_classes(group.typer_instance)


# -- wording --------------------------------------------------------------------------


# What an error echoes of one typed value: enough to recognise it; a pasted 100 KB
# argument echoed whole made a panel of a thousand lines around a one-line error.
SHOWN_AT_MOST = 120


def _shown(value: object) -> str:
    """``value`` as typed, its control characters escaped (``\\x1b``): an argument must
    not drive the terminal that shows the error. Long values are cut with "…"."""
    text = str(value)
    cut = len(text) > SHOWN_AT_MOST
    text = text[:SHOWN_AT_MOST]
    if not text.isprintable():
        text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return text + "…" if cut else text


def _quoted(names: list[str]) -> str:
    return ", ".join(_shown(name) for name in names)


def _param_name(param: Any) -> str:
    """How the command line spells a parameter: ``--page-size`` or ``--spam-like / --clean``
    for an option, the metavar (``ID``) or the upper-cased name for an argument."""
    opts = list(getattr(param, "opts", None) or [])
    if getattr(param, "param_type_name", "") == "option" and opts:
        return " / ".join(opts)
    metavar = getattr(param, "metavar", None)
    if metavar:
        return str(metavar)
    return str(getattr(param, "name", "") or "").upper()


def _option_by_name(ctx: Any, option_name: str) -> Any:
    command = getattr(ctx, "command", None)
    for param in getattr(command, "params", None) or []:
        if option_name in (*param.opts, *param.secondary_opts):
            return param
    return None


def os_reason(err: OSError, lang: Lang) -> str:
    """Why a file could not be opened, from the catalogue for the common cases
    (the system's own text otherwise)."""
    from postdesk.i18n import message

    keys = {
        errno.ENOENT: "cli_usage_os_not_found",
        errno.EACCES: "cli_usage_os_denied",
        errno.EISDIR: "cli_usage_os_is_folder",
        errno.ENOTDIR: "cli_usage_os_not_folder",
    }
    key = keys.get(err.errno or 0)
    return message(key, lang) if key else (err.strerror or str(err))


def _bad_value(err: Any, lang: Lang) -> str:
    """A value Typer could not convert or check: the parameter, the input, the problem."""
    from pydantic import ValidationError

    from postdesk.i18n import message, messages
    from postdesk.validation import problem_text

    name = _param_name(err.param) if err.param is not None else ""
    if err.param is None and err.param_hint:
        hint = err.param_hint
        name = hint if isinstance(hint, str) else " / ".join(hint)
    cause = err.__cause__
    if isinstance(cause, ValidationError):
        lines = []
        for problem in cause.errors():
            value = problem.get("input")
            if f"invalid_{problem.get('type', '')}" in messages():
                lines.append(
                    message(
                        "cli_usage_bad_value",
                        lang,
                        param=name,
                        value=_shown(value),
                        problem=problem_text(problem, lang),
                    )
                )
            else:
                lines.append(
                    message("cli_usage_bad_value_plain", lang, param=name, value=_shown(value))
                )
        return "; ".join(lines)
    if isinstance(cause, OSError):
        return message(
            "cli_usage_file_unopened",
            lang,
            param=name,
            path=_shown(cause.filename if cause.filename is not None else ""),
            reason=os_reason(cause, lang),
        )
    # Raised by a callback with its own text (none of postdesk's commands does).
    return message("cli_usage_bad_value_said", lang, param=name, problem=err.message)


def describe(err: Exception, lang: Lang) -> str:
    """The message of a usage error ``err`` in ``lang``."""
    from postdesk.i18n import message

    if isinstance(err, UnknownCommand):
        if err.close:
            return message(
                "cli_usage_no_command_close",
                lang,
                name=_shown(err.command_name),
                close=_quoted(err.close),
            )
        return message("cli_usage_no_command", lang, name=_shown(err.command_name))
    if isinstance(err, MissingCommand):
        group = err.ctx.command if err.ctx is not None else None
        names = _visible_commands(group, err.ctx) if isinstance(group, TyperGroup) else []
        return message("cli_usage_missing_command", lang, commands=_quoted(names))
    if isinstance(err, UnexpectedArguments):
        return message(
            "cli_usage_extra_arguments", lang, args=_quoted(err.extra).replace(", ", " ")
        )
    if isinstance(err, click_errors.NoSuchOption):
        if err.possibilities:
            return message(
                "cli_usage_no_option_close",
                lang,
                name=_shown(err.option_name),
                close=_quoted(sorted(err.possibilities)),
            )
        return message("cli_usage_no_option", lang, name=_shown(err.option_name))
    if isinstance(err, click_errors.MissingParameter):
        kind = err.param_type or getattr(err.param, "param_type_name", "parameter")
        key = {"argument": "cli_usage_missing_argument", "option": "cli_usage_missing_option"}
        name = _param_name(err.param) if err.param is not None else str(err.param_hint or "")
        return message(key.get(kind, "cli_usage_missing_parameter"), lang, name=name)
    if isinstance(err, click_errors.BadParameter):
        return _bad_value(err, lang)
    if isinstance(err, click_errors.BadOptionUsage):
        option = _option_by_name(err.ctx, err.option_name)
        if option is not None and (getattr(option, "is_flag", False) or option.count):
            return message("cli_usage_option_takes_no_value", lang, name=err.option_name)
        nargs = getattr(option, "nargs", 1) if option is not None else 1
        if nargs > 1:
            return message("cli_usage_option_needs_values", lang, name=err.option_name, n=nargs)
        return message("cli_usage_option_needs_value", lang, name=err.option_name)
    if isinstance(err, click_errors.BadArgumentUsage):
        return message("cli_usage_argument_count", lang)
    if isinstance(err, click_errors.FileError):
        cause = err.__cause__
        reason = os_reason(cause, lang) if isinstance(cause, OSError) else err.message
        return message(
            "cli_usage_file_unopened_plain", lang, path=_shown(err.ui_filename), reason=reason
        )
    from pydantic import ValidationError

    if isinstance(err.__cause__, ValidationError):  # Typer's coercion without a parameter
        from postdesk.validation import problem_text

        return "; ".join(problem_text(problem, lang) for problem in err.__cause__.errors())
    return str(getattr(err, "message", err))


def _uses_rich(ctx: Any) -> bool:
    from typer.core import HAS_RICH

    command = getattr(ctx, "command", None)
    return bool(HAS_RICH) and getattr(command, "rich_markup_mode", None) is not None


def show_usage_error(err: Exception, lang: Lang) -> int:
    """Print ``err`` (a Typer/Click error) on stderr in ``lang``; its exit code."""
    from postdesk.i18n import message

    if isinstance(err, click_errors.NoArgsIsHelpError):
        # The help is the message (plain mode); the rich help was printed already.
        if err.message.strip():
            sys.stderr.write(err.message.rstrip("\n") + "\n")
        return err.exit_code
    ctx = getattr(err, "ctx", None)
    text = describe(err, lang)
    lines: list[str] = []
    if ctx is not None:
        usage = " ".join([ctx.command_path, *ctx.command.collect_usage_pieces(ctx)])
        lines.append(message("cli_usage_line", lang, usage=usage))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                message(
                    "cli_usage_try_help",
                    lang,
                    command=ctx.command_path,
                    option=ctx.help_option_names[0],
                )
            )
    if _uses_rich(ctx):
        from rich.console import Console
        from rich.markup import escape
        from rich.panel import Panel

        console = Console(stderr=True, highlight=False)
        for line in lines:
            console.print(escape(line), soft_wrap=True)
        console.print(
            Panel(
                escape(text),
                border_style="red",
                title=message("cli_usage_error_title", lang),
                title_align="left",
            )
        )
    else:
        if lines:
            lines.append("")
        lines.append(message("cli_usage_error", lang, message=text))
        sys.stderr.write("\n".join(lines) + "\n")
    return int(getattr(err, "exit_code", 2))


def show_abort(lang: Lang) -> int:
    """Ctrl-C or end of input at a prompt: one line, exit code 1 (as Click's Abort)."""
    from postdesk.i18n import message

    sys.stderr.write(message("cli_usage_aborted", lang) + "\n")
    return 1


def run_app(app: typer.Typer, lang: Lang) -> int:
    """Run the Typer ``app`` on ``sys.argv``; its help and usage errors in ``lang``;
    the exit code."""
    try:
        result = build(app, lang)(standalone_mode=False)
    except click_errors.ClickException as err:
        return show_usage_error(err, lang)
    except typer.Abort:
        return show_abort(lang)
    # Without standalone mode an Exit(code) comes back as its code; commands return None.
    return result if isinstance(result, int) and not isinstance(result, bool) else 0
