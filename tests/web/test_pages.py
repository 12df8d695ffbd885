"""The pages in-process (no browser): bad input, sessions, permissions, the catalogue."""

from __future__ import annotations

import re
import threading
import time
from importlib import resources

from fastapi.testclient import TestClient
from sqlalchemy import text

from postdesk.api import create_app
from postdesk.bounce.reasons import REASONS
from postdesk.desk.context import Desk
from postdesk.desk.users.roles import ROLES
from postdesk.diagnose.result import STATUSES
from postdesk.web.i18n import catalogue
from postdesk.web.views.incident_pages import heatmap
from tests.web.support import (
    COMPLAINT,
    PASSWORD,
    login_as,
    page_token,
)
from tests.web.support import logged_in as _client
from tests.web.support import new_case as _new_case


def test_pages_need_a_login_and_come_back_after_it(desk: Desk) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    answer = client.get("/cases?status=open")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/cases%3Fstatus%3Dopen"
    login = login_as(client, next="/cases?status=open")
    assert login.headers["location"] == "/cases?status=open"


def test_login_refuses_a_wrong_password_and_foreign_next(desk: Desk) -> None:
    client = TestClient(create_app(desk), follow_redirects=False)
    token = page_token(client.get("/login").text)
    wrong = client.post("/login", data={"username": "admin", "password": "nope", "_csrf": token})
    assert wrong.status_code == 401
    assert "用户名或密码不对" in wrong.text
    good = login_as(client, next="//evil.example/x")
    assert good.headers["location"] == "/"


def test_empty_complaint_is_refused_with_a_message(desk: Desk) -> None:
    client = _client(desk)
    answer = client.post("/cases/new", data={"complaint": "   ", "action": "triage"})
    assert answer.status_code == 422
    assert "客户反映不能为空" in answer.text


def test_unknown_customer_is_announced_and_created_with_the_case(desk: Desk) -> None:
    client = _client(desk)
    card = client.get("/customers/lookup", params={"domain": "pages-example.cn"})
    assert "新客户" in card.text
    bad = client.get("/customers/lookup", params={"domain": "not a domain"})
    assert "不是有效的域名" in bad.text
    triaged = client.post("/cases/new", data={"complaint": COMPLAINT, "action": "triage"})
    assert 'value="pages-example.cn"' in triaged.text  # the found domain fills the field
    case_url = _new_case(client)
    assert client.get(case_url).status_code == 200
    known = client.get("/customers/lookup", params={"domain": "pages-example.cn"})
    assert "新客户" not in known.text and "/cases?domain=pages-example.cn" in known.text


def test_a_bad_domain_keeps_the_typed_complaint(desk: Desk) -> None:
    client = _client(desk)
    answer = client.post(
        "/cases/new",
        data={"complaint": COMPLAINT, "domain": "a b", "action": "start:webmail-system-busy"},
    )
    assert answer.status_code == 422
    assert "工单未创建" in answer.text
    assert COMPLAINT in answer.text


def test_upload_that_is_not_an_email(desk: Desk) -> None:
    client = _client(desk)
    answer = client.post(
        "/inspect", files={"file": ("notes.txt", b"just some words\nno headers at all\n")}
    )
    assert answer.status_code == 422
    assert "notes.txt" in answer.text
    empty = client.post("/inspect", data={"text": ""})
    assert "请粘贴退信内容" in empty.text


def test_pasted_single_reply_line_is_explained(desk: Desk) -> None:
    client = _client(desk)
    answer = client.post("/inspect", data={"text": "552 5.2.2 Mailbox full"})
    assert answer.status_code == 200
    assert "对方邮箱已满" in answer.text


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_bounce_page_marks_inferred_status_codes(desk: Desk) -> None:
    client = _client(desk)
    # "Mailbox exceed" carries no status code: 5.0.922 is the analyser's pseudo code.
    pseudo = client.post("/inspect", data={"text": "Mailbox exceed"})
    assert pseudo.status_code == 200
    assert "5.0.922 (推断)" in _text_of(pseudo.text)
    real = client.post("/inspect", data={"text": "552 5.2.2 Mailbox full"})
    assert "5.2.2" in real.text and 'data-testid="status-inferred"' not in real.text
    client.cookies.set("postdesk_lang", "en")
    english = client.post("/inspect", data={"text": "Mailbox exceed"})
    assert "5.0.922 (inferred)" in _text_of(english.text)


