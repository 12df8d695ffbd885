"""The case table: one customer problem from complaint to reply, form or escalation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class Case(Base):
    """A case; ``walk_state`` is the runner's WalkState as JSON (fields and transcript)."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_playbook_id_created_at", "playbook_id", "created_at"),
        Index(
            "ix_cases_playbook_id_symptom_key_created_at",
            "playbook_id",
            "symptom_key",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    playbook_id: Mapped[str] = mapped_column(String(64))
    playbook_version: Mapped[int] = mapped_column(Integer)
    # open / waiting_customer / waiting_engineer / resolved / closed (desk.cases.status)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # When the status last changed: time in status, counted in working time on the lists.
    status_changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    channel: Mapped[str] = mapped_column(String(16))  # phone / mail / web / chat
    complaint: Mapped[str] = mapped_column(Text)
    entities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The symptom the outage rule counts by (incidents.service.symptom_of); None when
    # the playbook declares no outage rule.
    symptom_key: Mapped[str | None] = mapped_column(String(128))
    walk_state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    resolution: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    closed_at: Mapped[datetime | None]
    # A duplicate merged into another case (desk.cases.links): closed, its timeline shown there.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )


class CaseNote(Base):
    """An internal note on a case: written by an agent, never sent to the customer."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class TakeoverRequest(Base):
    """An agent asking to take over a case another agent holds (desk.cases.takeover).

    ``outcome`` is None while it waits; then accepted, declined or void (the case
    changed hands some other way first).
    """

    __tablename__ = "takeover_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    outcome: Mapped[str | None] = mapped_column(String(16))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]


class CaseLink(Base):
    """Two related cases (same customer, same incident); stored once, lower id first."""

    __tablename__ = "case_links"
    __table_args__ = (UniqueConstraint("case_id", "other_id", name="uq_case_links_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
