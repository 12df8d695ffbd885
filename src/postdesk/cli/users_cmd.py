"""``postdesk users add``: create desk accounts from the command line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(help="Manage desk accounts.", no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @users_app.command("add")
    def add(
        username: Annotated[str, typer.Argument(help="login name")],
        role: Annotated[str, typer.Option(help="agent, supervisor or admin")] = "agent",
        display_name: Annotated[str | None, typer.Option(help="name shown to others")] = None,
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="read the password from stdin")
        ] = False,
    ) -> None:
        """Add an account; without --password-stdin a one-time password is generated."""
        from pydantic import ValidationError

        from postdesk.desk.context import Desk
        from postdesk.desk.users import service as users
        from postdesk.desk.users.schemas import UserCreate
        from postdesk.errors import InvalidInputError

        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
        if password == "":
            # Else a random password nobody ever sees would lock the account.
            raise InvalidInputError(
                "--password-stdin read no password; pipe one in, e.g. "
                "printf '%s\\n' \"$PASSWORD\" | postdesk users add NAME --password-stdin, "
                "or leave the option out to get a one-time password"
            )
        generated = password is None
        try:
            user_in = UserCreate(
                username=username,
                role=role,  # type: ignore[arg-type]
                display_name=display_name,
                password=password or users.generate_password(),
            )
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()
            )
            raise InvalidInputError(problems) from None
        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                # A printed password has been seen on a terminal: it must be changed first.
                user = users.create(
                    db_session=db_session, user_in=user_in, must_change_password=generated
                )
                db_session.commit()
        finally:
            desk.close()
        typer.echo(f"added {user.role} {user.username!r} (id {user.id})")
        if generated:
            typer.echo(
                f"one-time password: {user_in.password.get_secret_value()} "
                "(to be changed at the first login)",
                err=True,
            )
