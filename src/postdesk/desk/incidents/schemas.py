"""API shapes of incidents."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class IncidentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    playbook_id: str
    symptom: str
    status: str
    report_count: int
    opened_at: datetime
    last_report_at: datetime
    closed_at: datetime | None
    notified_at: datetime | None
