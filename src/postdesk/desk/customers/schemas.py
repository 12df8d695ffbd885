"""API shapes of customers and contacts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from postdesk.db.base import MAX_ID

ServiceStatus = Literal["pre-opened", "opened", "suspended", "expired"]


class CustomerBase(BaseModel):
    company_name: str | None = Field(default=None, max_length=200)
    edition: str | None = Field(default=None, max_length=32)
    service_status: ServiceStatus | None = None
    expiry_date: date | None = None
    free_months: int = Field(default=0, ge=0, le=120)


class CustomerIn(CustomerBase):
    """A customer as given with a new case: the domain is the key."""

    model_config = ConfigDict(extra="forbid")

    domain: str = Field(min_length=3, max_length=253)


class CustomerRead(CustomerBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    domain: str
    created_at: datetime


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=320)


class ContactRead(ContactIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


class CustomerListItem(CustomerRead):
    case_count: int
    open_cases: int


class CustomerPage(BaseModel):
    items: list[CustomerListItem]
    total: int
    page: int
    page_size: int


class EscalationBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int | None
    channel_id: str
    channel_kind: str
    status: str
    created_at: datetime
    sent_at: datetime | None


class IncidentBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    playbook_id: str
    symptom: str
    status: str
    opened_at: datetime
    cause: str | None = None


class CustomerMerge(BaseModel):
    """The record to merge into this one (its cases and contacts move here)."""

    model_config = ConfigDict(extra="forbid")

    merged_id: int = Field(ge=1, le=MAX_ID)


class CaseMove(BaseModel):
    """A case whose customer was recorded wrong, to be corrected to this customer."""

    model_config = ConfigDict(extra="forbid")

    case_id: int = Field(ge=1, le=MAX_ID)


class CustomerCheck(BaseModel):
    """The domain's live MX and the provider's hosts, through the diagnose checks."""

    domain: str
    results: list[dict[str, object]]
