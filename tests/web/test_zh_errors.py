"""Refusals a Chinese agent meets come out in Chinese (issue 13: Chinese first).

Through the API with ``Accept-Language: zh-CN`` (and in English without it), on
a page (the pages' language is the agent's), and from the CLI (``--lang``,
``POSTDESK_LANG``, the locale). Each through the real app on a real SQLite desk,
or the real ``postdesk`` command in a subprocess.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from postdesk.api import create_app
from postdesk.cli.main import error_lang
from postdesk.desk.context import Desk
from postdesk.diagnose.result import InvalidTargetError
from postdesk.diagnose.targets import parse_nameserver
from tests.cli.run_cli import postdesk
from tests.web.support import PASSWORD, logged_in

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


def api_client(desk: Desk, username: str) -> TestClient:
    """An API client with a bearer token and no cookies (so Accept-Language decides)."""
    client = TestClient(create_app(desk), raise_server_exceptions=False)
    token = client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def both(client: TestClient, method: str, url: str, **kwargs: object) -> tuple[dict, dict]:
    """The same request answered in Chinese and in English: (zh body, en body)."""
    zh = client.request(method, url, headers=ZH, **kwargs)  # type: ignore[arg-type]
    en = client.request(method, url, headers={"Accept-Language": "en"}, **kwargs)  # type: ignore[arg-type]
    assert zh.status_code == en.status_code
    return zh.json(), en.json()


def test_user_management_refusals_are_in_chinese(desk: Desk) -> None:
    admin = api_client(desk, "admin")
    agent = api_client(desk, "agent")
    taken = {"username": "agent", "role": "agent", "password": "another-long-password"}
    zh, en = both(admin, "POST", "/api/users", json=taken)
    assert zh["error"] == en["error"] == "conflict"
    assert zh["message"] == "用户名“agent”已被占用，请换一个"
    assert en["message"] == "user name 'agent' is taken; choose another"
    zh, en = both(agent, "POST", "/api/users", json=taken)
    assert zh["error"] == "forbidden"
    assert zh["message"] == "您的角色（agent）无权执行此操作（users:write）；请联系主管或管理员"
    assert en["message"].startswith("your role (agent) may not do this (users:write)")
    zh, en = both(admin, "GET", "/api/users/9999")
    assert (zh["message"], en["message"]) == ("没有编号为 9999 的用户", "no user with id 9999")
    anonymous = TestClient(create_app(desk))
    refused = anonymous.post(
        "/api/auth/token", json={"username": "agent", "password": "nope"}, headers=ZH
    )
    assert (
        refused.status_code == 401 and refused.json()["message"] == "用户名或密码不正确，请重新输入"
    )


def test_a_diagnose_target_refusal_is_in_chinese(desk: Desk) -> None:
    agent = api_client(desk, "agent")
    zh, en = both(agent, "POST", "/api/diagnose", json={"check": "mx", "target": "exa..mple.com"})
    assert zh["error"] == "invalid_input"
    assert zh["message"] == "“exa..mple.com”中有空段（两个点连在一起），请删掉多余的点"
    assert en["message"] == "'exa..mple.com' has an empty label (two dots in a row)"
    zh, _ = both(agent, "POST", "/api/diagnose", json={"check": "nosuch", "target": "example.com"})
    assert zh["message"].startswith("没有“nosuch”这项检查；可选：")


def test_walk_errors_are_in_chinese(desk: Desk) -> None:
    agent = api_client(desk, "agent")
    created = agent.post(
        "/api/cases",
        json={"complaint": "网页登录提示系统忙", "playbook_id": "webmail-system-busy"},
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    # Two answers at once: a validation problem of the body, from the catalogue.
    zh, en = both(agent, "POST", f"/api/cases/{case_id}/walk", json={"choice": 1, "proceed": True})
    assert "请只给出以下一项" in zh["message"]
    assert "give exactly one of: choice, fields, proceed=true" in en["message"]
    zh, en = both(
        agent, "POST", "/api/cases", json={"complaint": "x", "playbook_id": "webmail-sytem-busy"}
    )
    assert zh["message"].startswith(
        "playbook_id：没有处理流程“webmail-sytem-busy”；您是不是要找：webmail-system-busy"
    )
    assert en["message"].startswith(
        "playbook_id: unknown playbook 'webmail-sytem-busy'; did you mean"
    )
    assert agent.post(f"/api/cases/{case_id}/close", json={}).status_code == 200
    zh, en = both(agent, "POST", f"/api/cases/{case_id}/walk", json={"choice": 1})
    assert zh["error"] == "conflict"
    assert zh["message"] == f"工单 {case_id} 已关闭；如是新问题，请新建工单"
    assert en["message"] == f"case {case_id} is closed; open a new case for a new problem"
    zh, en = both(agent, "POST", f"/api/cases/{case_id}/walk/undo")
    assert zh["message"] == f"工单 {case_id} 已关闭，其流程不能再修改"
    assert en["message"] == f"case {case_id} is closed; its walk can no longer change"


def test_a_refusal_on_a_page_is_in_the_agents_language(desk: Desk) -> None:
    page = logged_in(desk, "agent")
    created = page.post(
        "/cases/new",
        data={"complaint": "网页登录提示系统忙", "action": "start:webmail-system-busy"},
    )
    case_id = int(created.headers["location"].rsplit("/", 1)[1])
    assert page.post(f"/cases/{case_id}/close", data={}).status_code == 303
    again = page.post(f"/cases/{case_id}/close", data={})
    assert again.status_code == 409
    assert f"工单 {case_id} 已经关闭了" in html.unescape(again.text)
    page.cookies.set("postdesk_lang", "en")
    english = page.post(f"/cases/{case_id}/close", data={})
    assert f"case {case_id} is already closed" in html.unescape(english.text)


def test_a_wrapped_error_is_read_in_the_same_language() -> None:
    with pytest.raises(InvalidTargetError) as caught:
        parse_nameserver("127.0.0.1:99999")
    assert (
        caught.value.localised("zh")
        == "--nameserver“127.0.0.1:99999”：端口 99999 超出范围：请填写 1-65535"
    )
    assert (
        str(caught.value)
        == "--nameserver '127.0.0.1:99999': port 99999 is out of range: give 1-65535"
    )


@pytest.mark.parametrize(
    ("argv", "environ", "lang"),
    [
        (["diagnose", "mx", "x", "--lang", "zh"], {"POSTDESK_LANG": "en"}, "zh"),
        (["playbooks", "--lang=en"], {"LANG": "zh_CN.UTF-8"}, "en"),
        (["diagnose", "mx", "x"], {"POSTDESK_LANG": "zh", "LANG": "C.UTF-8"}, "zh"),
        (["diagnose", "mx", "x"], {"POSTDESK_LANG": "", "LANG": "zh_CN.UTF-8"}, "zh"),
        (["diagnose", "mx", "x"], {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (["diagnose", "mx", "x"], {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "C"}, "zh"),
        (["triage", "--", "--lang", "zh"], {}, "en"),  # text after -- is not an option
        (["diagnose", "mx", "x", "--lang", "fr"], {}, "en"),
        ([], {}, "en"),
    ],
)
def test_the_cli_chooses_its_error_language_once(
    argv: list[str], environ: dict[str, str], lang: str
) -> None:
    assert error_lang(argv, environ) == lang


def test_the_cli_prints_the_same_error_in_chinese_and_english() -> None:
    zh = postdesk("diagnose", "mx", "exa..mple.com", env={"POSTDESK_LANG": "zh"})
    en = postdesk("diagnose", "mx", "exa..mple.com", env={"POSTDESK_LANG": "en"})
    assert zh.code == en.code == 2
    assert zh.err == "postdesk: 错误：“exa..mple.com”中有空段（两个点连在一起），请删掉多余的点\n"
    assert en.err == "postdesk: error: 'exa..mple.com' has an empty label (two dots in a row)\n"
    by_option = postdesk(
        "diagnose", "mx", "exa..mple.com", "--lang", "zh", env={"POSTDESK_LANG": "en"}
    )
    assert by_option.err == zh.err
    by_locale = postdesk(
        "diagnose", "mx", "exa..mple.com", env={"POSTDESK_LANG": "", "LC_ALL": "zh_CN.UTF-8"}
    )
    assert by_locale.err == zh.err


def test_a_cli_form_refusal_is_worded_in_the_chosen_language(tmp_path: Path) -> None:
    """A hostile user name (5,000 characters) to `users add`: the form's problem comes
    from the catalogue, not pydantic's English."""
    env = {"POSTDESK_DATA_DIR": str(tmp_path / "data")}
    name = "x" * 5000
    zh = postdesk("users", "add", name, env={**env, "POSTDESK_LANG": "zh"})
    en = postdesk("users", "add", name, env={**env, "POSTDESK_LANG": "en"})
    assert zh.code == en.code == 2
    assert zh.err == "postdesk: 错误：username: 最多 64 个字符\n"
    assert en.err == "postdesk: error: username: should have at most 64 characters\n"


def test_the_apis_own_refusals_are_in_chinese(desk: Desk) -> None:
    """The answers api.py writes itself (body too large, a malformed request) come from
    the catalogue too, in the language the client asks for."""
    from postdesk.api import JSON_BODY_LIMIT

    agent = api_client(desk, "agent")
    oversized = b'{"complaint": "' + b"x" * (JSON_BODY_LIMIT + 10) + b'"}'
    answers = {}
    for lang, accept in (("zh", ZH["Accept-Language"]), ("en", "en")):
        answer = agent.post(
            "/api/cases",
            content=oversized,
            headers={"Accept-Language": accept, "Content-Type": "application/json"},
        )
        assert answer.status_code == 413
        answers[lang] = answer.json()["message"]
    mb = JSON_BODY_LIMIT // (1024 * 1024)
    assert answers["zh"] == f"请求内容超过 {mb} MB；请发送小一些的文件或更少的数据"
    assert (
        answers["en"]
        == f"the request body is larger than {mb} MB; send a smaller file or less data"
    )
