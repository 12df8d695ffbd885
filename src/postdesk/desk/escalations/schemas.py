"""API shapes of escalations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class EscalationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int | None
    incident_id: int | None
    channel_id: str
    channel_kind: str
    status: str
    status_reason: str | None
    payload: dict[str, Any]
    message_id: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by_id: int | None = None
