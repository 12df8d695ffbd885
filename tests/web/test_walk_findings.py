"""The findings of an agent's afternoon (issue 13), each on the pages and the API it was seen on."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.customers.models import Customer
from tests.web.support import PASSWORD, logged_in
from tests.web.zh_only import english_sentences

FINDING = (
    "我们给德国合作伙伴 m.schmidt@kraus-technik.de 发邮件一直被退回，以前也能发。"
    "公司域名boyuan-eng.com，发件人 sales@boyuan-eng.com"
)


@pytest.fixture
def agent(desk: Desk) -> TestClient:
    client = logged_in(desk, "agent")
    token = client.post("/api/auth/token", json={"username": "agent", "password": PASSWORD})
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def start(client: TestClient, complaint: str, playbook: str, **form: str) -> int:
    answer = client.post(
        "/cases/new", data={"complaint": complaint, "action": f"start:{playbook}", **form}
    )
    assert answer.status_code == 303, answer.text[:400]
    return int(answer.headers["location"].rsplit("/", 1)[1])


def act(client: TestClient, case_id: int, **body: Any) -> dict[str, Any]:
    done = client.post(f"/api/cases/{case_id}/walk", json=body)
    assert done.status_code == 200, done.text[:400]
    return dict(done.json())


def test_the_case_page_opens_after_a_fax_escalation(agent: TestClient) -> None:
    """13.1: case.html read e.payload.subject, which a fax payload lacks: HTTP 500 for good."""
    case_id = start(agent, "要删除我们公司的企业邮局域名", "delete-domain", domain="boyuan-eng.com")
    act(agent, case_id, choice="own-company")
    act(agent, case_id, proceed=True)
    act(
        agent,
        case_id,
        fields={
            "company_name": "博远工程有限公司",
            "domain": "boyuan-eng.com",
            "matter": "删除企业邮局",
            "contact_name": "张三",
            "contact_phone": "010-12345678",
        },
    )
    escalated = act(agent, case_id, proceed=True)
    assert escalated["status"] == "escalated" and escalated["escalation_id"]
    for _ in range(2):  # every later load, not only the first
        page = agent.get(f"/cases/{case_id}")
        assert page.status_code == 200
    # 13.4: the company branch labels the company as a company.
    assert '<dt data-field="company_name">公司名称（申请人名称）</dt>' in page.text
    # 13.11: 4.0.23 gives the number without its extension; the page shows it so.
    assert "010-64240295" in page.text and "转 5" not in page.text
    form = agent.get(f"/escalations/{escalated['escalation_id']}/form")
    assert form.status_code == 200 and "博远工程有限公司" in form.text
    assert "转 5" not in form.text and "<style>" not in form.text


def test_the_partner_is_neither_the_customer_nor_prefilled_as_ours(
    agent: TestClient, desk: Desk
) -> None:
    """13.2/13.3: the new-case form offers the customer's domain, never the partner's."""
    triaged = agent.post("/cases/new", data={"complaint": FINDING, "action": "triage"})
    assert 'value="boyuan-eng.com"' in triaged.text
    assert 'data-testid="fact-counterparts"' in triaged.text
    case_id = start(agent, FINDING, "overseas-delivery", domain="boyuan-eng.com")
    with desk.sessions() as db_session:
        domains = set(db_session.scalars(select(Customer.domain)))
    assert domains == {"boyuan-eng.com"}  # no customer record for kraus-technik.de
    walk = agent.get(f"/api/cases/{case_id}/walk").json()
    while walk["step"]["kind"] != "collect":
        options = walk["step"]["choices"]
        walk = (
            act(agent, case_id, choice=options[-1]["id"])
            if options
            else act(agent, case_id, proceed=True)
        )
    offered = {f["name"]: (f["value"], f["source"]) for f in walk["step"]["fields"]}
    if "domain" in offered:
        assert offered["domain"] == ("boyuan-eng.com", "customer")


def test_the_agent_corrects_the_customers_domain_and_the_audit_keeps_both(
    agent: TestClient, desk: Desk
) -> None:
    case_id = start(agent, FINDING, "overseas-delivery", domain="kraus-technik.de")
    fixed = agent.post(f"/cases/{case_id}/customer", data={"domain": "boyuan-eng.com"})
    assert fixed.status_code == 303
    page = agent.get(f"/cases/{case_id}")
    assert ">boyuan-eng.com</a>" in page.text
    with desk.sessions() as db_session:
        events = list(db_session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)))
    change = next(event for event in events if event.action == "case.updated")
    assert change.detail["customer_domain"] == {"from": "kraus-technik.de", "to": "boyuan-eng.com"}


def test_collected_values_and_the_contact_go_with_the_escalation_mail(agent: TestClient) -> None:
    """13.5: 4.0.28's contact, and the case's contact, are in the mail."""
    case_id = start(
        agent,
        "给同事发邮件被退信 554 Sender address rejected: Access denied",
        "same-domain-auth",
        domain="ourcorp-sh.cn",
        contact_name="周经理",
        contact_phone="13800138000",
    )
    act(agent, case_id, fields={"domain": "ourcorp-sh.cn"})
    act(agent, case_id, choice="not-in-rule")
    act(agent, case_id, choice="add")
    act(
        agent,
        case_id,
        fields={
            "description": "有人冒充我们发信",
            "contact_name": "李工",
            "contact_phone": "13911112222",
        },
    )
    page = agent.get(f"/cases/{case_id}")
    body = page.text.split('id="esc-body">', 1)[1].split("</pre>", 1)[0]
    for value in (
        "李工",
        "13911112222",
        "周经理",
        "13800138000",
        "ourcorp-sh.cn",
        "有人冒充我们发信",
    ):
        assert html.escape(value) in body, value
    # 13.4: the description here is the request, labelled as the step asks for it.
    assert "要求加入同域认证规则的情况" in body
    escalated = act(agent, case_id, proceed=True)
    mail = agent.get(f"/api/escalations/{escalated['escalation_id']}").json()
    assert "李工" in mail["payload"]["body"] and "周经理" in mail["payload"]["body"]


def test_the_web_and_the_api_suggest_and_target_the_same(agent: TestClient) -> None:
    """13.8: the pasted 0x800CCC0E is marked on the page and in the API, and the port
    check aims at the provider's server, not the customer's domain."""
    case_id = start(
        agent,
        "outlook 收信报错 0x800CCC0E，邮箱 liu@ruitong-logi.com",
        "client-send-receive",
        domain="ruitong-logi.com",
    )
    walk = act(agent, case_id, fields={"client_error": "0x800CCC0E"})
    suggested = [c for c in walk["step"]["choices"] if c["suggested"]]
    assert len(suggested) == 1 and suggested[0]["suggested"]["kind"] == "signal"
    page = agent.get(f"/cases/{case_id}")
    button = re.search(
        rf'<button class="choice suggested"[^>]*value="{suggested[0]["id"]}"', page.text
    )
    assert button, "the page does not mark the choice the API suggests"


def test_a_check_runs_from_the_api_and_is_audited(agent: TestClient, desk: Desk) -> None:
    """13.8: the API can do what the page does: run the current step's check (audited)."""
    case_id = start(agent, "收不到邮件", "same-domain-auth", domain="ourcorp.example")
    act(agent, case_id, fields={"domain": "ourcorp.example"})
    walk = agent.get(f"/api/cases/{case_id}/walk").json()
    assert walk["step"]["check"] == {
        "id": "same-domain-auth",
        "runnable": True,
        "target": "ourcorp.example",
        "target_source": "walk",
    }
    ran = agent.post(f"/api/cases/{case_id}/check", json={})
    assert ran.status_code == 200, ran.text
    assert ran.json()["target"] == "ourcorp.example" and ran.json()["results"]
    with desk.sessions() as db_session:
        actions = list(
            db_session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id))
        )
    assert "case.checked" in actions


