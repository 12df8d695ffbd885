"""``postdesk users add``: create desk accounts from the command line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from postdesk.cli.actor import AsOption
from postdesk.cli.common import output_lang, pad, say


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(help="cli_help_users", no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @users_app.command("add", help="cli_help_users_add")
    def add(
        username: Annotated[str, typer.Argument(help="cli_help_users_username")],
        role: Annotated[str, typer.Option(help="cli_help_users_role")] = "agent",
        display_name: Annotated[
            str | None, typer.Option(help="cli_help_users_display_name")
        ] = None,
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="cli_help_users_password_stdin")
        ] = False,
        as_user: AsOption = None,
    ) -> None:
        """Add an account; without --password-stdin a one-time password is generated."""
        from postdesk.cli.actor import acting
        from postdesk.desk.context import Desk
        from postdesk.desk.users import service as users
        from postdesk.desk.users.schemas import UserCreate
        from postdesk.errors import InvalidInputError
        from postdesk.validation import checked

        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
        if password == "":
            # Else a random password nobody ever sees would lock the account.
            raise InvalidInputError(key="cli_password_stdin_empty")
        generated = password is None
        user_in = checked(
            UserCreate,
            username=username,
            role=role,
            display_name=display_name,
            password=password or users.generate_password(),
        )
        desk = Desk.open(migrate=True)
        try:
            with desk.sessions() as db_session:
                # A printed password has been seen on a terminal: it must be changed first.
                actor = acting(db_session, as_user, "users:write")
                user = users.create(
                    db_session=db_session,
                    user_in=user_in,
                    must_change_password=generated,
                    actor_id=actor.id,
                )
                db_session.commit()
        finally:
            desk.close()
        lang = output_lang()
        role_name = say(f"cli_role_{user.role}", lang)
        typer.echo(say("cli_users_added", lang, role=role_name, username=user.username, id=user.id))
        if generated:
            password = user_in.password.get_secret_value()
            typer.echo(say("cli_users_one_time_password_first", lang, password=password), err=True)

    register_admin(users_app)


def _change(who: str, action: str, as_user: str | None, role: str | None = None) -> None:
    """Apply one account change (desk.users.admin) as ``--as`` or the operator; audited."""
    from postdesk.cli.actor import acting
    from postdesk.desk.context import Desk
    from postdesk.desk.users import admin as accounts

    lang = output_lang()
    desk = Desk.open(migrate=True)
    try:
        with desk.sessions() as db_session:
            # The actor (None for the command-line operator) and "via": "cli" go in the audit.
            actor_id = acting(db_session, as_user, "users:write").id
            user = accounts.by_name_or_id(db_session=db_session, who=who)
            if action == "role":
                assert role is not None
                accounts.set_role(
                    db_session=db_session, user_id=user.id, role=role, actor_id=actor_id
                )
                role_name = say(f"cli_role_{role}", lang)
                typer.echo(say("cli_users_role_set", lang, username=user.username, role=role_name))
            elif action == "reset":
                _, password = accounts.reset_password(
                    db_session=db_session, user_id=user.id, actor_id=actor_id
                )
                typer.echo(say("cli_users_password_reset", lang, username=user.username))
                typer.echo(
                    say("cli_users_one_time_password_next", lang, password=password), err=True
                )
            else:
                accounts.set_disabled(
                    db_session=db_session,
                    user_id=user.id,
                    disabled=action == "disable",
                    actor_id=actor_id,
                )
                typer.echo(say(f"cli_users_{action}d", lang, username=user.username))
            db_session.commit()
    finally:
        desk.close()


def register_admin(users_app: typer.Typer) -> None:
    """list, disable, enable, role, reset-password."""

    @users_app.command("list", help="cli_help_users_list")
    def list_users(
        as_json: Annotated[bool, typer.Option("--json", help="cli_help_json_only")] = False,
    ) -> None:
        """Every account: id, name, role, whether active."""
        from postdesk.cli.common import print_json
        from postdesk.desk.context import Desk
        from postdesk.desk.users import service as users

        desk = Desk.open(migrate=True)
        try:
            with desk.reader() as db_session:
                rows = [
                    {"id": u.id, "username": u.username, "role": u.role, "active": u.active}
                    for u in users.list_users(db_session=db_session)
                ]
        finally:
            desk.close()
        if as_json:
            print_json(rows)
            return
        lang = output_lang()
        for row in rows:
            state = say("cli_users_active" if row["active"] else "cli_users_inactive", lang)
            role = pad(say(f"cli_role_{row['role']}", lang), 11)
            typer.echo(f"{row['id']:>5}  {row['username']:<24} {role} {state}")

    @users_app.command("disable", help="cli_help_users_disable")
    def disable(
        who: Annotated[str, typer.Argument(help="cli_help_users_who")], as_user: AsOption = None
    ) -> None:
        """Disable an account: its tokens and web sessions stop at once."""
        _change(who, "disable", as_user)

    @users_app.command("enable", help="cli_help_users_enable")
    def enable(
        who: Annotated[str, typer.Argument(help="cli_help_users_who")], as_user: AsOption = None
    ) -> None:
        """Enable a disabled account again (its user logs in anew)."""
        _change(who, "enable", as_user)

    @users_app.command("role", help="cli_help_users_role_command")
    def role(
        who: Annotated[str, typer.Argument(help="cli_help_users_who")],
        new_role: Annotated[str, typer.Argument(help="cli_help_users_role")],
        as_user: AsOption = None,
    ) -> None:
        """Change an account's role (the last active admin keeps theirs)."""
        _change(who, "role", as_user, new_role)

    @users_app.command("reset-password", help="cli_help_users_reset_password")
    def reset_password(
        who: Annotated[str, typer.Argument(help="cli_help_users_who")], as_user: AsOption = None
    ) -> None:
        """Print a one-time password the user must change at the next login."""
        _change(who, "reset", as_user)
