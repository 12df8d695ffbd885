"""Dependencies and small helpers shared by the page modules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from postdesk.desk.context import Desk
from postdesk.desk.deps import get_db
from postdesk.desk.users.models import User
from postdesk.web.csrf import checked_page_user

# The logged-in user; for a post also the CSRF token (postdesk.web.csrf), checked after the login.
PageUser = Annotated[User, Depends(checked_page_user)]
PageDb = Annotated[Session, Depends(get_db)]


async def page_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, read on the event loop (no database here), closed after the answer.

    Handlers that take it stay plain functions and run in a worker thread, so
    their database work never waits on the event loop's thread (see page_user).
    """
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


PageForm = Annotated[FormData, Depends(page_form)]


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


def validation_problems(err: ValidationError) -> str:
    """A form's validation errors on one line: ``field: problem; other: problem``."""
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
        for problem in err.errors()
    )
