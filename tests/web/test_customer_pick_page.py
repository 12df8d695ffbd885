"""The new-case page suggests the customer the desk already has, says why, and the case
it opens keeps it (desk.cases.customer_pick, the same rule as the API and the CLI)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.context import Desk
from postdesk.desk.customers import service as customers
from postdesk.desk.customers.models import Customer
from postdesk.desk.customers.schemas import CustomerIn
from postdesk.triage import triage
from tests.desk.test_customer_pick import CUSTOMER, PARTNER, PARTNER_FIRST
from tests.web.support import logged_in

DOMAIN_FIELD = re.compile(r'<input name="domain" id="domain" value="([^"]*)"')
WHY = re.compile(r'data-testid="customer-why" data-reason="([a-z_]+)">([^<]*)<')


@pytest.fixture
def agent(desk: Desk) -> TestClient:
    return logged_in(desk, "agent")


def add_customer(desk: Desk, domain: str) -> None:
    with desk.sessions() as db_session:
        customers.get_or_create(db_session=db_session, customer_in=CustomerIn(domain=domain))
        db_session.commit()


def suggested(client: TestClient) -> tuple[str, tuple[str, str] | None, str]:
    page = client.post("/cases/new", data={"complaint": PARTNER_FIRST, "action": "triage"})
    assert page.status_code == 200
    field = DOMAIN_FIELD.search(page.text)
    assert field is not None
    why = WHY.search(page.text)
    return (
        html.unescape(field[1]),
        (why[1], html.unescape(why[2])) if why else None,
        page.text,
    )


def test_the_page_suggests_the_known_customer_and_says_why(agent: TestClient, desk: Desk) -> None:
    add_customer(desk, CUSTOMER)
    domain, why, page = suggested(agent)
    assert domain == CUSTOMER
    assert why is not None and why[1].startswith("已有客户档案")
    assert "新客户" not in page  # the customer card shows the record, not a new customer
    # Started as the page offers it: the case is the known customer's, and no record
    # was made for the partner.
    started = agent.post(
        "/cases/new",
        data={
            "complaint": PARTNER_FIRST,
            "domain": domain,
            "action": "start:recipient-not-receiving",
        },
    )
    assert started.status_code == 303
    case_page = agent.get(started.headers["location"])
    assert f">{CUSTOMER}</a>" in case_page.text
    shown = WHY.search(case_page.text)
    assert shown is not None and shown[2].startswith("已有客户档案")
    assert PARTNER in case_page.text  # among the other side
    with desk.sessions() as db_session:
        assert set(db_session.scalars(select(Customer.domain))) == {CUSTOMER}
    # In English, the same reason in English.
    agent.cookies.set("postdesk_lang", "en")
    _domain, english, _page = suggested(agent)
    assert english is not None and english[1].startswith("known customer record")


def test_none_known_the_page_offers_the_wordings_pick(agent: TestClient) -> None:
    domain, why, _page = suggested(agent)
    assert domain == (triage(PARTNER_FIRST).entities.customer_domain or "")
    assert why is not None and why[0] == "customer_pick_text"
    assert why[1] == "按投诉文字判断"
