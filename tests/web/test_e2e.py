"""End to end in Debian's Chromium: the agent's day from login to escalation and back.

Each test drives a real `postdesk serve` (tests/web/conftest.py) and saves
screenshots of the pages it sees under test-artifacts/web/.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.web.conftest import NARROW, Server, login, shot

COMPLAINT = "网页登录邮箱一直提示系统忙，我们的域名是 example-e2e.cn，账号 li@example-e2e.cn"

# An RFC 3464 delivery status notification, as a customer forwards it.
BOUNCE = """\
From: MAILER-DAEMON@mx.example.net
To: li@example-e2e.cn
Subject: Undelivered Mail Returned to Sender
Date: Mon, 30 Nov 2026 10:00:00 +0800
Message-ID: <dsn-1@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.
I'm sorry to have to inform you that your message could not be delivered.

<wang@partner.example.org>: host mx.partner.example.org[198.51.100.7] said:
    550 5.1.1 <wang@partner.example.org>: Recipient address rejected: User unknown

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; wang@partner.example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.partner.example.org
Diagnostic-Code: smtp; 550 5.1.1 <wang@partner.example.org>: Recipient address
    rejected: User unknown

--b1
Content-Type: text/rfc822-headers

From: li@example-e2e.cn
To: wang@partner.example.org
Subject: quotation
Message-ID: <orig-1@example-e2e.cn>

