"""Every table, imported in one place so metadata (and Alembic) sees them all."""

from __future__ import annotations

from postdesk.db.base import Base
from postdesk.desk.attachments.models import Attachment
from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.cases.models import Case, CaseLink, CaseNote, TakeoverRequest
from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.incidents.models import Incident, OutageGuard
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.reports import indexes as report_indexes
from postdesk.desk.secrets.models import CaseSecret
from postdesk.desk.users.models import ApiToken, LoginFailure, User

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "Base",
    "Case",
    "CaseLink",
    "CaseNote",
    "CaseSecret",
    "Contact",
    "Customer",
    "Escalation",
    "Incident",
    "LoginFailure",
    "OutageGuard",
    "Reminder",
    "TakeoverRequest",
    "User",
    "report_indexes",
]
