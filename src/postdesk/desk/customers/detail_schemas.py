"""The API shape of one customer with everything linked to it (apart from schemas.py, which
the case shapes import: this one imports theirs)."""

from __future__ import annotations

from pydantic import Field

from postdesk.desk.cases.schemas import CaseSummary
from postdesk.desk.customers.schemas import (
    ContactRead,
    CustomerRead,
    EscalationBrief,
    IncidentBrief,
)


class CustomerDetail(CustomerRead):
    domains: list[str] = Field(description="its own domain first, then those merged into it")
    merged_into_id: int | None = Field(
        default=None, description="set on a merged record: the customer it now belongs to"
    )
    contacts: list[ContactRead]
    cases: list[CaseSummary] = Field(description="the newest cases (case_total counts all)")
    case_total: int
    escalations: list[EscalationBrief]
    incidents: list[IncidentBrief]
