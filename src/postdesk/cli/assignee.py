"""``--assignee me|none|<id>|<username>`` for the CLI's lists, the API's ``?assignee=``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from postdesk.cli.actor import AsOption
from postdesk.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:  # SQLAlchemy takes ~190 ms to import: every CLI command paid it at start
    from sqlalchemy.orm import Session

AssigneeOption = Annotated[
    str | None,
    typer.Option(help="cli_help_assignee"),
]
# Who "me" is, and who the command acts as (cli.actor): one option for both.
UserOption = AsOption


def resolve(db_session: Session, assignee: str | None, user: str | None) -> int | str | None:
    """The list filter for ``assignee``: a user id, "none", or None for everyone."""
    from postdesk.desk.users import service as users

    if assignee is None:
        return None
    if assignee == "none":
        return "none"
    if assignee == "me":
        if not user:
            raise InvalidInputError(key="assignee_me_needs_user")
        assignee = user
    if assignee.isdigit():
        return int(assignee)
    found = users.get_by_username(db_session=db_session, username=assignee)
    if found is None:
        raise NotFoundError(key="cli_user_unknown", who=assignee)
    return found.id
