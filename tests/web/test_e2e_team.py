"""End to end in Debian's Chromium (zh-CN): a supervisor's report page and a CSV download,
an admin disabling an agent whose session ends at once, and the known-fault notice."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.web.conftest import Server, login, shot

PASSWORD = "team-e2e-password"


def admin_headers(server: Server) -> dict[str, str]:
    token = httpx.post(
        f"{server.url}/api/auth/token",
        json={"username": "admin", "password": server.admin_password},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def add_account(server: Server, username: str, role: str) -> None:
    made = httpx.post(
        f"{server.url}/api/users",
        json={"username": username, "role": role, "password": PASSWORD},
        headers=admin_headers(server),
    )
    assert made.status_code in (201, 409), made.text


def token_of(server: Server, username: str) -> dict[str, str]:
    answer = httpx.post(
        f"{server.url}/api/auth/token", json={"username": username, "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_supervisor_reads_the_report_and_downloads_a_table(
    page: Any, server: Server, tmp_path: Path
) -> None:
    add_account(server, "e2e-boss", "supervisor")
    add_account(server, "e2e-clerk", "agent")
    clerk = token_of(server, "e2e-clerk")
    for domain in ("report-a.e2e.cn", "report-b.e2e.cn"):
        created = httpx.post(
            f"{server.url}/api/cases",
            json={
                "complaint": "续费后到期时间不对",
                "playbook_id": "expiry-query",
                "customer": {"domain": domain, "company_name": "=SUM(1+1)"},
            },
            headers=clerk,
        )
        assert created.status_code == 201, created.text
    login(page, server, "e2e-boss", PASSWORD)
    page.get_by_role("link", name="报表").click()
    expect(page.get_by_role("heading", name=re.compile("首次解决率"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("客服工作量"))).to_be_visible()
    expect(page.get_by_test_id("report-load")).to_contain_text("e2e-clerk")
    expect(page.get_by_test_id("report-per-day")).to_contain_text("到期")
    shot(page, "team-report-zh")
    with page.expect_download() as download_info:
        page.get_by_test_id("csv-per_playbook_day").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert download.suggested_filename.startswith("postdesk-per_playbook_day-")
    assert text.startswith("\ufeffday,playbook_id,cases\r\n")
    assert re.search(r"\d{4}-\d\d-\d\d,expiry-query,[1-9]", text)
    # The customers list, downloaded from its page: the formula arrives as text.
    page.goto("/customers?q=report-")
    with page.expect_download() as customers_info:
        page.get_by_test_id("customers-csv").click()
    customers = tmp_path / "customers.csv"
    customers_info.value.save_as(customers)
    assert "'=SUM(1+1)" in customers.read_text("utf-8")


def test_admin_disables_an_agent_whose_session_ends(browser: Any, server: Server) -> None:
    add_account(server, "e2e-leaver", "agent")
    leaver_api = token_of(server, "e2e-leaver")
    agent_context = browser.new_context(base_url=server.url, locale="zh-CN")
    admin_context = browser.new_context(base_url=server.url, locale="zh-CN")
    try:
        agent = agent_context.new_page()
        login(agent, server, "e2e-leaver", PASSWORD)
        agent.goto("/cases")
        expect(agent.get_by_test_id("filters")).to_be_visible()
        admin = admin_context.new_page()
        login(admin, server)
        admin.get_by_role("link", name="设置").click()
        row = admin.get_by_test_id("user-e2e-leaver")
        row.get_by_test_id("disable").click()
        expect(admin.get_by_test_id("user-changed")).to_contain_text("e2e-leaver")
        expect(admin.get_by_test_id("user-e2e-leaver").get_by_test_id("user-state")).to_have_text(
            "已停用"
        )
        shot(admin, "team-user-disabled-zh")
        agent.goto("/cases")
        agent.wait_for_url(re.compile(r"/login"))
        assert httpx.get(f"{server.url}/api/users/me", headers=leaver_api).status_code == 401
        last_admin = admin.get_by_test_id("user-admin")
        last_admin.get_by_test_id("disable").click()
        expect(admin.get_by_role("alert")).to_contain_text("最后一个启用的管理员")
    finally:
        agent_context.close()
        admin_context.close()


def test_known_fault_appears_while_the_complaint_is_typed(page: Any, server: Server) -> None:
    add_account(server, "e2e-clerk", "agent")  # 409 when an earlier test made it
    clerk = token_of(server, "e2e-clerk")
    for domain in ("fault-a.e2e.cn", "fault-b.e2e.cn", "fault-c.e2e.cn"):
        httpx.post(
            f"{server.url}/api/cases",
            json={
                "complaint": "网页登录提示系统忙",
                "playbook_id": "webmail-system-busy",
                "customer": {"domain": domain},
            },
            headers=clerk,
        )
    login(page, server)
    page.fill("#complaint", "客户说网页邮箱登录后一直提示系统忙")
    expect(page.get_by_test_id("known-fault")).to_contain_text("已知故障")
    shot(page, "team-known-fault-zh")
