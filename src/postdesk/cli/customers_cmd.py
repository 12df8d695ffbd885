"""``postdesk customers``: list and search, show one with its cases, merge two records."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from postdesk.cli.actor import AsOption
from postdesk.cli.common import JsonFlag, output_lang, say


def _row(customer: Any) -> dict[str, Any]:
    return {
        "id": customer.id,
        "domain": customer.domain,
        "company_name": customer.company_name,
        "merged_into_id": customer.merged_into_id,
    }


def register(app: typer.Typer) -> None:
    customers_app = typer.Typer(help="cli_help_customers", no_args_is_help=True)
    app.add_typer(customers_app, name="customers")

    @customers_app.command("list", help="cli_help_customers_list")
    def list_customers(
        query: Annotated[str | None, typer.Option("--q", help="cli_help_customers_q")] = None,
        page: Annotated[int, typer.Option(min=1, help="cli_help_page")] = 1,
        page_size: Annotated[int, typer.Option(min=1, max=200, help="cli_help_page_size")] = 50,
        as_json: JsonFlag = False,
    ) -> None:
        """Customers, newest first, with their case counts."""
        from postdesk.cli.common import print_json
        from postdesk.desk.context import Desk
        from postdesk.desk.customers import records

        desk = Desk.open(migrate=True)
        try:
            with desk.reader() as db_session:
                rows, total = records.search(
                    db_session=db_session, text=query, page=page, page_size=page_size
                )
                shown = [
                    {**_row(row.customer), "cases": row.case_count, "open": row.open_cases}
                    for row in rows
                ]
        finally:
            desk.close()
        if as_json:
            print_json({"items": shown, "total": total, "page": page})
            return
        for item in shown:
            company = item["company_name"] or ""
            typer.echo(f"{item['id']:>6}  {item['domain']:<32} {item['cases']:>5}  {company}")
        typer.echo(say("cli_customers_total", output_lang(), total=total))

    @customers_app.command("show", help="cli_help_customers_show")
    def show(
        customer_id: Annotated[int, typer.Argument(min=1, help="cli_help_customer_id")],
    ) -> None:
        """One customer as JSON: domains, contacts, newest cases, escalations, incidents."""
        from postdesk.cli.common import print_json
        from postdesk.desk.context import Desk
        from postdesk.desk.customers import records
        from postdesk.desk.customers.views import detail

        desk = Desk.open(migrate=True)
        try:
            with desk.reader() as db_session:
                customer = records.get(db_session=db_session, customer_id=customer_id)
                print_json(detail(db_session, customer).model_dump(mode="json"))
        finally:
            desk.close()

    @customers_app.command("merge", help="cli_help_customers_merge")
    def merge(
        survivor_id: Annotated[int, typer.Argument(min=1, help="cli_help_customers_survivor")],
        merged_id: Annotated[int, typer.Argument(min=1, help="cli_help_customers_merged")],
        as_user: AsOption = None,
    ) -> None:
        """Merge a record into another: its cases and contacts move; audited."""
        from postdesk.cli.actor import acting
        from postdesk.desk.context import Desk
        from postdesk.desk.customers import records

        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                actor = acting(db_session, as_user, "customers:merge")
                done = records.merge(
                    db_session=db_session,
                    survivor_id=survivor_id,
                    merged_id=merged_id,
                    actor_id=actor.id,
                )
                db_session.commit()
                merged = say(
                    "cli_customers_merged",
                    output_lang(),
                    merged=done.merged.domain,
                    survivor=done.survivor.domain,
                    cases=len(done.moved_case_ids),
                    contacts=done.moved_contacts,
                )
                typer.echo(merged)
        finally:
            desk.close()
