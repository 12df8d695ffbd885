"""Who a command that changes the desk acts as: ``--as USER`` (or ``POSTDESK_USER``).

A desk user named with ``--as`` is the actor of every audit event the command
writes, with that user's role checked as the pages and the API check it. With
no name the actor is the command-line operator, ``cli``: whoever runs commands
at the desk's machine already holds its database and keys (docs/security.md),
so the operator may do what an admin may; the audit then records no user and
the timeline shows ``cli``. Either way each event carries ``"via": "cli"``
(desk.audit.service.mark_via), so the trail tells the command line's changes
from those made on the pages or through the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from postdesk.desk.users.models import User

CLI_IDENTITY = "cli"

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        "--user",
        envvar="POSTDESK_USER",
        help="cli_help_as_user",
    ),
]


def operator() -> User:
    """The command-line operator as a user object that is never stored (no id)."""
    from postdesk.desk.users.models import User

    return User(id=None, username=CLI_IDENTITY, role="admin", active=True)


def acting(db_session: Session, name: str | None, permission: str | None = None) -> User:
    """The user the command acts as, its session marked so its audit says ``via: cli``.

    ``name``: a desk user name or id (``--as``), or None for the operator.
    ``permission``: what the command needs; a named user's role must hold it.
    """
    from postdesk.desk.audit.service import mark_via
    from postdesk.desk.errors import PermissionDeniedError
    from postdesk.desk.users.admin import by_name_or_id
    from postdesk.desk.users.roles import allows

    mark_via(db_session, CLI_IDENTITY)
    if not name:
        return operator()
    user = by_name_or_id(db_session=db_session, who=name)
    if not user.active:
        raise PermissionDeniedError(key="cli_actor_disabled", username=user.username)
    if permission is not None and not allows(user.role, permission):
        raise PermissionDeniedError(
            key="cli_actor_not_allowed",
            username=user.username,
            role=user.role,
            permission=permission,
        )
    return user