def test_undo_from_the_api_and_the_page(agent: TestClient) -> None:
    case_id = start(agent, "收不到邮件", "same-domain-auth", domain="ourcorp.example")
    act(agent, case_id, fields={"domain": "ourcorp.example"})
    undone = agent.post(f"/api/cases/{case_id}/walk/undo")
    assert undone.status_code == 200
    assert undone.json()["step"]["id"] == "collect-domain" and not undone.json()["can_undo"]
    assert agent.post(f"/api/cases/{case_id}/walk/undo").status_code == 422
    act(agent, case_id, fields={"domain": "ourcorp.example"})
    page = agent.post(f"/cases/{case_id}/undo", data={"step": "check-rule"})
    assert page.status_code == 303
    assert 'data-step="collect-domain"' in agent.get(f"/cases/{case_id}").text


def test_the_next_step_never_shows_a_placeholder(agent: TestClient) -> None:
    """13.11: 4.0.5's next-step preview showed {{ walk.expiry_date }}."""
    case_id = start(agent, "邮箱什么时候到期", "expiry-query", domain="ourcorp.example")
    walk = agent.get(f"/api/cases/{case_id}/walk").json()
    for _ in range(6):
        page = agent.get(f"/cases/{case_id}").text
        assert "{{" not in page and "‹" not in page
        if walk["status"] != "active":
            break
        step = walk["step"]
        if step["kind"] == "collect":
            values = {"domain": "ourcorp.example", "date": "2024-03-05", "integer": "2"}
            fields = {f["name"]: values.get(f["type"], "x") for f in step["fields"]}
            walk = act(agent, case_id, fields=fields)
        elif step["choices"]:
            walk = act(agent, case_id, choice=step["choices"][0]["id"])
        else:
            walk = act(agent, case_id, proceed=True)


