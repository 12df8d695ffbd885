"""The desk's lists as CSV: cases (with the list's filters), customers, report tables.

One implementation for the API (``/api/export/...``) and the pages' download
links (``/export/...``). A list is exported up to :data:`EXPORT_LIMIT` rows,
newest first; narrowing the filters gets the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from postdesk.desk.cases import service as cases
from postdesk.desk.customers import records
from postdesk.desk.export.csv_safe import dicts_csv, rows_csv
from postdesk.desk.reports import service as reports

EXPORT_LIMIT = 20_000
CASE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "status",
    "playbook_id",
    "channel",
    "customer_domain",
    "assignee_id",
    "incident_id",
)
CUSTOMER_COLUMNS = (
    "id",
    "domain",
    "company_name",
    "edition",
    "service_status",
    "expiry_date",
    "case_count",
    "open_cases",
    "created_at",
)
REPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "per_playbook_day": ("day", "playbook_id", "cases"),
    "open_by_age": ("age", "cases"),
    "first_contact": ("closed", "without_escalation", "rate"),
    "escalation_turnaround": (
        "channel_id",
        "escalations",
        "sent",
        "median_minutes",
        "p90_minutes",
    ),
    "load_per_agent": ("user_id", "username", "open_cases", "created", "closed"),
}


def cases_csv(*, db_session: Session, **filters: Any) -> list[str]:
    """The cases matching ``filters`` (those of cases.service.list_cases) as CSV chunks."""
    items, _total = cases.list_cases(
        db_session=db_session, page=1, page_size=EXPORT_LIMIT, **filters
    )
    rows = ([getattr(item, name) for name in CASE_COLUMNS] for item in items)
    return list(rows_csv(CASE_COLUMNS, rows))


def customers_csv(*, db_session: Session, text: str | None) -> list[str]:
    """The customers matching ``text`` as CSV chunks."""
    found, _total = records.search(db_session=db_session, text=text, page=1, page_size=EXPORT_LIMIT)
    rows = (
        [
            *(getattr(row.customer, name) for name in CUSTOMER_COLUMNS[:6]),
            row.case_count,
            row.open_cases,
            row.customer.created_at,
        ]
        for row in found
    )
    return list(rows_csv(CUSTOMER_COLUMNS, rows))


def report_csv(summary: reports.Summary, table: str) -> Iterator[str]:
    """One table of the summary as CSV chunks."""
    rows = summary.table(table)  # InvalidInputError for an unknown table
    return dicts_csv(REPORT_COLUMNS[table], rows)


def filename(kind: str) -> str:
    return f"postdesk-{kind}.csv"
