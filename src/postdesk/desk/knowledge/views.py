"""API over the engines: playbooks, a stateless runner, and triage when it is installed.

The stateless runner walks a playbook without a case: the client keeps the
state and sends it back with each action. Secrets collected this way are
discarded (only a case keeps them, encrypted).
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from postdesk.desk.cases import triage_bridge
from postdesk.desk.cases.schemas import WalkAction, WalkRead
from postdesk.desk.cases.views import walk_read
from postdesk.desk.deps import DeskDep, SessionRoute, require
from postdesk.desk.users.models import User
from postdesk.errors import InvalidInputError
from postdesk.kb.runner import Walk, WalkState

router = APIRouter(tags=["playbooks"], route_class=SessionRoute)

Reader = Annotated[User, Depends(require("playbooks:read"))]


class PlaybookSummary(BaseModel):
    id: str
    section: str
    version: int
    title: dict[str, str]
    summary: dict[str, str]


@router.get("/playbooks", response_model=list[PlaybookSummary])
def list_playbooks(desk: DeskDep, _user: Reader) -> list[PlaybookSummary]:
    """Every playbook, in section order."""
    return [
        PlaybookSummary(
            id=p.id,
            section=p.section,
            version=p.version,
            title=p.title.model_dump(),
            summary=p.summary.model_dump(),
        )
        for p in desk.library
    ]


@router.get("/playbooks/{playbook_id}")
def get_playbook(
    playbook_id: Annotated[str, Path(max_length=64)], desk: DeskDep, _user: Reader
) -> dict[str, Any]:
    """One playbook with all its steps, rendered with the profile."""
    return desk.library.get(playbook_id).model_dump(mode="json")


class RunnerStart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    playbook_id: str = Field(max_length=64)


class RunnerAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: WalkState
    action: WalkAction


class RunnerView(BaseModel):
    state: WalkState
    view: WalkRead


def _view(walk: Walk) -> RunnerView:
    return RunnerView(state=walk.state, view=walk_read(0, walk))


@router.post("/runner/start", response_model=RunnerView, tags=["runner"])
def runner_start(start: RunnerStart, desk: DeskDep, _user: Reader) -> RunnerView:
    """A new walk of a playbook, without a case."""
    return _view(Walk.start(desk.library.get(start.playbook_id)))


@router.post("/runner/answer", response_model=RunnerView, tags=["runner"])
def runner_answer(answer: RunnerAnswer, desk: DeskDep, _user: Reader) -> RunnerView:
    """Apply one action to a walk state the client kept; returns the new state."""
    playbook = desk.library.get(answer.state.playbook_id)
    walk = Walk(playbook, answer.state)
    action = answer.action
    if action.proceed:
        walk.proceed()
    elif action.fields is not None:
        walk.collect(action.fields)  # secrets are dropped: only a case keeps them
    else:
        assert action.choice is not None
        walk.answer(action.choice)
    return _view(walk)


class TriageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=200_000)
    top: int = Field(default=3, ge=1, le=20)


@router.post("/triage", tags=["triage"])
async def triage(
    request: Request, triage_in: TriageRequest, desk: DeskDep, user: Reader
) -> dict[str, Any]:
    """Rank playbooks for a complaint and extract its entities (needs postdesk.triage).

    Never on the event loop: a long text is read in the engine pool (503 ``busy``
    when it is full or the user has their share in it), a short one in a request thread.
    """
    try:
        importlib.import_module("postdesk.triage")
    except ImportError:
        raise InvalidInputError(key="triage_not_installed") from None
    return await triage_bridge.off_the_loop(
        request.app.state.engine_pool,
        desk.library,
        triage_bridge.ranking,
        triage_in.text,
        triage_in.top,
        owner=user.id,
    )
