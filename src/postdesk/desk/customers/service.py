"""Customers keyed by their hosted domain, and their contacts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from postdesk.desk.customers.models import Contact, Customer
from postdesk.desk.customers.schemas import ContactIn, CustomerIn
from postdesk.kb.fields import normalise_domain


def get_by_domain(*, db_session: Session, domain: str) -> Customer | None:
    """The customer of ``domain``: the survivor when its record was merged into another."""
    return survivor_of(
        db_session, db_session.scalar(select(Customer).where(Customer.domain == domain))
    )


def survivor_of(db_session: Session, customer: Customer | None) -> Customer | None:
    """``customer``, or the record it was merged into (customers.records.merge)."""
    # A merge re-points earlier merges to the survivor, so one step is enough; the bound
    # only guards against a cycle written by hand.
    for _ in range(8):
        if customer is None or customer.merged_into_id is None:
            return customer
        customer = db_session.get(Customer, customer.merged_into_id)
    return customer


def get_or_create(*, db_session: Session, customer_in: CustomerIn) -> Customer:
    """The customer of the domain, created when new; known fields given are updated.

    The insert is ``ON CONFLICT DO NOTHING`` so that two reports of a new
    domain arriving at once both end with the same single customer row.
    """
    domain = normalise_domain(customer_in.domain)
    dialect = db_session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # RETURNING hands back a new customer in the same statement; a known domain
    # returns nothing and is read after.
    customer = db_session.scalars(
        insert(Customer)
        .values(domain=domain, free_months=customer_in.free_months)
        .on_conflict_do_nothing(index_elements=["domain"])
        .returning(Customer)
    ).first()
    if customer is None:
        customer = get_by_domain(db_session=db_session, domain=domain)
    else:
        customer = survivor_of(db_session, customer)
    assert customer is not None
    for name in ("company_name", "edition", "service_status", "expiry_date"):
        value = getattr(customer_in, name)
        if value is not None and getattr(customer, name) != value:
            setattr(customer, name, value)
    if "free_months" in customer_in.model_fields_set:
        customer.free_months = customer_in.free_months
    return customer


def add_contact(*, db_session: Session, customer: Customer, contact_in: ContactIn) -> Contact:
    contact = Contact(customer_id=customer.id, **contact_in.model_dump())
    db_session.add(contact)
    db_session.flush()
    return contact