--b1--
"""


def _start_case(page: Any) -> None:
    """From the new-case page: paste the complaint, analyse, start the best playbook by key 1."""
    page.fill("#complaint", COMPLAINT)
    page.click("[data-testid=triage]")
    page.wait_for_selector("[data-testid=suggestions]")
    page.keyboard.press("1")
    page.wait_for_url(re.compile(r"/cases/\d+$"))


def _type_outage_details(page: Any, server: Server, email: str, description: str) -> str:
    """Log in, start a case, choose outage (key 1) and type its details unsaved; returns the
    case URL."""
    login(page, server)
    _start_case(page)
    case_url = str(page.url)
    page.keyboard.press("1")  # outage: collect email and description
    page.wait_for_selector("[data-step=collect-outage]")
    page.fill("input[name='field:email']", email)
    page.fill("textarea[name='field:description']", description)
    return case_url


def _assert_outage_details_restored(page: Any, case_url: str, email: str, description: str) -> None:
    """Back on the case after an interruption: same step, the unsaved typing still there."""
    page.wait_for_url(case_url)
    page.wait_for_selector("[data-testid=restored]")
    assert page.locator("[data-testid=walk]").get_attribute("data-step") == "collect-outage"
    assert page.input_value("input[name='field:email']") == email
    assert page.input_value("textarea[name='field:description']") == description


def _start_cannot_receive(page: Any, domain: str) -> None:
    """From the new-case page: a 'cannot receive' complaint for ``domain``, started by button."""
    page.fill("#complaint", f"收不到邮件，别人发来的信都收不到 {domain}")
    page.fill("#domain", domain)
    page.click("[data-testid=triage]")
    page.click("[data-testid=start-cannot-receive]")
    page.wait_for_url(re.compile(r"/cases/\d+$"))


def test_login_case_walk_to_escalation_and_list(page: Any, server: Server) -> None:
    login(page, server)
    shot(page, "01-new-case-empty")
    page.fill("#complaint", COMPLAINT)
    page.click("[data-testid=triage]")
    suggestions = page.locator("[data-testid=suggestions] li")
    assert suggestions.count() >= 1
    assert "webmail-system-busy" in page.locator("[data-testid^=start-]").first.get_attribute(
        "data-testid"
    )
    facts = page.locator("[data-testid=facts]").inner_text()
    assert "example-e2e.cn" in facts and "li@example-e2e.cn" in facts
    assert "新客户" in page.locator("[data-testid=customer-card]").inner_text()
    shot(page, "02-new-case-suggestions")

    page.keyboard.press("1")  # the best suggestion, by number key (focus is on it)
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = page.url
    assert page.locator("[data-testid=walk]").get_attribute("data-step") == "ask-outage"
    shot(page, "03-walk-ask")

    page.keyboard.press("2")  # a single customer, not an outage
    page.wait_for_selector("[data-step=collect-credentials]")
    assert page.input_value("input[name='field:email']") == "li@example-e2e.cn"  # found fact
    page.fill("input[name='secret:password']", "customer-pass-1")
    page.click("[data-testid=save-fields]")
    page.wait_for_selector("[data-step=test-login]")
    shot(page, "04-walk-check")

    page.keyboard.press("1")  # reproduced
    page.wait_for_selector("[data-step=collect-reproduced]")
    # The complaint is offered as the description; emptied, the field is refused.
    assert "系统忙" in page.input_value("textarea[name='field:description']")
    page.fill("textarea[name='field:description']", "")
    page.click("[data-testid=save-fields]")  # empty required field: refused, nothing lost
    assert page.locator(".field-error").count() == 1
    page.fill("textarea[name='field:description']", "登录后提示系统忙，已截图")
    page.locator("textarea[name='field:description']").press("Control+Enter")
    page.wait_for_selector("[data-testid=escalation-preview]")
    preview = page.locator("[data-testid=escalation-preview]").inner_text()
    assert "登录后提示系统忙" in preview
    assert "customer-pass-1" not in preview  # the password never shows, only the case link
    shot(page, "05-walk-escalate-preview")

    page.click("[data-testid=proceed]")
    page.wait_for_selector("[data-testid=walk-finished]")
    assert page.locator("[data-testid=case-status]").inner_text() == "等待工程师"
    assert page.locator("[data-testid=escalations] li").count() == 1
    shot(page, "06-case-escalated")

    page.goto("/cases")
    row = page.locator("[data-testid=case-table] tbody tr").first
    assert case_url.rsplit("/", 1)[1] in row.inner_text()
    assert "等待工程师" in row.inner_text()
    shot(page, "07-case-list")

    page.set_viewport_size(NARROW)
    page.goto(case_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the case page scrolls sideways at 390 px ({width})"
    shot(page, "08-case-narrow")


def test_bounce_paste_reads_the_table(page: Any, server: Server) -> None:
    login(page, server)
    page.goto("/bounce")  # the bounce reader's old address leads to the message reader
    assert page.url.endswith("/inspect")
    page.fill("#inspect-text", BOUNCE)
    page.click("[data-testid=read-original]")
    table = page.locator("[data-testid=bounce-table]")
    table.wait_for()
    text = table.inner_text()
    assert "wang@partner.example.org" in text
    assert "收件人不存在" in text  # reason userunknown, in zh
    assert "5.1.1" in text
    shot(page, "09-bounce-table")
    page.set_viewport_size(NARROW)
    shot(page, "10-bounce-narrow")


def test_upload_that_is_not_an_email_says_so(page: Any, server: Server, tmp_path: Any) -> None:
    login(page, server)
    page.goto("/inspect")
    photo = tmp_path / "screen.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    page.set_input_files("input[type=file]", str(photo))
    page.click("[data-testid=read-original]")
    error = page.locator("[data-testid=inspect-error]").inner_text()
    assert "screen.png" in error and "不是邮件" in error


def test_language_switch_is_remembered(page: Any, server: Server) -> None:
    login(page, server)
    assert page.locator("nav.nav").inner_text().startswith("我的工单\n新建工单")
    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("text=New case")
    assert "Cases" in page.locator("nav.nav").inner_text()
    page.goto("/playbooks")
    assert "Playbook library" in page.locator("h1").inner_text()
    shot(page, "11-playbooks-en")
    page.goto("/playbooks/webmail-system-busy?show=both")
    shot(page, "12-playbook-both")
    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("text=预案库")


def test_session_expired_mid_walk_keeps_state_and_typing(page: Any, server: Server) -> None:
    case_url = _type_outage_details(page, server, "boss@example-e2e.cn", "三位客户同时反映系统忙")
    page.context.clear_cookies()  # the session ends while the agent types
    page.click("[data-testid=save-fields]")
    page.wait_for_selector("[data-testid=session-expired]")
    shot(page, "13-session-expired")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", server.admin_password)
    page.click("button[type=submit]")
    _assert_outage_details_restored(page, case_url, "boss@example-e2e.cn", "三位客户同时反映系统忙")
    shot(page, "14-restored-after-login")
    page.click("[data-testid=save-fields]")
    page.wait_for_selector("[data-step=escalate-outage]")


def test_empty_complaint_and_pages_render(page: Any, server: Server) -> None:
    login(page, server)
    page.click("[data-testid=triage]")
    assert "不能为空" in page.locator("[data-testid=form-error]").inner_text()
    shot(page, "15-empty-complaint")
    for path, name in (("/incidents", "16-incidents"), ("/settings", "17-settings")):
        page.goto(path)
        shot(page, name)
    page.set_viewport_size(NARROW)
    for path, name in (("/cases/new", "18-new-case-narrow"), ("/cases", "19-cases-narrow")):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways at 390 px ({width})"
        shot(page, name)


def test_outage_shows_as_an_incident_with_its_cases(page: Any, server: Server) -> None:
    login(page, server)
    for number in range(3):  # 4.0.7's outage rule: 3 customers within 10 minutes
        page.goto("/cases/new")
        domain = f"outage{number}.example.cn"
        page.fill("#complaint", f"网页登录邮箱提示错误请求 {domain}")
        page.fill("#domain", domain)
        page.click("[data-testid=triage]")
        page.click("[data-testid=start-webmail-bad-request]")
        page.wait_for_url(re.compile(r"/cases/\d+$"))
    page.goto("/incidents")
    incident = page.locator("[data-testid=incident]").first
    assert incident.locator("li").count() == 3
    assert page.locator("[data-testid=chart-hourly] .hm-total").first.inner_text() != ""
    shot(page, "20-incidents-open")
    page.set_viewport_size(NARROW)
    shot(page, "21-incidents-narrow")


def _known_customer(server: Server, domain: str, company: str) -> None:
    """A customer the desk knows: a case opened through the JSON API with its details."""
    token = httpx.post(
        f"{server.url}/api/auth/token",
        json={"username": "admin", "password": server.admin_password},
    ).json()["access_token"]
    made = httpx.post(
        f"{server.url}/api/cases",
        json={
            "complaint": "客户来电咨询到期时间",
            "customer": {"domain": domain, "company_name": company, "service_status": "opened"},
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert made.status_code == 201, made.text


def test_customer_lookup_while_typing_shows_the_known_customer(page: Any, server: Server) -> None:
    _known_customer(server, "known-lookup.cn", "北京示例贸易有限公司")
    login(page, server)
    card = page.locator("[data-testid=customer-card]")
    page.locator("#domain").press_sequentially("unknown-lookup.cn", delay=20)
    # (Locator waits, not wait_for_function: the pages' CSP allows no string evaluation.)
    expect(card).to_contain_text("unknown-lookup.cn")
    assert "新客户" in card.inner_text()
    page.fill("#domain", "")
    page.locator("#domain").press_sequentially("Known-Lookup.cn", delay=20)
    expect(card).to_contain_text("北京示例贸易有限公司")
    shown = card.inner_text()
    assert "known-lookup.cn" in shown and "已开通" in shown and "新客户" not in shown
    assert card.locator("a[href='/cases?domain=known-lookup.cn']").inner_text() == "1"
    shot(page, "23-new-case-known-customer")


def test_an_expired_form_keeps_typing_and_works_after_a_reload(page: Any, server: Server) -> None:
    case_url = _type_outage_details(page, server, "ops@example-e2e.cn", "整个公司都提示系统忙")
    # The browser's CSRF value changes (cleared, another profile): the page's token is stale.
    page.context.add_cookies([{"name": "postdesk_csrf", "value": "A" * 43, "url": server.url}])
    page.click("[data-testid=save-fields]")
    page.wait_for_selector("[data-testid=form-expired]")
    assert "表单已过期，请重新加载页面后再试" in page.inner_text("[data-testid=form-expired]")
    shot(page, "24-form-expired")
    page.click("[data-testid=reload-form]")
    _assert_outage_details_restored(page, case_url, "ops@example-e2e.cn", "整个公司都提示系统忙")
    page.click("[data-testid=save-fields]")
    page.wait_for_selector("[data-step=escalate-outage]")


def test_background_check_sends_the_page_token(page: Any, server: Server) -> None:
    login(page, server)
    _start_cannot_receive(page, "token-check.example.cn")
    page.fill("input[name='field:email']", "li@token-check.example.cn")
    page.click("[data-testid=save-fields]")
    page.wait_for_selector("[data-testid=run-check]")
    page.fill("input[name=target]", "")  # no target: answered at once, no network
    with page.expect_request(lambda request: request.url.endswith("/check")) as sent:
        page.click("[data-testid=run-check]")
    token = page.get_attribute("meta[name=csrf-token]", "content")
    assert sent.value.headers.get("x-csrf-token") == token
    page.wait_for_selector("#check-output .notice")
    assert "请先填写检查对象" in page.inner_text("#check-output")


def test_a_post_forged_on_another_site_changes_nothing(page: Any, server: Server) -> None:
    login(page, server)
    forged = (
        f'<form method="post" action="{server.url}/settings/users">'
        '<input name="username" value="mallory"><input name="role" value="admin"></form>'
        "<script>document.forms[0].submit()</script>"
    )
    page.route(
        "http://evil.test/**",
        lambda route: route.fulfill(content_type="text/html", body=forged),
    )
    page.goto("http://evil.test/")
    page.wait_for_url(f"{server.url}/settings/users")
    # The browser kept the session cookie back (SameSite=Lax): a login page, nothing carried.
    assert page.locator("input[name=password]").count() == 1
    assert page.locator("input[name^='pending:']").count() == 0
    page.goto("/settings")
    assert "mallory" not in page.locator("[data-testid=users]").inner_text()
    page.goto("/cases/new")  # still logged in, and the forms of this tab still work
    page.fill("#complaint", COMPLAINT)
    page.click("[data-testid=triage]")
    page.wait_for_selector("[data-testid=suggestions]")


def test_bounce_without_a_status_code_says_inferred(page: Any, server: Server) -> None:
    login(page, server)
    page.goto("/inspect")
    page.fill("#inspect-text", "Mailbox exceed")
    page.click("[data-testid=read-original]")
    cell = page.locator("[data-testid=bounce-table] tbody td.nowrap").first
    cell.wait_for()
    assert "5.0.922 (推断)" in cell.inner_text()
    shot(page, "25-bounce-inferred")


def test_attachment_over_the_upload_limit_is_refused_clearly(
    page: Any, server: Server, tmp_path: Any
) -> None:
    login(page, server)
    _start_case(page)
    huge = tmp_path / "capture.pcap"
    with huge.open("wb") as out:
        out.truncate(26 * 1024 * 1024)  # over the default 25 MB
    page.set_input_files("input[type=file][name=file]", str(huge))
    page.click("[data-testid=attach]")  # the page warns before sending anything
    warning = page.locator("#attachments .upload-too-large")
    assert warning.is_visible() and "25 MB" in warning.inner_text()
    shot(page, "26-attachment-too-large-warning")
    # Without the page's warning (no JavaScript), the server refuses it with a page.
    page.eval_on_selector("#attachments form", "form => form.removeAttribute('data-max-upload')")
    page.click("[data-testid=attach]")
    page.wait_for_selector("[data-testid=too-large]")
    assert "25 MB" in page.inner_text("[data-testid=too-large]")
    shot(page, "27-attachment-too-large-page")


def test_a_shown_one_time_password_must_be_changed_before_the_asked_page(
    page: Any, server: Server
) -> None:
    login(page, server)
    page.goto("/settings")
    page.fill("input[name=username]", "e2e-newcomer")
    page.click("form[action='/settings/users'] button[type=submit]")
    one_time = page.locator("[data-testid=user-created] code.password").inner_text().strip()
    page.context.clear_cookies()
    page.goto("/cases?status=open")
    page.fill("input[name=username]", "e2e-newcomer")
    page.fill("input[name=password]", one_time)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/password\?next="))
    page.wait_for_selector("[data-testid=password-change-required]")
    page.fill("input[name=old_password]", one_time)
    page.fill("input[name=new_password]", one_time)
    page.fill("input[name=new_password_again]", one_time)
    page.click("[data-testid=change-password]")
    assert "新密码与当前密码相同" in page.locator("[data-testid=password-error]").inner_text()
    shot(page, "28-password-change-refused")
    page.goto("/incidents")  # every page leads back to the change
    page.wait_for_url(re.compile(r"/password\?next=/incidents$"))
    page.fill("input[name=old_password]", one_time)
    page.fill("input[name=new_password]", "newcomer-own-password")
    page.fill("input[name=new_password_again]", "newcomer-own-password")
    page.click("[data-testid=change-password]")
    page.wait_for_url(re.compile(r"/incidents$"))
    page.goto("/cases?status=open")
    assert page.url.endswith("/cases?status=open")
