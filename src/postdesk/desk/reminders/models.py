"""The reminder table: something to do on a case at a time, kept until it is done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class Reminder(Base):
    """One reminder of a case.

    ``origin`` says who made it: ``playbook`` (a step's YAML), ``agent``,
    ``escalation`` (unanswered past the profile's limit, or answered and to be
    passed on) or ``incident``. ``origin_key`` makes the desk's own reminders
    unique (one per escalation and purpose), so a job that runs twice adds one.
    ``fired_at`` is set once, by the job, when it fell due; ``overdue_at`` once,
    when it went to the supervisors; ``done_at`` when someone did it.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("origin_key", name="uq_reminders_origin_key"),
        Index("ix_reminders_open_due", "done_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    origin_key: Mapped[str | None] = mapped_column(String(128))
    # {"zh": ..., "en": ...}: a playbook's text in both languages, an agent's as typed.
    text: Mapped[dict[str, Any]] = mapped_column(default=dict)
    due_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    escalation_id: Mapped[int | None] = mapped_column(
        ForeignKey("escalations.id", ondelete="CASCADE"), index=True
    )
    fired_at: Mapped[datetime | None]
    overdue_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
