"""``postdesk cases``: create, list, note and move the desk's cases from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.assignee import AssigneeOption, UserOption
from postdesk.cli.common import JsonFlag, output_lang, say


def register(app: typer.Typer) -> None:
    cases_app = typer.Typer(help="cli_help_cases", no_args_is_help=True)
    app.add_typer(cases_app, name="cases")

    @cases_app.command("list", help="cli_help_cases_list")
    def list_cases(
        status: Annotated[
            str | None,
            typer.Option(help="cli_help_cases_list_status"),
        ] = None,
        playbook: Annotated[str | None, typer.Option(help="cli_help_cases_list_playbook")] = None,
        domain: Annotated[str | None, typer.Option(help="cli_help_cases_list_domain")] = None,
        assignee: AssigneeOption = None,
        user: UserOption = None,
        page: Annotated[int, typer.Option(min=1, help="cli_help_page")] = 1,
        page_size: Annotated[int, typer.Option(min=1, max=200, help="cli_help_page_size")] = 50,
        as_json: JsonFlag = False,
    ) -> None:
        """List cases, newest first (the same filters as GET /api/cases)."""
        from zoneinfo import ZoneInfo

        from postdesk.cli import assignee as assignees
        from postdesk.cli.common import pad, print_json_page
        from postdesk.desk.cases import service
        from postdesk.desk.cases.status import STATUSES
        from postdesk.desk.context import Desk
        from postdesk.errors import InvalidInputError
        from postdesk.profile.business_time import calendar_of

        if status and status not in STATUSES:
            raise InvalidInputError(
                key="cli_not_one_of", option="--status", value=status, choices=", ".join(STATUSES)
            )
        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                items, total = service.list_cases(
                    db_session=db_session,
                    page=page,
                    page_size=page_size,
                    status=status,
                    playbook_id=playbook,
                    domain=domain,
                    assignee_id=assignees.resolve(db_session, assignee, user),  # type: ignore[arg-type]
                    calendar=calendar_of(desk.profile),
                    now=desk.clock(),
                )
        finally:
            desk.close()
        if as_json:
            print_json_page(items, total, page, page_size)
            return
        lang = output_lang()
        zone = ZoneInfo(desk.profile.timezone)  # the provider's time, as the pages show it
        for item in items:
            age = f"{item.age_working_minutes // 60}h{item.age_working_minutes % 60:02d}"
            created = item.created_at.astimezone(zone)
            status = pad(say(f"cli_case_status_{item.status}", lang), 16)
            typer.echo(
                f"{item.id:>6}  {status}  {item.playbook_id:<32}  "
                f"{item.customer_domain or '-':<30}  {created:%Y-%m-%d %H:%M %z}  {age:>8}"
            )
        typer.echo(say("cli_cases_page", lang, shown=len(items), total=total, page=page))

    @cases_app.command("create", help="cli_help_cases_create")
    def create(
        complaint: Annotated[str, typer.Argument(help="cli_help_cases_create_complaint")],
        playbook: Annotated[str | None, typer.Option(help="cli_help_cases_create_playbook")] = None,
        domain: Annotated[str | None, typer.Option(help="cli_help_cases_create_domain")] = None,
        channel: Annotated[str, typer.Option(help="cli_help_cases_create_channel")] = "phone",
        as_user: UserOption = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Open a case from a complaint (POST /api/cases): the same flow, the same customer."""
        from postdesk.cli.actor import acting
        from postdesk.cli.common import print_json
        from postdesk.desk.cases import flows, service
        from postdesk.desk.cases.schemas import CaseCreate
        from postdesk.desk.context import Desk
        from postdesk.desk.jobs_bridge import queue_escalations
        from postdesk.validation import checked

        if complaint == "-":
            import sys

            complaint = sys.stdin.read(20_001)  # one more than a case takes: refused, not cut
        case_in = checked(
            CaseCreate,
            complaint=complaint,
            playbook_id=playbook,
            channel=channel,
            customer={"domain": domain} if domain else None,
        )
        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                actor = acting(db_session, as_user, "cases:write")
                result = flows.create_case(
                    desk=desk, db_session=db_session, case_in=case_in, actor=actor
                )
                queue_escalations(desk, result.queued)
                created = service.read(
                    db_session=db_session, case=result.case, public_url=desk.settings.public_url
                )
        finally:
            desk.close()
        if as_json:
            print_json(created.model_dump(mode="json"))
            return
        lang = output_lang()
        typer.echo(say("cli_cases_created", lang, case=created.id, playbook=created.playbook_id))
        shown = created.customer_domain or created.entities.get("customer_domain")
        if not shown:
            typer.echo(say("cli_cases_customer_none", lang))
            return
        why = created.customer_why
        typer.echo(
            say("cli_cases_customer", lang, domain=shown)
            + (say("cli_cases_customer_why", lang, why=why[lang]) if why else "")
        )

    @cases_app.command("note", help="cli_help_cases_note")
    def note(
        case_id: Annotated[int, typer.Argument(min=1, help="cli_help_case_id")],
        body: Annotated[str, typer.Argument(help="cli_help_cases_note_body")],
        as_user: UserOption = None,
    ) -> None:
        """Add an internal note to a case; audited, shown in its timeline."""
        from postdesk.cli.actor import acting
        from postdesk.desk.cases import notes, service
        from postdesk.desk.context import Desk

        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                actor = acting(db_session, as_user, "cases:write")
                case = service.get(db_session=db_session, case_id=case_id)
                row = notes.add_note(
                    db_session=db_session, case=case, author_id=actor.id, body=body
                )
                added = say(
                    "cli_cases_note_added",
                    output_lang(),
                    note=row.id,
                    case=case_id,
                    user=actor.username,
                )
                typer.echo(added)
        finally:
            desk.close()

    @cases_app.command("status", help="cli_help_cases_status")
    def set_status(
        case_id: Annotated[int, typer.Argument(min=1, help="cli_help_case_id")],
        new_status: Annotated[str, typer.Argument(help="cli_help_cases_status_new")],
        reason: Annotated[str | None, typer.Option(help="cli_help_cases_status_reason")] = None,
        as_user: UserOption = None,
    ) -> None:
        """Move a case to another status (PATCH /api/cases/{id} {"status"}); audited."""
        from postdesk.cli.actor import acting
        from postdesk.desk.cases import flows
        from postdesk.desk.cases.schemas import CaseUpdate
        from postdesk.desk.cases.status import STATUSES
        from postdesk.desk.context import Desk
        from postdesk.errors import InvalidInputError
        from postdesk.validation import checked

        if new_status not in STATUSES:
            raise InvalidInputError(
                key="cli_not_one_of", option="STATUS", value=new_status, choices=", ".join(STATUSES)
            )
        change = checked(CaseUpdate, status=new_status, reason=reason)
        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                actor = acting(db_session, as_user, "cases:write")
                case = flows.update_case(
                    desk=desk, db_session=db_session, case_id=case_id, case_in=change, actor=actor
                )
                lang = output_lang()
                status = say(f"cli_case_status_{case.status}", lang)
                typer.echo(
                    say(
                        "cli_cases_status_set",
                        lang,
                        case=case.id,
                        status=status,
                        user=actor.username,
                    )
                )
        finally:
            desk.close()
