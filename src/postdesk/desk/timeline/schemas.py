"""API shapes of a case's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class TimelineEntry(BaseModel):
    """One thing that happened on a case; ``kind`` is the audit action it comes from
    (case.walked, case.note, case.status, reminder.fired, ...)."""

    id: int
    at: datetime
    kind: str
    case_id: int = Field(description="differs from the case asked for when merged into it")
    actor_id: int | None
    actor: str | None = Field(
        description="who did it: a user name, or 'cli' for the command-line operator"
    )
    via: str | None = Field(default=None, description="'cli' when done from the command line")
    detail: dict[str, Any]
    note: str | None = None
    attachment: dict[str, Any] | None = None
    escalation: dict[str, Any] | None = None
    reminder: dict[str, Any] | None = None


class TimelinePage(BaseModel):
    items: list[TimelineEntry]
    total: int
    page: int
    page_size: int


class NoteCreate(BaseModel):
    body: str = Field(min_length=1, max_length=20_000)


class NoteRead(BaseModel):
    id: int
    case_id: int
    author_id: int | None
    body: str
    created_at: datetime
