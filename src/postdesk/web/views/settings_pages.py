"""Settings for admins: the provider profile in use, and the users of the desk."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from postdesk.db.base import MAX_ID
from postdesk.desk.deps import SessionRoute
from postdesk.desk.errors import ConflictError
from postdesk.desk.users import service as users
from postdesk.desk.users.roles import ROLES
from postdesk.desk.users.schemas import UserCreate
from postdesk.errors import NotFoundError, PostdeskError
from postdesk.web.auth import require_page
from postdesk.web.i18n import lang_of
from postdesk.web.render import render
from postdesk.web.views.common import (
    PageDb,
    PageForm,
    PageUser,
    desk_of,
    localise,
    validation_problems,
)

router = APIRouter(include_in_schema=False, route_class=SessionRoute)


def _page(
    request: Request,
    db_session: PageDb,
    *,
    status_code: int = 200,
    created: tuple[str, str] | None = None,
    error: str | None = None,
    reset: tuple[str, str] | None = None,
    changed: str | None = None,
) -> HTMLResponse:
    desk = desk_of(request)
    return render(
        request,
        "settings.html",
        status_code=status_code,
        profile=desk.profile,
        profile_source=str(desk.settings.profile) if desk.settings.profile else "",
        database=desk.settings.resolved_database_url().split("@")[-1].split("?")[0],
        data_dir=str(desk.settings.data_dir.resolve()),
        users=users.list_users(db_session=db_session),
        roles=ROLES,
        created=created,
        error=error,
        reset=reset,
        changed=changed,
        playbook_count=len(desk.library),
    )


@router.get("/settings")
def settings_page(request: Request, db_session: PageDb, user: PageUser) -> HTMLResponse:
    require_page(user, "users:write")
    return _page(request, db_session)


@router.post("/settings/users")
def add_user(request: Request, form: PageForm, db_session: PageDb, user: PageUser) -> HTMLResponse:
    """Add a user; the generated one-time password is shown once on the page."""
    require_page(user, "users:write")
    username = str(form.get("username", "")).strip()
    role = str(form.get("role", "agent"))
    display_name = str(form.get("display_name", "")).strip() or None
    password = users.generate_password()
    try:
        user_in = UserCreate(
            username=username,
            display_name=display_name,
            role=role,  # type: ignore[arg-type]
            password=password,  # type: ignore[arg-type]
        )
        users.create(
            db_session=db_session, user_in=user_in, must_change_password=True, actor_id=user.id
        )
        db_session.commit()
    except ValidationError as err:
        return _page(
            request, db_session, status_code=422, error=validation_problems(err, lang_of(request))
        )
    except ConflictError as err:
        return _page(request, db_session, status_code=409, error=err.localised(lang_of(request)))
    return _page(request, db_session, created=(username, password))


@router.post("/settings/users/{user_id}")
def change_user(
    request: Request,
    user_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    form: PageForm,
    db_session: PageDb,
    user: PageUser,
) -> HTMLResponse:
    """Disable, enable, change the role of, or reset the password of an account (admins).

    The same functions as ``PATCH /api/users/{id}`` and the CLI; a refusal (the
    last active admin) is shown on the page and nothing changes.
    """
    from postdesk.desk.users import admin as accounts

    require_page(user, "users:write")
    action = str(form.get("action", ""))
    reset = None
    try:
        if action in ("disable", "enable"):
            target = accounts.set_disabled(
                db_session=db_session,
                user_id=user_id,
                disabled=action == "disable",
                actor_id=user.id,
            )
        elif action == "role":
            target = accounts.set_role(
                db_session=db_session,
                user_id=user_id,
                role=str(form.get("role", "")),
                actor_id=user.id,
            )
        elif action == "reset":
            target, password = accounts.reset_password(
                db_session=db_session, user_id=user_id, actor_id=user.id
            )
            reset = (target.username, password)
        else:
            return _page(request, db_session, status_code=422, error=t_unknown(request, action))
        db_session.commit()
    except PostdeskError as err:
        db_session.rollback()
        status_code = 409 if isinstance(err, ConflictError) else 422
        if isinstance(err, NotFoundError):
            status_code = 404
        return _page(request, db_session, status_code=status_code, error=localise(err, request))
    return _page(request, db_session, reset=reset, changed=target.username)


def t_unknown(request: Request, action: str) -> str:
    from postdesk.web.i18n import Translator

    return Translator(lang_of(request))("user_action_unknown", value=action[:40])
