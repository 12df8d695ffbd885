"""An agent's morning in Debian's Chromium, in zh-CN and by keyboard (issue 16):
my cases, a due reminder, the call back, a note, the case resolved."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.web.conftest import Server, shot

AGENT = "zhang-morning"
AGENT_PASSWORD = "zhang-morning-password"


def _agent_with_a_due_reminder(server: Server) -> int:
    """An agent (through the admin's API) with one case and a call-back due now."""
    admin = httpx.post(
        f"{server.url}/api/auth/token",
        json={"username": "admin", "password": server.admin_password},
    ).json()["access_token"]
    made = httpx.post(
        f"{server.url}/api/users",
        json={"username": AGENT, "role": "agent", "password": AGENT_PASSWORD},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert made.status_code == 201, made.text
    token = httpx.post(
        f"{server.url}/api/auth/token", json={"username": AGENT, "password": AGENT_PASSWORD}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    case = httpx.post(
        f"{server.url}/api/cases",
        json={
            "complaint": "客户端发信提示 sender in prison",
            "playbook_id": "client-send-receive",
            "customer": {"domain": "morning-e2e.cn"},
        },
        headers=headers,
    ).json()
    due = httpx.post(
        f"{server.url}/api/cases/{case['id']}/reminders",
        json={"text": "回电客户，确认现在能否正常发信", "minutes": 0},
        headers=headers,
    )
    assert due.status_code == 201, due.text
    return int(case["id"])


def _press_on(page: Any, selector: str) -> None:
    """Reach a control from the keyboard: focus it, then Enter."""
    page.locator(selector).first.focus()
    page.keyboard.press("Enter")


def test_an_agents_morning(page: Any, server: Server) -> None:
    case_id = _agent_with_a_due_reminder(server)
    page.goto("/login")
    page.keyboard.type(AGENT)
    page.keyboard.press("Tab")
    page.keyboard.type(AGENT_PASSWORD)
    page.keyboard.press("Enter")
    # The home is 我的工单, with the due reminder counted in the header.
    page.wait_for_url(re.compile(r"/cases\?agent=me$"))
    expect(page.locator("h1")).to_contain_text("我的工单")
    expect(
        page.locator(f'[data-testid=case-table] a[href="/cases/{case_id}"]').first
    ).to_be_visible()
    expect(page.get_by_test_id("reminder-count")).to_contain_text("1")
    shot(page, "40-morning-my-cases")
    _press_on(page, "[data-testid=reminder-count]")
    page.wait_for_url(re.compile(r"/reminders$"))
    expect(page.get_by_test_id("reminder-row")).to_contain_text("回电客户")
    shot(page, "41-morning-reminders")
    _press_on(page, "[data-testid=reminder-case]")
    page.wait_for_url(re.compile(rf"/cases/{case_id}$"))
    expect(page.get_by_test_id("holder")).to_have_text(AGENT)
    # The call back made: the reminder done.
    expect(page.get_by_test_id("case-reminder")).to_contain_text("已到期")
    _press_on(page, "[data-testid=reminder-done]")
    page.wait_for_url(re.compile(rf"/cases/{case_id}$"))
    expect(page.get_by_test_id("reminder-count")).to_contain_text("0")
    expect(page.get_by_test_id("case-reminder")).to_have_count(0)
    # A note of what the customer said.
    page.get_by_test_id("note-body-input").focus()
    page.keyboard.type("已回电：客户说现在可以正常发信了")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/cases/{case_id}"))
    expect(page.get_by_test_id("note-body")).to_have_text("已回电：客户说现在可以正常发信了")
    # Resolved, from the status form.
    page.get_by_test_id("status-select").focus()
    page.get_by_test_id("status-select").select_option("resolved")
    _press_on(page, "[data-testid=change-status]")
    page.wait_for_url(re.compile(rf"/cases/{case_id}$"))
    expect(page.get_by_test_id("case-status")).to_have_text("已解决")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li[data-kind='reminder.done']")).to_have_count(1)
    expect(timeline.locator("li[data-kind='case.note']")).to_have_count(1)
    expect(timeline.locator("li[data-kind='case.status']")).to_contain_text("处理中 → 已解决")
    shot(page, "42-morning-resolved")
