"""API shapes of customers and contacts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
