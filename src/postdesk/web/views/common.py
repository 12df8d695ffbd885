"""Dependencies and small helpers shared by the page modules."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from postdesk.desk.context import Desk
from postdesk.desk.deps import get_db
from postdesk.desk.users.models import User
from postdesk.web.auth import page_user

PageUser = Annotated[User, Depends(page_user)]
PageDb = Annotated[Session, Depends(get_db)]


def desk_of(request: Request) -> Desk:
    return request.app.state.desk  # type: ignore[no-any-return]


def field_errors(message: str, names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a runner message ``"name: problem; other: problem"`` into per-field errors.

    Parts that name no field of the form stay general errors.
    """
    per_field: dict[str, str] = {}
    general: list[str] = []
    for part in message.split("; "):
        name, _, rest = part.partition(":")
        if name.strip() in names and rest:
            per_field[name.strip()] = rest.strip()
        elif part.strip():
            general.append(part.strip())
    return per_field, general
