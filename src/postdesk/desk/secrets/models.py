"""Encrypted customer secrets (mailbox passwords given to test a login)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class CaseSecret(Base):
    """One secret of a case; ``ciphertext`` is a Fernet token, NULL once purged."""

    __tablename__ = "case_secrets"
    __table_args__ = (UniqueConstraint("case_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(64))
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    purged_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"CaseSecret(case_id={self.case_id}, field={self.field!r})"
