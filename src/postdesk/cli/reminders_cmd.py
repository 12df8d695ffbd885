"""``postdesk reminders list``: the desk's reminders from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.assignee import AssigneeOption, UserOption
from postdesk.cli.common import JsonFlag


def register(app: typer.Typer) -> None:
    reminders_app = typer.Typer(help="Look at the desk's reminders.", no_args_is_help=True)
    app.add_typer(reminders_app, name="reminders")

    @reminders_app.command("list")
    def list_reminders(
        due: Annotated[bool, typer.Option("--due", help="only those due now")] = False,
        overdue: Annotated[bool, typer.Option("--overdue", help="only those gone overdue")] = False,
        assignee: AssigneeOption = None,
        user: UserOption = None,
        include_done: Annotated[bool, typer.Option("--done", help="done ones too")] = False,
        page: Annotated[int, typer.Option(min=1)] = 1,
        page_size: Annotated[int, typer.Option(min=1, max=200)] = 50,
        as_json: JsonFlag = False,
    ) -> None:
        """List reminders, soonest due first (the same filters as GET /api/reminders)."""
        from postdesk.cli import assignee as assignees
        from postdesk.cli.common import print_json_page
        from postdesk.desk.context import Desk
        from postdesk.desk.reminders import service

        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                items, total = service.list_reminders(
                    db_session=db_session,
                    now=desk.clock(),
                    assignee=assignees.resolve(db_session, assignee, user),  # type: ignore[arg-type]
                    due=True if due else None,
                    overdue=True if overdue else None,
                    include_done=include_done,
                    page=page,
                    page_size=page_size,
                )
        finally:
            desk.close()
        if as_json:
            print_json_page(items, total, page, page_size)
            return
        for item in items:
            typer.echo(
                f"{item.id:>6}  case {item.case_id:<6}  {item.state:<8}  "
                f"{item.due_at:%Y-%m-%d %H:%M} UTC  {item.text.get('zh', '')}"
            )
        typer.echo(f"{len(items)} of {total} reminder(s), page {page}")
