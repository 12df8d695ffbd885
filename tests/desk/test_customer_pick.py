"""Whose case it is: the desk's customer records win over the complaint's wording
(desk.cases.customer_pick), the same for the API and the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from postdesk.desk.cases import customer_pick, triage_bridge
from postdesk.desk.cases.customer_pick import KnownRecord, decide
from postdesk.desk.context import Desk
from postdesk.desk.customers import records
from postdesk.desk.customers import service as customers
from postdesk.desk.customers.models import Customer
from postdesk.desk.customers.schemas import CustomerIn
from postdesk.triage import triage
from tests.cli.run_cli import postdesk

# The partner is named first, and the wording alone takes it for the customer
# (triage's roles read "X 的 a@X 说收不到" as the writer's side). The customer is the
# sender, lingfeng-pump.cn.
PARTNER_FIRST = (
    "hanse-werkzeug.de 的 m.schmidt@hanse-werkzeug.de 说收不到 li@lingfeng-pump.cn "
    "发过去的邮件，已经两天了"
)
CUSTOMER, PARTNER = "lingfeng-pump.cn", "hanse-werkzeug.de"
# One sender, two recipients abroad.
THREE_DOMAINS = (
    "客户 zhao@qinghe-paper.cn 给 orders@alpen-druck.at 和 info@nordlicht-optik.se "
    "发的邮件都被退回了"
)


def entities(customer: str | None, counterparts: list[str], *others: str) -> dict[str, Any]:
    named = [d for d in (customer, *counterparts, *others) if d]
    return {
        "customer_domain": customer,
        "counterpart_domains": counterparts,
        "domains": [{"name": d, "ascii": d} for d in named],
    }


def known(*domains: str) -> dict[str, KnownRecord]:
    return {domain: KnownRecord(number, domain) for number, domain in enumerate(domains, 1)}


# (triage's entities, the desk's records) -> (customer domain, counterparts, reason)
RULES = [
    pytest.param(
        entities("a.test", ["b.test"]),
        known("a.test"),
        ("a.test", ["b.test"], customer_pick.KNOWN),
        id="the wording's pick is a known customer: kept",
    ),
    pytest.param(
        entities("b.test", ["a.test"]),
        known("a.test"),
        ("a.test", ["b.test"], customer_pick.KNOWN_OVER_TEXT),
        id="the other side is the known one: the two swap",
    ),
    pytest.param(
        entities("b.test", ["c.test"], "a.test"),
        known("a.test"),
        ("a.test", ["c.test"], customer_pick.KNOWN_OVER_TEXT),
        id="a known domain the wording gave no role: the customer, the pick not made a side",
    ),
    pytest.param(
        entities(None, ["a.test", "b.test"]),
        known("a.test"),
        ("a.test", ["b.test"], customer_pick.KNOWN),
        id="no pick from the wording: the one known",
    ),
    pytest.param(
        entities("a.test", ["b.test"]),
        known("a.test", "b.test"),
        ("a.test", ["b.test"], customer_pick.KNOWN),
        id="several known, the pick among them: kept",
    ),
    pytest.param(
        entities("c.test", ["a.test", "b.test"]),
        known("a.test", "b.test"),
        ("c.test", ["a.test", "b.test"], customer_pick.SEVERAL),
        id="several known, the pick not among them: no change, the agent checks",
    ),
    pytest.param(
        entities("a.test", ["b.test"]),
        {},
        ("a.test", ["b.test"], customer_pick.TEXT),
        id="none known: the wording as it is",
    ),
    pytest.param(entities(None, []), {}, (None, [], None), id="no domain at all"),
    pytest.param(
        entities("b.test", [], "mail.a.test"),
        known("a.test"),
        ("a.test", [], customer_pick.KNOWN_OVER_TEXT),
        id="a host under a customer's domain is the customer's",
    ),
    pytest.param(
        entities("b.test", ["old.test"]),
        {"old.test": KnownRecord(7, "new.test", merged_from="old.test")},
        ("new.test", ["b.test"], customer_pick.MERGED),
        id="a merged-away record leads to the one it was merged into",
    ),
    pytest.param(
        entities("c.test", ["old.test", "new.test"]),
        {
            "old.test": KnownRecord(7, "new.test", merged_from="old.test"),
            "new.test": KnownRecord(7, "new.test"),
        },
        ("new.test", ["c.test"], customer_pick.KNOWN_OVER_TEXT),
        id="two domains of one customer are one known customer",
    ),
]


@pytest.mark.parametrize(("found", "records_", "wanted"), RULES)
def test_the_rules(
    found: dict[str, Any], records_: dict[str, KnownRecord], wanted: tuple[Any, ...]
) -> None:
    chosen = decide(found, records_)
    assert (chosen.domain, chosen.counterpart_domains, chosen.reason) == wanted
    assert chosen.text_domain == found["customer_domain"]  # the wording's pick is kept too


def add_customers(desk: Desk, *domains: str) -> dict[str, int]:
    with desk.sessions() as db_session:
        ids = {
            domain: customers.get_or_create(
                db_session=db_session, customer_in=CustomerIn(domain=domain)
            ).id
            for domain in domains
        }
        db_session.commit()
    return ids


def customer_domains(desk: Desk) -> set[str]:
    with desk.sessions() as db_session:
        return set(db_session.scalars(select(Customer.domain)))


CHOSEN = "recipient-not-receiving"  # the playbook the agent opens the cases with


def text_reading(desk: Desk, complaint: str) -> dict[str, Any]:
    """What the wording alone says for a case opened with ``CHOSEN`` (triage's reading
    with that playbook in first place)."""
    return triage_bridge.entities(desk.library, complaint, CHOSEN)


def open_case(client: TestClient, headers: dict[str, str], complaint: str) -> dict[str, Any]:
    answer = client.post(
        "/api/cases",
        json={"complaint": complaint, "playbook_id": CHOSEN},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_one_indexed_query_for_every_named_domain(desk: Desk) -> None:
    add_customers(desk, CUSTOMER)
    found = triage(THREE_DOMAINS + " mail.lingfeng-pump.cn").entities.as_dict()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(desk.engine, "before_cursor_execute", count)
    try:
        with desk.sessions() as db_session:
            chosen = customer_pick.pick(db_session=db_session, entities=found)
    finally:
        event.remove(desk.engine, "before_cursor_execute", count)
    assert chosen.domain == CUSTOMER  # through the host mail.lingfeng-pump.cn
    customer_queries = [s for s in statements if "customers" in s]
    assert len(customer_queries) == 1
    assert "IN" in customer_queries[0].upper()


def test_api_the_known_customer_wins_over_the_wording(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_customers(desk, CUSTOMER)
    text_pick = text_reading(desk, PARTNER_FIRST)["customer_domain"]
    case = open_case(client, agent, PARTNER_FIRST)
    assert case["customer_domain"] == CUSTOMER and case["customer"]["domain"] == CUSTOMER
    assert case["entities"]["customer_domain"] == CUSTOMER
    assert PARTNER in case["entities"]["counterpart_domains"]
    expected = customer_pick.KNOWN if text_pick == CUSTOMER else customer_pick.KNOWN_OVER_TEXT
    assert case["customer_why"]["key"] == expected
    assert case["customer_why"]["zh"].startswith("已有客户档案")
    assert case["customer_why"]["en"].startswith("known customer record")
    assert case["entities"]["customer_pick"]["text_customer_domain"] == text_pick
    assert customer_domains(desk) == {CUSTOMER}  # never a record for the other side
    # The walk offers the known customer, by role, where a step asks for our domain.
    with desk.sessions() as db_session:
        from postdesk.desk.cases.models import Case
        from postdesk.desk.cases.panel import facts_for

        facts = facts_for(desk, db_session, db_session.get(Case, case["id"]))
    assert facts.value_for("customer_domain").value == CUSTOMER  # type: ignore[union-attr]
    assert facts.value_for("counterpart_domain").value == PARTNER  # type: ignore[union-attr]


def test_api_none_known_is_the_wording_as_before(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    found = text_reading(desk, PARTNER_FIRST)
    case = open_case(client, agent, PARTNER_FIRST)
    assert case["customer"] is None  # the API creates no record from a complaint
    assert case["entities"]["customer_domain"] == found["customer_domain"]
    assert case["entities"]["counterpart_domains"] == found["counterpart_domains"]
    assert case["customer_why"]["key"] == customer_pick.TEXT
    assert customer_domains(desk) == set()


def test_api_several_known(desk: Desk, client: TestClient, agent: dict[str, str]) -> None:
    text_pick = triage(THREE_DOMAINS).entities.customer_domain
    assert text_pick == "qinghe-paper.cn"
    # The pick among the known ones: kept.
    add_customers(desk, "qinghe-paper.cn", "alpen-druck.at")
    case = open_case(client, agent, THREE_DOMAINS)
    assert case["customer_domain"] == "qinghe-paper.cn"
    assert case["customer_why"]["key"] == customer_pick.KNOWN
    # The pick not among them: no change, no customer, the agent is told to check.
    desk_ids = add_customers(desk, "nordlicht-optik.se")
    with desk.sessions() as db_session:
        db_session.delete(db_session.scalar(select(Customer).where(Customer.domain == text_pick)))
        db_session.commit()
    case = open_case(client, agent, THREE_DOMAINS)
    assert case["customer"] is None and case["entities"]["customer_domain"] == text_pick
    assert case["customer_why"]["key"] == customer_pick.SEVERAL
    assert "alpen-druck.at" in case["customer_why"]["zh"]
    assert "nordlicht-optik.se" in case["customer_why"]["en"]
    assert desk_ids and text_pick not in customer_domains(desk)


def test_api_a_merged_record_is_followed(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    ids = add_customers(desk, "lingfeng-group.com", CUSTOMER)
    with desk.sessions() as db_session:
        records.merge(
            db_session=db_session,
            survivor_id=ids["lingfeng-group.com"],
            merged_id=ids[CUSTOMER],
            actor_id=None,
        )
        db_session.commit()
    case = open_case(client, agent, PARTNER_FIRST)
    assert case["customer"]["id"] == ids["lingfeng-group.com"]
    assert case["customer_why"]["key"] == customer_pick.MERGED
    assert (
        CUSTOMER in case["customer_why"]["zh"]
        and "lingfeng-group.com" in case["customer_why"]["zh"]
    )


def test_api_the_agents_domain_and_correction_are_said_so(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_customers(desk, CUSTOMER)
    given = client.post(
        "/api/cases",
        json={
            "complaint": PARTNER_FIRST,
            "playbook_id": "recipient-not-receiving",
            "customer": {"domain": "someone-else.cn"},
        },
        headers=agent,
    ).json()
    assert given["customer_domain"] == "someone-else.cn"
    assert given["customer_why"]["key"] == customer_pick.GIVEN
    case = open_case(client, agent, PARTNER_FIRST)
    fixed = client.patch(
        f"/api/cases/{case['id']}", json={"customer": {"domain": "third.cn"}}, headers=agent
    ).json()
    assert fixed["customer_domain"] == "third.cn"
    assert fixed["customer_why"]["key"] == customer_pick.CORRECTED


def test_cli_cases_create_takes_the_known_customer(desk: Desk) -> None:
    add_customers(desk, CUSTOMER)
    env = {"POSTDESK_DATA_DIR": str(desk.settings.data_dir)}
    if desk.settings.database_url:
        env["POSTDESK_DATABASE_URL"] = desk.settings.database_url
    said = postdesk(
        "cases", "create", PARTNER_FIRST, "--playbook", "recipient-not-receiving",
        env={**env, "POSTDESK_LANG": "en"},
    )  # fmt: skip
    assert said.code == 0, said.err
    assert f"customer domain: {CUSTOMER} (known customer record" in said.out, said.out
    zh = postdesk(
        "cases", "create", PARTNER_FIRST, "--playbook", "recipient-not-receiving",
        env={**env, "POSTDESK_LANG": "zh"},
    )  # fmt: skip
    assert zh.code == 0 and f"客户域名：{CUSTOMER}（已有客户档案" in zh.out, zh.out
    as_json = postdesk(
        "cases", "create", "-", "--json", stdin=PARTNER_FIRST, env={**env, "POSTDESK_LANG": "en"}
    )
    assert as_json.code == 0, as_json.err
    body = json.loads(as_json.out)
    assert body["customer"]["domain"] == CUSTOMER
    assert body["customer_why"]["en"].startswith("known customer record")
    assert customer_domains(desk) == {CUSTOMER}
    empty = postdesk("cases", "create", "  ", env={**env, "POSTDESK_LANG": "en"})
    assert empty.code == 2 and "Traceback" not in empty.err
