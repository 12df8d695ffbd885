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
from postdesk.errors import PostdeskError
from postdesk.i18n import Lang
from postdesk.web.csrf import checked_page_user
from postdesk.web.i18n import lang_of

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


def validation_problems(err: ValidationError, lang: Lang = "en") -> str:
    """A form's validation errors on one line, ``field: problem; other: problem``, in ``lang``."""
    from postdesk.validation import problem_text

    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem_text(problem, lang)}"
        for problem in err.errors()
    )


def localise(err: PostdeskError, request: Request) -> str:
    """An error as the page's reader reads it (the catalogue's text in the page's language)."""
    return err.localised(lang_of(request))


def problems_text(err: Exception, request: Request) -> str:
    """A refused form's problem in the page's language: a desk error or a validation error."""
    if isinstance(err, ValidationError):
        return validation_problems(err, lang_of(request))
    if isinstance(err, PostdeskError):
        return localise(err, request)
    return str(err)


def walk_field_errors(
    err: PostdeskError, names: list[str], request: Request
) -> tuple[dict[str, str], list[str]]:
    """Per-field and general messages of a refused walk step, in the page's language."""
    from postdesk.kb.runner import FieldsError

    lang = lang_of(request)
    if isinstance(err, FieldsError):
        per_field: dict[str, str] = {}
        general: list[str] = []
        for problem in err.problems:
            if problem.field in names:
                per_field[str(problem.field)] = problem.localised(lang)
            else:
                general.append(problem.localised(lang))
        return per_field, general
    return {}, [err.localised(lang)]
