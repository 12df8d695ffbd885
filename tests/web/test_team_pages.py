"""Pages of issue 16 (in process, SQLite): accounts, incidents as work, customers, reports."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.desk.context import Desk
from tests.web.support import PASSWORD, logged_in, login_as, new_case


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def user_id(client: TestClient, username: str) -> int:
    found = re.search(
        rf'data-testid="user-{username}".*?action="/settings/users/(\d+)"',
        client.get("/settings").text,
        re.S,
    )
    assert found is not None
    return int(found.group(1))


def test_admin_disables_an_agent_whose_session_ends_at_once(desk: Desk) -> None:
    agent = logged_in(desk, "agent")
    assert agent.get("/cases").status_code == 200
    admin = logged_in(desk, "admin")
    agent_id = user_id(admin, "agent")
    page = admin.post(f"/settings/users/{agent_id}", data={"action": "disable"})
    assert page.status_code == 200 and "账号 agent 已更改" in page.text
    assert agent.get("/cases").status_code == 303  # to the login page
    assert login_as(TestClient(create_app(desk)), "agent").status_code == 401
    enabled = admin.post(f"/settings/users/{agent_id}", data={"action": "enable"})
    assert enabled.status_code == 200
    reset = admin.post(f"/settings/users/{agent_id}", data={"action": "reset"})
    shown = re.search(r'<code class="password">([^<]+)</code>', reset.text)
    assert shown is not None and shown.group(1) != PASSWORD
    role = admin.post(f"/settings/users/{agent_id}", data={"action": "role", "role": "supervisor"})
    assert "主管" in text_of(role.text.split('data-testid="user-agent"')[1].split("</tr>")[0])


def test_the_last_admin_is_kept_and_agents_cannot_manage(desk: Desk) -> None:
    admin = logged_in(desk, "admin")
    admin_id = user_id(admin, "admin")
    refused = admin.post(f"/settings/users/{admin_id}", data={"action": "disable"})
    assert refused.status_code == 409 and "最后一个启用的管理员" in refused.text
    bad = admin.post(f"/settings/users/{admin_id}", data={"action": "explode"})
    assert bad.status_code == 422 and "未知操作" in bad.text
    agent = logged_in(desk, "agent")
    assert agent.post(f"/settings/users/{admin_id}", data={"action": "disable"}).status_code == 403
    assert admin.get("/api/users/me").status_code == 401  # pages' cookie is no API token


def raise_incident(client: TestClient) -> None:
    for domain in ("a.example.cn", "b.example.cn", "c.example.cn"):
        new_case(client, domain)


def test_known_fault_notice_and_resolving_on_the_incidents_page(desk: Desk) -> None:
    admin = logged_in(desk, "admin")
    agent = logged_in(desk, "agent")
    typed = {"complaint": "网页登录邮箱提示系统忙"}
    assert 'data-testid="known-fault"' not in agent.post("/cases/new/known-fault", data=typed).text
    raise_incident(admin)
    notice = agent.post("/cases/new/known-fault", data=typed)
    assert notice.status_code == 200 and "已知故障" in notice.text
    page = agent.get("/incidents")
    assert 'data-testid="resolve-form"' not in page.text  # agents do not resolve
    incident_id = re.search(r'id="incident-(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    assert agent.post(f"/incidents/{incident_id}/resolve", data={"cause": "x"}).status_code == 403
    empty = admin.post(f"/incidents/{incident_id}/resolve", data={"cause": " "})
    assert empty.status_code == 422 and "故障原因" in empty.text
    done = admin.post(f"/incidents/{incident_id}/resolve", data={"cause": "前端宕机，已切换"})
    assert done.status_code == 303
    shown = admin.get("/incidents").text
    assert "前端宕机，已切换" in shown and 'data-testid="resolved-incidents"' in shown
    assert 'data-testid="known-fault"' not in agent.post("/cases/new/known-fault", data=typed).text


def customer_link(client: TestClient, domain: str) -> str:
    listed = client.get("/customers", params={"q": domain}).text
    found = re.search(rf'href="(/customers/\d+)">{re.escape(domain)}<', listed)
    assert found is not None, listed[:2000]
    return found.group(1)


def test_customer_pages_list_show_merge_and_correct(desk: Desk) -> None:
    agent = logged_in(desk, "agent")
    first = new_case(agent, "kept.example.cn")
    second = new_case(agent, "typo.example.cn")
    listing = agent.get("/customers")
    assert listing.status_code == 200 and "kept.example.cn" in listing.text
    assert "typo" not in agent.get("/customers", params={"q": "kept"}).text
    kept = customer_link(agent, "kept.example.cn")
    page = agent.get(kept)
    assert page.status_code == 200 and f'href="{first}"' in page.text
    assert 'data-testid="customer-merge"' not in page.text  # agents do not merge
    assert agent.post(f"{kept}/merge", data={"other": "typo.example.cn"}).status_code == 403
    admin = logged_in(desk, "admin")
    unknown = admin.post(f"{kept}/merge", data={"other": "nobody.example.cn"})
    assert unknown.status_code == 404 and "没有域名为" in unknown.text
    merged = admin.post(f"{kept}/merge", data={"other": "typo.example.cn"})
    assert merged.status_code == 303
    after = admin.get(kept).text
    assert f'href="{second}"' in after and "typo.example.cn" in after
    third = new_case(agent, "third.example.cn")
    bad = agent.post(f"{kept}/cases", data={"case_id": "abc"})
    assert bad.status_code == 404 and "不是工单编号" in bad.text
    moved = agent.post(f"{kept}/cases", data={"case_id": third.rsplit("/", 1)[1]})
    assert moved.status_code == 303 and f'href="{third}"' in agent.get(kept).text
    assert agent.get("/customers/999999").status_code == 404
    assert agent.get("/customers/lookup", params={"domain": "kept.example.cn"}).status_code == 200


def test_customer_check_refusal_is_shown_on_the_page(desk: Desk) -> None:
    desk.settings = desk.settings.model_copy(update={"diagnose_per_minute": 1})
    agent = logged_in(desk, "agent")
    new_case(agent, "quota.example.cn")
    link = customer_link(agent, "quota.example.cn")
    refused = agent.post(f"{link}/check")  # two checks, one allowed a minute
    assert refused.status_code == 429 and "检查太频繁" in refused.text


def test_report_page_and_csv_downloads(desk: Desk) -> None:
    agent = logged_in(desk, "agent")
    new_case(agent, "report.example.cn")
    assert agent.get("/reports").status_code == 403
    assert agent.get("/export/reports/open_by_age.csv").status_code == 403
    admin = logged_in(desk, "admin")
    page = admin.get("/reports")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "首次解决率" in shown and "客服工作量" in shown and "按 Asia/Shanghai 时区计日" in shown
    assert "超时提醒" in shown
    link = re.search(r'href="(/export/reports/per_playbook_day\.csv\?[^"]+)"', page.text)
    assert link is not None
    download = admin.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200 and download.text.startswith("\ufeffday,playbook_id,cases")
    assert "webmail-system-busy,1" in download.text
    bad = admin.get("/reports", params={"since": "tomorrow"})
    assert bad.status_code == 422 and "不是日期" in bad.text
    cases_csv = agent.get("/export/cases.csv", params={"domain": "report.example.cn"})
    assert cases_csv.status_code == 200 and "report.example.cn" in cases_csv.text
    # every status of the case list filters the export (the waiting ones were once ignored,
    # so the download held every case)
    waiting = agent.get("/export/cases.csv", params={"status": "waiting_engineer"})
    assert waiting.status_code == 200 and "report.example.cn" not in waiting.text
    listing = agent.get("/cases")
    assert 'data-testid="cases-csv"' in listing.text
    customers_csv = agent.get("/export/customers.csv", params={"q": "report"})
    assert customers_csv.text.count("\r\n") == 2
    assert agent.get("/export/reports/nothing.csv").status_code == 403
    assert admin.get("/export/reports/nothing.csv").status_code == 404
