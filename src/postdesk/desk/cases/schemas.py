"""API shapes of cases and of walk actions on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from postdesk.db.base import MAX_ID
from postdesk.desk.customers.schemas import ContactIn, ContactRead, CustomerIn, CustomerRead

CaseStatus = Literal["open", "waiting_customer", "waiting_engineer", "resolved", "closed"]
CaseChannel = Literal["phone", "mail", "web", "chat"]


class CaseCreate(BaseModel):
    """A new case from a complaint; without ``playbook_id`` triage picks one (when present)."""

    model_config = ConfigDict(extra="forbid")

    complaint: str = Field(min_length=1, max_length=20000)
    playbook_id: str | None = Field(default=None, max_length=64)
    channel: CaseChannel = "phone"
    customer: CustomerIn | None = None
    contact: ContactIn | None = None
    assignee_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class CaseUpdate(BaseModel):
    """Fields an agent may change on a case: assignee (with a reason when taken from its
    holder), status (reopening needs a reason), channel, customer."""

    model_config = ConfigDict(extra="forbid")

    assignee_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    channel: CaseChannel | None = None
    customer: CustomerIn | None = None
    status: CaseStatus | None = None
    reason: str | None = Field(
        default=None,
        max_length=2000,
        description="why: needed to reopen, and to reassign a case another active user holds",
    )


class CaseClose(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolution: str | None = Field(default=None, max_length=20000)


class CaseSummary(BaseModel):
    """A case in a list: no complaint text, no collected fields."""

    id: int
    status: CaseStatus
    playbook_id: str
    channel: str
    customer_domain: str | None
    assignee_id: int | None
    incident_id: int | None
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    age_working_minutes: int = Field(description="working time since the case was opened")
    in_status_working_minutes: int = Field(description="working time in its current status")
    merged_into_id: int | None = None


class CaseRead(CaseSummary):
    complaint: str
    playbook_version: int
    customer: CustomerRead | None
    customer_why: dict[str, str] | None = Field(
        default=None,
        description="why the case has this customer domain: the catalogue key and its zh and "
        "en text (a known customer record, the complaint's wording, the agent)",
    )
    contact: ContactRead | None
    entities: dict[str, Any]
    fields: dict[str, Any] = Field(description="collected fields; secrets show only as given")
    current_step: str
    walk_status: str
    resolution: str | None
    closed_at: datetime | None
    case_url: str


class CasePage(BaseModel):
    items: list[CaseSummary]
    total: int
    page: int
    page_size: int


FieldValue = str | int | float | bool | None


class WalkAction(BaseModel):
    """One action on the case's walk: a choice, fields for a collect step, or proceed."""

    model_config = ConfigDict(extra="forbid")

    choice: str | int | None = Field(default=None, description="option id or 1-based number")
    fields: dict[str, FieldValue] | None = None
    proceed: bool = False

    @model_validator(mode="after")
    def _exactly_one(self) -> WalkAction:
        given = sum([self.choice is not None, self.fields is not None, self.proceed])
        if given != 1:
            raise PydanticCustomError(
                "walk_action_one", "give exactly one of: choice, fields, proceed=true"
            )
        return self


class Suggestion(BaseModel):
    """Why the desk points to a choice: a signal in the complaint or the collected text
    (detail: what matched), an open incident (detail: its id), a check (its verdict), an
    attached original's finding (its file name)."""

    kind: Literal["signal", "incident", "check", "original"]
    detail: str


class ChoiceRead(BaseModel):
    number: int
    id: str
    label: str = Field(description="the English label (labels has both languages)")
    labels: dict[str, str]
    next: dict[str, Any] | None = None
    suggested: Suggestion | None = None


class FieldRead(BaseModel):
    name: str
    type: str
    required: bool
    label: dict[str, str]
    choices: list[str] | None = None
    value: str = Field(default="", description="the value the desk offers: confirm or overwrite")
    source: str | None = Field(
        default=None,
        description="where the offered value comes from: walk, customer, contact, "
        "complaint, profile",
    )
    secret_given: bool = False


class CheckRead(BaseModel):
    id: str
    runnable: bool
    target: str = Field(description="what the check would run on ('' when nothing is known)")
    target_source: str | None = None


class StepView(BaseModel):
    id: str
    kind: str
    title: dict[str, str] | None
    text: dict[str, str]
    choices: list[ChoiceRead]
    fields: list[FieldRead]
    check: CheckRead | None = None
    missing_for_escalation: list[str]
    next: dict[str, Any] | None = None


class CollectedRead(BaseModel):
    name: str
    value: Any
    label: dict[str, str]
    step: str


class WalkRead(BaseModel):
    case_id: int
    status: str
    step: StepView
    fields: dict[str, Any]
    collected: list[CollectedRead] = Field(default_factory=list)
    can_undo: bool = False
    transcript: list[dict[str, Any]]
    escalation_id: int | None = None


class CheckRequest(BaseModel):
    """Run the current check step's diagnostic; without target, on the walk's own target."""

    model_config = ConfigDict(extra="forbid")

    target: str | None = Field(default=None, min_length=1, max_length=253)


class OutcomeRead(BaseModel):
    number: int
    id: str
    labels: dict[str, str]
    detail: str


class CheckRun(BaseModel):
    check: str
    target: str
    results: list[dict[str, Any]]
    suggested: list[OutcomeRead] = Field(
        description="the step's outcomes the results point to (the agent still chooses)"
    )
