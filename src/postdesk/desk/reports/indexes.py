"""Indexes the supervisors' reports read by (declared here, next to the queries that need them).

Each report bounds its rows by a time window: cases by creation or closing
time, escalations by creation time. Without these a window over 100,000
cases reads them all (benchmarks/bench_helpdesk.py).
"""

from __future__ import annotations

from sqlalchemy import Index

from postdesk.desk.cases.models import Case
from postdesk.desk.escalations.models import Escalation

CASES_CREATED_AT = Index("ix_cases_created_at", Case.created_at)
CASES_CLOSED_AT = Index("ix_cases_closed_at", Case.closed_at)
ESCALATIONS_CREATED_AT = Index("ix_escalations_created_at", Escalation.created_at)