def test_expired_session_mid_walk_carries_typed_values_but_no_secret(desk: Desk) -> None:
    client = _client(desk)
    case_url = _new_case(client)
    case_id = case_url.rsplit("/", 1)[1]
    assert client.post(f"/cases/{case_id}/walk", data={"choice": "2"}).status_code == 303
    client.cookies.clear()
    answer = client.post(
        f"/cases/{case_id}/walk",
        data={
            "_page": case_url,
            "step": "collect-credentials",
            "field:email": "li@pages-example.cn",
            "secret:password": "customer-secret",
        },
    )
    assert answer.status_code == 401
    assert 'name="pending:field:email" value="li@pages-example.cn"' in answer.text
    assert "customer-secret" not in answer.text
    assert f'name="next" value="{case_url}"' in answer.text
    back = client.post(
        "/login",
        data={
            "username": "admin",
            "password": PASSWORD,
            "next": case_url,
            "pending:field:email": "li@pages-example.cn",
            # The login page came with its own token (the cookies were gone).
            "_csrf": page_token(answer.text),
        },
        headers={"X-CSRF-Token": ""},
    )
    assert back.status_code == 200 and "resume-data" in back.text
    page = client.get(case_url)
    assert 'data-step="collect-credentials"' in page.text  # the walk stayed where it was


def test_walk_errors_keep_typed_values(desk: Desk) -> None:
    client = _client(desk)
    case_id = _new_case(client).rsplit("/", 1)[1]
    client.post(f"/cases/{case_id}/walk", data={"choice": "2"})
    answer = client.post(
        f"/cases/{case_id}/walk",
        data={
            "step": "collect-credentials",
            "field:email": "not-an-address",
            "secret:password": "",
        },
    )
    assert answer.status_code == 422
    assert 'value="not-an-address"' in answer.text
    assert answer.text.count('class="field-error"') == 2
    stale = client.post(f"/cases/{case_id}/walk", data={"step": "ask-outage", "choice": "1"})
    assert stale.status_code == 409  # a second tab that still shows the first step


def test_the_expiry_reply_shows_the_worked_out_date_and_the_library_names_it(
    desk: Desk,
) -> None:
    """4.0.5 in the browser: the copyable reply holds expiry date + free months."""
    client = _client(desk)
    answer = client.post(
        "/cases/new",
        data={"complaint": "想查一下邮箱什么时候到期", "action": "start:expiry-query"},
    )
    assert answer.status_code == 303, answer.text[:500]
    case_id = str(answer.headers["location"]).rsplit("/", 1)[1]
    for form in (
        {"step": "collect-domain", "field:domain": "pages-example.cn"},
        {"step": "check-business-system", "choice": "1"},
        {"step": "collect-expiry", "field:expiry_date": "2026-08-31", "field:free_months": "6"},
    ):
        posted = client.post(f"/cases/{case_id}/walk", data=form)
        assert posted.status_code in (200, 303), posted.text[:500]
    page = client.get(f"/cases/{case_id}").text
    said = re.search(r'<p id="say-text">(.*?)</p>', page, re.S)
    assert said is not None and "实际到期日为 2027-02-28" in said[1], page[:2000]
    library = client.get("/playbooks/expiry-query").text
    assert "‹real_expiry›" in library and "walk.real_expiry" not in library


def test_agents_cannot_open_settings(desk: Desk) -> None:
    agent = _client(desk, "agent")
    assert agent.get("/settings").status_code == 403
    admin = _client(desk)
    made = admin.post("/settings/users", data={"username": "new.agent", "role": "agent"})
    assert made.status_code == 200 and "new.agent" in made.text


