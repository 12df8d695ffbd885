"""Escalations: what was handed to another team, how, and whether it arrived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class Escalation(Base):
    """One escalation of a case (or an outage notification of an incident).

    ``message_id`` is fixed when the row is created so every send attempt of
    a mail escalation carries the same Message-ID and a receiver can drop a
    repeat. ``incident_id`` is unique: an incident is notified exactly once.
    """

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), unique=True
    )
    channel_id: Mapped[str] = mapped_column(String(64))
    channel_kind: Mapped[str] = mapped_column(String(16))  # mail / fax / ticket / internal
    # queued / sending / sent / failed (mail); form-ready (fax); recorded (ticket, internal);
    # held (mail channel without an address in the profile)
    status: Mapped[str] = mapped_column(String(16), index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A worker sending the mail holds it until this time; past it another may take it
    # over (the first worker died). Not before next_attempt_at: backoff after a failure.
    claimed_until: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    sent_at: Mapped[datetime | None]
    # The engineer's answer as the agent recorded it; it clears the case's waiting_engineer.
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
