"""Tables for customers (one per hosted domain) and their contact people."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from postdesk.db.base import Base, utc_now


class Customer(Base):
    """A company whose mail domain the provider hosts."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    company_name: Mapped[str | None] = mapped_column(String(200))
    edition: Mapped[str | None] = mapped_column(String(32))
    # pre-opened / opened (4.0.2 "正式开通") / suspended / expired
    service_status: Mapped[str | None] = mapped_column(String(32))
    expiry_date: Mapped[date | None] = mapped_column(Date)
    free_months: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    # Set when this record was merged into another (customers.merge): its domain now
    # names the survivor, whose page lists it among the customer's domains.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )


class Contact(Base):
    """A person who speaks for a customer."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
