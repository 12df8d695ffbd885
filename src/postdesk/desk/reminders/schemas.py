"""API shapes of reminders."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

ReminderState = Literal["pending", "due", "overdue", "done"]


class ReminderCreate(BaseModel):
    """An agent's reminder: at a moment (``due_at``; a time without a zone is the provider's
    local time), or after ``minutes`` or ``working_days``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000)
    due_at: datetime | None = None
    minutes: int | None = Field(default=None, ge=0, le=525_600)
    working_days: int | None = Field(default=None, ge=1, le=60)

    @model_validator(mode="after")
    def _exactly_one(self) -> ReminderCreate:
        given = sum(value is not None for value in (self.due_at, self.minutes, self.working_days))
        if given != 1:
            raise PydanticCustomError(
                "reminder_due_one", "give exactly one of: due_at, minutes, working_days"
            )
        return self


class ReminderDone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=2000)


class ReminderRead(BaseModel):
    id: int
    case_id: int
    origin: str
    text: dict[str, str] = Field(description="zh and en (an agent's reminder: as typed, in both)")
    due_at: datetime
    state: ReminderState
    assignee_id: int | None
    created_by_id: int | None
    created_at: datetime
    escalation_id: int | None
    fired_at: datetime | None
    overdue_at: datetime | None
    done_at: datetime | None
    done_by_id: int | None


class ReminderPage(BaseModel):
    items: list[ReminderRead]
    total: int
    page: int
    page_size: int
