"""``postdesk triage "TEXT"`` and ``postdesk triage --batch FILE``: which playbook fits.

One complaint prints a short table (or ``--json``); a batch reads JSON Lines
``{"text": ...}`` from a file or ``-`` (stdin) and prints one JSON result per
line, in order. Lines may end in LF, CRLF or a lone CR (old Mac files, some
spreadsheet exports). A batch line that cannot be read (invalid UTF-8, not
JSON, nested too deep, no text) gets ``{"error": ...}`` and the rest go on.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from typing import Annotated, Any, BinaryIO

import typer

from postdesk.cli.common import JsonFlag, print_json, print_json_line
from postdesk.errors import InvalidInputError


def _triage_line(raw: bytes, number: int, top: int) -> dict[str, Any]:
    """One batch line's result, or an error object naming the line."""
    import json

    from postdesk.errors import PostdeskError
    from postdesk.triage import triage

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return {"error": f"line {number}: not valid UTF-8 (byte {err.start}); skipped"}
    if not line.strip():
        return {"error": f'line {number}: empty; expected {{"text": "..."}}'}
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return {"error": f'line {number}: not a JSON object like {{"text": "..."}}: {err.msg}'}
    except RecursionError:
        # json's decoder recurses once per nested [ or {: a line of 100,000 "[" ends here.
        from postdesk.i18n import message

        return {"error": message("triage_batch_too_deep", "en", number=number)}
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return {"error": f'line {number}: needs a "text" string, e.g. {{"text": "收不到邮件"}}'}
    try:
        return triage(record["text"], top=top).as_dict()
    except PostdeskError as err:
        return {"error": f"line {number}: {err}"}


def batch_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``stream`` as bytes, whatever ends them: LF, CRLF or CR.

    Read as it comes (stdin may be a pipe). The text layer's universal newlines
    do the splitting; surrogateescape hands undecodable bytes back unchanged, so
    each line is judged as UTF-8 on its own and a bad one is named, not fatal.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline=None)
    try:
        for line in text:
            yield line.removesuffix("\n").encode("utf-8", "surrogateescape")
    finally:
        text.detach()  # the caller owns (and closes) the stream


def _run_batch(stream: BinaryIO, top: int) -> None:
    """One result line per input line, in order (batch output is always JSON)."""
    for number, raw in enumerate(batch_lines(stream), start=1):
        # A blank line still gets its (error) line, so output line N answers input line N.
        print_json_line(_triage_line(raw.strip(), number, top))


def _open_batch(name: str) -> BinaryIO:
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")  # the caller closes it
    except OSError as err:
        raise InvalidInputError(
            key="cli_batch_unreadable", path=name, reason=err.strerror
        ) from None


def _print_table(result: Any) -> None:
    """The ranking and the facts found, in the CLI's language (triage has no --lang)."""
    import os

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from postdesk.cli.main import error_lang
    from postdesk.i18n import message

    lang = error_lang(sys.argv[1:], os.environ)
    console = Console()
    columns = [message(f"cli_column_{name}", lang) for name in ("playbook", "score", "why")]
    table = Table("#", *columns, show_lines=False)
    table.columns[-1].overflow = "fold"  # Chinese has no spaces to wrap at: fold, not "…"
    for rank, candidate in enumerate(result.ranking, start=1):
        why = candidate.why_zh if lang == "zh" and candidate.why_zh else candidate.why
        table.add_row(str(rank), candidate.playbook, f"{candidate.score:.2f}", escape(why))
    console.print(table)
    found = {key: value for key, value in result.entities.as_dict().items() if value}
    for key, values in found.items():
        # customer_domain is one name, the others are lists (a string listed letter by letter)
        shown = [values] if isinstance(values, str) else [_entity_text(v) for v in values]
        label = message(f"cli_entity_{key}", lang)
        line = message("cli_label_value", lang, label=label, value=", ".join(shown))
        console.print(line, markup=False, highlight=False)
    notices = result.notices_zh if lang == "zh" else result.notices
    for notice in notices:
        line = message(
            "cli_label_value", lang, label=message("cli_triage_notice", lang), value=notice
        )
        console.print(line, style="yellow", markup=False, highlight=False)


def _entity_text(value: Any) -> str:
    if isinstance(value, dict) and "ascii" in value:
        name, ascii_name = value["name"], value["ascii"]
        return name if name == ascii_name else f"{name} ({ascii_name})"
    if isinstance(value, dict) and "phrase" in value:
        return f"{value['phrase']} -> {value['playbook']}"
    return str(value)


def triage_command(
    text: Annotated[str | None, typer.Argument(metavar="TEXT", help="cli_help_triage_text")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="cli_help_triage_top")] = 3,
    batch: Annotated[
        str | None,
        typer.Option("--batch", metavar="FILE", help="cli_help_triage_batch"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Say which playbook fits a complaint, how sure, and the facts in it."""
    from postdesk.triage import triage

    if batch is not None:
        if text is not None:
            raise InvalidInputError(key="cli_text_or_batch")
        stream = _open_batch(batch)
        try:
            _run_batch(stream, top)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        return
    if text is None:
        raise InvalidInputError(key="cli_triage_needs_text")
    result = triage(text, top=top)
    if as_json:
        print_json(result.as_dict())
    else:
        _print_table(result)


def register(app: typer.Typer) -> None:
    app.command("triage", help="cli_help_triage")(triage_command)
