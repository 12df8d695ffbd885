"""``postdesk playbooks list|show``: browse the knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json

playbooks_app = typer.Typer(help="Browse the playbooks (one per section of the work instruction).")


@playbooks_app.command("list")
def list_playbooks(as_json: JsonFlag = False, lang: LangOption = "zh") -> None:
    """List every playbook with its id, section and title."""
    from rich.console import Console
    from rich.table import Table

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
    table = Table("section", "id", "title")
    for p in library:
        table.add_row(p.section, p.id, p.title.get(chosen))
    Console().print(table)


@playbooks_app.command("show")
def show_playbook(
    playbook_id: Annotated[
        str, typer.Argument(metavar="ID", help="playbook id, e.g. cannot-receive")
    ],
    as_json: JsonFlag = False,
    lang: LangOption = "zh",
) -> None:
    """Show one playbook: summary, notes, signals and every step."""
    from rich.console import Console

    from postdesk.kb import default_library
    from postdesk.kb.render import render_playbook

    chosen = check_lang(lang)
    playbook = default_library().get(playbook_id)
    if as_json:
        print_json(playbook.model_dump(mode="json"))
        return
    Console().print(render_playbook(playbook, chosen))


def register(app: typer.Typer) -> None:
    app.add_typer(playbooks_app, name="playbooks")