def test_every_page_answers_and_missing_things_say_so(desk: Desk) -> None:
    client = _client(desk)
    _new_case(client)
    for path in ("/cases/new", "/cases", "/inspect", "/incidents", "/playbooks", "/settings"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "server-timing" in answer.headers
    assert client.get("/playbooks?q=系统忙").text.count('href="/playbooks/') >= 1
    assert client.get("/playbooks/webmail-system-busy?show=both").status_code == 200
    assert client.get("/cases/999999").status_code == 404
    assert client.get("/playbooks/no-such-playbook").status_code == 404
    client.cookies.set("postdesk_lang", "en")
    english = client.get("/cases")
    assert "Cases" in english.text and "工单" not in english.text.split("<main")[0]


def test_heatmap_shades_by_the_busiest_cell() -> None:
    chart = heatmap([("a", "h1", 4), ("a", "h2", 1), ("b", "h2", 2)], ["h1", "h2"], ["1", "2"])
    assert [row["playbook"] for row in chart["rows"]] == ["a", "b"]
    assert [cell["shade"] for cell in chart["rows"][0]["cells"]] == [1.0, 0.25]
    assert chart["rows"][1]["cells"][0] == {"count": 0, "shade": 0}


def _used_keys() -> set[str]:
    folder = resources.files("postdesk.web")
    found: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*['"]([a-z0-9_]+)['"]""")
    for sub in ("templates", "views"):
        for entry in folder.joinpath(sub).iterdir():
            if entry.name.endswith((".html", ".py")):
                found |= set(pattern.findall(entry.read_text("utf-8")))
    return found


def test_catalogue_has_every_key_in_both_languages() -> None:
    messages = catalogue()
    used = _used_keys()
    missing = sorted(key for key in used if not key.endswith("_") and key not in messages)
    # Keys built from a prefix ("status_" ~ status) need every value of their set.
    families = {
        "status_": ("open", "waiting_customer", "waiting_engineer", "resolved", "closed"),
        "kind_": ("ask", "check", "instruct", "collect", "reply", "escalate", "resolve"),
        "role_": ROLES,
        "reason_": tuple(REASONS),
        "channel_kind_": ("mail", "fax", "ticket", "internal"),
        "check_": STATUSES,
        "walk_": ("resolved", "escalated"),
        "proceed_": ("instruct", "reply", "escalate"),
    }
    for prefix, values in families.items():
        missing += [prefix + value for value in values if prefix + value not in messages]
    missing += [p for p in used if p.endswith("_") and not any(k.startswith(p) for k in messages)]
    assert not missing, f"keys used but not in locale/messages.yaml: {missing}"
    for key, entry in messages.items():
        assert entry.get("zh") and entry.get("en"), f"{key} lacks zh or en"


def test_mx_check_runs_inline_and_points_to_an_outcome(desk: Desk) -> None:
    from postdesk.diagnose import DiagnoseContext
    from tests.diagnose.servers.dnsserver import DnsServer, Zone

    zone = Zone()
    zone.add("ours.example", "MX", f"10 {desk.profile.hosts.mx}.")
    zone.add("theirs.example", "MX", "10 mail.other.example.")
    zone.add("mail.other.example", "A", "192.0.2.10")
    zone.add(desk.profile.hosts.mx, "A", "127.0.0.1")
    app = create_app(desk)
    client = TestClient(app, follow_redirects=False)
    login_as(client)
    client.headers["X-CSRF-Token"] = page_token(client.get("/cases/new").text)
    with DnsServer(zone) as dns:
        host, port = dns.address.rsplit(":", 1)
        desk.make_diagnose_context = lambda profile: DiagnoseContext(
            profile=profile, nameserver=(host, int(port)), timeout=3
        )
        made = client.post(
            "/cases/new",
            data={
                "complaint": "收不到邮件",
                "domain": "ours.example",
                "action": "start:cannot-receive",
            },
        )
        case_id = made.headers["location"].rsplit("/", 1)[1]
        walked = client.post(
            f"/cases/{case_id}/walk",
            data={"field:email": "li@ours.example", "field:domain": "ours.example"},
        )
        assert walked.status_code == 303
        page = client.get(f"/cases/{case_id}")
        assert 'name="target" value="ours.example"' in page.text  # the step's target field
        ours = client.post(
            f"/cases/{case_id}/check", data={"target": "ours.example"}, headers={"X-Fragment": "1"}
        )
        assert 'data-suggest="points-to-us"' in ours.text
        theirs = client.post(f"/cases/{case_id}/check", data={"target": "theirs.example"})
        assert 'data-suggest="elsewhere"' in theirs.text and 'data-testid="walk"' in theirs.text
        bad = client.post(
            f"/cases/{case_id}/check", data={"target": ""}, headers={"X-Fragment": "1"}
        )
        assert "请先填写检查对象" in bad.text


def test_pages_load_no_asset_from_another_host(desk: Desk) -> None:
    client = _client(desk)
    _new_case(client)
    external = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//""")
    for path in ("/login", "/cases/new", "/cases", "/cases/1", "/inspect", "/incidents"):
        assert not external.search(client.get(path).text), path
    for asset in ("/static/desk.css", "/static/desk.js"):
        assert client.get(asset).status_code == 200


def test_language_switch_after_a_post_goes_back_to_the_form_page(desk: Desk) -> None:
    client = _client(desk)
    answer = client.post(
        "/cases/new",
        data={"complaint": COMPLAINT, "action": "triage"},
        headers={"Referer": "http://testserver/cases/new"},
    )
    assert 'name="back" value="/cases/new"' in answer.text
    switched = client.post("/lang", data={"lang": "en", "back": "/cases/new"})
    assert switched.headers["location"] == "/cases/new"
    assert switched.cookies.get("postdesk_lang") == "en"


def test_the_login_check_of_a_page_does_not_wait_for_a_writer(desk: Desk) -> None:
    """Page logins are checked through Desk.reader(): SQLite's single writer does not block them."""
    client = _client(desk)
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with desk.sessions() as db_session:
            db_session.execute(text("UPDATE users SET display_name = display_name"))
            holding.set()
            release.wait(10)
            db_session.rollback()

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(5)
    started = time.monotonic()
    try:
        answer = client.get("/cases/new")
    finally:
        release.set()
        thread.join()
    assert answer.status_code == 200
    assert time.monotonic() - started < 3, "the page waited for the writer"


def test_old_bounce_address_redirects_to_the_message_reader(desk: Desk) -> None:
    client = _client(desk)
    shown = client.get("/bounce", follow_redirects=False)
    assert shown.status_code == 308 and shown.headers["location"] == "/inspect"
    posted = client.post("/bounce", data={"text": "552 5.2.2 Mailbox full"}, follow_redirects=True)
    assert posted.status_code == 200 and "对方邮箱已满" in posted.text
