"""API shapes of incidents."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


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
    cause: str | None = None
    resolved_by_id: int | None = None


class IncidentResolve(BaseModel):
    """What the fault was: shown on the incidents page and on each linked case."""

    model_config = ConfigDict(extra="forbid")

    cause: str = Field(min_length=1, max_length=2000)


class IncidentResolved(IncidentRead):
    linked_case_ids: list[int] = Field(description="the cases linked to the incident")


class ComplaintMatch(BaseModel):
    """A complaint as the agent types it."""

    model_config = ConfigDict(extra="forbid")

    complaint: str = Field(min_length=1, max_length=20000)


class KnownFaultRead(BaseModel):
    incident_id: int
    playbook_id: str
    symptom: str
    opened_at: datetime
    notice: str = Field(description="已知故障 / known fault: … in the request's language")


class KnownFaults(BaseModel):
    known_faults: list[KnownFaultRead]
