"""The case table: one customer problem from complaint to reply, form or escalation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
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
    # open / escalated / resolved / closed
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
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
