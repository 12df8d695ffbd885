"""Incidents: many customers reporting the same problem at once (4.0.6)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class Incident(Base):
    """A suspected outage: the playbook's problem reported by several customers."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_playbook_id_symptom_key", "playbook_id", "symptom_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    playbook_id: Mapped[str] = mapped_column(String(64), index=True)
    symptom: Mapped[str] = mapped_column(String(500))
    # What "the same problem" is (postdesk.desk.incidents.service.symptom_of).
    symptom_key: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / closed / resolved
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_report_at: Mapped[datetime] = mapped_column(default=utc_now)
    closed_at: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]
    # Resolving (incidents.service.resolve) records what the fault was and who said so.
    cause: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class OutageGuard(Base):
    """One row per symptom, locked while the outage rule decides whether to raise an incident
    (PostgreSQL row lock). The column keeps its first name; it holds the symptom's guard key."""

    __tablename__ = "outage_guards"

    playbook_id: Mapped[str] = mapped_column(String(64), primary_key=True)
