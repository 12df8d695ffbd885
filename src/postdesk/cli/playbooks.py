"""``postdesk playbooks list|show``: browse the knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json

playbooks_app = typer.Typer(help="cli_help_playbooks")


@playbooks_app.command("list", help="cli_help_playbooks_list")
def list_playbooks(as_json: JsonFlag = False, lang: LangOption = None) -> None:
    """List every playbook with its id, section and title."""
    from rich.console import Console
    from rich.table import Table

    from postdesk.i18n import message
    from postdesk.kb import default_library

    chosen = check_lang(lang)
    library = default_library()
    if as_json:
        print_json(
            [
                {
                    "id": p.id,
                    "section": p.section,
                    "version": p.version,
                    "title": p.title.model_dump(),
                }
                for p in library
            ]
        )
        return
    table = Table(*(message(f"cli_column_{name}", chosen) for name in ("section", "id", "title")))
    for p in library:
        table.add_row(p.section, p.id, p.title.get(chosen))
    Console().print(table)


@playbooks_app.command("show", help="cli_help_playbooks_show")
def show_playbook(
    playbook_id: Annotated[str, typer.Argument(metavar="ID", help="cli_help_playbook_id_example")],
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Show one playbook: summary, notes, signals and every step."""
    from rich.console import Console

    from postdesk.kb import default_library
    from postdesk.kb.render import render_playbook

    chosen = check_lang(lang)
    library = default_library()
    playbook = library.get(playbook_id)
    if as_json:
        print_json(playbook.model_dump(mode="json"))
        return
    Console().print(render_playbook(playbook, chosen, library.profile))


@playbooks_app.command("validate", help="cli_help_playbooks_validate")
def validate_playbooks(
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE]...", help="cli_help_playbooks_validate_files"),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="cli_help_lang_from_env"),
    ] = None,
) -> None:
    """Validate playbook files (or the whole library): schema, graph, channels, checks."""
    import os
    import sys
    from pathlib import Path

    from postdesk.cli.usage import os_reason
    from postdesk.errors import PostdeskError
    from postdesk.i18n import message
    from postdesk.kb.load import PlaybookError, load_library, parse_playbook
    from postdesk.kb.validate import problem, validate_playbook
    from postdesk.profile import load_profile

    if lang is None:
        from postdesk.cli.main import error_lang

        chosen = error_lang(sys.argv[1:], os.environ)
    else:
        chosen = check_lang(lang)
    if not files:
        library = load_library()
        typer.echo(message("kb_library_valid", chosen, count=len(library)))
        return
    profile = load_profile()
    problems: list[PostdeskError] = []
    for name in files:
        path = Path(name)
        try:
            playbook = parse_playbook(path.read_text(encoding="utf-8"), name, profile)
        except OSError as err:
            problems.append(problem(name, "kb_unreadable", reason=os_reason(err, chosen)))
            continue
        except PlaybookError as err:
            problems.extend(err.problems)
            continue
        found = validate_playbook(playbook, profile)
        if path.stem != playbook.id:
            found.append(
                problem(f"{name}: id", "kb_id_file_name", id=playbook.id, expected=path.stem)
            )
        problems.extend(found)
        if not found:
            typer.echo(message("kb_file_valid", chosen, file=name))
    if problems:
        raise PlaybookError(problems)


def register(app: typer.Typer) -> None:
    app.add_typer(playbooks_app, name="playbooks")
