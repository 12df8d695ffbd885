"""Every template rendered in zh, and no English sentence in any of them (issue 13.6).

The pages are opened in-process in Chinese (the default) in the states that
show the most: a walk at each kind of step, a refused form, check results,
fax and mail escalations (one held for want of an address), an incident, the
bounce reader's table, the settings, the one-time password page, an expired
form, a refused upload, a missing page. Each template the environment loads
is recorded; the test fails if one was never rendered, and for each page if
the visible text outside data (tests/web/zh_only.py) holds an English sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.desk.context import Desk
from postdesk.desk.users import service as users
from postdesk.desk.users.schemas import UserCreate
from postdesk.web.render import environment
from tests.web.support import PASSWORD, logged_in, login_as, open_page_desk, page_token
from tests.web.zh_only import english_sentences

TYPED = (
    "网页登录邮箱一直提示系统忙，账号 li@zh-only.cn",
    "要删除我们公司的企业邮局域名 zh-only.cn",
    "给同事发邮件被退信 554 Sender address rejected: Access denied",
    "zh-only.cn",
    "li@zh-only.cn",
    "xiaowang",
    "admin",
    "agent",
    "new.user",
    "Undelivered Mail Returned to Sender",  # the subject of the uploaded original
)
BOUNCE = (
    "From: MAILER-DAEMON@mx.example.net\nTo: li@zh-only.cn\n"
    "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
    "Content-Type: text/plain\n\n<wang@partner.example.org>: host mx.partner.example.org said:\n"
    "    550 5.1.1 <wang@partner.example.org>: Recipient address rejected: User unknown\n"
)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    opened = open_page_desk(tmp_path)
    # The default profile's agent-interface mailbox has no address: notices are held.
    library = opened.library
    channel = library.profile.channels["agent-interface"].model_copy(update={"address": None})
    profile = library.profile.model_copy(
        update={"channels": {**library.profile.channels, "agent-interface": channel}}
    )
    import dataclasses

    opened.library = dataclasses.replace(library, profile=profile)
    yield opened
    opened.close()


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    names: set[str] = set()
    env = environment()
    original = env.get_template

    def recording(name: Any, *args: Any, **kwargs: Any) -> Any:
        names.add(str(name))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(env, "get_template", recording)
    return names


def _pages(desk: Desk) -> Iterator[tuple[str, str]]:
    """(what, html) of every page state this test shows."""
    anonymous = TestClient(create_app(desk), follow_redirects=False)
    yield "login", anonymous.get("/login").text
    agent = logged_in(desk, "agent")
    yield "new case", agent.get("/cases/new").text
    yield "triage", agent.post("/cases/new", data={"complaint": TYPED[0], "action": "triage"}).text
    yield (
        "says nothing",
        agent.post(
            "/cases/new", data={"complaint": "喂，你好，我想问一下", "action": "triage"}
        ).text,
    )
    yield "customer card", agent.get("/customers/lookup", params={"domain": "zh-only.cn"}).text
    made = agent.post(
        "/cases/new",
        data={"complaint": TYPED[0], "domain": "zh-only.cn", "action": "start:webmail-system-busy"},
    )
    case = made.headers["location"]
    yield "ask", agent.get(case).text
    agent.post(f"{case}/walk", data={"step": "ask-outage", "choice": "single"})
    yield "collect", agent.get(case).text
    yield (
        "refused",
        agent.post(
            f"{case}/walk",
            data={"step": "collect-credentials", "field:email": "xiaowang", "secret:password": "p"},
        ).text,
    )
    agent.post(
        f"{case}/walk",
        data={
            "step": "collect-credentials",
            "field:email": "li@zh-only.cn",
            "secret:password": "p",
        },
    )
    yield "check", agent.get(case).text
    agent.post(f"{case}/walk", data={"step": "test-login", "choice": "reproduced"})
    agent.post(f"{case}/walk", data={"step": "collect-reproduced", "field:description": "重现"})
    yield "escalate (mail)", agent.get(case).text
    agent.post(f"{case}/walk", data={"step": "escalate-reproduced", "proceed": "1"})
    yield "escalated, held", agent.get(case).text
    yield "revealed", agent.post(f"{case}/secrets/password/reveal").text
    fax = agent.post(
        "/cases/new",
        data={"complaint": TYPED[1], "domain": "zh-only.cn", "action": "start:delete-domain"},
    ).headers["location"]
    agent.post(f"{fax}/walk", data={"step": "ask-relation", "choice": "own-company"})
    yield "instruct", agent.get(fax).text
    agent.post(f"{fax}/walk", data={"step": "instruct-fax-company", "proceed": "1"})
    fields = {
        "field:company_name": "测试公司",
        "field:domain": "zh-only.cn",
        "field:matter": "删除",
        "field:contact_name": "王",
        "field:contact_phone": "010-12345678",
    }
    agent.post(f"{fax}/walk", data={"step": "collect-fax-company", **fields})
    yield "escalate (fax)", agent.get(fax).text
    agent.post(f"{fax}/walk", data={"step": "escalate-fax-company", "proceed": "1"})
    yield "fax escalated", agent.get(fax).text
    same = agent.post(
        "/cases/new",
        data={"complaint": TYPED[2], "domain": "zh-only.cn", "action": "start:same-domain-auth"},
    ).headers["location"]
    agent.post(f"{same}/walk", data={"step": "collect-domain", "field:domain": "zh-only.cn"})
    yield "check results", agent.post(f"{same}/check", data={"target": "zh-only.cn"}).text
    yield (
        "check fragment",
        agent.post(f"{same}/check", data={"target": ""}, headers={"X-Fragment": "1"}).text,
    )
    expiry = agent.post(
        "/cases/new",
        data={"complaint": "什么时候到期", "domain": "zh-only.cn", "action": "start:expiry-query"},
    ).headers["location"]
    agent.post(f"{expiry}/walk", data={"step": "collect-domain", "field:domain": "zh-only.cn"})
    yield "next step with a slot", agent.get(expiry).text
    yield "closed", _close(agent, expiry)
    yield "cases", agent.get("/cases").text
    for domain in ("i1.zh-only.cn", "i2.zh-only.cn", "i3.zh-only.cn"):
        agent.post(
            "/cases/new",
            data={
                "complaint": "网页登录提示系统忙",
                "domain": domain,
                "action": "start:webmail-system-busy",
            },
        )
    yield "incidents", agent.get("/incidents").text
    yield (
        "known fault",
        agent.post("/cases/new/known-fault", data={"complaint": "网页登录提示系统忙"}).text,
    )
    yield "customers", agent.get("/customers").text
    yield "customer", agent.get("/customers/1").text
    yield "customer refused", agent.post("/customers/1/cases", data={"case_id": "x"}).text
    yield "message reader", agent.get("/inspect").text
    yield "one line read", agent.post("/inspect", data={"text": "550 5.1.1 User unknown"}).text
    yield (
        "original read",
        agent.post(
            "/inspect", files={"file": ("bounce.eml", BOUNCE.encode(), "message/rfc822")}
        ).text,
    )
    agent.post(
        f"{case}/attachments",
        files={"file": ("bounce.eml", BOUNCE.encode(), "message/rfc822")},
        data={"kind": "original"},
    )
    with_original = agent.get(case).text
    yield "case with an original", with_original
    preview = re.search(r'href="(/cases/\d+/attachments/\d+/preview)"', with_original)
    assert preview is not None
    yield "attachment preview", agent.get(preview.group(1)).text
    agent.post(f"{case}/notes", data={"body": "客户下午三点后方便"})
    agent.post(f"{case}/reminders", data={"due_at": "2026-01-05T15:00", "text": "回电客户"})
    yield "case with a note and a reminder", agent.get(case).text
    yield "reminders", agent.get("/reminders").text
    yield "my cases", agent.get("/cases?agent=me").text
    yield "playbooks", agent.get("/playbooks").text
    yield "playbook", agent.get("/playbooks/client-send-receive").text
    yield "not found", agent.get("/cases/99999").text
    yield "forbidden", agent.get("/settings").text
    yield "form expired", _expired(desk)
    yield "form expired (fragment)", _expired(desk, fragment=True)
    yield (
        "too large",
        agent.post(
            f"{case}/attachments",
            content=b"x" * 10,
            headers={
                "Content-Length": str(100 * 1024 * 1024),
                "Content-Type": "multipart/form-data",
            },
        ).text,
    )
    admin = logged_in(desk, "admin")
    yield "settings", admin.get("/settings").text
    yield "reports", admin.get("/reports").text
    yield "report refused", admin.get("/reports", params={"since": "x"}).text
    incident = admin.get("/incidents").text.split('id="incident-', 1)[1].split('"', 1)[0]
    admin.post(f"/incidents/{incident}/resolve", data={"cause": "前端宕机，已切换"})
    yield "incident resolved", admin.get("/incidents").text
    yield "customer with an incident", admin.get("/customers/2").text
    yield "user added", admin.post("/settings/users", data={"username": "new.user"}).text
    new_user = admin.get("/settings").text.split('data-testid="user-new.user"', 1)[1]
    new_user_id = new_user.split('action="/settings/users/', 1)[1].split('"', 1)[0]
    changed = admin.post(f"/settings/users/{new_user_id}", data={"action": "disable"})
    yield "user disabled", changed.text
    yield "user reset", admin.post(f"/settings/users/{new_user_id}", data={"action": "reset"}).text
    yield "user refused", admin.post("/settings/users", data={"username": "bad name!"}).text
    yield from _password_and_resume(desk)


def _close(agent: TestClient, case: str) -> str:
    agent.post(f"{case}/close", data={"resolution": "已答复"})
    return agent.get(case).text


def _expired(desk: Desk, fragment: bool = False) -> str:
    client = logged_in(desk, "agent")
    headers = {"X-Fragment": "1"} if fragment else {}
    client.headers.pop("X-CSRF-Token", None)
    return client.post("/cases/new", data={"complaint": "x"}, headers=headers).text


def _password_and_resume(desk: Desk) -> Iterator[tuple[str, str]]:
    with desk.sessions() as db_session:
        users.create(
            db_session=db_session,
            user_in=UserCreate(username="fresh", role="agent", password=PASSWORD),  # type: ignore[arg-type]
            must_change_password=True,
        )
        db_session.commit()
    fresh = TestClient(create_app(desk), follow_redirects=False)
    login_as(fresh, "fresh")
    yield "password", fresh.get("/password").text
    later = TestClient(create_app(desk), follow_redirects=False)
    token = page_token(later.get("/login").text)
    yield (
        "resume",
        later.post(
            "/login",
            data={
                "username": "agent",
                "password": PASSWORD,
                "_csrf": token,
                "next": "/cases/new",
                "pending:complaint": "收不到信",
            },
        ).text,
    )


def _document_words(desk: Desk) -> list[str]:
    """The Chinese content of the playbooks: the document's words, which quote servers in
    English ("服务器应答：220 Welcome to TAP gateway for 263") and name products."""
    words: list[str] = []

    def gather(value: Any) -> None:
        if isinstance(value, dict):
            if "zh" in value and isinstance(value["zh"], str):
                words.append(value["zh"])
            for item in value.values():
                gather(item)
        elif isinstance(value, list):
            for item in value:
                gather(item)

    for playbook in desk.library:
        dumped = playbook.model_dump(mode="json")
        gather(dumped)
        words.extend(pattern for signal in playbook.signals for pattern in signal.patterns)
    return words


def test_every_template_in_zh_has_no_english_sentence(desk: Desk, rendered: set[str]) -> None:
    document = _document_words(desk)
    found: dict[str, list[str]] = {}
    for what, page in _pages(desk):
        sentences = [
            sentence
            for sentence in english_sentences(page, allowed=TYPED)
            if not any(sentence in text for text in document)
        ]
        if sentences:
            found[what] = sentences
    assert found == {}, found
    templates = {
        entry.name
        for entry in resources.files("postdesk.web").joinpath("templates").iterdir()
        if entry.name.endswith(".html")
    }
    assert templates - rendered == set(), "templates never rendered in this test"


def test_the_detector_finds_what_the_finding_saw() -> None:
    """The sentences of issue 13.6 are found; data and quoted server text are not."""
    seen = (
        "<p>'xiaowang' is not an email address: An email address must have an @-sign.</p>"
        "<div>held: the profile gives this mail channel no address</div>"
        "<span>String should match pattern</span>"
    )
    assert len(english_sentences(seen)) == 3
    data = (
        "<code>550 5.1.1 User unknown in virtual mailbox table</code>"
        "<p class='complaint'>We can not send any mail at all</p>"
        "<p>服务器应答：“554 Sender address rejected: Access denied”</p>"
        "<p>用 Outlook Express 发信</p>"
    )
    assert english_sentences(data) == []
