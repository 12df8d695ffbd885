"""Attachments of a case; the bytes live once per content hash in the blob folder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class Attachment(Base):
    """A file that goes with a case (bounce original, screenshot, ...)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # bounce-original / screenshot / other / ...
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # What postdesk.inspect read in it, for an original (.eml, winmail.dat): the
    # result's JSON (findings, error); None for a file that is not an original.
    inspection: Mapped[dict[str, Any] | None] = mapped_column(default=None)