def test_a_typed_password_survives_a_field_error_and_the_assignee_can_reveal_it(
    agent: TestClient,
) -> None:
    """13.13: a refused form kept nothing typed in its password field; no reveal on the page."""
    case_id = start(agent, "网页登录提示系统忙", "webmail-system-busy", domain="ourcorp.example")
    act(agent, case_id, choice="single")
    refused = agent.post(
        f"/cases/{case_id}/walk",
        data={"step": "collect-credentials", "field:email": "xiaowang", "secret:password": "pw-1"},
    )
    assert refused.status_code == 422
    assert 'value="pw-1"' in refused.text and refused.headers["cache-control"] == "no-store"
    assert "不是邮箱地址" in refused.text  # 13.6: the field error in the page's language
    assert english_sentences(refused.text, allowed=("xiaowang",)) == []
    saved = agent.post(
        f"/cases/{case_id}/walk",
        data={
            "step": "collect-credentials",
            "field:email": "li@ourcorp.example",
            "secret:password": "pw-1",
        },
    )
    assert saved.status_code == 303
    page = agent.get(f"/cases/{case_id}").text
    assert 'data-testid="reveal-password"' in page and "pw-1" not in page
    shown = agent.post(f"/cases/{case_id}/secrets/password/reveal")
    assert shown.status_code == 200 and 'data-testid="revealed-password">pw-1<' in shown.text


def test_the_api_answers_in_the_language_the_client_asks_for(agent: TestClient) -> None:
    case_id = start(agent, "网页登录提示系统忙", "webmail-system-busy", domain="ourcorp.example")
    act(agent, case_id, choice="single")
    body = {"fields": {"email": "xiaowang", "password": "x"}}
    zh = agent.post(f"/api/cases/{case_id}/walk", json=body, headers={"Accept-Language": "zh-CN"})
    en = agent.post(f"/api/cases/{case_id}/walk", json=body)
    assert zh.status_code == en.status_code == 422
    assert "不是邮箱地址" in zh.json()["message"]
    assert zh.json()["problems"] == [{"field": "email", "message": zh.json()["message"][7:]}]
    assert "is not an email address" in en.json()["message"]
    bad = agent.post("/api/cases", json={"complaint": ""}, headers={"Accept-Language": "zh"})
    assert bad.status_code == 422 and "字符" in bad.json()["message"]


def test_the_closing_note_is_shown(agent: TestClient) -> None:
    """13.11: the note given when closing (处理结果) was stored but never shown."""
    case_id = start(agent, "网页登录提示系统忙", "webmail-system-busy", domain="ourcorp.example")
    closed = agent.post(f"/cases/{case_id}/close", data={"resolution": "客户清理缓存后恢复"})
    assert closed.status_code == 303
    page = agent.get(f"/cases/{case_id}").text
    assert 'data-testid="resolution">客户清理缓存后恢复<' in page


def test_the_docs_page_is_left_out_and_the_description_stays(agent: TestClient) -> None:
    """13.11: /docs loaded Swagger UI from a CDN and stayed blank offline."""
    assert agent.get("/docs").status_code == 404
    assert agent.get("/openapi.json").status_code == 200


def test_the_settings_username_pattern_is_a_valid_browser_pattern(desk: Desk) -> None:
    """13.11: with the v flag the browser refused "[A-Za-z0-9_.@-]+" and never checked it."""
    client = logged_in(desk, "admin")
    page = client.get("/settings").text
    pattern = re.search(r'name="username" required pattern="([^"]+)"', page)
    assert pattern and pattern.group(1).endswith(r"\-]+")
