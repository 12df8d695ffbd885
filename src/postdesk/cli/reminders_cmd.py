"""``postdesk reminders list``: the desk's reminders from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.assignee import AssigneeOption, UserOption
from postdesk.cli.common import JsonFlag, output_lang, pad, say


def register(app: typer.Typer) -> None:
    reminders_app = typer.Typer(help="cli_help_reminders", no_args_is_help=True)
    app.add_typer(reminders_app, name="reminders")

    @reminders_app.command("list", help="cli_help_reminders_list")
    def list_reminders(
        due: Annotated[bool, typer.Option("--due", help="cli_help_reminders_due")] = False,
        overdue: Annotated[
            bool, typer.Option("--overdue", help="cli_help_reminders_overdue")
        ] = False,
        assignee: AssigneeOption = None,
        user: UserOption = None,
        include_done: Annotated[
            bool, typer.Option("--done", help="cli_help_reminders_done_too")
        ] = False,
        page: Annotated[int, typer.Option(min=1, help="cli_help_page")] = 1,
        page_size: Annotated[int, typer.Option(min=1, max=200, help="cli_help_page_size")] = 50,
        as_json: JsonFlag = False,
    ) -> None:
        """List reminders, soonest due first (the same filters as GET /api/reminders)."""
        from zoneinfo import ZoneInfo

        from postdesk.cli import assignee as assignees
        from postdesk.cli.actor import acting
        from postdesk.cli.common import print_json_page
        from postdesk.desk.context import Desk
        from postdesk.desk.reminders import service

        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                # Named (--as), the user's own view: an agent lists their own and the
                # unassigned cases' reminders (the API's rule); the operator lists all.
                viewer = acting(db_session, user, "cases:read")
                chosen = assignees.resolve(db_session, assignee, user)
                items, total = service.list_reminders(
                    db_session=db_session,
                    now=desk.clock(),
                    assignee=chosen,  # type: ignore[arg-type]
                    viewer_id=service.viewer_scope(
                        role=viewer.role,
                        user_id=viewer.id,
                        assignee=chosen,  # type: ignore[arg-type]
                        case_id=None,
                    ),
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
        lang = output_lang()
        zone = ZoneInfo(desk.profile.timezone)  # the provider's time, as the pages show it
        for item in items:
            due_at = item.due_at.astimezone(zone)
            case = pad(say("cli_reminder_case", lang, case=item.case_id), 11)
            state = pad(say(f"cli_reminder_state_{item.state}", lang), 8)
            text = item.text.get(lang) or item.text.get("zh", "")
            typer.echo(f"{item.id:>6}  {case}  {state}  {due_at:%Y-%m-%d %H:%M %z}  {text}")
        typer.echo(say("cli_reminders_page", lang, shown=len(items), total=total, page=page))

    @reminders_app.command("done", help="cli_help_reminders_done")
    def done(
        reminder_id: Annotated[int, typer.Argument(min=1, help="cli_help_reminder_id")],
        note: Annotated[str | None, typer.Option(help="cli_help_reminders_note")] = None,
        user: UserOption = None,
    ) -> None:
        """Mark a reminder done (POST /api/reminders/{id}/done); audited."""
        from postdesk.cli.actor import acting
        from postdesk.desk.context import Desk
        from postdesk.desk.reminders import flows
        from postdesk.errors import InvalidInputError

        if note is not None and len(note) > 2000:
            raise InvalidInputError(key="cli_note_too_long", length=len(note), limit=2000)
        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                actor = acting(db_session, user, "cases:write")
                row = flows.done(
                    desk=desk,
                    db_session=db_session,
                    reminder_id=reminder_id,
                    actor=actor,
                    note=note or None,
                )
                typer.echo(
                    say(
                        "cli_reminder_done",
                        output_lang(),
                        reminder=row.id,
                        case=row.case_id,
                        user=actor.username,
                    )
                )
        finally:
            desk.close()
