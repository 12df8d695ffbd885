"""API shapes of the supervisors' summary."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class PlaybookDay(BaseModel):
    day: date
    playbook_id: str
    cases: int


class AgeBucket(BaseModel):
    age: str = Field(description="under_1d, 1d_3d, 3d_7d, 7d_30d or over_30d")
    cases: int


class FirstContact(BaseModel):
    closed: int = Field(description="cases closed in the span")
    without_escalation: int
    rate: float | None = Field(description="without_escalation / closed; null when none closed")


class Turnaround(BaseModel):
    channel_id: str
    escalations: int
    sent: int
    median_minutes: float | None = Field(description="from creation to sending")
    p90_minutes: float | None
    answered: int = Field(description="escalations whose engineer's answer is recorded")
    median_answer_minutes: float | None = Field(description="from creation to the answer")


class AgentLoad(BaseModel):
    user_id: int
    username: str
    open_cases: int = Field(description="held now, neither resolved nor closed")
    created: int
    closed: int
    reminders_overdue: int = Field(description="reminders on the agent's cases gone overdue")


class SummaryRead(BaseModel):
    since: date
    until: date
    timezone: str = Field(description="the provider's time zone the days are counted in")
    per_playbook_day: list[PlaybookDay]
    open_by_age: list[AgeBucket]
    first_contact: FirstContact
    escalation_turnaround: list[Turnaround]
    load_per_agent: list[AgentLoad]
