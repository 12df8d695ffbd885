"""Helpers shared by the command modules: JSON output, the language option, the library."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # postdesk.i18n imports pydantic: ~90 ms that `bounce`/`triage` never need
    from postdesk.i18n import Lang

LangOption = Annotated[str | None, typer.Option("--lang", help="cli_help_lang")]
JsonFlag = Annotated[bool, typer.Option("--json", help="cli_help_json")]


def check_lang(lang: str | None) -> Lang:
    """``lang`` as a Lang, or a clear error. Not given (None): ``POSTDESK_LANG`` when it
    names zh or en, else zh (the desk's agents read Chinese first)."""
    from postdesk.errors import InvalidInputError

    if lang is None:
        import os

        chosen = os.environ.get("POSTDESK_LANG", "").strip().lower()
        return "en" if chosen.startswith("en") else "zh"
    if lang not in ("zh", "en"):
        raise InvalidInputError(key="cli_lang_unknown", lang=lang)
    return lang  # type: ignore[return-value]


def output_lang(lang: str | None = None) -> Lang:
    """The language a command prints in: ``lang`` (its --lang) when given, else the
    CLI's (POSTDESK_LANG, then the locale: :func:`postdesk.cli.main.error_lang`)."""
    if lang is not None:
        return check_lang(lang)
    import os

    from postdesk.cli.main import error_lang

    return error_lang(sys.argv[1:], os.environ)


def say(key: str, lang: Lang, /, **values: object) -> str:
    """The catalogue's line ``key`` in ``lang`` (every sentence the CLI prints is one)."""
    from postdesk.i18n import message

    return message(key, lang, **values)


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def write_utf8(text: str) -> None:
    """``text`` on stdout as UTF-8, whatever the terminal's encoding (JSON is UTF-8).

    A lone surrogate, which no encoding can carry, becomes "?" rather than ending
    the output half-way; the engines already replace undecodable input at their edge.
    """
    data = text.encode("utf-8", "replace")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()  # text written before stays before
    buffer.write(data)
    buffer.flush()


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, Chinese kept readable."""
    write_utf8(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def print_json_page(items: list[Any], total: int, page: int, page_size: int) -> None:
    """One page of a list (pydantic rows) as the API's page shape, pretty JSON on stdout."""
    print_json(
        {
            "items": [item.model_dump(mode="json") for item in items],
            "total": total,
            "page": page,
            "page_size": page_size,
        }
    )


def print_json_line(value: Any) -> None:
    """One compact JSON line on stdout (JSON Lines)."""
    write_utf8(json.dumps(value, ensure_ascii=False) + "\n")
