"""Indexes the reports and the customers list read by (declared next to the report queries).

Each report bounds its rows by a time window (cases by creation or closing
time, escalations by creation time) or by status; without these it reads
every case (benchmarks/bench_helpdesk.py).
"""

from __future__ import annotations

from sqlalchemy import Index

from postdesk.desk.cases.models import Case
from postdesk.desk.escalations.models import Escalation

# Each holds every column its queries read, so a report reads the narrow index and never
# the wide case rows (complaint, walk state): a full scan of those is 100+ MB at 100,000.
# Cases per playbook and day, cases created per agent:
CASES_CREATED = Index(
    "ix_cases_created_at_playbook_id_assignee_id",
    Case.created_at,
    Case.playbook_id,
    Case.assignee_id,
)
# First-contact resolution, cases closed per agent:
CASES_CLOSED = Index("ix_cases_closed_at_assignee_id", Case.closed_at, Case.assignee_id)
# Open cases by age and per agent (status IN the open ones):
CASES_OPEN = Index(
    "ix_cases_status_assignee_id_created_at", Case.status, Case.assignee_id, Case.created_at
)
ESCALATIONS_CREATED = Index(
    "ix_escalations_created_at_channel_id", Escalation.created_at, Escalation.channel_id
)
# A customer's newest cases (PostgreSQL's index on customer_id alone does not keep them in
# id order), and the customers list's counts of each customer's cases and open ones.
CASES_CUSTOMER = Index("ix_cases_customer_id_id_status", Case.customer_id, Case.id, Case.status)
